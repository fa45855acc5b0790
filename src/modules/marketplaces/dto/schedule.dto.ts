import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { toInt } from '../../../common/http/pagination';
import { MARKETPLACE_STATUSES, SCHEDULE_STATUSES, type MarketplaceStatus, type ScheduleStatus } from '../marketplace.machine';
import { EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';

export const UNPLACED_REASONS = ['unknown-participant', 'wrong-sides', 'duplicate-pair', 'no-common-slot', 'not-selected', 'no-free-slot'] as const;
export const SCHEDULE_METHODS = ['equitable-colouring', 'constrained', 'stable-constrained', 'stable-recoloured'] as const;

export const AGENDA_FORMATS = ['json', 'ics', 'html'] as const;
export type AgendaFormat = (typeof AGENDA_FORMATS)[number];
export const TABLE_PLAN_FORMATS = ['json', 'html'] as const;
export type TablePlanFormat = (typeof TABLE_PLAN_FORMATS)[number];

export class AgendaQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.nonprofit, description: "Organisers and admins: whose agenda (members read their own organisation's, the default)." })
  @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: AGENDA_FORMATS, example: 'ics', description: 'Overrides the Accept header: json (default), ics (text/calendar) or html (printable).' })
  @IsOptional() @IsIn(AGENDA_FORMATS)
  format?: AgendaFormat;
}

export class TablePlanQueryDto {
  @ApiPropertyOptional({ minimum: 1, example: 2, description: 'A schedule version to preview (default: the published one).' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  version?: number;

  @ApiPropertyOptional({ enum: TABLE_PLAN_FORMATS, example: 'html', description: 'Overrides the Accept header: json (default) or html (printable).' })
  @IsOptional() @IsIn(TABLE_PLAN_FORMATS)
  format?: TablePlanFormat;
}

export class OrganisationRefDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
}

export class ScheduleVersionDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ example: 2, description: '1, 2, ...: a new version whenever the inputs changed.' }) version: number;
  @ApiProperty({ enum: SCHEDULE_STATUSES, example: 'published', description: 'draft (to review), published (announced; at most one), superseded (replaced by a newer version).' })
  status: ScheduleStatus;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'The published version this one was made against (fewest changes to its meetings).' })
  baseVersion: number | null;
  @ApiProperty({ example: 6 }) slotCount: number;
  @ApiProperty({ example: 15 }) slotMinutes: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.firstSlot }) firstSlotAt: Date;
  @ApiProperty({ example: 20 }) tables: number;
  @ApiProperty({ example: 38, description: 'Requests both sides said yes to, between registered participants.' }) requests: number;
  @ApiProperty({ example: 37, description: 'Meetings held in this version.' }) meetingsHeld: number;
  @ApiProperty({ example: 4, description: 'max(most meetings of one participant, ⌈meetings / tables⌉) over the meetings held: no schedule needs fewer slots.' })
  lowerBound: number;
  @ApiProperty({ example: 4, description: 'Slots holding at least one meeting; equals lowerBound whenever nobody is unavailable for a slot.' }) slotsUsed: number;
  @ApiProperty({ example: 0, description: 'slotsUsed − lowerBound.' }) gapToLowerBound: number;
  @ApiProperty({ example: 152318, description: 'Sum of the meeting values held (1000·4^rank + ⌊999·score⌋ per meeting; the rank orders the two wishes, mutual first).' })
  valueHeld: number;
  @ApiProperty({ example: 156042, description: 'Sum of the meeting values of all requests.' }) valueRequested: number;
  @ApiProperty({ enum: SCHEDULE_METHODS, example: 'equitable-colouring' }) method: string;
  @ApiProperty({ example: 1, description: 'Requests not held (see unplaced in the version).' }) unplacedCount: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.scheduled }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.schedulePublished }) publishedAt: Date | null;
}

export class ScheduleVersionListDto {
  @ApiProperty({ type: [ScheduleVersionDto], description: 'Newest first.' }) items: ScheduleVersionDto[];
}

export class ScheduledMeetingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingRequest, description: 'The meeting request (stable across versions).' }) requestId: string;
  @ApiProperty({ example: 2, description: '0-based slot.' }) slot: number;
  @ApiProperty({ example: 5, description: '1-based table number, as on the table plan.' }) table: number;
  @ApiProperty({ type: OrganisationRefDto }) nonprofit: OrganisationRefDto;
  @ApiProperty({ type: OrganisationRefDto, example: { id: EX_ID.company, name: EX_NAME.company } }) company: OrganisationRefDto;
}

export class UnplacedRequestDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingRequest2 }) requestId: string;
  @ApiProperty({
    enum: UNPLACED_REASONS,
    example: 'no-common-slot',
    description: 'not-selected: the most valuable set of meetings that fits leaves it out; no-free-slot: selected but no common free slot was found (only with unavailable slots); no-common-slot: the two are never available at the same time.',
  })
  reason: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) nonprofit: OrganisationRefDto | null;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) company: OrganisationRefDto | null;
}

export class MovedMeetingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingRequest }) requestId: string;
  @ApiProperty({ description: 'Slot and table in the base version.', example: { slot: 1, table: 5 } }) from: { slot: number; table: number };
  @ApiProperty({ description: 'Slot and table now.', example: { slot: 2, table: 5 } }) to: { slot: number; table: number };
}

export class ScheduleChangesDto {
  @ApiProperty({ example: 36, description: 'Meetings of the base version at the same slot and table.' }) kept: number;
  @ApiProperty({ type: [MovedMeetingDto] }) moved: MovedMeetingDto[];
  @ApiProperty({ type: [String], format: 'uuid', example: [], description: 'Requests of the base version no longer held.' }) dropped: string[];
  @ApiProperty({ type: [String], format: 'uuid', example: [], description: 'Requests held now that the base version did not hold.' }) added: string[];
}

export class ScheduleDetailDto extends ScheduleVersionDto {
  @ApiProperty({ type: [ScheduledMeetingDto], description: 'By slot, then table.' }) meetings: ScheduledMeetingDto[];
  @ApiProperty({ type: [UnplacedRequestDto] }) unplaced: UnplacedRequestDto[];
  @ApiProperty({ type: ScheduleChangesDto, nullable: true, description: 'Against the base version (null without one).' }) changes: ScheduleChangesDto | null;
}

export class PublishedScheduleDto extends ScheduleVersionDto {
  @ApiProperty({ enum: MARKETPLACE_STATUSES, example: 'scheduled', description: 'The marketplace after publishing: scheduled.' }) marketplaceStatus: MarketplaceStatus;
}

export class AgendaPartnerDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.company }) organisationId: string;
  @ApiProperty({ example: EX_NAME.company }) name: string;
}

export class AgendaItemDto {
  @ApiProperty({ example: 2 }) slot: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-04-15T16:00:00.000Z' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-04-15T16:15:00.000Z' }) endsAt: string;
  @ApiProperty({ example: '18:00', description: 'Start in Berlin time.' }) time: string;
  @ApiProperty({ example: 5 }) table: number;
  @ApiProperty({ type: AgendaPartnerDto }) partner: AgendaPartnerDto;
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingRequest }) requestId: string;
}

export class AgendaEventDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) id: string;
  @ApiProperty({ example: EX_NAME.marketplace }) name: string;
  @ApiProperty({ example: EX_TEXT.marketplacePlace }) place: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceEnds }) endsAt: string;
  @ApiProperty({ example: 2, description: 'The published schedule version.' }) scheduleVersion: number;
}

export class AgendaDto {
  @ApiProperty({ type: AgendaEventDto }) event: AgendaEventDto;
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
  @ApiProperty({ type: [AgendaItemDto], description: 'In slot order; empty when no meeting was scheduled for the organisation.' }) items: AgendaItemDto[];
}

export class TablePlanMeetingDto {
  @ApiProperty({ example: 5 }) table: number;
  @ApiProperty({ format: 'uuid', example: EX_ID.meetingRequest }) requestId: string;
  @ApiProperty({ type: OrganisationRefDto }) nonprofit: OrganisationRefDto;
  @ApiProperty({ type: OrganisationRefDto, example: { id: EX_ID.company, name: EX_NAME.company } }) company: OrganisationRefDto;
}

export class TablePlanSlotDto {
  @ApiProperty({ example: 2 }) slot: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-04-15T16:00:00.000Z' }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-04-15T16:15:00.000Z' }) endsAt: Date;
  @ApiProperty({ example: '18:00' }) time: string;
  @ApiProperty({ type: [TablePlanMeetingDto], description: 'By table; tables not listed are free.' }) meetings: TablePlanMeetingDto[];
}

export class TablePlanDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ enum: SCHEDULE_STATUSES, example: 'published' }) status: ScheduleStatus;
  @ApiProperty({ example: 20 }) tables: number;
  @ApiProperty({ type: [TablePlanSlotDto], description: 'Every slot of the version, in order.' }) slots: TablePlanSlotDto[];
}
