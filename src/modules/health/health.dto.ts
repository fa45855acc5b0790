import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status: 'up' | 'down';
  @ApiPropertyOptional({ example: 'no answer within 1000 ms', description: 'Why a dependency is down.' }) message?: string;
}

const byDependency = (example: Record<string, unknown>, description: string) =>
  ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) }, example, description });

/** What terminus answers when every check passed (a failed one is a 503 problem with the same members). */
export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
  @byDependency({ postgres: { status: 'up' }, redis: { status: 'up' } }, 'The dependencies that are up, by name (readiness: postgres and redis; liveness checks none).')
  info: Record<string, HealthIndicatorDto>;
  @byDependency({}, 'The dependencies that are down (empty when the check passed).')
  error: Record<string, HealthIndicatorDto>;
  @byDependency({ postgres: { status: 'up' }, redis: { status: 'up' } }, 'Every dependency checked.')
  details: Record<string, HealthIndicatorDto>;
}
