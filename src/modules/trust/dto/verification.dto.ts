import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';
import { VERIFICATION_ACTIONS, type VerificationAction } from '../organisation-verification.entity';
import { VERIFICATION_BASES, type VerificationBasis } from '../verification';

const BASIS_DESCRIPTION =
  'What was checked: charitable_status (nonprofits: Gemeinnützigkeit, Freistellungsbescheid), commercial_register (companies: Handelsregister) or trade_register (companies: Gewerbeanmeldung).';

/** The badge shown wherever an organisation appears. Who verified is not part of it (see the history). */
export class VerificationBadgeDto {
  @ApiProperty({ example: true, description: 'An organiser of the district checked the organisation.' }) verified: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.verified }) verifiedAt: Date | string | null;
  @ApiProperty({ enum: VERIFICATION_BASES, nullable: true, example: 'charitable_status', description: BASIS_DESCRIPTION }) basis: VerificationBasis | null;
}

export class VerifyOrganisationDto {
  @ApiProperty({ enum: VERIFICATION_BASES, example: 'charitable_status', description: `${BASIS_DESCRIPTION} Must fit the organisation's kind.` })
  @IsIn(VERIFICATION_BASES)
  basis: VerificationBasis;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Freistellungsbescheid des Finanzamts Stuttgart vom 12.03.2026 eingesehen.' })
  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class RevokeVerificationDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Gemeinnützigkeit wurde aberkannt.' })
  @IsString() @Length(3, 1000)
  reason: string;
}

export class VerifierDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.organiser }) id: string;
  @ApiProperty({ example: EX_NAME.organiser }) displayName: string;
}

/** The badge with what organisers and admins see besides: the note and who verified. */
export class VerificationDto extends VerificationBadgeDto {
  @ApiProperty({ type: String, nullable: true, example: 'Freistellungsbescheid des Finanzamts Stuttgart vom 12.03.2026 eingesehen.' }) note: string | null;
  @ApiProperty({ type: VerifierDto, nullable: true, description: 'Who verified (null when unverified or the user was deleted).' }) verifiedBy: VerifierDto | null;
}

export class VerificationHistoryEntryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.verificationEntry }) id: string;
  @ApiProperty({ enum: VERIFICATION_ACTIONS, example: 'verified' }) action: VerificationAction;
  @ApiProperty({ enum: VERIFICATION_BASES, nullable: true, example: 'charitable_status', description: 'verified: what was checked; revoked: the basis withdrawn.' }) basis: VerificationBasis | null;
  @ApiProperty({ type: String, nullable: true, example: 'Freistellungsbescheid des Finanzamts Stuttgart vom 12.03.2026 eingesehen.', description: 'verified: the note; revoked: the reason.' }) note: string | null;
  @ApiProperty({ type: VerifierDto, nullable: true }) by: VerifierDto | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.verified }) at: Date;
}

export class VerificationHistoryDto {
  @ApiProperty({ type: VerificationDto }) current: VerificationDto;
  @ApiProperty({ type: VerificationHistoryEntryDto, isArray: true, description: 'Newest first.' }) items: VerificationHistoryEntryDto[];
}
