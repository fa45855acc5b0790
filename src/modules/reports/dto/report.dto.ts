import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DISTRICT_LEVELS, UNITS } from '../../../common/domain/vocabulary';
import { DEFAULT_MONTHS, MAX_SPAN_YEARS, REPORT_TIME_ZONE } from '../report-period';

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
    description:
      'Count only what verified organisations did (trust badge, as verified now): listings of verified organisations; ' +
      'matches, cooperations, deliveries and evaluations where both organisations are verified.',
  })
  @IsOptional() @Transform(toBool) @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Overrides the Accept header: json (default) or csv (as with Accept: text/csv).' })
  @IsOptional() @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class RateDto {
  @ApiProperty({ description: 'What is counted above the line.' }) numerator: number;
  @ApiProperty({ description: 'What it is divided by.' }) denominator: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'numerator / denominator, 4 decimals; null when the denominator is 0.' })
  rate: number | null;
}

export class MatchFiguresDto {
  @ApiProperty({
    description:
      'Matches: the need/offer pairs the matching engine currently keeps (table matches; dismissed pairs are removed) whose need ' +
      'is one of the needs counted in needsPublished. A snapshot of today, not of the period: matches are recomputed.',
  })
  pairs: number;
  @ApiProperty({ description: 'How many of the needs counted in needsPublished have at least one match.' }) needsMatched: number;
  @ApiProperty({ description: 'Of the pairs, those where both sides showed interest (mutual).' }) mutual: number;
}

export class ProposalFiguresDto {
  @ApiProperty({ description: 'Proposals: cooperations created (proposed) in the period, whatever happened since.' }) total: number;
  @ApiProperty({ description: 'Of these, still waiting for an answer (status proposed).' }) pending: number;
  @ApiProperty({
    description: 'Accepted by the receiver: status accepted or later (agreed, active, completed, evaluated), or cancelled after being accepted.',
  })
  accepted: number;
  @ApiProperty({ description: 'Declined by the receiver.' }) declined: number;
  @ApiProperty({ description: 'Expired without an answer.' }) expired: number;
  @ApiProperty({ description: 'Withdrawn (cancelled) by the sender before an answer.' }) withdrawn: number;
  @ApiProperty({ type: RateDto, description: 'Acceptance rate: accepted / decided, decided = accepted + declined + expired (pending and withdrawn ones are left out).' })
  acceptance: RateDto;
}

export class GiveAndTakeDto {
  @ApiProperty({
    description: 'Agreements (as counted in agreements.total) whose current signed version records a Gegenleistung. The schema requires one on every agreement, so today this equals agreements.total.',
  })
  withGiveBack: number;
  @ApiProperty({
    type: RateDto,
    description: 'Of those, the ones whose Gegenleistung was delivered: at least one delivery recorded by the nonprofit side (any date up to now) / withGiveBack.',
  })
  giveBackDelivered: RateDto;
}

export class AgreementFiguresDto {
  @ApiProperty({
    description:
      'Agreements: cooperations whose Engagement-Vereinbarung was signed by both sides for the first time in the period (cooperations.agreed_at, set by the second ' +
      'signature). Later versions of the same agreement are not counted again. Cooperations cancelled afterwards still count.',
  })
  total: number;
  @ApiProperty({
    type: RateDto,
    description:
      'Realisation rate: agreements delivered / agreements. Delivered = at least one delivery recorded by the company side (hours or goods, any date up to now). ' +
      'Completion alone is not counted as delivery (the system completes a cooperation when its end date passes). Recent periods naturally show lower rates.',
  })
  realisation: RateDto;
  @ApiProperty({ description: 'Of the agreements, those completed or evaluated by now.' }) completed: number;
  @ApiProperty({ description: 'Sum of the estimated hours of these agreements (current signed version).' }) estimatedHours: number;
  @ApiProperty({ description: 'Sum of their estimated euro equivalent: for reporting only, no money changes hands (alles außer Geld).' }) estimatedValueEur: number;
  @ApiProperty({ type: GiveAndTakeDto, description: 'The balance of give and take: Leistung against Gegenleistung.' }) giveAndTake: GiveAndTakeDto;
}

export class GoodsDto {
  @ApiProperty({ enum: UNITS }) unit: string;
  @ApiProperty({ description: 'Sum of the quantities delivered in this unit.' }) quantity: number;
}

export class DeliveryFiguresDto {
  @ApiProperty({ description: 'Deliveries recorded by the company side (Leistung) with a delivery date in the period, for any cooperation of the district.' }) count: number;
  @ApiProperty({ description: 'Hours in those deliveries.' }) hours: number;
  @ApiProperty({ type: GoodsDto, isArray: true, description: 'Quantities in those deliveries, per unit (sorted by unit).' }) goods: GoodsDto[];
  @ApiProperty({ description: 'Deliveries recorded by the nonprofit side (Gegenleistung) with a delivery date in the period.' }) giveBackCount: number;
  @ApiProperty({ description: 'Hours in the nonprofit side\'s deliveries.' }) giveBackHours: number;
}

export class EvaluationFiguresDto {
  @ApiProperty({ description: 'Evaluations submitted in the period (one per side and cooperation).' }) count: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5, description: 'Mean rating (1-5) of those, 2 decimals; null without evaluations.' })
  meanRating: number | null;
  @ApiProperty({ type: RateDto, description: 'Evaluations saying they would cooperate again / evaluations.' }) wouldCooperateAgain: RateDto;
  @ApiProperty({ description: 'Sum of the people reached that the evaluations report.' }) peopleReached: number;
}

export class ReportFiguresDto {
  @ApiProperty({ description: 'Needs (Bedarfe) of the district and its sub-districts published in the period (published_at in [from, to)), whatever their status now.' })
  needsPublished: number;
  @ApiProperty({ description: "Offers (Angebote) published in the period by companies whose home district is the district or below (the offer's home_district_id)." })
  offersPublished: number;
  @ApiProperty({ type: MatchFiguresDto }) matches: MatchFiguresDto;
  @ApiProperty({ type: ProposalFiguresDto }) proposals: ProposalFiguresDto;
  @ApiProperty({ type: AgreementFiguresDto }) agreements: AgreementFiguresDto;
  @ApiProperty({ type: DeliveryFiguresDto }) deliveries: DeliveryFiguresDto;
  @ApiProperty({ type: EvaluationFiguresDto }) evaluations: EvaluationFiguresDto;
}

export class ReportDistrictDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ enum: DISTRICT_LEVELS }) level: string;
}

export class ReportPeriodDto {
  @ApiProperty({ format: 'date', description: 'First day counted.' }) from: string;
  @ApiProperty({ format: 'date', description: 'First day not counted (half-open period).' }) to: string;
  @ApiProperty({ example: REPORT_TIME_ZONE, description: 'Days begin at midnight in this time zone.' }) timeZone: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The period\'s start as an instant (midnight of `from` in Berlin).' }) fromInstant: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The period\'s end as an instant (midnight of `to` in Berlin), excluded.' }) toInstant: string;
}

export class ChildReportDto {
  @ApiProperty({ type: ReportDistrictDto }) district: ReportDistrictDto;
  @ApiProperty({ type: ReportFiguresDto, description: 'The figures of this sub-district and everything below it.' }) figures: ReportFiguresDto;
}

export class DistrictReportDto {
  @ApiProperty({ type: ReportDistrictDto }) district: ReportDistrictDto;
  @ApiProperty({ type: ReportPeriodDto }) period: ReportPeriodDto;
  @ApiProperty({ description: 'Whether only verified organisations were counted.' }) verifiedOnly: boolean;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the report was made: "up to now" figures (realisation, give back delivered, completed) are as of then.' })
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
