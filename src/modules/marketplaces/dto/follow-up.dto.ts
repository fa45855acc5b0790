import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNotMoney } from '../../../common/http/validation';
import { COOPERATION_SIDES, type CooperationSide } from '../../cooperations/implementation.entity';
import { FOLLOW_UP_OUTCOMES, FOLLOW_UP_STAGES, type FollowUpOutcome, type FollowUpStage } from '../follow-up.model';
import { EX_ID, EX_TIME } from '../../../common/examples';

export class CreateFollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_STAGES, example: 'first', description: 'first: the reminder some 2 weeks after the event (FOLLOW_UP_FIRST_DAYS); second: some 3 months after it (FOLLOW_UP_SECOND_MONTHS).' })
  @IsIn(FOLLOW_UP_STAGES)
  stage: FollowUpStage;

  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES, example: 'carried_out', description: 'carried_out (umgesetzt), in_progress (in Arbeit), not_carried_out (nicht umgesetzt).' })
  @IsIn(FOLLOW_UP_OUTCOMES)
  outcome: FollowUpOutcome;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Die Räume sind gestrichen: sechs Auszubildende waren an zwei Samstagen dabei.', description: 'What happened; the money rule applies (422 MONEY_NOT_ALLOWED).' })
  @IsOptional() @IsString() @MaxLength(2000) @IsNotMoney('text')
  note?: string;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.followUp }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.notaryCooperation }) cooperationId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ enum: COOPERATION_SIDES, example: 'nonprofit' }) side: CooperationSide;
  @ApiProperty({ enum: FOLLOW_UP_STAGES, example: 'first' }) stage: FollowUpStage;
  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES, example: 'carried_out' }) outcome: FollowUpOutcome;
  @ApiProperty({ example: 'Die Räume sind gestrichen: sechs Auszubildende waren an zwei Samstagen dabei.' }) note: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) submittedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.followUpAnswered }) createdAt: Date;
}

export class FollowUpStageDto {
  @ApiProperty({ enum: FOLLOW_UP_STAGES, example: 'first' }) stage: FollowUpStage;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.followUpFirstDue, description: 'When the reminder is due (the event\'s end + FOLLOW_UP_FIRST_DAYS days, or + FOLLOW_UP_SECOND_MONTHS months, Berlin time).' })
  dueAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-04-29T17:00:04.000Z', description: 'When the reminder went out (null: not yet).' }) sentAt: Date | null;
  @ApiProperty({ example: true, description: 'Answers are taken from the reminder (or the due time) on.' }) open: boolean;
  @ApiProperty({ enum: COOPERATION_SIDES, isArray: true, example: ['nonprofit'], description: 'Sides that have answered this stage.' }) answered: CooperationSide[];
}

export class FollowUpListDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.notaryCooperation }) cooperationId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace, description: 'The marketplace where the agreement was recorded (notary desk).' }) marketplaceId: string;
  @ApiProperty({ example: true, description: 'Both sides signed the agreement: only then are the parties asked and can answer.' }) signed: boolean;
  @ApiProperty({ type: FollowUpStageDto, isArray: true, description: 'The stages, once the marketplace has finished (empty before).' }) stages: FollowUpStageDto[];
  @ApiProperty({ type: FollowUpDto, isArray: true, description: 'The answers, at most one per side and stage (so at most four), oldest first.' }) items: FollowUpDto[];
}
