import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EX_DAY, EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';
import { toInt } from '../../../common/http/pagination';

/** A feed cursor as encodeEventCursor writes it (events.service.ts): the last seq seen, opaque. */
const EX_EVENT_CURSOR = Buffer.from(JSON.stringify({ s: 'events', v: '4711' })).toString('base64url');
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
  @ApiPropertyOptional({ description: 'A `nextCursor` of this feed: events after it. Without one, the feed starts at its beginning.', example: EX_EVENT_CURSOR })
  @IsOptional() @IsString() @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated event types or families (\`cooperation.*\`): only these. One of: ${EVENT_TYPE_PATTERNS.join(', ')}.`,
    example: 'need.published,cooperation.*',
  })
  @IsOptional() @Transform(csv) @ArrayMaxSize(40) @IsIn(EVENT_TYPE_PATTERNS, { each: true })
  types?: EventTypePattern[];

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'Page size.', example: 100 })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

// ------------------------------------------------------------------------------- data

export class NeedPublishedDataDto implements NeedPublishedData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.need }) needId: string;
  @ApiProperty({ format: 'uuid', description: 'The nonprofit.' , example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ example: 'Umzugshelfer für unseren Jugendtreff' }) title: string;
  @ApiProperty({ example: 'time' }) category: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ enum: ['published'] , example: 'published' }) status: 'published';
  @ApiProperty({ type: String, format: 'date-time', description: 'The first publication.' , example: EX_TIME.needPublished }) publishedAt: string;
  @ApiProperty({ description: 'Published before (reopened).' , example: false }) republished: boolean;
  @ApiProperty({ description: 'The need\'s version after the change (its ETag).' , example: 2 }) version: number;
}

export class OfferPublishedDataDto implements OfferPublishedData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.offer }) offerId: string;
  @ApiProperty({ format: 'uuid', description: 'The company.' , example: EX_ID.company }) organisationId: string;
  @ApiProperty({ example: 'Mitarbeitende helfen beim Umzug' }) title: string;
  @ApiProperty({ example: 'time' }) category: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'The districts it serves by name.' , example: [EX_ID.quarter, EX_ID.quarter2] }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Serves a radius around the company (km).' , example: null }) radiusKm: number | null;
  @ApiProperty({ format: 'uuid', description: "The company's home district (the event's districtId)." , example: EX_ID.quarter2 }) homeDistrictId: string;
  @ApiProperty({ enum: ['published'] , example: 'published' }) status: 'published';
  @ApiProperty({ type: String, format: 'date-time', description: 'The first publication.' , example: EX_TIME.offerPublished }) publishedAt: string;
  @ApiProperty({ description: 'Published before (resumed after a pause).' , example: false }) republished: boolean;
  @ApiProperty({ example: 2 }) version: number;
}

export class MatchCreatedDataDto implements MatchCreatedData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.match }) matchId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.need }) needId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.offer }) offerId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.nonprofit }) needOrganisationId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.company }) offerOrganisationId: string;
  @ApiProperty({ format: 'uuid', description: "The need's Quartier." , example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.7312, description: 'The score when the match was first stored; rematches change it (GET /v1/matches/{id}).' }) score: number;
}

export class CooperationEventDataDto implements CooperationEventData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.cooperation }) cooperationId: string;
  @ApiProperty({ enum: COOPERATION_STATUSES , example: 'accepted' }) status: CooperationEventData['status'];
  @ApiProperty({ enum: COOPERATION_STATUSES, nullable: true, description: 'null for cooperation.proposed.' , example: 'proposed' }) previousStatus: CooperationEventData['previousStatus'];
  @ApiProperty({ enum: ['propose', ...COOPERATION_ACTIONS] , example: 'accept' }) action: CooperationEventData['action'];
  @ApiProperty({ format: 'uuid' , example: EX_ID.nonprofit }) nonprofitId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.company }) companyId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true , example: EX_ID.need }) needId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true , example: EX_ID.offer }) offerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Recorded at this marketplace (notary desk).' , example: null }) marketplaceId: string | null;
  @ApiProperty({ format: 'uuid' , example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.nonprofit }) proposedByOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Whose member acted; null when the system did (expiry, completion at the end date, the evaluation window).' , example: EX_ID.company })
  actorOrganisationId: string | null;
}

export class AgreementSignedDataDto implements AgreementSignedData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.agreement }) agreementId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.cooperation }) cooperationId: string;
  @ApiProperty({ description: 'The version now in force.' , example: 1 }) version: number;
  @ApiProperty({ format: 'uuid' , example: EX_ID.nonprofit }) nonprofitId: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.company }) companyId: string;
  @ApiProperty({ type: String, format: 'date', nullable: true , example: EX_DAY.agreementStarts }) startsOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true , example: EX_DAY.agreementEnds }) endsOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'The second signature.' , example: EX_TIME.signedCompany }) signedAt: string;
}

const NON_DRAFT = MARKETPLACE_STATUSES.filter((s) => s !== 'draft');

export class MarketplaceEventDataDto implements MarketplaceEventData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ example: 'Marktplatz Bad Cannstatt' }) name: string;
  @ApiProperty({ enum: NON_DRAFT , example: 'open' }) status: MarketplaceEventData['status'];
  @ApiProperty({ enum: MARKETPLACE_STATUSES , example: 'draft' }) previousStatus: MarketplaceEventData['previousStatus'];
  @ApiProperty({ format: 'uuid' , example: EX_ID.borough }) districtId: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true , example: [EX_ID.quarter, EX_ID.quarter2] }) quarterIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true , example: EX_ID.round }) roundId: string | null;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.marketplaceStarts }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.marketplaceEnds }) endsAt: string;
}

export class SchedulePublishedDataDto implements SchedulePublishedData {
  @ApiProperty({ format: 'uuid' , example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ example: EX_NAME.marketplace }) name: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES , example: 'scheduled' }) status: SchedulePublishedData['status'];
  @ApiProperty({ format: 'uuid' , example: EX_ID.borough }) districtId: string;
  @ApiProperty({ description: 'The schedule version published (GET /v1/marketplaces/{id}/schedules/{version}).' , example: 2 }) scheduleVersion: number;
  @ApiProperty({ minimum: 0, description: 'Meetings in it.' , example: 24 }) meetings: number;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.schedulePublished }) publishedAt: string;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.marketplaceStarts }) startsAt: string;
}

// ------------------------------------------------------------------------------- envelopes

/** What every event has; the feed's items and the webhook bodies are these. */
abstract class EventBaseDto {
  @ApiProperty({ format: 'uuid', description: 'The event id: the same in the feed and in every (re)delivery; drop duplicates by it.' , example: EX_ID.event }) id: string;
  @ApiProperty({ minimum: 1, description: 'Position in the change feed: ascending in commit order.', example: 4711 }) seq: number;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.needPublished }) occurredAt: Date;
  @ApiProperty({ description: 'Readable by everybody; private events only by the organisations in organisationIds.' , example: true }) public: boolean;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'The organisations the event concerns.' , example: [EX_ID.nonprofit] }) organisationIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The district it belongs to (offers: the company\'s home district).' , example: EX_ID.quarter }) districtId: string | null;
}

export class NeedPublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['need.published'], description: 'A need was published (or published again). Public.' , example: 'need.published' }) type: 'need.published';
  @ApiProperty({ type: NeedPublishedDataDto }) data: NeedPublishedDataDto;
}

export class OfferPublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['offer.published'], description: 'An offer was published (or resumed). Public.' , example: 'offer.published' }) type: 'offer.published';
  @ApiProperty({ type: OfferPublishedDataDto }) data: OfferPublishedDataDto;
}

export class MatchCreatedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['match.created'], description: 'A need and an offer were matched for the first time (a rematch of an existing pair emits nothing). Private to both organisations.' , example: 'match.created' })
  type: 'match.created';
  @ApiProperty({ type: MatchCreatedDataDto }) data: MatchCreatedDataDto;
}

export class CooperationEventDto extends EventBaseDto {
  @ApiProperty({ enum: COOPERATION_EVENT_TYPES, description: 'A cooperation reached this status (every transition, from the proposal on). Private to both parties.' , example: 'cooperation.accepted' })
  type: (typeof COOPERATION_EVENT_TYPES)[number];
  @ApiProperty({ type: CooperationEventDataDto }) data: CooperationEventDataDto;
}

export class AgreementSignedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['agreement.signed'], description: 'An Engagement-Vereinbarung was signed by both sides (the second signature). Private to both parties.' , example: 'agreement.signed' })
  type: 'agreement.signed';
  @ApiProperty({ type: AgreementSignedDataDto }) data: AgreementSignedDataDto;
}

export class MarketplaceEventDto extends EventBaseDto {
  @ApiProperty({ enum: Object.values(MARKETPLACE_EVENT_OF_STATUS), description: 'A marketplace (event) changed status. Public; nothing is announced about drafts.' , example: 'marketplace.opened' })
  type: (typeof MARKETPLACE_EVENT_OF_STATUS)[keyof typeof MARKETPLACE_EVENT_OF_STATUS];
  @ApiProperty({ type: MarketplaceEventDataDto }) data: MarketplaceEventDataDto;
}

export class SchedulePublishedEventDto extends EventBaseDto {
  @ApiProperty({ enum: ['marketplace.schedule_published'], description: "A marketplace's 1:1 meeting schedule was published (a version). Public." , example: 'marketplace.schedule_published' })
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
  @ApiProperty({
    type: 'array',
    items: EVENT_SCHEMA,
    description: 'In feed order (seq ascending).',
    example: [
      {
        id: EX_ID.event,
        seq: 4711,
        type: 'need.published',
        occurredAt: EX_TIME.needPublished,
        public: true,
        organisationIds: [EX_ID.nonprofit],
        districtId: EX_ID.quarter,
        data: { needId: EX_ID.need, organisationId: EX_ID.nonprofit, title: EX_NAME.needTitle, category: 'time', districtId: EX_ID.quarter, status: 'published', publishedAt: EX_TIME.needPublished, republished: false, version: 2 },
      },
    ],
  })
  items: EventDto[];
  @ApiProperty({ description: 'Always set: poll again with `after=<nextCursor>` (the same value while nothing new arrived).' , example: EX_EVENT_CURSOR }) nextCursor: string;
}
