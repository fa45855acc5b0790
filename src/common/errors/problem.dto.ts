import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
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
  @ApiProperty({ enum: ERROR_CODES, description: 'Stable error code: switch on this, not on the message.' }) code: ErrorCode;
  @ApiProperty() detail: string;
  @ApiProperty({ example: '/v1/needs' }) instance: string;
  @ApiProperty({ description: 'The request id (also in the X-Request-Id response header and the logs).' }) requestId: string;
  @ApiPropertyOptional({ type: FieldErrorDto, isArray: true }) errors?: FieldErrorDto[];
}

/** Documents the error responses of an endpoint, grouped by status. */
export function ApiProblems(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) =>
        ApiResponse({
          status,
          description: list.join(', '),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
        }),
      ),
  );
}
