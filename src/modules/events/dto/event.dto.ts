import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from '../../../common/http/pagination';
import { COOPERATION_ACTIONS, COOPERATION_STATUSES } from '../../cooperations/cooperation.machine';
import { MARKETPLACE_STATUSES } from '../../marketplaces/marketplace.machine';
import {
  COOPERATION_EVENT_TYPES,
  EVENT_TYPE_PATTERNS,
  EVENT_TYPES,
  MARKETPLACE_EVENT_OF_STATUS,
  type AgreementSignedData,
  type CooperationEventData,
  type EventType,
  type EventTypePattern,
  type MarketplaceEventData,
  type MatchCreatedData,
  type NeedPublishedData,
  type OfferPublishedData,
  type SchedulePublishedData,
} from '../event-types';

/** `types=a,b` and `types=a&types=b` both become ['a', 'b']. */
export const csv = ({ value }: { value: unknown }) => {
  const parts = Array.isArray(value) ? value.flatMap((v) => String(v).split(',')) : typeof value === 'string' ? value.split(',') : undefined;
  return parts ? parts.map((t) => t.trim()).filter(Boolean) : value;
};

export class EventQueryDto {
  @ApiPropertyOptional({ description: 'A `nextCursor` of this feed: events after it. Without one, the feed starts at its beginning.' })
  @IsOptional() @IsString() @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated event types or families (\`cooperation.*\`): only these. One of: ${EVENT_TYPE_PATTERNS.join(', ')}.`,
    example: 'need.published,cooperation.*',
  })
  @IsOptional() @Transform(csv) @ArrayMaxSize(40) @IsIn(EVENT_TYPE_PATTERNS, { each: true })
  types?: EventTypePattern[];

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'Page size.' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

// ------------------------------------------------------------------------------- data

export class NeedPublishedDataDto implements NeedPublishedData {
  @ApiProperty({ format: 'uuid' }) needId: string;
  @ApiProperty({ format: 'uuid', description: 'The nonprofit.' }) organisationId: string;
  @ApiProperty({ example: 'Umzugshelfer für unseren Jugendtreff' }) title: string;
  @ApiProperty({ example: 'time' }) category: string;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ enum: ['published'] }) status: 'published';
  @ApiProperty({ type: String, format: 'date-time', description: 'The first publication.' }) publishedAt: string;
  @ApiProperty({ description: 'Published before (reopened).' }) republished: boolean;
  @ApiProperty({ description: 'The need\'s version after the change (its ETag).' }) version: number;
}

export class OfferPublishedDataDto implements OfferPublishedData {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'uuid', description: 'The company.' }) organisationId: string;
  @ApiProperty({ example: 'Mitarbeitende helfen beim Umzug' }) title: string;
  @ApiProperty({ example: 'time' }) category: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'The districts it serves by name.' }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Serves a radius around the company (km).' }) radiusKm: number | null;
  @ApiProperty({ format: 'uuid', description: "The company's home district (the event's districtId)." }) homeDistrictId: string;
  @ApiProperty({ enum: ['published'] }) status: 'published';
  @ApiProperty({ type: String, format: 'date-time', description: 'The first publication.' }) publishedAt: string;
  @ApiProperty({ description: 'Published before (resumed after a pause).' }) republished: boolean;
  @ApiProperty() version: number;
}

export class MatchCreatedDataDto implements MatchCreatedData {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid' }) needId: string;
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'uuid' }) needOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) offerOrganisationId: string;
  @ApiProperty({ format: 'uuid', description: "The need's Quartier." }) districtId: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.7312, description: 'The score when the match was first stored; rematches change it (GET /v1/matches/{id}).' }) score: number;
}

export class CooperationEventDataDto implements CooperationEventData {
  @ApiProperty({ format: 'uuid' }) cooperationId: string;
  @ApiProperty({ enum: COOPERATION_STATUSES }) status: CooperationEventData['status'];
  @ApiProperty({ enum: COOPERATION_STATUSES, nullable: true, description: 'null for cooperation.proposed.' }) previousStatus: CooperationEventData['previousStatus'];
  @ApiProperty({ enum: ['propose', ...COOPERATION_ACTIONS] }) action: CooperationEventData['action'];
  @ApiProperty({ format: 'uuid' }) nonprofitId: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) needId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) offerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Recorded at this marketplace (notary desk).' }) marketplaceId: string | null;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ format: 'uuid' }) proposedByOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Whose member acted; null when the system did (expiry, completion at the end date, the evaluation window).' })
  actorOrganisationId: string | null;
}

export class AgreementSignedDataDto implements AgreementSignedData {
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'uuid' }) cooperationId: string;
  @ApiProperty({ description: 'The version now in force.' }) version: number;
  @ApiProperty({ format: 'uuid' }) nonprofitId: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startsOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endsOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'The second signature.' }) signedAt: string;
}

const NON_DRAFT = MARKETPLACE_STATUSES.filter((s) => s !== 'draft');

export class MarketplaceEventDataDto implements MarketplaceEventData {
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty({ example: 'Marktplatz Bad Cannstatt' }) name: string;
  @ApiProperty({ enum: NON_DRAFT }) status: MarketplaceEventData['status'];
  @ApiProperty({ enum: MARKETPLACE_STATUSES }) previousStatus: MarketplaceEventData['previousStatus'];
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) quarterIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) roundId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
}

export class SchedulePublishedDataDto implements SchedulePublishedData {
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES }) status: SchedulePublishedData['status'];
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ description: 'The schedule version published (GET /v1/marketplaces/{id}/schedules/{version}).' }) scheduleVersion: number;
  @ApiProperty({ minimum: 0, description: 'Meetings in it.' }) meetings: number;
  @ApiProperty({ type: String, format: 'date-time' }) publishedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
}

// ------------------------------------------------------------------------------- envelopes

/** What every event has; the feed's items and the webhook bodies are these. */
abstract class EventBaseDto {
  @ApiProperty({ format: 'uuid', description: 'The event id: the same in the feed and in every (re)delivery; drop duplicates by it.' }) id: string;
  @ApiProperty({ minimum: 1, description: 'Position in the change feed: ascending in commit order.', example: 4711 }) seq: number;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: Date;
  @ApiProperty({ description: 'Readable by everybody; private events only by the organisations in organisationIds.' }) public: boolean;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'The organisations the event concerns.' }) organisationIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The district it belongs to (offers: the company\'s home district).' }) districtId: string | null;
}

export class NeedPublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['need.published'], description: 'A need was published (or published again). Public.' }) type: 'need.published';
  @ApiProperty({ type: NeedPublishedDataDto }) data: NeedPublishedDataDto;
}

export class OfferPublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['offer.published'], description: 'An offer was published (or resumed). Public.' }) type: 'offer.published';
  @ApiProperty({ type: OfferPublishedDataDto }) data: OfferPublishedDataDto;
}

export class MatchCreatedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['match.created'], description: 'A need and an offer were matched for the first time (a rematch of an existing pair emits nothing). Private to both organisations.' })
  type: 'match.created';
  @ApiProperty({ type: MatchCreatedDataDto }) data: MatchCreatedDataDto;
}

export class CooperationEventDto extends EventBaseDto {
  @ApiProperty({ enum: COOPERATION_EVENT_TYPES, description: 'A cooperation reached this status (every transition, from the proposal on). Private to both parties.' })
  type: (typeof COOPERATION_EVENT_TYPES)[number];
  @ApiProperty({ type: CooperationEventDataDto }) data: CooperationEventDataDto;
}

export class AgreementSignedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['agreement.signed'], description: 'An Engagement-Vereinbarung was signed by both sides (the second signature). Private to both parties.' })
  type: 'agreement.signed';
  @ApiProperty({ type: AgreementSignedDataDto }) data: AgreementSignedDataDto;
}

export class MarketplaceEventDto extends EventBaseDto {
  @ApiProperty({ enum: Object.values(MARKETPLACE_EVENT_OF_STATUS), description: 'A marketplace (event) changed status. Public; nothing is announced about drafts.' })
  type: (typeof MARKETPLACE_EVENT_OF_STATUS)[keyof typeof MARKETPLACE_EVENT_OF_STATUS];
  @ApiProperty({ type: MarketplaceEventDataDto }) data: MarketplaceEventDataDto;
}

export class SchedulePublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['marketplace.schedule_published'], description: "A marketplace's 1:1 meeting schedule was published (a version). Public." })
  type: 'marketplace.schedule_published';
  @ApiProperty({ type: SchedulePublishedDataDto }) data: SchedulePublishedDataDto;
}

export const EVENT_ENVELOPES = [
  NeedPublishedEventDto,
  OfferPublishedEventDto,
  MatchCreatedEventDto,
  CooperationEventDto,
  AgreementSignedEventDto,
  MarketplaceEventDto,
  SchedulePublishedEventDto,
];

/** The envelope class documenting each type. */
export function envelopeOf(type: EventType): (typeof EVENT_ENVELOPES)[number] {
  if (type === 'need.published') return NeedPublishedEventDto;
  if (type === 'offer.published') return OfferPublishedEventDto;
  if (type === 'match.created') return MatchCreatedEventDto;
  if (type === 'agreement.signed') return AgreementSignedEventDto;
  if (type === 'marketplace.schedule_published') return SchedulePublishedEventDto;
  if (type.startsWith('cooperation.')) return CooperationEventDto;
  return MarketplaceEventDto;
}

/** One event: the oneOf of the envelopes, told apart by `type`. */
export const EVENT_SCHEMA = {
  oneOf: EVENT_ENVELOPES.map((e) => ({ $ref: getSchemaPath(e) })),
  discriminator: { propertyName: 'type', mapping: Object.fromEntries(EVENT_TYPES.map((t) => [t, getSchemaPath(envelopeOf(t))])) },
};

export type EventDto =
  | NeedPublishedEventDto
  | OfferPublishedEventDto
  | MatchCreatedEventDto
  | CooperationEventDto
  | AgreementSignedEventDto
  | MarketplaceEventDto
  | SchedulePublishedEventDto;

export class EventPageDto {
  @ApiProperty({ type: 'array', items: EVENT_SCHEMA, description: 'In feed order (seq ascending).' }) items: EventDto[];
  @ApiProperty({ description: 'Always set: poll again with `after=<nextCursor>` (the same value while nothing new arrived).' }) nextCursor: string;
}
