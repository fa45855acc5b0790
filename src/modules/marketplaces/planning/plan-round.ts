/**
 * planRound: the draft plan of a marketplace round (pure, deterministic, idempotent).
 *
 * 1. Participants per Quartier = ceil(organisations × participantsPerOrganisation): an
 *    organisation with open needs or offers there is expected to send that many people.
 * 2. Grouping (grouping.ts): Quartiere into events within the target size, merging only
 *    neighbours (centroids at most adjacencyKm apart), same borough first (cross-borough penalty),
 *    maximising match value captured minus travel. Exact on components of up to exactMaxQuarters
 *    Quartiere, the agglomerative heuristic beyond.
 * 3. Venue and date per event (assignment.ts): no venue twice on a date, events of a borough
 *    spread over dates.
 * 4. Events without a free slot are dropped and their Quartiere reported as left out.
 */
import { createHash } from 'node:crypto';
import { assignVenues, type EventToPlace } from './assignment';
import { buildContext, evaluateGroup, type PlanningContext, type Quarter, tablesNeeded } from './context';
import { groupQuarters } from './grouping';
import type { EventReason, LeftOutQuarter, LeftOutReason, PlannedEvent, RoundPlan, RoundPlanningInput } from './model';

export interface PlanRoundOptions {
  /** Force the exhaustive or the heuristic grouping (tests and benchmarks); default auto. */
  grouping?: 'auto' | 'exact' | 'heuristic';
}

/** Event id from its Quartiere: the same Quartiere give the same id in every run. */
export function eventId(quarterIds: readonly string[]): string {
  return 'evt-' + createHash('sha256').update([...quarterIds].sort().join(',')).digest('hex').slice(0, 16);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => round2(x).toLocaleString('de-DE');
const fmtEn = (x: number) => String(round2(x));

export function planRound(input: RoundPlanningInput, opts: PlanRoundOptions = {}): RoundPlan {
  const ctx = buildContext(input);
  const grouping = groupQuarters(ctx, opts.grouping ?? 'auto');
  const warnings = [...ctx.warnings];

  const toPlace: EventToPlace[] = grouping.groups.map((members) => ({
    key: eventId(members.map((q) => ctx.quarters[q].id)),
    members,
    participants: members.reduce((s, q) => s + ctx.quarters[q].participants, 0),
    boroughs: new Set(members.map((q) => ctx.quarters[q].boroughId)),
  }));
  const placements = assignVenues(ctx, toPlace);

  const events: PlannedEvent[] = [];
  const reasonOf = new Map<string, LeftOutReason>();
  for (const e of toPlace) {
    const placement = placements.get(e.key);
    const qs = e.members.map((q) => ctx.quarters[q]);
    if (!placement) {
      for (const q of qs) reasonOf.set(q.id, 'no-free-date');
      continue;
    }
    const ev = evaluateGroup(ctx, e.members);
    const venue = ctx.venues[placement.venue];
    const reason: EventReason = qs.length === 1 ? 'alone' : qs.some((q) => q.participants < ctx.targetSize.min) ? 'merged-to-reach-target' : 'merged-for-value';
    const sizeStatus = e.participants > ctx.targetSize.max ? 'above-target' : 'within-target';
    const averageTravelKm = e.participants > 0 ? placement.personKm / e.participants : 0;
    if (sizeStatus === 'above-target') {
      warnings.push({
        code: 'EVENT_ABOVE_TARGET',
        message: `${qs[0].name}: ${e.participants} erwartete Teilnehmende über dem Ziel von ${ctx.targetSize.max} / ${e.participants} expected participants above the target of ${ctx.targetSize.max}`,
      });
    }
    events.push({
      id: e.key,
      quarterIds: qs.map((q) => q.id),
      quarterNames: qs.map((q) => q.name),
      boroughIds: [...e.boroughs].filter((b): b is string => b !== null).sort(),
      venueId: venue.id,
      venueName: venue.name,
      date: placement.date,
      expectedParticipants: e.participants,
      tablesNeeded: tablesNeeded(ctx, e.participants),
      valueCaptured: round2(ev.value),
      crossValueCaptured: round2(ev.crossValue),
      averageTravelKm: round2(averageTravelKm),
      sizeStatus,
      reason,
      explanation: explainEvent(ctx, qs, reason, e.participants, ev.value, ev.crossValue, averageTravelKm, venue.name, placement.date),
    });
  }
  const sortKey = (e: PlannedEvent) => `${e.date}|${e.quarterIds.join(',')}`;
  events.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

  const planned = new Set(events.flatMap((e) => e.quarterIds));
  const leftOut: LeftOutQuarter[] = [];
  for (const q of ctx.all) {
    if (planned.has(q.id)) continue;
    const reason = reasonOf.get(q.id) ?? leftOutReason(ctx, q);
    leftOut.push({ districtId: q.id, name: q.name, expectedParticipants: q.participants, matchValue: round2(q.value), reason, explanation: explainLeftOut(ctx, q, reason) });
  }
  const noDate = leftOut.filter((l) => l.reason === 'no-free-date');
  if (noDate.length) {
    warnings.push({
      code: 'EVENTS_WITHOUT_DATE',
      message: `${noDate.length} Quartiere ohne freien Ort/Termin; weitere Termine oder Orte nötig / ${noDate.length} quarters without a free venue and date; add dates or venues`,
    });
  }
  if (grouping.method === 'heuristic' || grouping.method === 'mixed') {
    warnings.push({
      code: 'HEURISTIC_GROUPING',
      message: `Gruppierung heuristisch (mehr als ${ctx.options.exactMaxQuarters} benachbarte Quartiere) / grouping by heuristic (more than ${ctx.options.exactMaxQuarters} connected quarters)`,
    });
  }

  const valueCaptured = events.reduce((s, e) => s + e.valueCaptured, 0);
  const objective = events.reduce((s, e) => {
    const members = e.quarterIds.map((id) => ctx.quarters.find((q) => q.id === id)!.index);
    return s + evaluateGroup(ctx, members).objective;
  }, 0);
  return {
    events,
    leftOut,
    totals: {
      totalValue: round2(ctx.totalValue),
      valueCaptured: round2(valueCaptured),
      valueCapturedShare: ctx.totalValue > 0 ? Math.round((valueCaptured / ctx.totalValue) * 10000) / 10000 : 0,
      events: events.length,
      quartersPlanned: planned.size,
      quartersLeftOut: leftOut.length,
      participantsPlanned: events.reduce((s, e) => s + e.expectedParticipants, 0),
      groupingObjective: round2(objective),
      method: grouping.method,
    },
    warnings,
  };
}

function leftOutReason(ctx: PlanningContext, q: Quarter): LeftOutReason {
  if (q.participants === 0) return 'empty-pool';
  if (q.participants >= ctx.targetSize.min) return 'no-venue';
  const idx = ctx.quarters.find((x) => x.id === q.id)!.index;
  if (ctx.neighbours[idx].length === 0) return 'too-small-isolated';
  return 'too-small';
}

function explainEvent(
  ctx: PlanningContext,
  qs: Quarter[],
  reason: EventReason,
  participants: number,
  value: number,
  crossValue: number,
  travelKm: number,
  venue: string,
  date: string,
): string {
  const names = qs.map((q) => q.name).join(', ');
  const { min, max } = ctx.targetSize;
  const de =
    reason === 'alone'
      ? `${names} erreicht mit ${participants} erwarteten Teilnehmenden allein die Zielgröße (${min}–${max}).`
      : reason === 'merged-to-reach-target'
        ? `${names} zusammengelegt: einzeln unter ${min} Teilnehmenden, zusammen ${participants}; ${fmt(crossValue)} Matchwert zwischen den Quartieren.`
        : `${names} zusammengelegt, weil ${fmt(crossValue)} Matchwert zwischen den Quartieren die Anfahrt überwiegt; zusammen ${participants} Teilnehmende.`;
  const en =
    reason === 'alone'
      ? `${names} reaches the target size (${min}–${max}) alone with ${participants} expected participants.`
      : reason === 'merged-to-reach-target'
        ? `${names} merged: each below ${min} participants, together ${participants}; match value ${fmtEn(crossValue)} between the quarters.`
        : `${names} merged because the match value ${fmtEn(crossValue)} between the quarters outweighs the travel; together ${participants} participants.`;
  return `${de} Erfasster Matchwert ${fmt(value)}, im Mittel ${fmt(travelKm)} km Anfahrt, ${venue} am ${date}. / ${en} Match value captured ${fmtEn(value)}, average travel ${fmtEn(travelKm)} km, ${venue} on ${date}.`;
}

function explainLeftOut(ctx: PlanningContext, q: Quarter, reason: LeftOutReason): string {
  const { min } = ctx.targetSize;
  switch (reason) {
    case 'empty-pool':
      return `${q.name}: keine Organisation mit offenen Bedarfen oder Angeboten. / ${q.name}: no organisation with open needs or offers.`;
    case 'too-small-isolated':
      return `${q.name}: ${q.participants} erwartete Teilnehmende (unter ${min}) und kein Nachbarquartier innerhalb von ${ctx.options.adjacencyKm} km. / ${q.name}: ${q.participants} expected participants (below ${min}) and no neighbouring quarter within ${ctx.options.adjacencyKm} km.`;
    case 'too-small':
      return `${q.name}: ${q.participants} erwartete Teilnehmende (unter ${min}); die Nachbarquartiere sind in anderen Veranstaltungen oder bleiben zusammen zu klein. / ${q.name}: ${q.participants} expected participants (below ${min}); its neighbours are in other events or stay too small together.`;
    case 'no-venue':
      return `${q.name}: kein passender Ort in der Nähe (Kapazität, Tische oder Termine fehlen). / ${q.name}: no suitable venue nearby (capacity, tables or dates missing).`;
    case 'no-free-date':
      return `${q.name}: alle passenden Orte sind an allen Terminen belegt. / ${q.name}: every suitable venue is booked on every candidate date.`;
  }
}
