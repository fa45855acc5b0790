import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, ORGANISATION_KINDS } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';
import { COMPONENTS, type Component } from '../scoring/model';
import { REACTIONS } from '../match.entity';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';

export class MatchOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ enum: CAUSE_AREAS, isArray: true, description: 'Nonprofits: their cause areas; companies: their preferred cause areas.' }) causeAreas: string[];
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true, description: 'Nonprofits: the Gegenleistungen they can give back.' }) giveBacks: string[];
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class MatchListingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CATEGORIES }) category: string;
  @ApiProperty({ type: String, isArray: true }) tags: string[];
  @ApiProperty() unit: string;
  @ApiProperty({ description: 'Need: quantity; offer: capacity.' }) amount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startsAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Need: the Gegenleistung offered; offer: null.' }) giveBack: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'Offer: what the company asks for in return; need: empty.' }) wantsInReturn: string[];
  @ApiProperty({ type: MatchOrganisationDto }) organisation: MatchOrganisationDto;
}

export class ScoreComponentDto {
  @ApiProperty({ enum: COMPONENTS }) name: Component;
  @ApiProperty({ minimum: 0, maximum: 1 }) value: number;
  @ApiProperty({ description: 'The weight of this component in the weights version used.' }) weight: number;
  @ApiProperty({ description: 'weight × value / Σ weights: what this component added to the score.' }) contribution: number;
}

export class MatchBreakdownDto {
  @ApiProperty({ type: ScoreComponentDto, isArray: true }) components: ScoreComponentDto[];
  @ApiProperty({ description: 'Great-circle distance from the company (offer) to the need, km.' }) distanceKm: number;
  @ApiProperty({ type: String, isArray: true }) sharedTags: string[];
}

export class MatchReactionsDto {
  @ApiProperty({ enum: REACTIONS, nullable: true, description: "The nonprofit's reaction." }) need: string | null;
  @ApiProperty({ enum: REACTIONS, nullable: true, description: "The company's reaction." }) offer: string | null;
  @ApiProperty({ description: 'Both sides are interested: the pair is ready for a marketplace meeting.' }) mutual: boolean;
}

export class MatchDto {
  @ApiProperty({ format: 'uuid', description: 'Derived from the pair: stays the same when the match is recomputed.' }) id: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score: number;
  @ApiProperty({ format: 'uuid', description: "The need's district (Quartier)." }) districtId: string;
  @ApiProperty({ type: MatchListingDto }) need: MatchListingDto;
  @ApiProperty({ type: MatchListingDto }) offer: MatchListingDto;
  @ApiProperty({ type: MatchBreakdownDto }) breakdown: MatchBreakdownDto;
  @ApiProperty({ type: String, isArray: true, description: 'The breakdown in plain German sentences.' }) reasons: string[];
  @ApiProperty({ type: MatchReactionsDto }) reactions: MatchReactionsDto;
  @ApiProperty({ example: 'default.v1' }) weightsVersion: string;
  @ApiProperty({ type: String, format: 'date-time' }) computedAt: Date;
}

export class MatchPageDto {
  @ApiProperty({ type: MatchDto, isArray: true }) items: MatchDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toNum = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);

export class MatchListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only pairs where both sides showed interest.' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  mutual?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Only pairs scoring at least this.' })
  @IsOptional() @Transform(toNum) @IsNumber() @Min(0) @Max(1)
  minScore?: number;

  @ApiPropertyOptional({ description: "Only pairs whose other side is verified: a need's list, the company; an offer's list, the nonprofit; a district's list, both." })
  @IsOptional() @Transform(toBool) @IsBoolean()
  verifiedOnly?: boolean;
}

export class DistrictMatchQueryDto extends MatchListQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The district (descendants included).' })
  @IsUUID()
  districtId: string;
}

export class ReactionDto {
  @ApiProperty({ enum: REACTIONS })
  @IsIn(REACTIONS)
  reaction: string;
}
