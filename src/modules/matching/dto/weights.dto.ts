import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import { EX_ID } from '../../../common/examples';

const weight = (example: number) => [ApiProperty({ minimum: 0, maximum: 10, example }), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(10)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** The weights of the matching model; all must be given (a new version replaces the old one). */
export class MatchingWeightsDto {
  // examples: the default weights (DEFAULT_WEIGHTS, version default.v1)
  @apply(weight(2)) category: number;
  @apply(weight(3)) tags: number;
  @apply(weight(2)) text: number;
  @apply(weight(2)) distance: number;
  @apply(weight(1)) quantity: number;
  @apply(weight(1)) timeframe: number;
  @apply(weight(1)) causes: number;
  @apply(weight(1)) giveBack: number;

  @ApiProperty({ minimum: 0.1, maximum: 100, example: 3, description: 'Distance at which the distance component is ½ (km).' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.1) @Max(100)
  distanceHalfLifeKm: number;
}

export class MatchingWeightsVersionDto {
  @ApiProperty({ example: 'default.v1', description: 'default.v1 until an organiser of the city saves its own (<city slug>.v1, .v2, ...).' }) version: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.city, description: 'The city (root district) the weights apply to.' }) cityId: string;
  @ApiProperty({ type: MatchingWeightsDto }) weights: MatchingWeightsDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'null for the default weights.' }) createdAt: Date | null;
}

export class JobDto {
  @ApiProperty({ example: `rematch-district.${EX_ID.quarter}.${EX_ID.runId}` }) id: string;
  @ApiProperty({ example: 'rematch-district' }) name: string;
  @ApiProperty({ enum: ['waiting', 'waiting-children', 'delayed', 'prioritized', 'active', 'completed', 'failed', 'unknown'], example: 'completed' }) state: string;
  @ApiProperty({ example: 100, description: '0-100; for rematch-all the share of district jobs finished.' }) progress: number;
  @ApiProperty({ example: 1 }) attemptsMade: number;
  @ApiProperty({ example: 5 }) attempts: number;
  @ApiProperty({ type: Object, nullable: true, example: { scope: `district ${EX_ID.quarter}`, needs: 12, offers: 30, evaluated: 360, scored: 214, kept: 96, written: 14, removed: 2, weightsVersion: 'default.v1', ms: 184, kind: 'rematch-district', worker: 'marktplatz-worker-1:42' }, description: 'The job\'s result once completed.' }) result: unknown;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ type: Object, example: { districtId: EX_ID.quarter, runId: EX_ID.runId, requestedBy: EX_ID.organiser }, description: 'What the job works on.' }) data: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-11T11:00:00.000Z' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-01-11T11:00:01.000Z' }) finishedAt: Date | null;
}

export class JobAcceptedDto {
  @ApiProperty({ example: `rematch-district.${EX_ID.quarter}.${EX_ID.runId}` }) jobId: string;
  @ApiProperty({ example: false, description: 'An equal job was already waiting or running; this is its id.' }) deduplicated: boolean;
}
