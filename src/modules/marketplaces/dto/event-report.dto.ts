import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CATEGORIES, GIVE_BACK_KINDS, UNITS } from '../../../common/domain/vocabulary';
import { RateDto, REPORT_FORMATS, type ReportFormat } from '../../reports/dto/report.dto';
import { FOLLOW_UP_STAGES, type FollowUpStage } from '../follow-up.model';
import { MARKETPLACE_STATUSES, ROUND_STATUSES, type MarketplaceStatus, type RoundStatus } from '../marketplace.machine';

export class EventReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Overrides the Accept header: json (default) or csv (as with Accept: text/csv).' })
  @IsOptional() @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ByKindDto {
  @ApiProperty() nonprofit: number;
  @ApiProperty() company: number;
  @ApiProperty({ description: 'nonprofit + company' }) total: number;
}

export class EventParticipantFiguresDto {
  @ApiProperty({ type: ByKindDto, description: 'Registrations with status registered now (checked in or not; no-shows included).' }) registered: ByKindDto;
  @ApiProperty({ type: ByKindDto, description: 'Of the registered, those checked in on the day.' }) checkedIn: ByKindDto;
  @ApiProperty({ type: ByKindDto, description: 'Of the registered, those recorded as no-shows (set when the event finishes: registered, not checked in).' }) noShows: ByKindDto;
  @ApiProperty({ type: ByKindDto, description: 'Still on the waitlist.' }) waitlisted: ByKindDto;
  @ApiProperty({ type: ByKindDto, description: 'Registrations cancelled (by the organisation or when declining an invitation).' }) cancelled: ByKindDto;
  @ApiProperty({ type: ByKindDto, description: 'Invited, never answered.' }) invited: ByKindDto;
  @ApiProperty({ type: RateDto, description: 'Attendance: checkedIn.total / registered.total.' }) attendance: RateDto;
}

export class EventMeetingFiguresDto {
  @ApiProperty({ description: '1:1 meetings both sides said yes to (meeting_requests: must, would or accepted on each side).' }) requested: number;
  @ApiProperty({ description: 'Meetings in the current schedule: the latest version with status published (0 without one).' }) scheduled: number;
  @ApiProperty({ description: 'Of the scheduled meetings, those where both sides checked in.' }) held: number;
  @ApiProperty({ type: RateDto, description: 'held / scheduled.' }) heldShare: RateDto;
}

export class EventAgreementFiguresDto {
  @ApiProperty({ description: 'Agreements recorded at the notary desk: cooperations with this marketplace, whatever their status now.' }) recorded: number;
  @ApiProperty({ description: 'Of these, signed by both sides (a version of the agreement carries both signatures; cancelled later still counts).' }) signed: number;
  @ApiProperty({ type: RateDto, description: 'signed / recorded.' }) signing: RateDto;
  @ApiProperty({ description: 'Sum of the estimated hours of the signed agreements (their current version: the latest signed by both).' }) estimatedHours: number;
  @ApiProperty({ description: 'Sum of their estimated euro equivalent: for reporting only, no money changes hands (alles außer Geld).' }) estimatedValueEur: number;
}

export class EventFollowUpFiguresDto {
  @ApiProperty({
    type: RateDto,
    description: 'Realisation rate: signed agreements reported carried out by at least one side (at either follow-up stage) / signed agreements. Real marketplaces report about 70 %.',
  })
  realisation: RateDto;
  @ApiProperty({ description: 'Signed agreements at least one side reported carried out (the numerator above).' }) carriedOut: number;
  @ApiProperty({ description: 'Signed agreements not reported carried out whose latest answered stage has an in-progress answer.' }) inProgress: number;
  @ApiProperty({ description: 'Signed agreements whose latest answered stage says not carried out on every answer given.' }) notCarriedOut: number;
  @ApiProperty({ description: 'Signed agreements nobody answered for yet.' }) noAnswer: number;
  @ApiProperty({
    type: RateDto,
    description: 'Response rate: answers given / answers asked, asked = 2 sides × signed agreements × open follow-up stages (a stage is open once its reminder went out or its due time passed).',
  })
  response: RateDto;
}

export class EventGiveQuantityDto {
  @ApiProperty({ enum: UNITS }) unit: string;
  @ApiProperty({ description: 'Sum of the contribution quantities in this unit.' }) quantity: number;
}

export class EventGiveDto {
  @ApiProperty({ enum: CATEGORIES }) category: string;
  @ApiProperty({ description: 'Signed agreements whose Leistung is in this category.' }) agreements: number;
  @ApiProperty({ description: 'Their estimated hours.' }) estimatedHours: number;
  @ApiProperty({ type: EventGiveQuantityDto, isArray: true, description: 'Their quantities per unit, in the vocabulary\'s order.' }) quantities: EventGiveQuantityDto[];
}

export class EventGiveBackDto {
  @ApiProperty({ enum: GIVE_BACK_KINDS }) kind: string;
  @ApiProperty({ description: 'Signed agreements whose Gegenleistung is of this kind.' }) agreements: number;
}

export class EventGiveAndTakeDto {
  @ApiProperty({ type: EventGiveDto, isArray: true, description: 'What the companies give (Leistung), per category of the signed agreements\' current versions; categories without agreements are left out.' })
  give: EventGiveDto[];
  @ApiProperty({ type: EventGiveBackDto, isArray: true, description: 'What the nonprofits give back (Gegenleistung), per kind; every agreement names one.' })
  giveBack: EventGiveBackDto[];
}

export class EventFiguresDto {
  @ApiProperty({ type: EventParticipantFiguresDto }) participants: EventParticipantFiguresDto;
  @ApiProperty({ type: EventMeetingFiguresDto }) meetings: EventMeetingFiguresDto;
  @ApiProperty({ type: EventAgreementFiguresDto }) agreements: EventAgreementFiguresDto;
  @ApiProperty({ type: EventFollowUpFiguresDto }) followUps: EventFollowUpFiguresDto;
  @ApiProperty({ type: EventGiveAndTakeDto, description: 'The balance of give and take over the signed agreements.' }) giveAndTake: EventGiveAndTakeDto;
}

export class ReportMarketplaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES }) status: MarketplaceStatus;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) roundId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: Date;
}

export class ReportFollowUpStageDto {
  @ApiProperty({ enum: FOLLOW_UP_STAGES }) stage: FollowUpStage;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the reminder went out.' }) sentAt: Date | null;
  @ApiProperty({ description: 'Answers are taken (reminder sent or due time passed); counted in the response rate.' }) open: boolean;
}

export class RoundEventReportDto {
  @ApiProperty({ type: ReportMarketplaceDto }) marketplace: ReportMarketplaceDto;
  @ApiProperty({ type: Number, nullable: true, description: 'The published schedule version the meeting figures come from (null: none published).' }) scheduleVersion: number | null;
  @ApiProperty({ type: ReportFollowUpStageDto, isArray: true, description: 'The follow-up stages (from the event\'s finish on; empty before).' }) followUpStages: ReportFollowUpStageDto[];
  @ApiProperty({ type: EventFiguresDto }) figures: EventFiguresDto;
}

export class EventReportDto extends RoundEventReportDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When the report was made: every figure is as of then (one snapshot).' }) generatedAt: string;
}

export class ReportRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
}

export class RoundReportDto {
  @ApiProperty({ type: ReportRoundDto }) round: ReportRoundDto;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the report was made (one snapshot for all events).' }) generatedAt: string;
  @ApiProperty({ type: RoundEventReportDto, isArray: true, description: 'One entry per event of the round that is not cancelled, soonest first.' }) events: RoundEventReportDto[];
  @ApiProperty({ type: ReportMarketplaceDto, isArray: true, description: 'Cancelled events, listed without figures and not counted in the totals.' }) cancelled: ReportMarketplaceDto[];
  @ApiProperty({
    type: EventFiguresDto,
    description: 'The sum of the events: every count and amount added up, every rate recomputed from the summed numerators and denominators (never an average of the events\' rates).',
  })
  totals: EventFiguresDto;
}
