import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ORGANISATION_KINDS } from '../../../common/domain/vocabulary';
import { toInt } from '../../../common/http/pagination';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { MEETING_WISHES, type MeetingWish } from '../marketplace.machine';
import { MEETING_STATES, type MeetingState } from './meeting-wish.dto';
import { EX_COMPANY_BADGE, EX_ID, EX_MATCH2, EX_NAME } from '../../../common/examples';

export class SuggestionQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.nonprofit, description: "Whose list: default your own organisation's; the event's organisers and admins name any registered participant." })
  @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10, example: 10 })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(50)
  limit?: number;
}

export class SuggestionPartnerDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.company }) id: string;
  @ApiProperty({ example: EX_NAME.company, description: 'Shown to registered participants even when the partner is not listed publicly: they meet at the same event.' }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'company' }) kind: string;
  @ApiProperty({ type: VerificationBadgeDto, example: EX_COMPANY_BADGE, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class SuggestionListingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.need2 }) id: string;
  @ApiProperty({ example: EX_NAME.need2Title }) title: string;
}

export class SuggestionDto {
  @ApiProperty({ type: SuggestionPartnerDto }) partner: SuggestionPartnerDto;
  @ApiProperty({ minimum: 0, maximum: 1, example: EX_MATCH2.score, description: 'The best match score between what the two brought.' }) score: number;
  @ApiProperty({ format: 'uuid', example: EX_ID.match2, description: 'The match behind it (GET /v1/matches/{id}).' }) matchId: string;
  @ApiProperty({ type: SuggestionListingDto, description: "The nonprofit's need of that match." }) need: SuggestionListingDto;
  @ApiProperty({ type: SuggestionListingDto, example: { id: EX_ID.offer, title: EX_NAME.offerTitle }, description: "The company's offer of that match." }) offer: SuggestionListingDto;
  @ApiProperty({ type: String, isArray: true, example: EX_MATCH2.reasons, description: "The match's breakdown in plain German sentences." }) reasons: string[];
  @ApiProperty({ enum: MEETING_STATES, example: 'agreed', description: "The pair's meeting wish, seen from the list's organisation: whose turn it is (waiting-for-you also when nobody asked yet)." })
  meetingState: MeetingState;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true, example: 'must', description: "The list's organisation's wish for this meeting." }) myWish: MeetingWish | null;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true, example: 'accepted', description: "The partner's wish." }) theirWish: MeetingWish | null;
}

export class SuggestionListDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit, description: 'Whose list it is.' }) organisationId: string;
  @ApiProperty({ type: [SuggestionDto], description: 'Best first (score, then partner id); partners without a match are left out.' }) items: SuggestionDto[];
}
