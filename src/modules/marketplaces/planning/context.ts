/**
 * The planning context: the input normalised (sorted by id, so shuffled input gives the same
 * plan), distances and adjacency precomputed, and the evaluation of a candidate group.
 */
import { distanceKm } from '../../listings/geo';
import {
  DEFAULT_OPTIONS,
  DEFAULT_WEIGHTS,
  type PlanningOptions,
  type PlanningWeights,
  type PlanWarning,
  type RoundPlanningInput,
} from './model';

export interface Quarter {
  index: number;
  id: string;
  name: string;
  /** Parent district (the borough), null for a quarter without one. */
  boroughId: string | null;
  /** The quarter itself and all its ancestors. */
  ancestry: Set<string>;
  lat: number;
  lon: number;
  organisations: number;
  participants: number;
  value: number;
}

export interface Venue {
  index: number;
  id: string;
  name: string;
  districtId: string;
  lat: number;
  lon: number;
  capacity: number;
  tables: number;
  /** Available candidate dates, sorted. */
  dates: string[];
}

export interface PlanningContext {
  /** Every quarter of the area, sorted by id. */
  all: Quarter[];
  /** Quarters with participants (the ones that can be planned), sorted by id; index = position. */
  quarters: Quarter[];
  n: number;
  /** Centroid distances between planned quarters, n × n. */
  dist: Float64Array;
  /** Match value between quarters i and j (symmetric), n × n. */
  cross: Float64Array;
  neighbours: number[][];
  venues: Venue[];
  /** venueDist[v * n + q]: km from venue v to the centroid of quarter q. */
  venueDist: Float64Array;
  /** venueNear[v * n + q]: venue v serves quarter q (in it, in its borough or city, or close). */
  venueNear: Uint8Array;
  dates: string[];
  targetSize: { min: number; max: number };
  weights: PlanningWeights;
  options: PlanningOptions;
  /** Total match value of the area (inside and between all quarters, empty ones included). */
  totalValue: number;
  warnings: PlanWarning[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildContext(input: RoundPlanningInput): PlanningContext {
  const weights: PlanningWeights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const options: PlanningOptions = { ...DEFAULT_OPTIONS, ...input.options };
  const warnings: PlanWarning[] = [];
  const districts = new Map(input.districts.map((d) => [d.id, d]));

  const ancestry = (id: string): Set<string> => {
    const out = new Set<string>();
    let cur = districts.get(id);
    while (cur && !out.has(cur.id)) {
      out.add(cur.id);
      cur = cur.parentId ? districts.get(cur.parentId) : undefined;
    }
    return out;
  };

  const pools = new Map<string, { organisations: number; value: number }>();
  for (const p of [...input.pools].sort((a, b) => (a.districtId < b.districtId ? -1 : a.districtId > b.districtId ? 1 : 0))) {
    const d = districts.get(p.districtId);
    if (!d || d.level !== 'quarter') {
      warnings.push({ code: 'POOL_OUTSIDE_AREA', message: `Pool für unbekanntes Quartier ${p.districtId} ignoriert / pool of unknown quarter ${p.districtId} ignored` });
      continue;
    }
    const prev = pools.get(p.districtId) ?? { organisations: 0, value: 0 };
    pools.set(p.districtId, { organisations: prev.organisations + Math.max(0, p.organisations), value: prev.value + Math.max(0, p.matchValue) });
  }

  const all: Quarter[] = input.districts
    .filter((d) => d.level === 'quarter')
    .sort(byId)
    .map((d, index) => {
      const pool = pools.get(d.id) ?? { organisations: 0, value: 0 };
      return {
        index,
        id: d.id,
        name: d.name,
        boroughId: d.parentId,
        ancestry: ancestry(d.id),
        lat: d.lat,
        lon: d.lon,
        organisations: pool.organisations,
        participants: Math.ceil(pool.organisations * options.participantsPerOrganisation),
        value: pool.value,
      };
    });
  const quarters = all.filter((q) => q.participants > 0).map((q, index) => ({ ...q, index }));
  const n = quarters.length;
  const pos = new Map(quarters.map((q) => [q.id, q.index]));
  const allIds = new Set(all.map((q) => q.id));

  const dist = new Float64Array(n * n);
  const neighbours: number[][] = quarters.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = distanceKm(quarters[i].lat, quarters[i].lon, quarters[j].lat, quarters[j].lon);
      dist[i * n + j] = d;
      dist[j * n + i] = d;
      if (d <= options.adjacencyKm) {
        neighbours[i].push(j);
        neighbours[j].push(i);
      }
    }
  }

  let totalValue = all.reduce((s, q) => s + q.value, 0);
  const cross = new Float64Array(n * n);
  for (const c of input.crossValues) {
    const [a, b] = c.districtIds;
    const value = Math.max(0, c.value);
    if (a === b || !allIds.has(a) || !allIds.has(b)) {
      if (a === b || !districts.has(a) || !districts.has(b)) {
        warnings.push({ code: 'CROSS_VALUE_IGNORED', message: `Wert zwischen ${a} und ${b} ignoriert / value between ${a} and ${b} ignored` });
      }
      continue;
    }
    totalValue += value;
    const i = pos.get(a);
    const j = pos.get(b);
    if (i === undefined || j === undefined) continue; // one side has no participants: cannot be captured
    cross[i * n + j] += value;
    cross[j * n + i] += value;
  }

  const dates = [...new Set(input.candidateDates)].sort();
  const dateSet = new Set(dates);
  if (dates.length === 0) warnings.push({ code: 'NO_CANDIDATE_DATES', message: 'Keine Termine in der Runde / the round has no candidate dates' });
  const venues: Venue[] = [];
  for (const v of [...input.venues].sort(byId)) {
    const d = districts.get(v.districtId);
    if (!d && (v.lat == null || v.lon == null)) {
      warnings.push({ code: 'VENUE_WITHOUT_LOCATION', message: `Ort ${v.name} liegt außerhalb des Gebiets und hat keine Koordinaten / venue ${v.name} is outside the area and has no coordinates` });
      continue;
    }
    venues.push({
      index: venues.length,
      id: v.id,
      name: v.name,
      districtId: v.districtId,
      lat: v.lat ?? d!.lat,
      lon: v.lon ?? d!.lon,
      capacity: v.capacity,
      tables: v.tables,
      dates: v.dates ? [...new Set(v.dates)].filter((x) => dateSet.has(x)).sort() : dates,
    });
  }
  const venueDist = new Float64Array(venues.length * n);
  const venueNear = new Uint8Array(venues.length * n);
  for (const v of venues) {
    for (const q of quarters) {
      const d = distanceKm(v.lat, v.lon, q.lat, q.lon);
      venueDist[v.index * n + q.index] = d;
      venueNear[v.index * n + q.index] = q.ancestry.has(v.districtId) || d <= options.maxVenueKm ? 1 : 0;
    }
  }

  return { all, quarters, n, dist, cross, neighbours, venues, venueDist, venueNear, dates, targetSize: input.targetSize, weights, options, totalValue, warnings };
}

export interface GroupEvaluation {
  participants: number;
  /** Own values of the members plus the value between them. */
  value: number;
  crossValue: number;
  /** Travel to the best member Quartier (the medoid), participant-km. */
  personKm: number;
  medoid: number;
  boroughs: number;
  objective: number;
}

/** Value, travel and objective of a group of quarters (indexes into ctx.quarters). */
export function evaluateGroup(ctx: PlanningContext, members: readonly number[]): GroupEvaluation {
  const { quarters, n, cross, dist, weights } = ctx;
  let participants = 0;
  let value = 0;
  let crossValue = 0;
  const boroughs = new Set<string | null>();
  for (let a = 0; a < members.length; a++) {
    const qa = quarters[members[a]];
    participants += qa.participants;
    value += qa.value;
    boroughs.add(qa.boroughId);
    for (let b = a + 1; b < members.length; b++) crossValue += cross[members[a] * n + members[b]];
  }
  let personKm = Infinity;
  let medoid = members[0];
  for (const m of members) {
    let s = 0;
    for (const q of members) s += quarters[q].participants * dist[q * n + m];
    if (s < personKm - 1e-12 || (Math.abs(s - personKm) <= 1e-12 && quarters[m].id < quarters[medoid].id)) {
      personKm = s;
      medoid = m;
    }
  }
  value += crossValue;
  const objective = weights.value * value - weights.travelPerPersonKm * personKm - weights.crossBorough * (boroughs.size - 1);
  return { participants, value, crossValue, personKm, medoid, boroughs: boroughs.size, objective };
}

export function tablesNeeded(ctx: PlanningContext, participants: number): number {
  return Math.ceil(participants / ctx.options.participantsPerTable);
}

/** A venue that serves the group: near one member, large enough, enough tables, at least one date. */
export function venueFits(ctx: PlanningContext, venue: Venue, members: readonly number[], participants: number): boolean {
  if (venue.capacity < participants || venue.tables < tablesNeeded(ctx, participants) || venue.dates.length === 0) return false;
  return members.some((q) => ctx.venueNear[venue.index * ctx.n + q] === 1);
}

export function hasVenue(ctx: PlanningContext, members: readonly number[], participants: number): boolean {
  return ctx.venues.some((v) => venueFits(ctx, v, members, participants));
}

export function isConnected(ctx: PlanningContext, members: readonly number[]): boolean {
  if (members.length <= 1) return true;
  const inGroup = new Set(members);
  const seen = new Set([members[0]]);
  const stack = [members[0]];
  while (stack.length) {
    const q = stack.pop()!;
    for (const r of ctx.neighbours[q]) {
      if (inGroup.has(r) && !seen.has(r)) {
        seen.add(r);
        stack.push(r);
      }
    }
  }
  return seen.size === members.length;
}

/**
 * The rules of an event: connected through neighbours, at most maxQuartersPerEvent Quartiere,
 * at least the target minimum, at most the target maximum unless it is one Quartier alone
 * (then it is flagged above target), and a venue that fits.
 */
export function isValidGroup(ctx: PlanningContext, members: readonly number[], participants?: number): boolean {
  const p = participants ?? members.reduce((s, q) => s + ctx.quarters[q].participants, 0);
  if (members.length === 0 || members.length > ctx.options.maxQuartersPerEvent) return false;
  if (p < ctx.targetSize.min) return false;
  if (members.length > 1 && p > ctx.targetSize.max) return false;
  return isConnected(ctx, members) && hasVenue(ctx, members, p);
}
