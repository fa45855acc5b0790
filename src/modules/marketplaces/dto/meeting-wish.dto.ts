import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MEETING_WISHES, type MeetingWish } from '../marketplace.machine';

export class MeetingWishInputDto {
  @ApiProperty({
    enum: MEETING_WISHES,
    description: 'Your side\'s wish: must (must meet), would (would like to meet), accepted (yes to the other side\'s wish, without one of your own; only once they asked), declined (no).',
  })
  @IsIn(MEETING_WISHES)
  wish: MeetingWish;
}

export const MEETING_STATES = ['waiting-for-you', 'waiting-for-them', 'agreed', 'declined'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export class MeetingWishDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty({ format: 'uuid' }) nonprofitId: string;
  @ApiProperty() nonprofitName: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true }) nonprofitWish: MeetingWish | null;
  @ApiProperty({ enum: MEETING_WISHES, nullable: true }) companyWish: MeetingWish | null;
  @ApiProperty({ description: 'The pair\'s best match score between what they brought (0 without a match).' }) matchScore: number;
  @ApiProperty({ enum: MEETING_STATES, nullable: true, description: 'For a member: whose turn it is; agreed = both said yes (the scheduler considers it). Null for organisers.' })
  state: MeetingState | null;
}

export class MeetingWishListDto {
  @ApiProperty({ type: [MeetingWishDto] }) items: MeetingWishDto[];
}
