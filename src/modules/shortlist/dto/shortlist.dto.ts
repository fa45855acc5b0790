import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CATEGORIES, ORGANISATION_KINDS, UNITS } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';

/** Match ids are UUID-shaped md5 digests (no RFC 4122 version bits), see MatchingEngine. */
const LOOSE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SaveShortlistEntryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "A published need (companies shortlist nonprofits' needs)." })
  @IsOptional() @IsUUID()
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A published offer (nonprofits shortlist companies' offers)." })
  @IsOptional() @IsUUID()
  offerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "One of your matches: saves its other side's need or offer." })
  @IsOptional() @Matches(LOOSE_UUID, { message: 'matchId must be a UUID' })
  matchId?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Passt gut zu unserem Umzug im Frühjahr; Ansprechpartnerin Frau Weber.' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class UpdateShortlistEntryDto {
  @ApiProperty({ type: String, nullable: true, maxLength: 2000, description: 'The new note; null clears it.' })
  @IsDefined({ message: 'note is required (null clears it)' }) @ValidateIf((o: UpdateShortlistEntryDto) => o.note !== null) @IsString() @MaxLength(2000)
  note: string | null;
}

export class ShortlistQueryDto extends PageQueryDto {}

export class ShortlistOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ type: VerificationBadgeDto }) verification: VerificationBadgeDto;
}

export class ShortlistItemDto {
  @ApiProperty({ enum: ['need', 'offer'] }) type: 'need' | 'offer';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CATEGORIES }) category: string;
  @ApiProperty({ type: String, isArray: true }) tags: string[];
  @ApiProperty({ enum: UNITS }) unit: string;
  @ApiProperty({ description: 'Need: quantity; offer: capacity.' }) amount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: string | null;
  @ApiProperty({ description: "The item's status now (e.g. published, matched, withdrawn, expired)." }) status: string;
  @ApiProperty({ description: 'Still open for cooperation: a published (or matched) need, a published offer.' }) published: boolean;
  @ApiProperty({ type: ShortlistOrganisationDto }) organisation: ShortlistOrganisationDto;
}

export class ShortlistMatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
}

export class ShortlistEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The organisation whose shortlist this is.' }) organisationId: string;
  @ApiProperty({ type: ShortlistItemDto }) item: ShortlistItemDto;
  @ApiProperty({
    type: ShortlistMatchDto,
    nullable: true,
    description: "The match between the saved item and one of your own needs or offers, if there is one: the match it was saved from, else the best-scoring one.",
  })
  match: ShortlistMatchDto | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The user who saved it.' }) createdBy: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class ShortlistPageDto {
  @ApiProperty({ type: ShortlistEntryDto, isArray: true }) items: ShortlistEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
