/**
 * Venue and date of each event. A slot is (venue, date); a venue holds one event per date.
 * An event may use a venue that fits it (venueFits: near, capacity, tables). The cost of a slot is
 *   weights.travelPerPersonKm × participant-km from the members' centroids to the venue
 *   + weights.sameBoroughSameDate × events of a shared borough already on that date
 * (so the events of one borough spread over the dates when they share venues).
 *
 * Greedy with repair: events in order of fewest fitting slots, then most participants, then id,
 * each takes its cheapest free slot (ties: earlier date, lower venue id). An event that finds no
 * free slot tries an augmenting path (Kuhn): a holder of one of its slots moves to another free
 * slot of its own, recursively. So the number of events placed is the largest possible (a
 * maximum bipartite matching); the cost is a greedy one, not proven minimal.
 */
import { venueFits, type PlanningContext } from './context';

export interface EventToPlace {
  key: string;
  members: number[];
  participants: number;
  boroughs: Set<string | null>;
}

export interface Placement {
  venue: number;
  date: string;
  personKm: number;
}

interface Slot {
  venue: number;
  date: string;
  key: string;
  personKm: number;
}

export function assignVenues(ctx: PlanningContext, events: EventToPlace[]): Map<string, Placement> {
  const slotsOf = new Map<string, Slot[]>();
  for (const e of events) {
    const slots: Slot[] = [];
    for (const v of ctx.venues) {
      if (!venueFits(ctx, v, e.members, e.participants)) continue;
      let personKm = 0;
      for (const q of e.members) personKm += ctx.quarters[q].participants * ctx.venueDist[v.index * ctx.n + q];
      for (const date of v.dates) slots.push({ venue: v.index, date, key: `${v.index}|${date}`, personKm });
    }
    slotsOf.set(e.key, slots);
  }

  const holder = new Map<string, EventToPlace>(); // slot key → event
  const placed = new Map<string, Slot>(); // event key → slot
  const cost = (e: EventToPlace, s: Slot) => {
    let sameDate = 0;
    for (const [key, slot] of placed) {
      if (key === e.key || slot.date !== s.date) continue;
      const other = events.find((x) => x.key === key)!;
      if ([...other.boroughs].some((b) => e.boroughs.has(b))) sameDate++;
    }
    return ctx.weights.travelPerPersonKm * s.personKm + ctx.weights.sameBoroughSameDate * sameDate;
  };
  const cheapestFirst = (e: EventToPlace, slots: Slot[]) =>
    slots
      .map((s) => ({ s, c: cost(e, s) }))
      .sort((x, y) => x.c - y.c || (x.s.date < y.s.date ? -1 : x.s.date > y.s.date ? 1 : 0) || x.s.venue - y.s.venue)
      .map((x) => x.s);

  const order = [...events].sort(
    (a, b) => slotsOf.get(a.key)!.length - slotsOf.get(b.key)!.length || b.participants - a.participants || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const take = (e: EventToPlace, s: Slot) => {
    holder.set(s.key, e);
    placed.set(e.key, s);
  };
  const augment = (e: EventToPlace, visited: Set<string>): boolean => {
    const slots = cheapestFirst(e, slotsOf.get(e.key)!);
    for (const s of slots) {
      // A visited slot is the one being freed further up the path: never take it back.
      if (!holder.has(s.key) && !visited.has(s.key)) {
        take(e, s);
        return true;
      }
    }
    for (const s of slots) {
      if (visited.has(s.key)) continue;
      visited.add(s.key);
      const other = holder.get(s.key)!;
      holder.delete(s.key);
      placed.delete(other.key);
      if (augment(other, visited)) {
        take(e, s);
        return true;
      }
      take(other, s);
    }
    return false;
  };
  for (const e of order) augment(e, new Set());

  const out = new Map<string, Placement>();
  for (const [key, s] of placed) out.set(key, { venue: s.venue, date: s.date, personKm: s.personKm });
  return out;
}
