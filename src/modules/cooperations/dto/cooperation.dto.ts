import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/domain/vocabulary';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { COOPERATION_ACTIONS, COOPERATION_STATUSES, type CooperationAction, type CooperationStatus } from '../cooperation.machine';
import { EX_COMPANY_BADGE, EX_ID, EX_NAME, EX_TEXT, EX_TIME, exCursor } from '../../../common/examples';

export class CooperationPartyDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class CooperationListingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.need }) id: string;
  @ApiProperty({ example: EX_NAME.needTitle }) title: string;
  @ApiProperty({ example: 'matched', description: 'The need\'s or offer\'s status now.' }) status: string;
  @ApiProperty({ example: 'time' }) category: string;
}

export class CooperationAgreementSummaryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.agreement }) id: string;
  @ApiProperty({ example: 1, description: 'The latest version (1, 2, ...).' }) version: number;
  @ApiProperty({ example: true, description: 'Signed by both parties (then immutable).' }) signed: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedCompany }) signedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedNonprofit }) nonprofitSignedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedCompany }) companySignedAt: Date | null;
}

export class CooperationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.cooperation }) id: string;
  @ApiProperty({ enum: COOPERATION_STATUSES, example: 'active' }) status: CooperationStatus;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter, description: "The need's district, else the nonprofit's." }) districtId: string;
  @ApiProperty({ type: CooperationPartyDto }) nonprofit: CooperationPartyDto;
  @ApiProperty({ type: CooperationPartyDto, example: { id: EX_ID.company, name: EX_NAME.company, kind: 'company', verification: EX_COMPANY_BADGE } }) company: CooperationPartyDto;
  @ApiProperty({ format: 'uuid', example: EX_ID.company, description: 'The organisation that sent the proposal; the other party received it.' }) proposedByOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.companyUser }) proposedByUserId: string | null;
  @ApiProperty({ type: String, enum: ['sender', 'receiver'], nullable: true, example: 'receiver', description: "The caller's organisation's role; null for organisers and admins reading along." })
  yourRole: 'sender' | 'receiver' | null;
  @ApiProperty({ type: CooperationListingDto, nullable: true }) need: CooperationListingDto | null;
  @ApiProperty({ type: CooperationListingDto, nullable: true, example: { id: EX_ID.offer, title: EX_NAME.offerTitle, status: 'published', category: 'time' } }) offer: CooperationListingDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.match }) matchId: string | null;
  @ApiProperty({ example: EX_TEXT.proposal, description: 'The proposal\'s message.' }) message: string;
  @ApiProperty({ enum: COOPERATION_ACTIONS, isArray: true, example: ['complete', 'cancel'], description: 'What the caller may do now (POST /v1/cooperations/{id}/{action}).' })
  allowedActions: CooperationAction[];
  @ApiProperty({ type: CooperationAgreementSummaryDto, nullable: true, description: 'The current Engagement-Vereinbarung, if one was drafted.' })
  agreement: CooperationAgreementSummaryDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.proposalExpires, description: 'A pending proposal expires then.' }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.accepted, description: 'Accepted, declined or expired then.' }) decidedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: null }) declineReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedCompany }) agreedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.started }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) completedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.evaluationDue }) evaluationDueAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.evaluationCloses }) evaluationClosesAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) evaluatedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) cancelledAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) cancelledByOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) cancelReason: string | null;
  @ApiProperty({ example: 5 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.proposed }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.started }) updatedAt: Date;
}

export class CooperationPageDto {
  @ApiProperty({ type: CooperationDto, isArray: true }) items: CooperationDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', EX_TIME.proposed, EX_ID.cooperation) }) nextCursor: string | null;
}

export class CooperationEventDto {
  @ApiProperty({ example: '4', description: 'Ascending sequence number.' }) id: string;
  @ApiProperty({ type: String, enum: COOPERATION_STATUSES, nullable: true, example: 'agreed', description: 'null for the proposal itself.' }) fromStatus: CooperationStatus | null;
  @ApiProperty({ enum: COOPERATION_STATUSES, example: 'active' }) toStatus: CooperationStatus;
  @ApiProperty({ example: 'start', description: 'propose, or one of the actions.' }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.companyUser, description: 'null: the system (a job).' }) actorUserId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.company }) actorOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: EX_NAME.company }) actorOrganisationName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Erster Umzugstag am Samstag, 6. März, ab 9 Uhr.' }) note: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.started, description: 'When the transition happened.' }) createdAt: Date;
}

export class CooperationHistoryDto {
  @ApiProperty({ type: CooperationEventDto, isArray: true, description: 'Oldest first.' }) items: CooperationEventDto[];
}
