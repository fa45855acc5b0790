import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CATEGORIES, GIVE_BACK_KINDS, UNITS } from '../../../common/domain/vocabulary';
import { RateDto, REPORT_FORMATS, type ReportFormat } from '../../reports/dto/report.dto';
import { FOLLOW_UP_STAGES, type FollowUpStage } from '../follow-up.model';
import { MARKETPLACE_STATUSES, ROUND_STATUSES, type MarketplaceStatus, type RoundStatus } from '../marketplace.machine';
import { EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';

export class EventReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, example: 'csv', description: 'Overrides the Accept header: json (default) or csv (as with Accept: text/csv).' })
  @IsOptional() @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ByKindDto {
  @ApiProperty({ example: 24 }) nonprofit: number;
  @ApiProperty({ example: 18 }) company: number;
  @ApiProperty({ example: 42, description: 'nonprofit + company' }) total: number;
}

export class EventParticipantFiguresDto {
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 24, company: 18, total: 42 }, description: 'Registrations with status registered now (checked in or not; no-shows included).' }) registered: ByKindDto;
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 22, company: 16, total: 38 }, description: 'Of the registered, those checked in on the day.' }) checkedIn: ByKindDto;
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 2, company: 2, total: 4 }, description: 'Of the registered, those recorded as no-shows (set when the event finishes: registered, not checked in).' }) noShows: ByKindDto;
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 0, company: 0, total: 0 }, description: 'Still on the waitlist.' }) waitlisted: ByKindDto;
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 1, company: 2, total: 3 }, description: 'Registrations cancelled (by the organisation or when declining an invitation).' }) cancelled: ByKindDto;
  @ApiProperty({ type: ByKindDto, example: { nonprofit: 0, company: 1, total: 1 }, description: 'Invited, never answered.' }) invited: ByKindDto;
  @ApiProperty({ type: RateDto, example: { numerator: 38, denominator: 42, rate: 0.9048 }, description: 'Attendance: checkedIn.total / registered.total.' }) attendance: RateDto;
}

export class EventMeetingFiguresDto {
  @ApiProperty({ example: 38, description: '1:1 meetings both sides said yes to (meeting_requests: must, would or accepted on each side).' }) requested: number;
  @ApiProperty({ example: 37, description: 'Meetings in the current schedule: the latest version with status published (0 without one).' }) scheduled: number;
  @ApiProperty({ example: 33, description: 'Of the scheduled meetings, those where both sides checked in.' }) held: number;
  @ApiProperty({ type: RateDto, example: { numerator: 33, denominator: 37, rate: 0.8919 }, description: 'held / scheduled.' }) heldShare: RateDto;
}

export class EventAgreementFiguresDto {
  @ApiProperty({ example: 12, description: 'Agreements recorded at the notary desk: cooperations with this marketplace, whatever their status now.' }) recorded: number;
  @ApiProperty({ example: 10, description: 'Of these, signed by both sides (a version of the agreement carries both signatures; cancelled later still counts).' }) signed: number;
  @ApiProperty({ type: RateDto, example: { numerator: 10, denominator: 12, rate: 0.8333 }, description: 'signed / recorded.' }) signing: RateDto;
  @ApiProperty({ example: 412, description: 'Sum of the estimated hours of the signed agreements (their current version: the latest signed by both).' }) estimatedHours: number;
  @ApiProperty({ example: 11800, description: 'Sum of their estimated euro equivalent: for reporting only, no money changes hands (alles außer Geld).' }) estimatedValueEur: number;
}

export class EventFollowUpFiguresDto {
  @ApiProperty({
    type: RateDto,
    example: { numerator: 7, denominator: 10, rate: 0.7 },
    description: 'Realisation rate: signed agreements reported carried out by at least one side (at either follow-up stage) / signed agreements. Real marketplaces report about 70 %.',
  })
  realisation: RateDto;
  @ApiProperty({ example: 7, description: 'Signed agreements at least one side reported carried out (the numerator above).' }) carriedOut: number;
  @ApiProperty({ example: 2, description: 'Signed agreements not reported carried out whose latest answered stage has an in-progress answer.' }) inProgress: number;
  @ApiProperty({ example: 0, description: 'Signed agreements whose latest answered stage says not carried out on every answer given.' }) notCarriedOut: number;
  @ApiProperty({ example: 1, description: 'Signed agreements nobody answered for yet.' }) noAnswer: number;
  @ApiProperty({
    type: RateDto,
    example: { numerator: 17, denominator: 20, rate: 0.85 },
    description: 'Response rate: answers given / answers asked, asked = 2 sides × signed agreements × open follow-up stages (a stage is open once its reminder went out or its due time passed).',
  })
  response: RateDto;
}

export class EventGiveQuantityDto {
  @ApiProperty({ enum: UNITS, example: 'hours' }) unit: string;
  @ApiProperty({ example: 288, description: 'Sum of the contribution quantities in this unit.' }) quantity: number;
}

export class EventGiveDto {
  @ApiProperty({ enum: CATEGORIES, example: 'time' }) category: string;
  @ApiProperty({ example: 6, description: 'Signed agreements whose Leistung is in this category.' }) agreements: number;
  @ApiProperty({ example: 288, description: 'Their estimated hours.' }) estimatedHours: number;
  @ApiProperty({ type: EventGiveQuantityDto, isArray: true, description: 'Their quantities per unit, in the vocabulary\'s order.' }) quantities: EventGiveQuantityDto[];
}

export class EventGiveBackDto {
  @ApiProperty({ enum: GIVE_BACK_KINDS, example: 'visibility' }) kind: string;
  @ApiProperty({ example: 4, description: 'Signed agreements whose Gegenleistung is of this kind.' }) agreements: number;
}

export class EventGiveAndTakeDto {
  @ApiProperty({ type: EventGiveDto, isArray: true, example: [{ category: 'time', agreements: 6, estimatedHours: 288, quantities: [{ unit: 'hours', quantity: 288 }] }, { category: 'skills', agreements: 2, estimatedHours: 124, quantities: [{ unit: 'hours', quantity: 124 }] }, { category: 'goods', agreements: 2, estimatedHours: 0, quantities: [{ unit: 'items', quantity: 120 }] }], description: 'What the companies give (Leistung), per category of the signed agreements\' current versions; categories without agreements are left out.' })
  give: EventGiveDto[];
  @ApiProperty({ type: EventGiveBackDto, isArray: true, example: [{ kind: 'thank_you_event', agreements: 3 }, { kind: 'visibility', agreements: 4 }, { kind: 'team_event', agreements: 3 }], description: 'What the nonprofits give back (Gegenleistung), per kind; every agreement names one.' })
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
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) id: string;
  @ApiProperty({ example: EX_NAME.marketplace }) name: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES, example: 'reported' }) status: MarketplaceStatus;
  @ApiProperty({ format: 'uuid', example: EX_ID.borough }) districtId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.round }) roundId: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceEnds }) endsAt: Date;
}

export class ReportFollowUpStageDto {
  @ApiProperty({ enum: FOLLOW_UP_STAGES, example: 'first' }) stage: FollowUpStage;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.followUpFirstDue }) dueAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-04-29T17:00:04.000Z', description: 'When the reminder went out.' }) sentAt: Date | null;
  @ApiProperty({ example: true, description: 'Answers are taken (reminder sent or due time passed); counted in the response rate.' }) open: boolean;
}

export class RoundEventReportDto {
  @ApiProperty({ type: ReportMarketplaceDto }) marketplace: ReportMarketplaceDto;
  @ApiProperty({ type: Number, nullable: true, example: 2, description: 'The published schedule version the meeting figures come from (null: none published).' }) scheduleVersion: number | null;
  @ApiProperty({ type: ReportFollowUpStageDto, isArray: true, example: [{ stage: 'first', dueAt: EX_TIME.followUpFirstDue, sentAt: '2027-04-29T17:00:04.000Z', open: true }, { stage: 'second', dueAt: EX_TIME.followUpSecondDue, sentAt: null, open: false }], description: 'The follow-up stages (from the event\'s finish on; empty before).' }) followUpStages: ReportFollowUpStageDto[];
  @ApiProperty({ type: EventFiguresDto }) figures: EventFiguresDto;
}

export class EventReportDto extends RoundEventReportDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2027-05-03T07:00:00.000Z', description: 'When the report was made: every figure is as of then (one snapshot).' }) generatedAt: string;
}

export class ReportRoundDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.round }) id: string;
  @ApiProperty({ example: EX_NAME.round }) name: string;
  @ApiProperty({ enum: ROUND_STATUSES, example: 'confirmed' }) status: RoundStatus;
  @ApiProperty({ format: 'uuid', example: EX_ID.borough }) districtId: string;
  @ApiProperty({ format: 'date', example: '2027-03-01' }) periodStart: string;
  @ApiProperty({ format: 'date', example: '2027-04-30' }) periodEnd: string;
}

export class RoundReportDto {
  @ApiProperty({ type: ReportRoundDto }) round: ReportRoundDto;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-05-03T07:00:00.000Z', description: 'When the report was made (one snapshot for all events).' }) generatedAt: string;
  @ApiProperty({ type: RoundEventReportDto, isArray: true, description: 'One entry per event of the round that is not cancelled, soonest first.' }) events: RoundEventReportDto[];
  @ApiProperty({ type: ReportMarketplaceDto, isArray: true, example: [], description: 'Cancelled events, listed without figures and not counted in the totals.' }) cancelled: ReportMarketplaceDto[];
  @ApiProperty({
    type: EventFiguresDto,
    description: 'The sum of the events: every count and amount added up, every rate recomputed from the summed numerators and denominators (never an average of the events\' rates).',
  })
  totals: EventFiguresDto;
}
