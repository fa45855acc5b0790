import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAUSE_AREAS, GIVE_BACK_KINDS, LEGAL_FORMS, ORGANISATION_KINDS, type CauseArea, type GiveBackKind, type LegalForm, type OrganisationKind } from '../../../common/domain/vocabulary';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import type { Completeness } from '../completeness';

export class MissingFieldDto {
  @ApiProperty() field: string;
  @ApiProperty() hint: string;
}

export class CompletenessDto implements Completeness {
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) threshold: number;
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: MissingFieldDto, isArray: true }) missing: MissingFieldDto[];
}

export class EngagementView {
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true }) causeAreas: CauseArea[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true }) yearlyHours: number | null;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LEGAL_FORMS, nullable: true }) legalForm: LegalForm | null;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ type: String, nullable: true }) street: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lon: number | null;
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true }) causeAreas: CauseArea[];
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to signed-in users only.' }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to signed-in users only.' }) contactEmail: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to signed-in users only.' }) contactPhone: string | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true, description: 'Nonprofits: Gegenleistungen.' }) giveBacks: GiveBackKind[];
  @ApiPropertyOptional({ type: EngagementView, nullable: true, description: 'Companies: engagement preferences.' }) engagement: EngagementView | null;
  @ApiProperty({ type: CompletenessDto }) completeness: CompletenessDto;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district (what was checked, when).' }) verification: VerificationBadgeDto;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class OrganisationPageDto {
  @ApiProperty({ type: OrganisationDto, isArray: true }) items: OrganisationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
