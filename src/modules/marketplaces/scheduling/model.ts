/**
 * The model of the 1:1 meetings at a marketplace event (Marktplatz): who may meet whom, what a
 * meeting is worth, and what a schedule looks like. Pure data, no Nest, no database.
 *
 * Conventions: a slot is a 0-based index (0 = the first round of meetings, the same index as in
 * `unavailableSlots`); a table is a 1-based number (the number printed on the table plan).
 */

export type Side = 'nonprofit' | 'company';

/**
 * How much one side wants a meeting: `must` (must meet), `would` (would like to meet) or
 * `accepted` (the other side asked; this side accepted without a wish of its own).
 * A request exists only once both sides agreed ("no" and declined requests are not passed in).
 */
export type WishLevel = 'must' | 'would' | 'accepted';

export interface Participant {
  readonly id: string;
  readonly side: Side;
  /** Slot indexes in which the participant cannot meet (arrives late, leaves early). */
  readonly unavailableSlots?: readonly number[];
}

export interface MeetingRequest {
  readonly id: string;
  readonly nonprofitId: string;
  readonly companyId: string;
  readonly nonprofitWish: WishLevel;
  readonly companyWish: WishLevel;
  /** The match score of the pair, 0..1 (values outside are clamped). */
  readonly matchScore: number;
}

export interface Assignment {
  readonly requestId: string;
  /** 0-based slot index. */
  readonly slot: number;
  /** 1-based table number, 1..tables. */
  readonly table: number;
}

export interface ScheduleInput {
  readonly participants: readonly Participant[];
  readonly requests: readonly MeetingRequest[];
  /** Number of slots (rounds of meetings) the organiser set. */
  readonly slots: number;
  /** Number of tables; at most this many meetings run in one slot. */
  readonly tables: number;
  /** The previously published schedule: the new one changes as few of these as possible. */
  readonly previous?: readonly Assignment[];
}

export type UnplacedReason =
  /** nonprofitId or companyId names no participant of the event. */
  | 'unknown-participant'
  /** nonprofitId is not a nonprofit or companyId is not a company. */
  | 'wrong-sides'
  /** Another request for the same pair is held instead (the more valuable one, then the smaller id). */
  | 'duplicate-pair'
  /** The two participants have no slot in which both are available. */
  | 'no-common-slot'
  /** The most valuable set of meetings that fits the slots and tables leaves this one out. */
  | 'not-selected'
  /** Selected, but no slot could be found for it (only possible with unavailable slots). */
  | 'no-free-slot';

export interface Unplaced {
  readonly requestId: string;
  readonly reason: UnplacedReason;
}

export interface ScheduleChanges {
  /** Previously announced meetings at the same slot and table. */
  readonly kept: readonly string[];
  /** Previously announced meetings held at another slot or table. */
  readonly moved: readonly { readonly requestId: string; readonly from: Omit<Assignment, 'requestId'>; readonly to: Omit<Assignment, 'requestId'> }[];
  /** Previously announced meetings no longer held. */
  readonly dropped: readonly string[];
  /** Meetings held now that were not announced before. */
  readonly added: readonly string[];
}

export interface ScheduleDiagnostics {
  /** `equitable-colouring`: exact (no unavailability); `constrained`: greedy placement with repair. */
  readonly method: 'equitable-colouring' | 'constrained' | 'stable-constrained' | 'stable-recoloured';
  readonly requests: number;
  readonly validRequests: number;
  readonly selected: number;
  readonly held: number;
  /** Most meetings of one participant among the selected ones. */
  readonly maxDegree: number;
  /** Augmenting paths of the min-cost flow (one meeting each, some reroute others). */
  readonly augmentations: number;
  /** Alternating-path (Kempe chain) recolourings while colouring. */
  readonly kempeFlips: number;
  /** Alternating-path swaps that evened out the slot sizes. */
  readonly balancingSwaps: number;
  /** slotsUsed - lowerBound (0 = optimal number of slots). */
  readonly gapToLowerBound: number;
}

export interface ScheduleResult {
  /** Sorted by slot, then table. */
  readonly assignments: readonly Assignment[];
  /** Sorted by request id. */
  readonly unplaced: readonly Unplaced[];
  /** max(most meetings of one participant, ceil(meetings / tables)) over the selected meetings. */
  readonly lowerBound: number;
  /** Number of distinct slots holding at least one meeting. */
  readonly slotsUsed: number;
  /** Sum of meetingValue over the held meetings. */
  readonly valueHeld: number;
  /** Sum of meetingValue over all valid requests. */
  readonly valueRequested: number;
  readonly changes?: ScheduleChanges;
  readonly diagnostics: ScheduleDiagnostics;
}

const WISH_POINTS: Record<WishLevel, number> = { must: 2, would: 1, accepted: 0 };

/**
 * Rank of a pair of wishes, mutual wishes first:
 *   5 must/must, 4 must/would, 3 would/would, 2 must/accepted, 1 would/accepted, 0 accepted/accepted.
 */
export function wishRank(a: WishLevel, b: WishLevel): number {
  const hi = Math.max(WISH_POINTS[a], WISH_POINTS[b]);
  const lo = Math.min(WISH_POINTS[a], WISH_POINTS[b]);
  if (lo > 0) return hi + lo + 1; // 2+2+1 = 5, 2+1+1 = 4, 1+1+1 = 3
  return hi; // 2, 1, 0
}

/** The score part of a meeting's value: 0..999. */
export function scorePoints(matchScore: number): number {
  const s = Number.isFinite(matchScore) ? Math.min(1, Math.max(0, matchScore)) : 0;
  return Math.floor(999 * s);
}

/**
 * The value of a meeting: 1000 · 4^rank + floor(999 · score), an integer from 1,000 to 1,024,999.
 *
 * Each rank is worth more than twice the best meeting of any lower rank. Holding one more meeting
 * displaces at most two others (one at each participant, or one because all tables are full), so a
 * maximum-value selection leaves a request out only if holding it would displace a meeting of the
 * same or a higher rank: a mutual must-meet is never given up for anything less. Within a rank the
 * match score decides.
 */
export function meetingValue(r: Pick<MeetingRequest, 'nonprofitWish' | 'companyWish' | 'matchScore'>): number {
  return 1000 * 4 ** wishRank(r.nonprofitWish, r.companyWish) + scorePoints(r.matchScore);
}

/** The lower bound on the number of slots: max(largest degree, ceil(meetings / tables)). */
export function slotLowerBound(meetings: number, maxDegree: number, tables: number): number {
  if (meetings === 0) return 0;
  return Math.max(maxDegree, Math.ceil(meetings / tables));
}
