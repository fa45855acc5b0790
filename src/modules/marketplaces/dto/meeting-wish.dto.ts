import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MEETING_WISHES, type MeetingWish } from '../marketplace.machine';
import { EX_ID, EX_MATCH2, EX_NAME } from '../../../common/examples';

export class MeetingWishInputDto {
  @ApiProperty({
    enum: MEETING_WISHES,
    example: 'must',
    description: 'Your side\'s wish: must (must meet), would (would like to meet), accepted (yes to the other side\'s wish, without one of your own; only once they asked), declined (no).',
  })
  @IsIn(MEETING_WISHES)
  wish: MeetingWish;
}

export const MEETING_STATES = ['waiting-for-you', 'waiting-for-them', 'agreed', 'declined'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export class MeetingWishDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingWish }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) nonprofitId: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) nonprofitName: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.company }) companyId: string;
  @ApiProperty({ example: EX_NAME.company }) companyName: string;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true, example: 'must' }) nonprofitWish: MeetingWish | null;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true, example: 'accepted' }) companyWish: MeetingWish | null;
  @ApiProperty({ example: EX_MATCH2.score, description: 'The pair\'s best match score between what they brought (0 without a match).' }) matchScore: number;
  @ApiProperty({ enum: MEETING_STATES, nullable: true, example: 'agreed', description: 'For a member: whose turn it is; agreed = both said yes (the scheduler considers it). Null for organisers.' })
  state: MeetingState | null;
}

export class MeetingWishListDto {
  @ApiProperty({ type: [MeetingWishDto] }) items: MeetingWishDto[];
}
