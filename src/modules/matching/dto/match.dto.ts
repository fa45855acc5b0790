import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, ORGANISATION_KINDS } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { COMPONENTS, type Component } from '../scoring/model';
import { REACTIONS } from '../match.entity';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { EX_COMPANY_BADGE, EX_ID, EX_MATCH, EX_NAME, EX_TEXT, EX_TIME, exCursor } from '../../../common/examples';

export class MatchOrganisationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: string;
  @ApiProperty({ example: EX_TEXT.nonprofitDescription }) description: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://jugendhaus-hallschlag.example' }) website: string | null;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true, example: ['quality-education', 'reduced-inequalities'], description: 'Nonprofits: their cause areas; companies: their preferred cause areas.' }) causeAreas: string[];
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true, example: ['visibility', 'team_event', 'thank_you_event'], description: 'Nonprofits: the Gegenleistungen they can give back.' }) giveBacks: string[];
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class MatchListingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.need }) id: string;
  @ApiProperty({ example: EX_NAME.needTitle }) title: string;
  @ApiProperty({ example: EX_TEXT.needDescription }) description: string;
  @ApiProperty({ enum: CATEGORIES, example: 'time' }) category: string;
  @ApiProperty({ type: String, isArray: true, example: ['umzug', 'möbel', 'jugend', 'helfer'] }) tags: string[];
  @ApiProperty({ example: 'persons' }) unit: string;
  @ApiProperty({ example: 10, description: 'Need: quantity; offer: capacity.' }) amount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingStarts }) startsAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingEnds }) endsAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: EX_TEXT.giveBack, description: 'Need: the Gegenleistung offered; offer: null.' }) giveBack: string | null;
  @ApiProperty({ type: String, isArray: true, example: [], description: 'Offer: what the company asks for in return; need: empty.' }) wantsInReturn: string[];
  @ApiProperty({ type: MatchOrganisationDto }) organisation: MatchOrganisationDto;
}

export class ScoreComponentDto {
  @ApiProperty({ enum: COMPONENTS, example: 'distance' }) name: Component;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.6598 }) value: number;
  @ApiProperty({ example: 2, description: 'The weight of this component in the weights version used.' }) weight: number;
  @ApiProperty({ example: 0.1015, description: 'weight × value / Σ weights: what this component added to the score.' }) contribution: number;
}

export class MatchBreakdownDto {
  @ApiProperty({ type: ScoreComponentDto, isArray: true, example: EX_MATCH.components }) components: ScoreComponentDto[];
  @ApiProperty({ example: EX_MATCH.distanceKm, description: 'Great-circle distance from the company (offer) to the need, km.' }) distanceKm: number;
  @ApiProperty({ type: String, isArray: true, example: EX_MATCH.sharedTags }) sharedTags: string[];
}

export class MatchReactionsDto {
  @ApiProperty({ enum: REACTIONS, nullable: true, example: 'interested', description: "The nonprofit's reaction." }) need: string | null;
  @ApiProperty({ enum: REACTIONS, nullable: true, example: 'interested', description: "The company's reaction." }) offer: string | null;
  @ApiProperty({ example: true, description: 'Both sides are interested: the pair is ready for a marketplace meeting.' }) mutual: boolean;
}

export class MatchDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.match, description: 'Derived from the pair: stays the same when the match is recomputed.' }) id: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: EX_MATCH.score }) score: number;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter, description: "The need's district (Quartier)." }) districtId: string;
  @ApiProperty({ type: MatchListingDto }) need: MatchListingDto;
  @ApiProperty({ type: MatchListingDto, example: { id: EX_ID.offer, title: EX_NAME.offerTitle, description: EX_TEXT.offerDescription, category: 'time', tags: ['umzug', 'möbel', 'helfer', 'team'], unit: 'persons', amount: 8, startsAt: '2026-12-15T08:00:00.000Z', endsAt: '2027-06-30T17:00:00.000Z', giveBack: null, wantsInReturn: ['visibility', 'team_event'], organisation: { id: EX_ID.company, name: EX_NAME.company, kind: 'company', description: EX_TEXT.companyDescription, website: 'https://autohaus-remsblick.example', districtId: EX_ID.quarter2, causeAreas: ['quality-education', 'good-health'], giveBacks: [], verification: EX_COMPANY_BADGE } } }) offer: MatchListingDto;
  @ApiProperty({ type: MatchBreakdownDto }) breakdown: MatchBreakdownDto;
  @ApiProperty({ type: String, isArray: true, example: EX_MATCH.reasons, description: 'The breakdown in plain German sentences.' }) reasons: string[];
  @ApiProperty({ type: MatchReactionsDto }) reactions: MatchReactionsDto;
  @ApiProperty({ example: 'default.v1' }) weightsVersion: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.matched }) computedAt: Date;
}

export class MatchPageDto {
  @ApiProperty({ type: MatchDto, isArray: true }) items: MatchDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor(`need:${EX_ID.need}`, 20, EX_ID.match) }) nextCursor: string | null;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toNum = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);

export class MatchListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: true, description: 'Only pairs where both sides showed interest.' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  mutual?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.5, description: 'Only pairs scoring at least this.' })
  @IsOptional() @Transform(toNum) @IsNumber() @Min(0) @Max(1)
  minScore?: number;

  @ApiPropertyOptional({ example: true, description: "Only pairs whose other side is verified: a need's list, the company; an offer's list, the nonprofit; a district's list, both." })
  @IsOptional() @Transform(toBool) @IsBoolean()
  verifiedOnly?: boolean;
}

export class DistrictMatchQueryDto extends MatchListQueryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.borough, description: 'The district (descendants included).' })
  @IsUUID()
  districtId: string;
}

export class ReactionDto {
  @ApiProperty({ enum: REACTIONS, example: 'interested' })
  @IsIn(REACTIONS)
  reaction: string;
}
