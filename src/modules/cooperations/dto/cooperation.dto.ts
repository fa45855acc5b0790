import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { COOPERATION_ACTIONS, COOPERATION_STATUSES, type CooperationAction, type CooperationStatus } from '../cooperation.machine';

export class CooperationPartyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class CooperationListingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The need\'s or offer\'s status now.' }) status: string;
  @ApiProperty() category: string;
}

export class CooperationAgreementSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The latest version (1, 2, ...).' }) version: number;
  @ApiProperty({ description: 'Signed by both parties (then immutable).' }) signed: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) signedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nonprofitSignedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) companySignedAt: Date | null;
}

export class CooperationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: COOPERATION_STATUSES }) status: CooperationStatus;
  @ApiProperty({ format: 'uuid', description: "The need's district, else the nonprofit's." }) districtId: string;
  @ApiProperty({ type: CooperationPartyDto }) nonprofit: CooperationPartyDto;
  @ApiProperty({ type: CooperationPartyDto }) company: CooperationPartyDto;
  @ApiProperty({ format: 'uuid', description: 'The organisation that sent the proposal; the other party received it.' }) proposedByOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) proposedByUserId: string | null;
  @ApiProperty({ type: String, enum: ['sender', 'receiver'], nullable: true, description: "The caller's organisation's role; null for organisers and admins reading along." })
  yourRole: 'sender' | 'receiver' | null;
  @ApiProperty({ type: CooperationListingDto, nullable: true }) need: CooperationListingDto | null;
  @ApiProperty({ type: CooperationListingDto, nullable: true }) offer: CooperationListingDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) matchId: string | null;
  @ApiProperty({ description: 'The proposal\'s message.' }) message: string;
  @ApiProperty({ enum: COOPERATION_ACTIONS, isArray: true, description: 'What the caller may do now (POST /v1/cooperations/{id}/{action}).' })
  allowedActions: CooperationAction[];
  @ApiProperty({ type: CooperationAgreementSummaryDto, nullable: true, description: 'The current Engagement-Vereinbarung, if one was drafted.' })
  agreement: CooperationAgreementSummaryDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'A pending proposal expires then.' }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Accepted, declined or expired then.' }) decidedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) declineReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) agreedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) evaluationDueAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) evaluationClosesAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) evaluatedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) cancelledByOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class CooperationPageDto {
  @ApiProperty({ type: CooperationDto, isArray: true }) items: CooperationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CooperationEventDto {
  @ApiProperty({ description: 'Ascending sequence number.' }) id: string;
  @ApiProperty({ type: String, enum: COOPERATION_STATUSES, nullable: true, description: 'null for the proposal itself.' }) fromStatus: CooperationStatus | null;
  @ApiProperty({ enum: COOPERATION_STATUSES }) toStatus: CooperationStatus;
  @ApiProperty({ description: 'propose, or one of the actions.' }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: the system (a job).' }) actorUserId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorOrganisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the transition happened.' }) createdAt: Date;
}

export class CooperationHistoryDto {
  @ApiProperty({ type: CooperationEventDto, isArray: true, description: 'Oldest first.' }) items: CooperationEventDto[];
}
