import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { JOURNEY_STEP_KEYS, type JourneyStepKey, type StepStatus } from '../journey';

export class TextDto {
  @ApiProperty({ example: 'Kooperationscheck ausfüllen' }) de: string;
  @ApiProperty({ example: 'Take the readiness check' }) en: string;
}

export class NextActionDto {
  @ApiProperty({ type: TextDto }) text: TextDto;
  @ApiProperty({ enum: ['GET', 'POST', 'PATCH', 'PUT'] }) method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  @ApiProperty({ description: 'The API route to call ({id} stands for the need, offer or cooperation to act on).', example: '/v1/organisations/7f0c…/readiness' })
  path: string;
}

export class JourneyStepDto {
  @ApiProperty({ minimum: 1, maximum: 6, description: 'The UPJ step number.' }) step: number;
  @ApiProperty({ enum: JOURNEY_STEP_KEYS }) key: JourneyStepKey;
  @ApiProperty({ type: TextDto }) title: TextDto;
  @ApiProperty({ enum: ['not_started', 'in_progress', 'done'] }) status: StepStatus;
  @ApiProperty({ type: [TextDto], description: 'What is still missing for the step to be done (empty when done).' }) missing: TextDto[];
  @ApiProperty({ type: NextActionDto, nullable: true, description: 'The next thing to do (null when done).' }) nextAction: NextActionDto | null;
}

export class JourneyDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: [JourneyStepDto], description: 'The six UPJ steps in order, derived from data (never ticked by hand).' }) steps: JourneyStepDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The first step not yet done; null when all six are done.' }) currentStep: number | null;
  @ApiProperty({ minimum: 0, maximum: 6 }) stepsDone: number;
}
