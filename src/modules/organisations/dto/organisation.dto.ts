import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAUSE_AREAS, GIVE_BACK_KINDS, LEGAL_FORMS, ORGANISATION_KINDS, type CauseArea, type GiveBackKind, type LegalForm, type OrganisationKind } from '../../../common/domain/vocabulary';
import { exCursor, EX_EMAIL, EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import type { Completeness } from '../completeness';

export class MissingFieldDto {
  @ApiProperty({ example: 'website' }) field: string;
  @ApiProperty({ example: 'Add your website.' }) hint: string;
}

export class CompletenessDto implements Completeness {
  @ApiProperty({ minimum: 0, maximum: 1, example: 1 }) score: number;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.8 }) threshold: number;
  @ApiProperty({ example: true }) complete: boolean;
  @ApiProperty({ type: MissingFieldDto, isArray: true, example: [], description: 'The checks not passed, in order (here: none).' }) missing: MissingFieldDto[];
}

/** A company's engagement preferences (the Autohaus Remsblick's). */
export class EngagementView {
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true, example: ['quality-education', 'good-health'] }) causeAreas: CauseArea[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [EX_ID.borough] }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true, example: 180 }) yearlyHours: number | null;
}

/** An organisation profile; the example is the nonprofit of the story, the Jugendhaus am Hallschlag. */
export class OrganisationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: LEGAL_FORMS, nullable: true, example: 'ggmbh' }) legalForm: LegalForm | null;
  @ApiProperty({ example: EX_TEXT.nonprofitDescription }) description: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Am Römerkastell 12' }) street: string | null;
  @ApiProperty({ type: String, nullable: true, example: '70376' }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Stuttgart' }) city: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 48.81531 }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 9.20719 }) lon: number | null;
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true, example: ['quality-education', 'reduced-inequalities'] }) causeAreas: CauseArea[];
  @ApiProperty({ type: String, nullable: true, example: 'https://jugendhaus-hallschlag.example' }) website: string | null;
  @ApiProperty({ type: String, nullable: true, example: EX_NAME.nonprofitUser, description: 'Shown to signed-in users only.' }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, example: EX_EMAIL.nonprofitUser, description: 'Shown to signed-in users only.' }) contactEmail: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+49 711 5503120', description: 'Shown to signed-in users only.' }) contactPhone: string | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true, example: ['visibility', 'team_event', 'thank_you_event'], description: 'Nonprofits: Gegenleistungen.' }) giveBacks: GiveBackKind[];
  @ApiPropertyOptional({ type: EngagementView, nullable: true, example: null, description: 'Companies: engagement preferences (null for nonprofits).' }) engagement: EngagementView | null;
  @ApiProperty({ type: CompletenessDto }) completeness: CompletenessDto;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district (what was checked, when).' }) verification: VerificationBadgeDto;
  @ApiProperty({ example: 3 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.organisationCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.verified }) updatedAt: Date;
}

export class OrganisationPageDto {
  @ApiProperty({ type: OrganisationDto, isArray: true }) items: OrganisationDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', EX_TIME.organisationCreated, EX_ID.nonprofit), description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
