import { COOPERATION_STATUSES, type CooperationAction, type CooperationStatus } from '../cooperations/cooperation.machine';
import type { MarketplaceStatus } from '../marketplaces/marketplace.machine';

/**
 * The domain events partners read in the change feed (GET /v1/events) and receive as webhooks.
 * Pure: no Nest, no database. Each event's `data` is small and stable (ids, status, title,
 * districts, the organisations' ids, timestamps): a partner fetches the full record from the API.
 */

/** A marketplace's status as an event name: `open` → `marketplace.opened` (draft has none: nothing is announced about drafts). */
export const MARKETPLACE_EVENT_OF_STATUS = {
  open: 'marketplace.opened',
  closed: 'marketplace.closed',
  scheduled: 'marketplace.scheduled',
  running: 'marketplace.running',
  finished: 'marketplace.finished',
  reported: 'marketplace.reported',
  cancelled: 'marketplace.cancelled',
} as const satisfies Record<Exclude<MarketplaceStatus, 'draft'>, `marketplace.${string}`>;

export const COOPERATION_EVENT_TYPES = COOPERATION_STATUSES.map((s) => `cooperation.${s}` as const);
export type CooperationEventType = (typeof COOPERATION_EVENT_TYPES)[number];
export type MarketplaceStatusEventType = (typeof MARKETPLACE_EVENT_OF_STATUS)[keyof typeof MARKETPLACE_EVENT_OF_STATUS];

export const EVENT_TYPES = [
  'need.published',
  'offer.published',
  'match.created',
  ...COOPERATION_EVENT_TYPES,
  'agreement.signed',
  ...Object.values(MARKETPLACE_EVENT_OF_STATUS),
  'marketplace.schedule_published',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The part before the dot: `cooperation.accepted` → `cooperation`. */
export const EVENT_FAMILIES = [...new Set(EVENT_TYPES.map((t) => t.split('.')[0]))] as Array<'need' | 'offer' | 'match' | 'cooperation' | 'agreement' | 'marketplace'>;
export type EventFamily = (typeof EVENT_FAMILIES)[number];

/** What a subscription or a feed filter may name: an event type, or `<family>.*` for every type of a family. */
export const EVENT_TYPE_PATTERNS = [...EVENT_TYPES, ...EVENT_FAMILIES.map((f) => `${f}.*` as const)] as const;
export type EventTypePattern = (typeof EVENT_TYPE_PATTERNS)[number];

export const isEventType = (value: unknown): value is EventType => typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
export const isEventTypePattern = (value: unknown): value is EventTypePattern =>
  typeof value === 'string' && (EVENT_TYPE_PATTERNS as readonly string[]).includes(value);

/** Whether a type is named by one of the patterns (exactly, or by its family's `.*`). */
export function matchesTypes(type: string, patterns: readonly string[]): boolean {
  return patterns.includes(type) || patterns.includes(`${type.split('.')[0]}.*`);
}

/** The event types the patterns name, each once, in EVENT_TYPES order. */
export function expandTypes(patterns: readonly string[]): EventType[] {
  return EVENT_TYPES.filter((t) => matchesTypes(t, patterns));
}

// ------------------------------------------------------------------------------------ data

export interface NeedPublishedData {
  needId: string;
  organisationId: string;
  title: string;
  category: string;
  districtId: string;
  status: 'published';
  /** first publication; a need published again (reopen) keeps it */
  publishedAt: string;
  /** true when the need had been published before (reopened) */
  republished: boolean;
  version: number;
}

export interface OfferPublishedData {
  offerId: string;
  organisationId: string;
  title: string;
  category: string;
  districtIds: string[];
  radiusKm: number | null;
  homeDistrictId: string;
  status: 'published';
  publishedAt: string;
  /** true when the offer had been published before (resumed after a pause) */
  republished: boolean;
  version: number;
}

export interface MatchCreatedData {
  matchId: string;
  needId: string;
  offerId: string;
  needOrganisationId: string;
  offerOrganisationId: string;
  districtId: string;
  /** the score when the match was first stored (it changes with rematches: read the match for the current one) */
  score: number;
}

export interface CooperationEventData {
  cooperationId: string;
  status: CooperationStatus;
  /** null for cooperation.proposed */
  previousStatus: CooperationStatus | null;
  action: CooperationAction | 'propose';
  nonprofitId: string;
  companyId: string;
  needId: string | null;
  offerId: string | null;
  marketplaceId: string | null;
  districtId: string;
  proposedByOrganisationId: string;
  /** the organisation whose member acted; null when the system did (expiry, the second signature's agree is the signer's) */
  actorOrganisationId: string | null;
}

export interface AgreementSignedData {
  agreementId: string;
  cooperationId: string;
  version: number;
  nonprofitId: string;
  companyId: string;
  startsOn: string | null;
  endsOn: string | null;
  signedAt: string;
}

export interface MarketplaceEventData {
  marketplaceId: string;
  name: string;
  status: Exclude<MarketplaceStatus, 'draft'>;
  previousStatus: MarketplaceStatus;
  districtId: string;
  quarterIds: string[];
  roundId: string | null;
  startsAt: string;
  endsAt: string;
}

export interface SchedulePublishedData {
  marketplaceId: string;
  name: string;
  status: MarketplaceStatus;
  districtId: string;
  scheduleVersion: number;
  meetings: number;
  publishedAt: string;
  startsAt: string;
}

/** The data of each event type. */
export type EventData = {
  'need.published': NeedPublishedData;
  'offer.published': OfferPublishedData;
  'match.created': MatchCreatedData;
  'agreement.signed': AgreementSignedData;
  'marketplace.schedule_published': SchedulePublishedData;
} & { [T in CooperationEventType]: CooperationEventData } & { [T in MarketplaceStatusEventType]: MarketplaceEventData };

/**
 * One event as emitted: who it concerns (`organisationIds`: their members and keys see a private
 * event), whether everybody may read it, the district it belongs to (subscriptions filter public
 * events by it) and its data.
 */
export interface EmitEvent<T extends EventType = EventType> {
  type: T;
  organisationIds: string[];
  public: boolean;
  districtId: string | null;
  data: EventData[T];
}
