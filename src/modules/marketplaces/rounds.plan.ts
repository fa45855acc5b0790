/**
 * Pure helpers of the rounds service: the input fingerprint, the organiser's plan edits (validated
 * against the round and recomputed from what the planner saw) and local event times. No I/O.
 */
import { createHash } from 'node:crypto';
import type { FieldError } from '../../common/errors/error-codes';
import { distanceKm } from '../listings/geo';
import { DEFAULT_OPTIONS, eventId, type LeftOutQuarter, type PlannedEvent, type RoundPlan, type RoundPlanningInput } from './planning';

/** What the planner saw per Quartier, stored with the plan so that edits can be recomputed. */
export interface PlanQuarter {
  id: string;
  name: string;
  boroughId: string | null;
  participants: number;
  matchValue: number;
  /** Centroid (absent in plans stored before it was recorded). */
  lat?: number;
  lon?: number;
}

/** The plan as stored in rounds.plan: the planner's output, what it saw, and whether the organiser edited it. */
export interface StoredPlan extends RoundPlan {
  quarters: PlanQuarter[];
  crossValues: { districtIds: [string, string]; value: number }[];
  edited: boolean;
}

export interface PlanVenue {
  id: string;
  name: string;
  capacity: number;
  tables: number;
  availableDates: string[];
  lat: number;
  lon: number;
}

/** Canonical JSON (sorted keys, arrays sorted where order carries no meaning) → sha256. */
export function planInputHash(input: RoundPlanningInput): string {
  const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const canonical = {
    districts: sortBy(input.districts, (d) => d.id),
    pools: sortBy(input.pools, (p) => p.districtId),
    crossValues: sortBy(
      input.crossValues.map((c) => ({ districtIds: [...c.districtIds].sort(), value: c.value })),
      (c) => c.districtIds.join(','),
    ),
    candidateDates: [...input.candidateDates].sort(),
    venues: sortBy(
      input.venues.map((v) => ({ ...v, dates: v.dates ? [...v.dates].sort() : undefined })),
      (v) => v.id,
    ),
    targetSize: input.targetSize,
    weights: input.weights ?? null,
    options: input.options ?? null,
  };
  return createHash('sha256').update(stableStringify(canonical)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface PlanEdit {
  quarterIds: string[];
  venueId: string;
  date: string;
}

/**
 * Applies the organiser's events to a stored plan: validates them against the round (Quartiere of
 * the area, venues of the round, candidate dates the venue has, each Quartier and each venue/date
 * at most once) and recomputes each event's figures from what the planner saw. Field errors when
 * anything is wrong; the new plan otherwise.
 */
export function applyPlanEdit(
  plan: StoredPlan,
  edits: PlanEdit[],
  round: { candidateDates: string[]; targetMin: number; targetMax: number },
  venues: PlanVenue[],
): { plan?: StoredPlan; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const quarters = new Map(plan.quarters.map((q) => [q.id, q]));
  const venueById = new Map(venues.map((v) => [v.id, v]));
  const seenQuarter = new Map<string, number>();
  const seenSlot = new Map<string, number>();
  edits.forEach((e, i) => {
    e.quarterIds.forEach((q, j) => {
      if (!quarters.has(q)) errors.push({ field: `events[${i}].quarterIds[${j}]`, reason: 'notInArea', message: "not a Quartier of the round's area" });
      const before = seenQuarter.get(q);
      if (before !== undefined) errors.push({ field: `events[${i}].quarterIds[${j}]`, reason: 'duplicate', message: `the Quartier is already in events[${before}]` });
      else seenQuarter.set(q, i);
    });
    const venue = venueById.get(e.venueId);
    if (!venue) errors.push({ field: `events[${i}].venueId`, reason: 'unknownVenue', message: 'not a venue of this round' });
    if (!round.candidateDates.includes(e.date)) errors.push({ field: `events[${i}].date`, reason: 'notCandidateDate', message: 'not a candidate date of the round' });
    else if (venue && venue.availableDates.length && !venue.availableDates.includes(e.date)) {
      errors.push({ field: `events[${i}].date`, reason: 'venueUnavailable', message: 'the venue is not available on this date' });
    }
    const slot = `${e.venueId}|${e.date}`;
    const other = seenSlot.get(slot);
    if (other !== undefined) errors.push({ field: `events[${i}].venueId`, reason: 'venueTaken', message: `the venue already hosts events[${other}] on this date` });
    else seenSlot.set(slot, i);
  });
  if (errors.length) return { errors };

  const cross = new Map<string, number>();
  for (const c of plan.crossValues) {
    const key = [...c.districtIds].sort().join('|');
    cross.set(key, (cross.get(key) ?? 0) + c.value);
  }
  const previous = new Map(plan.events.map((e) => [e.id, e]));
  const events: PlannedEvent[] = edits.map((e) => {
    const qs = [...e.quarterIds].sort().map((id) => quarters.get(id)!);
    const venue = venueById.get(e.venueId)!;
    const participants = qs.reduce((s, q) => s + q.participants, 0);
    let crossValue = 0;
    for (let a = 0; a < qs.length; a++) for (let b = a + 1; b < qs.length; b++) crossValue += cross.get([qs[a].id, qs[b].id].sort().join('|')) ?? 0;
    const value = qs.reduce((s, q) => s + q.matchValue, 0) + crossValue;
    const id = eventId(qs.map((q) => q.id));
    const before = previous.get(id);
    const located = qs.filter((q) => q.lat !== undefined && q.lon !== undefined);
    const travelWeight = located.reduce((s, q) => s + q.participants, 0);
    const averageTravelKm =
      located.length === qs.length && travelWeight > 0
        ? Math.round((100 * located.reduce((s, q) => s + q.participants * distanceKm(q.lat!, q.lon!, venue.lat, venue.lon), 0)) / travelWeight) / 100
        : (before?.averageTravelKm ?? 0);
    return {
      id,
      quarterIds: qs.map((q) => q.id),
      quarterNames: qs.map((q) => q.name),
      boroughIds: [...new Set(qs.map((q) => q.boroughId).filter((b): b is string => !!b))].sort(),
      venueId: venue.id,
      venueName: venue.name,
      date: e.date,
      expectedParticipants: participants,
      tablesNeeded: Math.max(1, Math.ceil(participants / PARTICIPANTS_PER_TABLE)),
      valueCaptured: round4(value),
      crossValueCaptured: round4(crossValue),
      averageTravelKm,
      sizeStatus: participants > round.targetMax ? 'above-target' : 'within-target',
      reason: before?.reason ?? (qs.length > 1 ? 'merged-to-reach-target' : 'alone'),
      explanation: before?.explanation ?? 'Vom Veranstalter festgelegt. / Set by the organiser.',
    };
  });
  const planned = new Set(events.flatMap((e) => e.quarterIds));
  const leftBefore = new Map(plan.leftOut.map((l) => [l.districtId, l]));
  const leftOut: LeftOutQuarter[] = plan.quarters
    .filter((q) => !planned.has(q.id))
    .map(
      (q) =>
        leftBefore.get(q.id) ?? {
          districtId: q.id,
          name: q.name,
          expectedParticipants: q.participants,
          matchValue: q.matchValue,
          reason: 'too-small',
          explanation: 'Vom Veranstalter aus dem Plan genommen. / Removed from the plan by the organiser.',
        },
    );
  const valueCaptured = events.reduce((s, e) => s + e.valueCaptured, 0);
  // The organiser may know better than the planner; what does not fit is said, not refused.
  const warnings = plan.warnings.filter((w) => !['VENUE_TOO_SMALL', 'TOO_FEW_TABLES', 'EVENT_BELOW_TARGET'].includes(w.code));
  events.forEach((e, i) => {
    const venue = venueById.get(e.venueId)!;
    if (e.expectedParticipants > venue.capacity) {
      warnings.push({ code: 'VENUE_TOO_SMALL', message: `events[${i}]: ${e.expectedParticipants} erwartete Teilnehmende, ${venue.name} fasst ${venue.capacity}. / ${e.expectedParticipants} expected participants, ${venue.name} holds ${venue.capacity}.` });
    }
    if (e.tablesNeeded > venue.tables) {
      warnings.push({ code: 'TOO_FEW_TABLES', message: `events[${i}]: ${e.tablesNeeded} Tische nötig, ${venue.name} hat ${venue.tables}. / ${e.tablesNeeded} tables needed, ${venue.name} has ${venue.tables}.` });
    }
    if (e.expectedParticipants < round.targetMin) {
      warnings.push({ code: 'EVENT_BELOW_TARGET', message: `events[${i}]: ${e.expectedParticipants} erwartete Teilnehmende, Ziel mindestens ${round.targetMin}. / ${e.expectedParticipants} expected participants, target at least ${round.targetMin}.` });
    }
  });
  const totalValue = plan.totals.totalValue;
  return {
    errors: [],
    plan: {
      ...plan,
      events,
      leftOut,
      totals: {
        ...plan.totals,
        valueCaptured: round4(valueCaptured),
        valueCapturedShare: totalValue > 0 ? round4(valueCaptured / totalValue) : 0,
        events: events.length,
        quartersPlanned: planned.size,
        quartersLeftOut: leftOut.length,
        participantsPlanned: events.reduce((s, e) => s + e.expectedParticipants, 0),
      },
      warnings,
      edited: true,
    },
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Tables an event needs: the planner's default. */
const PARTICIPANTS_PER_TABLE = DEFAULT_OPTIONS.participantsPerTable;

