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
import { PageQueryDto } from '../../../common/http/pagination';
import { ROUND_STATUSES, type RoundStatus } from '../marketplace.machine';

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MSG = 'must be a date YYYY-MM-DD';
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateRoundDto {
  @ApiProperty({ format: 'uuid', description: 'The city or borough the round covers.' })
  @IsUUID()
  districtId: string;

  @ApiProperty({ minLength: 3, maxLength: 160, example: 'Marktplatz-Runde Frühjahr 2027' })
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

export class UpdateRoundDto extends PartialType(PickType(CreateRoundDto, ['name', 'periodStart', 'periodEnd', 'candidateDates', 'targetMin', 'targetMax'] as const)) {}

export class RoundQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Rounds of this district and the districts below it.' })
  @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional() @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}

export class RoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2027-03-01' }) periodStart: string;
  @ApiProperty({ example: '2027-04-30' }) periodEnd: string;
  @ApiProperty({ type: String, isArray: true }) candidateDates: string[];
  @ApiProperty() targetMin: number;
  @ApiProperty() targetMax: number;
  @ApiProperty({ description: 'Whether a draft plan exists (GET /v1/rounds/{id}/plan).' }) hasPlan: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) plannedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class RoundPageDto {
  @ApiProperty({ type: RoundDto, isArray: true }) items: RoundDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CreateVenueDto {
  @ApiProperty({ format: 'uuid', description: "The Quartier (or borough) the venue is in: within the round's area." })
  @IsUUID()
  districtId: string;

  @ApiProperty({ minLength: 2, maxLength: 160, example: 'Kulturhaus Hallschlag' })
  @IsString() @Length(2, 160)
  name: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional() @IsString() @MaxLength(300)
  address?: string;

  @ApiProperty({ minimum: -90, maximum: 90 })
  @IsNumber() @Min(-90) @Max(90)
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180 })
  @IsNumber() @Min(-180) @Max(180)
  lon: number;

  @ApiProperty({ minimum: 1, maximum: 10000, description: 'Most participants the venue holds.' })
  @IsInt() @Min(1) @Max(10000)
  capacity: number;

  @ApiProperty({ minimum: 1, maximum: 1000, description: 'Tables for the 1:1 meetings.' })
  @IsInt() @Min(1) @Max(1000)
  tables: number;

  @ApiPropertyOptional({ type: String, isArray: true, description: "Candidate dates of the round the venue is available on; empty or absent: all of them." })
  @IsOptional() @IsArray() @ArrayMaxSize(60) @ArrayUnique()
  @IsString({ each: true }) @Matches(DATE_RE, { each: true, message: `each available date ${DATE_MSG}` })
  availableDates?: string[];
}

export class VenueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() lat: number;
  @ApiProperty() lon: number;
  @ApiProperty() capacity: number;
  @ApiProperty() tables: number;
  @ApiProperty({ type: String, isArray: true }) availableDates: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** One event of the organiser's edited plan. */
export class PlanEventInputDto {
  @ApiProperty({ type: String, isArray: true, description: 'Quartiere of the round\'s area; each Quartier in at most one event.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  quarterIds: string[];

  @ApiProperty({ format: 'uuid', description: 'A venue of the round.' })
  @IsUUID('all')
  venueId: string;

  @ApiProperty({ example: '2027-03-18', description: 'A candidate date of the round on which the venue is available.' })
  @IsString() @Matches(DATE_RE, { message: `date ${DATE_MSG}` })
  date: string;
}

export class UpdatePlanDto {
  @ApiProperty({ type: PlanEventInputDto, isArray: true, description: 'The events; Quartiere not named are left out.' })
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PlanEventInputDto)
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
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ description: 'The plan: events, leftOut, totals, warnings, quarters (what the planner saw per Quartier), edited.' })
  plan: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) planInputHash: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) plannedAt: Date | null;
}

export class ConfirmedRoundDto {
  @ApiProperty({ type: RoundDto }) round: RoundDto;
  @ApiProperty({ type: String, isArray: true, description: 'Ids of the marketplaces created (status draft).' }) marketplaceIds: string[];
}
