import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CATEGORIES, ORGANISATION_KINDS, UNITS } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { EX_ID, EX_MATCH, EX_NAME, EX_TEXT, EX_TIME, exCursor } from '../../../common/examples';

/** Match ids are UUID-shaped md5 digests (no RFC 4122 version bits), see MatchingEngine. */
const LOOSE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SaveShortlistEntryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.need, description: "A published need (companies shortlist nonprofits' needs)." })
  @IsOptional() @IsUUID()
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.offer, description: "A published offer (nonprofits shortlist companies' offers)." })
  @IsOptional() @IsUUID()
  offerId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.match, description: "One of your matches: saves its other side's need or offer." })
  @IsOptional() @Matches(LOOSE_UUID, { message: 'matchId must be a UUID' })
  matchId?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Passt gut zu unserem Azubi-Tag im März; Ansprechperson Deniz Aksoy.' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

/** One of needId, offerId or matchId per request (the schema's examples name all three). */
export const SAVE_SHORTLIST_EXAMPLES = {
  need: { summary: "A company saves a nonprofit's need", value: { needId: EX_ID.need, note: 'Passt gut zu unserem Azubi-Tag im März; Ansprechperson Deniz Aksoy.' } },
  offer: { summary: "A nonprofit saves a company's offer", value: { offerId: EX_ID.offer, note: 'Zwei Transporter wären ideal für den Umzug.' } },
  match: { summary: "The other side of one of your matches", value: { matchId: EX_ID.match } },
};

export class UpdateShortlistEntryDto {
  @ApiProperty({ type: String, nullable: true, maxLength: 2000, example: 'Telefonat am 13. Januar: Deniz Aksoy freut sich über Hilfe an beiden Samstagen.', description: 'The new note; null clears it.' })
  @IsDefined({ message: 'note is required (null clears it)' }) @ValidateIf((o: UpdateShortlistEntryDto) => o.note !== null) @IsString() @MaxLength(2000)
  note: string | null;
}

export class ShortlistQueryDto extends PageQueryDto {}

export class ShortlistOrganisationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ type: VerificationBadgeDto }) verification: VerificationBadgeDto;
}

export class ShortlistItemDto {
  @ApiProperty({ enum: ['need', 'offer'], example: 'need' }) type: 'need' | 'offer';
  @ApiProperty({ format: 'uuid', example: EX_ID.need }) id: string;
  @ApiProperty({ example: EX_NAME.needTitle }) title: string;
  @ApiProperty({ example: EX_TEXT.needDescription }) description: string;
  @ApiProperty({ enum: CATEGORIES, example: 'time' }) category: string;
  @ApiProperty({ type: String, isArray: true, example: ['umzug', 'möbel', 'jugend', 'helfer'] }) tags: string[];
  @ApiProperty({ enum: UNITS, example: 'persons' }) unit: string;
  @ApiProperty({ example: 10, description: 'Need: quantity; offer: capacity.' }) amount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingStarts }) startsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingEnds }) endsAt: string | null;
  @ApiProperty({ example: 'published', description: "The item's status now (e.g. published, matched, withdrawn, expired)." }) status: string;
  @ApiProperty({ example: true, description: 'Still open for cooperation: a published (or matched) need, a published offer.' }) published: boolean;
  @ApiProperty({ type: ShortlistOrganisationDto }) organisation: ShortlistOrganisationDto;
}

export class ShortlistMatchDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.match }) id: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: EX_MATCH.score }) score: number;
}

export class ShortlistEntryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.shortlistEntry }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.company, description: 'The organisation whose shortlist this is.' }) organisationId: string;
  @ApiProperty({ type: ShortlistItemDto }) item: ShortlistItemDto;
  @ApiProperty({
    type: ShortlistMatchDto,
    nullable: true,
    description: "The match between the saved item and one of your own needs or offers, if there is one: the match it was saved from, else the best-scoring one.",
  })
  match: ShortlistMatchDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'Passt gut zu unserem Azubi-Tag im März; Ansprechperson Deniz Aksoy.' }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.companyUser, description: 'The user who saved it.' }) createdBy: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-12T08:40:00.000Z' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-12T08:40:00.000Z' }) updatedAt: Date;
}

export class ShortlistPageDto {
  @ApiProperty({ type: ShortlistEntryDto, isArray: true }) items: ShortlistEntryDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', '2027-01-12T08:40:00.000Z', EX_ID.shortlistEntry) }) nextCursor: string | null;
}
