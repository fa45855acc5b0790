import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DISTRICT_LEVELS, UNITS } from '../../../common/domain/vocabulary';
import { DEFAULT_MONTHS, MAX_SPAN_YEARS, REPORT_TIME_ZONE } from '../report-period';
import { EX_DAY, EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-01-01',
    description: `First day counted (YYYY-MM-DD, a calendar day in ${REPORT_TIME_ZONE}). Default: \`to\` − ${DEFAULT_MONTHS} months.`,
  })
  @IsOptional() @IsString() @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-01-01',
    description:
      `First day NOT counted: the period is half-open, [from, to). from=2026-01-01&to=2027-01-01 is the year 2026. ` +
      `Default: tomorrow (today counts). Must be after \`from\`; at most ${MAX_SPAN_YEARS} years after it.`,
  })
  @IsOptional() @IsString() @MaxLength(10)
  to?: string;

  @ApiPropertyOptional({
    example: false,
    description:
      'Count only what verified organisations did (trust badge, as verified now): listings of verified organisations; ' +
      'matches, cooperations, deliveries and evaluations where both organisations are verified.',
  })
  @IsOptional() @Transform(toBool) @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, example: 'csv', description: 'Overrides the Accept header: json (default) or csv (as with Accept: text/csv).' })
  @IsOptional() @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class RateDto {
  @ApiProperty({ example: 39, description: 'What is counted above the line.' }) numerator: number;
  @ApiProperty({ example: 51, description: 'What it is divided by.' }) denominator: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.7647, description: 'numerator / denominator, 4 decimals; null when the denominator is 0.' })
  rate: number | null;
}

export class MatchFiguresDto {
  @ApiProperty({
    example: 212,
    description:
      'Matches: the need/offer pairs the matching engine currently keeps (table matches; dismissed pairs are removed) whose need ' +
      'is one of the needs counted in needsPublished. A snapshot of today, not of the period: matches are recomputed.',
  })
  pairs: number;
  @ApiProperty({ example: 51, description: 'How many of the needs counted in needsPublished have at least one match.' }) needsMatched: number;
  @ApiProperty({ example: 37, description: 'Of the pairs, those where both sides showed interest (mutual).' }) mutual: number;
}

export class ProposalFiguresDto {
  @ApiProperty({ example: 58, description: 'Proposals: cooperations created (proposed) in the period, whatever happened since.' }) total: number;
  @ApiProperty({ example: 4, description: 'Of these, still waiting for an answer (status proposed).' }) pending: number;
  @ApiProperty({
    example: 39,
    description: 'Accepted by the receiver: status accepted or later (agreed, active, completed, evaluated), or cancelled after being accepted.',
  })
  accepted: number;
  @ApiProperty({ example: 9, description: 'Declined by the receiver.' }) declined: number;
  @ApiProperty({ example: 3, description: 'Expired without an answer.' }) expired: number;
  @ApiProperty({ example: 3, description: 'Withdrawn (cancelled) by the sender before an answer.' }) withdrawn: number;
  @ApiProperty({ type: RateDto, example: { numerator: 39, denominator: 51, rate: 0.7647 }, description: 'Acceptance rate: accepted / decided, decided = accepted + declined + expired (pending and withdrawn ones are left out).' })
  acceptance: RateDto;
}

export class GiveAndTakeDto {
  @ApiProperty({
    example: 31,
    description: 'Agreements (as counted in agreements.total) whose current signed version records a Gegenleistung. The schema requires one on every agreement, so today this equals agreements.total.',
  })
  withGiveBack: number;
  @ApiProperty({
    type: RateDto,
    example: { numerator: 19, denominator: 31, rate: 0.6129 },
    description: 'Of those, the ones whose Gegenleistung was delivered: at least one delivery recorded by the nonprofit side (any date up to now) / withGiveBack.',
  })
  giveBackDelivered: RateDto;
}

export class AgreementFiguresDto {
  @ApiProperty({
    example: 31,
    description:
      'Agreements: cooperations whose Engagement-Vereinbarung was signed by both sides for the first time in the period (cooperations.agreed_at, set by the second ' +
      'signature). Later versions of the same agreement are not counted again. Cooperations cancelled afterwards still count.',
  })
  total: number;
  @ApiProperty({
    type: RateDto,
    example: { numerator: 24, denominator: 31, rate: 0.7742 },
    description:
      'Realisation rate: agreements delivered / agreements. Delivered = at least one delivery recorded by the company side (hours or goods, any date up to now). ' +
      'Completion alone is not counted as delivery (the system completes a cooperation when its end date passes). Recent periods naturally show lower rates.',
  })
  realisation: RateDto;
  @ApiProperty({ example: 22, description: 'Of the agreements, those completed or evaluated by now.' }) completed: number;
  @ApiProperty({ example: 1860, description: 'Sum of the estimated hours of these agreements (current signed version).' }) estimatedHours: number;
  @ApiProperty({ example: 52400, description: 'Sum of their estimated euro equivalent: for reporting only, no money changes hands (alles außer Geld).' }) estimatedValueEur: number;
  @ApiProperty({ type: GiveAndTakeDto, description: 'The balance of give and take: Leistung against Gegenleistung.' }) giveAndTake: GiveAndTakeDto;
}

export class GoodsDto {
  @ApiProperty({ enum: UNITS, example: 'items' }) unit: string;
  @ApiProperty({ example: 320, description: 'Sum of the quantities delivered in this unit.' }) quantity: number;
}

export class DeliveryFiguresDto {
  @ApiProperty({ example: 47, description: 'Deliveries recorded by the company side (Leistung) with a delivery date in the period, for any cooperation of the district.' }) count: number;
  @ApiProperty({ example: 1534, description: 'Hours in those deliveries.' }) hours: number;
  @ApiProperty({ type: GoodsDto, isArray: true, example: [{ unit: 'items', quantity: 320 }, { unit: 'trips', quantity: 18 }], description: 'Quantities in those deliveries, per unit (sorted by unit).' }) goods: GoodsDto[];
  @ApiProperty({ example: 26, description: 'Deliveries recorded by the nonprofit side (Gegenleistung) with a delivery date in the period.' }) giveBackCount: number;
  @ApiProperty({ example: 140, description: 'Hours in the nonprofit side\'s deliveries.' }) giveBackHours: number;
}

export class EvaluationFiguresDto {
  @ApiProperty({ example: 38, description: 'Evaluations submitted in the period (one per side and cooperation).' }) count: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5, example: 4.47, description: 'Mean rating (1-5) of those, 2 decimals; null without evaluations.' })
  meanRating: number | null;
  @ApiProperty({ type: RateDto, example: { numerator: 35, denominator: 38, rate: 0.9211 }, description: 'Evaluations saying they would cooperate again / evaluations.' }) wouldCooperateAgain: RateDto;
  @ApiProperty({ example: 1240, description: 'Sum of the people reached that the evaluations report.' }) peopleReached: number;
}

export class ReportFiguresDto {
  @ApiProperty({ example: 64, description: 'Needs (Bedarfe) of the district and its sub-districts published in the period (published_at in [from, to)), whatever their status now.' })
  needsPublished: number;
  @ApiProperty({ example: 41, description: "Offers (Angebote) published in the period by companies whose home district is the district or below (the offer's home_district_id)." })
  offersPublished: number;
  @ApiProperty({ type: MatchFiguresDto }) matches: MatchFiguresDto;
  @ApiProperty({ type: ProposalFiguresDto }) proposals: ProposalFiguresDto;
  @ApiProperty({ type: AgreementFiguresDto }) agreements: AgreementFiguresDto;
  @ApiProperty({ type: DeliveryFiguresDto }) deliveries: DeliveryFiguresDto;
  @ApiProperty({ type: EvaluationFiguresDto }) evaluations: EvaluationFiguresDto;
}

export class ReportDistrictDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.borough }) id: string;
  @ApiProperty({ example: EX_NAME.borough }) name: string;
  @ApiProperty({ example: 'bad-cannstatt' }) slug: string;
  @ApiProperty({ enum: DISTRICT_LEVELS, example: 'borough' }) level: string;
}

export class ReportPeriodDto {
  @ApiProperty({ format: 'date', example: EX_DAY.reportFrom, description: 'First day counted.' }) from: string;
  @ApiProperty({ format: 'date', example: EX_DAY.reportTo, description: 'First day not counted (half-open period).' }) to: string;
  @ApiProperty({ example: REPORT_TIME_ZONE, description: 'Days begin at midnight in this time zone.' }) timeZone: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-12-31T23:00:00.000Z', description: 'The period\'s start as an instant (midnight of `from` in Berlin).' }) fromInstant: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-31T23:00:00.000Z', description: 'The period\'s end as an instant (midnight of `to` in Berlin), excluded.' }) toInstant: string;
}

export class ChildReportDto {
  @ApiProperty({ type: ReportDistrictDto, example: { id: EX_ID.quarter, name: 'Hallschlag', slug: 'hallschlag', level: 'quarter' } }) district: ReportDistrictDto;
  @ApiProperty({ type: ReportFiguresDto, description: 'The figures of this sub-district and everything below it.' }) figures: ReportFiguresDto;
}

export class DistrictReportDto {
  @ApiProperty({ type: ReportDistrictDto }) district: ReportDistrictDto;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ example: false, description: 'Whether only verified organisations were counted.' }) verifiedOnly: boolean;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.report, description: 'When the report was made: "up to now" figures (realisation, give back delivered, completed) are as of then.' })
  generatedAt: string;
  @ApiProperty({ type: ReportFiguresDto, description: 'The district with all its sub-districts (a city includes its Stadtbezirke and Quartiere).' })
  figures: ReportFiguresDto;
  @ApiProperty({
    type: ChildReportDto,
    isArray: true,
    description:
      'One entry per direct sub-district (a city: its Stadtbezirke; a Stadtbezirk: its Quartiere; a Quartier: none), sorted by name. ' +
      'Items placed on the district itself belong to no child, so the children may add up to less than the total.',
  })
  children: ChildReportDto[];
}
