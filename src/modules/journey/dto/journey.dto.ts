import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { JOURNEY_STEP_KEYS, type JourneyStepKey, type StepStatus } from '../journey';
import { EX_ID } from '../../../common/examples';

export class TextDto {
  @ApiProperty({ example: 'Kooperationscheck ausfüllen' }) de: string;
  @ApiProperty({ example: 'Take the readiness check' }) en: string;
}

export class NextActionDto {
  @ApiProperty({ type: TextDto }) text: TextDto;
  @ApiProperty({ enum: ['GET', 'POST', 'PATCH', 'PUT'], example: 'POST' }) method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  @ApiProperty({ description: 'The API route to call ({id} stands for the need, offer or cooperation to act on).', example: `/v1/organisations/${EX_ID.nonprofit}/readiness` })
  path: string;
}

export class JourneyStepDto {
  @ApiProperty({ minimum: 1, maximum: 6, example: 6, description: 'The UPJ step number.' }) step: number;
  @ApiProperty({ enum: JOURNEY_STEP_KEYS, example: 'cooperationProject' }) key: JourneyStepKey;
  @ApiProperty({ type: TextDto, example: { de: 'Kooperationsprojekt planen, umsetzen, evaluieren', en: 'Plan, implement, evaluate the cooperation project' } }) title: TextDto;
  @ApiProperty({ enum: ['not_started', 'in_progress', 'done'], example: 'in_progress' }) status: StepStatus;
  @ApiProperty({ type: [TextDto], example: [{ de: 'Eine abgeschlossene Auswertung', en: 'A completed evaluation' }], description: 'What is still missing for the step to be done (empty when done).' }) missing: TextDto[];
  @ApiProperty({ type: NextActionDto, nullable: true, example: { text: { de: 'Erbrachte Leistungen erfassen', en: 'Record what was delivered' }, method: 'POST', path: '/v1/cooperations/{id}/deliveries' }, description: 'The next thing to do (null when done).' }) nextAction: NextActionDto | null;
}

export class JourneyDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ type: [JourneyStepDto], description: 'The six UPJ steps in order, derived from data (never ticked by hand).' }) steps: JourneyStepDto[];
  @ApiProperty({ type: Number, nullable: true, example: 6, description: 'The first step not yet done; null when all six are done.' }) currentStep: number | null;
  @ApiProperty({ minimum: 0, maximum: 6, example: 5 }) stepsDone: number;
}
