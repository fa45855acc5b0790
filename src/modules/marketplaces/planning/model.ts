/**
 * Round planning (Marktplatz rounds, issue 5): the input and output of the pure planning core.
 *
 * A round covers an area (a city or a borough). The planner decides which Quartiere (quarters)
 * get their own event, which small neighbouring Quartiere are merged into one event, and on
 * which candidate date and at which venue each event takes place. Pure data, no I/O: the
 * `plan-round` job loads the district tree, the pools and the match values and hands them in.
 */
import type { DistrictLevel } from '../../../common/domain/vocabulary';

/** A node of the round's district tree (city → borough → quarter) with its centroid. */
export interface PlanningDistrict {
  id: string;
  name: string;
  level: DistrictLevel;
  parentId: string | null;
  lat: number;
  lon: number;
}

/** What a Quartier brings into the round. */
export interface QuarterPool {
  districtId: string;
  openNeeds: number;
  openOffers: number;
  /**
   * Organisations with at least one open need or offer in this Quartier (each counted in one
   * Quartier only: its home Quartier). The participant estimate is based on this count.
   */
  organisations: number;
  /**
   * Match value inside the Quartier: the sum of the scores of mutual and strong matches whose
   * need and offer both lie in this Quartier.
   */
  matchValue: number;
}

/** Match value between two Quartiere: pairs with the need in one and the offer in the other. */
export interface CrossQuarterValue {
  districtIds: [string, string];
  value: number;
}

export interface PlanningVenue {
  id: string;
  name: string;
  /** Where the venue is: a quarter, or a borough / the city for central venues. */
  districtId: string;
  /** The venue's own location; the district's centroid when absent. */
  lat?: number;
  lon?: number;
  /** Most participants the venue holds. */
  capacity: number;
  /** Tables for the 1:1 meetings. */
  tables: number;
  /** Dates (YYYY-MM-DD) the venue is available; all candidate dates when absent. */
  dates?: string[];
}

export interface PlanningWeights {
  /** Weight of one unit of match value captured inside an event. */
  value: number;
  /** Penalty per participant-kilometre of travel (participant's Quartier centroid → event location). */
  travelPerPersonKm: number;
  /** Penalty per extra borough in one event (same borough first). */
  crossBorough: number;
  /** Venue/date stage: penalty per other event of the same borough already on that date. */
  sameBoroughSameDate: number;
}

export interface PlanningOptions {
  /** Two Quartiere are neighbours when their centroids are at most this far apart (km). */
  adjacencyKm: number;
  /** Participants an organisation sends (expected participants = organisations × this, rounded up per Quartier). */
  participantsPerOrganisation: number;
  /** Participants per meeting table: an event needs ceil(participants / this) tables. */
  participantsPerTable: number;
  /** A venue serves an event when it lies in one of its Quartiere or their borough, or within this distance (km) of one of their centroids. */
  maxVenueKm: number;
  /** Most Quartiere merged into one event. */
  maxQuartersPerEvent: number;
  /** Groups of connected Quartiere up to this size are planned exactly (exhaustive search); larger ones by the heuristic. */
  exactMaxQuarters: number;
}

export interface RoundPlanningInput {
  districts: PlanningDistrict[];
  pools: QuarterPool[];
  crossValues: CrossQuarterValue[];
  /** Candidate dates of the round, YYYY-MM-DD. */
  candidateDates: string[];
  venues: PlanningVenue[];
  /** Target event size in participants, e.g. 40..120. */
  targetSize: { min: number; max: number };
  weights?: Partial<PlanningWeights>;
  options?: Partial<PlanningOptions>;
}

export const DEFAULT_WEIGHTS: PlanningWeights = {
  value: 1,
  travelPerPersonKm: 0.05,
  crossBorough: 2,
  sameBoroughSameDate: 5,
};

export const DEFAULT_OPTIONS: PlanningOptions = {
  adjacencyKm: 2.5,
  participantsPerOrganisation: 1,
  participantsPerTable: 10,
  maxVenueKm: 3,
  maxQuartersPerEvent: 6,
  exactMaxQuarters: 14,
};

export type EventReason = 'alone' | 'merged-to-reach-target' | 'merged-for-value';
export type SizeStatus = 'within-target' | 'above-target';

export interface PlannedEvent {
  /** Derived from the sorted Quartier ids: the same Quartiere give the same id in every run. */
  id: string;
  quarterIds: string[];
  quarterNames: string[];
  boroughIds: string[];
  venueId: string;
  venueName: string;
  date: string;
  expectedParticipants: number;
  tablesNeeded: number;
  /** Match value inside the event: the Quartiere's own values plus the value between them. */
  valueCaptured: number;
  crossValueCaptured: number;
  /** Participant-weighted mean distance from the Quartier centroids to the venue, km. */
  averageTravelKm: number;
  sizeStatus: SizeStatus;
  reason: EventReason;
  /** German first, English second. */
  explanation: string;
}

export type LeftOutReason =
  | 'empty-pool' // no organisation with open needs or offers
  | 'too-small-isolated' // below the target and no neighbouring Quartier with participants
  | 'too-small' // below the target; its neighbours are in other events or stay too small together
  | 'no-venue' // big enough, but no venue with the capacity and tables nearby
  | 'no-free-date'; // its event had venues, but all were booked on every candidate date

export interface LeftOutQuarter {
  districtId: string;
  name: string;
  expectedParticipants: number;
  matchValue: number;
  reason: LeftOutReason;
  /** German first, English second. */
  explanation: string;
}

export interface PlanWarning {
  code: string;
  message: string;
}

export interface RoundPlan {
  events: PlannedEvent[];
  leftOut: LeftOutQuarter[];
  totals: {
    /** All match value in the area: inside Quartiere plus between them. */
    totalValue: number;
    valueCaptured: number;
    /** valueCaptured / totalValue (0 when there is no value). */
    valueCapturedShare: number;
    events: number;
    quartersPlanned: number;
    quartersLeftOut: number;
    participantsPlanned: number;
    /** Grouping objective: weighted value captured minus travel and cross-borough penalties. */
    groupingObjective: number;
    /** How the grouping was found: exhaustive for every component, heuristic for some. */
    method: 'exact' | 'heuristic' | 'mixed' | 'none';
  };
  warnings: PlanWarning[];
}
