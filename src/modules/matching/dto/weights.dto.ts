import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

const weight = () => [ApiProperty({ minimum: 0, maximum: 10 }), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(10)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** The weights of the matching model; all must be given (a new version replaces the old one). */
export class MatchingWeightsDto {
  @apply(weight()) category: number;
  @apply(weight()) tags: number;
  @apply(weight()) text: number;
  @apply(weight()) distance: number;
  @apply(weight()) quantity: number;
  @apply(weight()) timeframe: number;
  @apply(weight()) causes: number;
  @apply(weight()) giveBack: number;

  @ApiProperty({ minimum: 0.1, maximum: 100, description: 'Distance at which the distance component is ½ (km).' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.1) @Max(100)
  distanceHalfLifeKm: number;
}

export class MatchingWeightsVersionDto {
  @ApiProperty({ example: 'stuttgart.v2' }) version: string;
  @ApiProperty({ format: 'uuid', description: 'The city (root district) the weights apply to.' }) cityId: string;
  @ApiProperty({ type: MatchingWeightsDto }) weights: MatchingWeightsDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt: Date | null;
}

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['waiting', 'waiting-children', 'delayed', 'prioritized', 'active', 'completed', 'failed', 'unknown'] }) state: string;
  @ApiProperty({ description: '0-100; for rematch-all the share of district jobs finished.' }) progress: number;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Object, nullable: true, description: 'The job\'s result once completed.' }) result: unknown;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: Object, description: 'What the job works on.' }) data: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

export class JobAcceptedDto {
  @ApiProperty() jobId: string;
  @ApiProperty({ description: 'An equal job was already waiting or running; this is its id.' }) deduplicated: boolean;
}
