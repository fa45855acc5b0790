import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, type ResponseObject } from '@nestjs/swagger';
import { EX_ID } from '../examples';
import { ERROR_CODES, ERROR_STATUS, ErrorCode } from './error-codes';

export class FieldErrorDto {
  @ApiProperty({ example: 'organisation.districtId', description: 'Path of the offending field in the request.' }) field: string;
  @ApiProperty({ example: 'isUuid', description: 'Machine-readable reason (the failed rule).' }) reason: string;
  @ApiProperty({ example: 'districtId must be a UUID' }) message: string;
}

/** RFC 9457 problem details, as every error is written. */
export class ProblemDto {
  @ApiProperty({ example: 'https://marktplatz.example/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ enum: ERROR_CODES, example: 'VALIDATION_FAILED', description: 'Stable error code: switch on this, not on the message.' }) code: ErrorCode;
  @ApiProperty({ example: '1 field(s) failed validation: organisation.districtId' }) detail: string;
  @ApiProperty({ example: '/v1/auth/signup' }) instance: string;
  @ApiProperty({ example: EX_ID.request, description: 'The request id (also in the X-Request-Id response header and the logs).' }) requestId: string;
  @ApiPropertyOptional({ type: FieldErrorDto, isArray: true }) errors?: FieldErrorDto[];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const problemContent = () => ({ [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } });

/**
 * Documents the error responses of an endpoint, grouped by status. The description lists the
 * codes; the OpenAPI builder adds one example per code (src/common/openapi-examples.ts).
 */
export function ApiProblems(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => ApiResponse({ status, description: list.join(', '), content: problemContent() })),
  );
}

/** Adds codes to an operation's problem response of that status (created when missing), in the description's format. */
export function addProblemCodes(responses: Record<string, ResponseObject>, status: string, codes: string[]): ResponseObject {
  const existing = responses[status];
  if (!existing) return (responses[status] = { description: codes.join(', '), content: problemContent() });
  const listed = existing.description ? existing.description.split(', ').filter(Boolean) : [];
  existing.description = [...listed, ...codes.filter((c) => !listed.includes(c))].join(', ');
  return existing;
}
