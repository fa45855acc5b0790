import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNestedObject } from '../../../common/http/validation';
import { PageQueryDto } from '../../../common/http/pagination';
import { ROUND_STATUSES, type RoundStatus } from '../marketplace.machine';
import { EX_DAY, EX_ID, EX_NAME, EX_TIME, exCursor } from '../../../common/examples';

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MSG = 'must be a date YYYY-MM-DD';
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A plan as the plan-round job stores it (one event merging Hallschlag and Neckarvorstadt). */
const PLAN_EXAMPLE = {
  events: [
    {
      id: 'evt-93e96bd9ee51f284',
      quarterIds: [EX_ID.quarter2, EX_ID.quarter],
      quarterNames: ['Neckarvorstadt', 'Hallschlag'],
      boroughIds: [EX_ID.borough],
      venueId: EX_ID.venue,
      venueName: EX_NAME.venue,
      date: EX_DAY.marketplace,
      expectedParticipants: 58,
      tablesNeeded: 20,
      valueCaptured: 41.6,
      crossValueCaptured: 12.4,
      averageTravelKm: 1.2,
      sizeStatus: 'within-target',
      reason: 'merged-to-reach-target',
      explanation:
        'Neckarvorstadt, Hallschlag zusammengelegt: einzeln unter 40 Teilnehmenden, zusammen 58; 12,4 Matchwert zwischen den Quartieren. ' +
        'Erfasster Matchwert 41,6, im Mittel 1,2 km Anfahrt, Kursaal Bad Cannstatt am 2027-04-15. / ' +
        'Neckarvorstadt, Hallschlag merged: each below 40 participants, together 58; match value 12.4 between the quarters. ' +
        'Match value captured 41.6, average travel 1.2 km, Kursaal Bad Cannstatt on 2027-04-15.',
    },
  ],
  leftOut: [],
  totals: { totalValue: 41.6, valueCaptured: 41.6, valueCapturedShare: 1, events: 1, quartersPlanned: 2, quartersLeftOut: 0, participantsPlanned: 58, groupingObjective: 39.8, method: 'exact' },
  warnings: [],
  quarters: [
    { id: EX_ID.quarter, name: 'Hallschlag', boroughId: EX_ID.borough, participants: 31, matchValue: 17.9, lat: 48.814, lon: 9.205 },
    { id: EX_ID.quarter2, name: 'Neckarvorstadt', boroughId: EX_ID.borough, participants: 27, matchValue: 11.3, lat: 48.801, lon: 9.21 },
  ],
  crossValues: [{ districtIds: [EX_ID.quarter, EX_ID.quarter2], value: 12.4 }],
  edited: false,
};

export class CreateRoundDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.borough, description: 'The city or borough the round covers.' })
  @IsUUID()
  districtId: string;

  @ApiProperty({ minLength: 3, maxLength: 160, example: EX_NAME.round })
  @IsString() @Length(3, 160)
  name: string;

  @ApiProperty({ example: '2027-03-01', description: 'First day of the period (YYYY-MM-DD).' })
  @IsString() @Matches(DATE_RE, { message: `periodStart ${DATE_MSG}` })
  periodStart: string;

  @ApiProperty({ example: '2027-04-30', description: 'Last day of the period (YYYY-MM-DD), not before periodStart.' })
  @IsString() @Matches(DATE_RE, { message: `periodEnd ${DATE_MSG}` })
  periodEnd: string;

  @ApiProperty({ type: String, isArray: true, example: ['2027-03-18', '2027-04-15'], description: 'Dates on which events may take place, within the period.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(60) @ArrayUnique()
  @IsString({ each: true }) @Matches(DATE_RE, { each: true, message: `each candidate date ${DATE_MSG}` })
  candidateDates: string[];

  @ApiProperty({ minimum: 2, maximum: 1000, example: 40, description: 'Fewest participants (organisations) an event should have.' })
  @IsInt() @Min(2) @Max(1000)
  targetMin: number;

  @ApiProperty({ minimum: 2, maximum: 1000, example: 120, description: 'Most participants an event should have (not below targetMin).' })
  @IsInt() @Min(2) @Max(1000)
  targetMax: number;
}

export class UpdateRoundDto extends PartialType(PickType(CreateRoundDto, ['name', 'periodStart', 'periodEnd', 'candidateDates', 'targetMin', 'targetMax'] as const), { skipNullProperties: false }) {}

export class RoundQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.borough, description: 'Rounds of this district and the districts below it.' })
  @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: ROUND_STATUSES, example: 'confirmed' })
  @IsOptional() @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}

export class RoundDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.round }) id: string;
  @ApiProperty({ enum: ROUND_STATUSES, example: 'confirmed' }) status: RoundStatus;
  @ApiProperty({ format: 'uuid', example: EX_ID.borough }) districtId: string;
  @ApiProperty({ example: EX_NAME.round }) name: string;
  @ApiProperty({ example: '2027-03-01' }) periodStart: string;
  @ApiProperty({ example: '2027-04-30' }) periodEnd: string;
  @ApiProperty({ type: String, isArray: true, example: ['2027-03-18', '2027-04-15'] }) candidateDates: string[];
  @ApiProperty({ example: 40 }) targetMin: number;
  @ApiProperty({ example: 120 }) targetMax: number;
  @ApiProperty({ example: true, description: 'Whether a draft plan exists (GET /v1/rounds/{id}/plan).' }) hasPlan: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.roundPlanned }) plannedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.roundConfirmed }) confirmedAt: Date | null;
  @ApiProperty({ example: 4 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.roundCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.roundConfirmed }) updatedAt: Date;
}

export class RoundPageDto {
  @ApiProperty({ type: RoundDto, isArray: true }) items: RoundDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('rounds.created', EX_TIME.roundCreated, EX_ID.round) }) nextCursor: string | null;
}

export class CreateVenueDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.borough, description: "The Quartier (or borough) the venue is in: within the round's area." })
  @IsUUID()
  districtId: string;

  @ApiProperty({ minLength: 2, maxLength: 160, example: EX_NAME.venue })
  @IsString() @Length(2, 160)
  name: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'Königsplatz 1, 70372 Stuttgart' })
  @IsOptional() @IsString() @MaxLength(300)
  address?: string;

  @ApiProperty({ minimum: -90, maximum: 90, example: 48.8066 })
  @IsNumber() @Min(-90) @Max(90)
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 9.2212 })
  @IsNumber() @Min(-180) @Max(180)
  lon: number;

  @ApiProperty({ minimum: 1, maximum: 10000, example: 120, description: 'Most participants the venue holds.' })
  @IsInt() @Min(1) @Max(10000)
  capacity: number;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 20, description: 'Tables for the 1:1 meetings.' })
  @IsInt() @Min(1) @Max(1000)
  tables: number;

  @ApiPropertyOptional({ type: String, isArray: true, example: ['2027-04-15'], description: "Candidate dates of the round the venue is available on; empty or absent: all of them." })
  @IsOptional() @IsArray() @ArrayMaxSize(60) @ArrayUnique()
  @IsString({ each: true }) @Matches(DATE_RE, { each: true, message: `each available date ${DATE_MSG}` })
  availableDates?: string[];
}

export class VenueDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.venue }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.round }) roundId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.borough }) districtId: string;
  @ApiProperty({ example: EX_NAME.venue }) name: string;
  @ApiProperty({ example: 'Königsplatz 1, 70372 Stuttgart' }) address: string;
  @ApiProperty({ example: 48.8066 }) lat: number;
  @ApiProperty({ example: 9.2212 }) lon: number;
  @ApiProperty({ example: 120 }) capacity: number;
  @ApiProperty({ example: 20 }) tables: number;
  @ApiProperty({ type: String, isArray: true, example: ['2027-04-15'] }) availableDates: string[];
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-21T10:00:00.000Z' }) createdAt: Date;
}

/** One event of the organiser's edited plan. */
export class PlanEventInputDto {
  @ApiProperty({ type: String, isArray: true, example: [EX_ID.quarter, EX_ID.quarter2], description: 'Quartiere of the round\'s area; each Quartier in at most one event.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  quarterIds: string[];

  @ApiProperty({ format: 'uuid', example: EX_ID.venue, description: 'A venue of the round.' })
  @IsUUID('all')
  venueId: string;

  @ApiProperty({ example: EX_DAY.marketplace, description: 'A candidate date of the round on which the venue is available.' })
  @IsString() @Matches(DATE_RE, { message: `date ${DATE_MSG}` })
  date: string;
}

export class UpdatePlanDto {
  @ApiProperty({ type: PlanEventInputDto, isArray: true, description: 'The events; Quartiere not named are left out.' })
  @IsArray() @ArrayMaxSize(500) @IsNestedObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PlanEventInputDto)
  events: PlanEventInputDto[];
}

export class ConfirmRoundDto {
  @ApiPropertyOptional({ example: '17:00', default: '17:00', description: 'Local start time of every event (HH:MM).' })
  @IsOptional() @IsString() @Matches(TIME_RE, { message: 'startTime must be HH:MM' })
  startTime?: string;

  @ApiPropertyOptional({ example: '19:00', default: '19:00', description: 'Local end time (HH:MM), after startTime.' })
  @IsOptional() @IsString() @Matches(TIME_RE, { message: 'endTime must be HH:MM' })
  endTime?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'Europe/Berlin', description: 'IANA time zone of the times.' })
  @IsOptional() @IsString() @MaxLength(64)
  timeZone?: string;
}

export class RoundPlanDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.round }) roundId: string;
  @ApiProperty({ enum: ROUND_STATUSES, example: 'planned' }) status: RoundStatus;
  @ApiProperty({ example: PLAN_EXAMPLE, description: 'The plan: events, leftOut, totals, warnings, quarters (what the planner saw per Quartier), edited.' })
  plan: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, example: 'c2b7e4f19a0d3c6b8e5f1a2d4c7b9e0f3a6d8c1b5e2f4a7d9c0b3e6f8a1d2c4b' }) planInputHash: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.roundPlanned }) plannedAt: Date | null;
}

export class ConfirmedRoundDto {
  @ApiProperty({ type: RoundDto }) round: RoundDto;
  @ApiProperty({ type: String, isArray: true, example: [EX_ID.marketplace], description: 'Ids of the marketplaces created (status draft).' }) marketplaceIds: string[];
}
