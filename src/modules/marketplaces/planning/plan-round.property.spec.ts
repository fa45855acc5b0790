import fc from 'fast-check';
import { distanceKm } from '../../listings/geo';
import { buildContext, evaluateGroup, isValidGroup } from './context';
import { groupQuarters } from './grouping';
import type { PlanningDistrict, RoundPlanningInput } from './model';
import { planRound } from './plan-round';

const DATES = ['2026-06-02', '2026-06-09', '2026-06-16'];
const CANDIDATES = DATES.slice(0, 2); // the third date is never a candidate: venues offering it must not get it

/** Random small rounds: a city, 1–3 boroughs, 2–7 quarters within about 3 × 3 km, 1–3 venues. */
const roundArb: fc.Arbitrary<RoundPlanningInput> = fc
  .record({
    boroughs: fc.integer({ min: 1, max: 3 }),
    quarters: fc.array(
      fc.record({
        borough: fc.nat(2),
        dLat: fc.integer({ min: 0, max: 300 }),
        dLon: fc.integer({ min: 0, max: 400 }),
        organisations: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70 })),
        value: fc.integer({ min: 0, max: 30 }),
      }),
      { minLength: 2, maxLength: 7 },
    ),
    cross: fc.array(fc.record({ a: fc.nat(6), b: fc.nat(6), value: fc.integer({ min: 1, max: 10 }) }), { maxLength: 10 }),
    venues: fc.array(
      fc.record({ at: fc.nat(10), capacity: fc.integer({ min: 20, max: 160 }), tables: fc.integer({ min: 2, max: 16 }), dates: fc.subarray(DATES, { minLength: 1 }) }),
      { minLength: 1, maxLength: 3 },
    ),
    min: fc.integer({ min: 20, max: 50 }),
    span: fc.integer({ min: 20, max: 80 }),
    adjacencyKm: fc.integer({ min: 5, max: 25 }).map((x) => x / 10),
    maxQuartersPerEvent: fc.integer({ min: 2, max: 6 }),
  })
  .map((r) => {
    const districts: PlanningDistrict[] = [{ id: 'city', name: 'Stuttgart', level: 'city', parentId: null, lat: 48.77, lon: 9.17 }];
    for (let b = 0; b < r.boroughs; b++) districts.push({ id: `b${b}`, name: `Bezirk ${b}`, level: 'borough', parentId: 'city', lat: 48.77 + b * 0.01, lon: 9.17 });
    const qs = r.quarters.map((q, i) => ({ id: `q${i}`, name: `Quartier ${i}`, level: 'quarter' as const, parentId: `b${q.borough % r.boroughs}`, lat: 48.76 + q.dLat / 10000, lon: 9.15 + q.dLon / 10000 }));
    districts.push(...qs);
    const places = districts.map((d) => d.id);
    return {
      districts,
      pools: r.quarters.map((q, i) => ({ districtId: `q${i}`, organisations: q.organisations, openNeeds: q.organisations, openOffers: q.organisations, matchValue: q.value })),
      crossValues: r.cross.filter((c) => c.a < qs.length && c.b < qs.length && c.a !== c.b).map((c) => ({ districtIds: [`q${c.a}`, `q${c.b}`] as [string, string], value: c.value })),
      candidateDates: CANDIDATES,
      venues: r.venues.map((v, i) => ({ id: `v${i}`, name: `Ort ${i}`, districtId: places[v.at % places.length], capacity: v.capacity, tables: v.tables, dates: v.dates })),
      targetSize: { min: r.min, max: r.min + r.span },
      options: { adjacencyKm: r.adjacencyKm, maxQuartersPerEvent: r.maxQuartersPerEvent },
    };
  });

function checkInvariants(input: RoundPlanningInput, mode: 'auto' | 'heuristic') {
  const plan = planRound(input, { grouping: mode });
  const { min, max } = input.targetSize;
  const adjacencyKm = input.options!.adjacencyKm!;
  const byId = new Map(input.districts.map((d) => [d.id, d]));
  const orgs = new Map(input.pools.map((p) => [p.districtId, p.organisations]));
  const ancestors = (id: string) => {
    const out: string[] = [];
    for (let d = byId.get(id); d; d = d.parentId ? byId.get(d.parentId) : undefined) out.push(d.id);
    return out;
  };

  // Every quarter exactly once: in an event or left out.
  const quarterIds = input.districts.filter((d) => d.level === 'quarter').map((d) => d.id).sort();
  const seen = [...plan.events.flatMap((e) => e.quarterIds), ...plan.leftOut.map((l) => l.districtId)].sort();
  expect(seen).toEqual(quarterIds);
  for (const l of plan.leftOut) expect(l.reason === 'empty-pool').toBe((orgs.get(l.districtId) ?? 0) === 0);

  const slots = new Set<string>();
  let captured = 0;
  for (const e of plan.events) {
    // Size within the target, or one Quartier above it and flagged.
    const p = e.quarterIds.reduce((s, q) => s + (orgs.get(q) ?? 0), 0);
    expect(e.expectedParticipants).toBe(p);
    expect(p).toBeGreaterThanOrEqual(min);
    if (e.sizeStatus === 'within-target') expect(p).toBeLessThanOrEqual(max);
    else expect(e.quarterIds.length === 1 && p > max).toBe(true);
    expect(e.quarterIds.length).toBeLessThanOrEqual(input.options!.maxQuartersPerEvent!);

    // Only neighbours merged: the event's Quartiere are connected by centroid distance ≤ adjacencyKm.
    const members = e.quarterIds.map((id) => byId.get(id)!);
    const reached = new Set([members[0].id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of members) {
        if (reached.has(a.id)) continue;
        if (members.some((b) => reached.has(b.id) && distanceKm(a.lat, a.lon, b.lat, b.lon) <= adjacencyKm)) ((grew = true), reached.add(a.id));
      }
    }
    expect(reached.size).toBe(members.length);

    // The venue fits: capacity, tables, date offered and a candidate, near one Quartier.
    const v = input.venues.find((x) => x.id === e.venueId)!;
    expect(v.capacity).toBeGreaterThanOrEqual(p);
    expect(v.tables).toBeGreaterThanOrEqual(Math.ceil(p / 10));
    expect(v.dates).toContain(e.date);
    expect(input.candidateDates).toContain(e.date);
    const vd = byId.get(v.districtId)!;
    expect(members.some((m) => ancestors(m.id).includes(v.districtId) || distanceKm(vd.lat, vd.lon, m.lat, m.lon) <= 3)).toBe(true);

    // No venue twice on a date.
    const slot = `${e.venueId}|${e.date}`;
    expect(slots.has(slot)).toBe(false);
    slots.add(slot);

    // Value captured = own values + value between the members.
    const inside = new Set(e.quarterIds);
    const value =
      input.pools.filter((q) => inside.has(q.districtId)).reduce((s, q) => s + q.matchValue, 0) +
      input.crossValues.filter((c) => inside.has(c.districtIds[0]) && inside.has(c.districtIds[1])).reduce((s, c) => s + c.value, 0);
    expect(e.valueCaptured).toBeCloseTo(value, 6);
    captured += value;
  }
  const total = input.pools.reduce((s, q) => s + q.matchValue, 0) + input.crossValues.reduce((s, c) => s + c.value, 0);
  expect(plan.totals.totalValue).toBeCloseTo(total, 6);
  expect(captured).toBeLessThanOrEqual(total + 1e-9);
  expect(plan.totals.valueCapturedShare).toBeGreaterThanOrEqual(0);
  expect(plan.totals.valueCapturedShare).toBeLessThanOrEqual(1);
  return plan;
}

/** Exhaustive oracle: every set partition of the planned quarters; a valid block counts max(objective, 0). */
function bruteForceObjective(input: RoundPlanningInput): number {
  const ctx = buildContext(input);
  const n = ctx.n;
  let best = 0;
  const label = new Array<number>(n).fill(0);
  const visit = (i: number, blocks: number) => {
    if (i === n) {
      let total = 0;
      for (let b = 0; b < blocks; b++) {
        const members = label.map((l, q) => (l === b ? q : -1)).filter((q) => q >= 0);
        if (isValidGroup(ctx, members)) total += Math.max(0, evaluateGroup(ctx, members).objective);
      }
      best = Math.max(best, total);
      return;
    }
    for (let b = 0; b <= blocks; b++) {
      label[i] = b;
      visit(i + 1, Math.max(blocks, b + 1));
    }
  };
  visit(0, 0);
  return best;
}

describe('planRound: properties over random small rounds', () => {
  it('keeps every hard rule (exact grouping)', () => {
    fc.assert(fc.property(roundArb, (input) => void checkInvariants(input, 'auto')), { numRuns: 300, seed: 5 });
  });

  it('keeps every hard rule (heuristic grouping)', () => {
    fc.assert(fc.property(roundArb, (input) => void checkInvariants(input, 'heuristic')), { numRuns: 300, seed: 6 });
  });

  it('is deterministic: the same input twice gives the same plan', () => {
    fc.assert(fc.property(roundArb, (input) => expect(planRound(structuredClone(input))).toEqual(planRound(input))), { numRuns: 100, seed: 7 });
  });
});

describe('grouping against an exhaustive search', () => {
  const gaps: number[] = [];
  afterAll(() => {
    const withValue = gaps.length;
    const optimal = gaps.filter((g) => g <= 1e-9).length;
    const mean = gaps.reduce((s, g) => s + g, 0) / Math.max(1, withValue);
    const worst = Math.max(0, ...gaps);
    // The figure the issue asks for: how far the heuristic is from the optimum on tiny instances.
    console.log(
      `round planning heuristic vs exhaustive: ${withValue} instances, optimal in ${optimal} (${((100 * optimal) / Math.max(1, withValue)).toFixed(1)} %), ` +
        `mean gap ${(100 * mean).toFixed(3)} %, worst gap ${(100 * worst).toFixed(2)} % of the optimal objective`,
    );
  });

  it('the exact grouping equals the exhaustive optimum; the heuristic never beats it (gap reported)', () => {
    fc.assert(
      fc.property(roundArb, (input) => {
        const optimum = bruteForceObjective(input);
        const ctx = buildContext(input);
        const exact = groupQuarters(ctx, 'exact');
        const heuristic = groupQuarters(ctx, 'heuristic');
        expect(exact.objective).toBeCloseTo(optimum, 6);
        expect(heuristic.objective).toBeLessThanOrEqual(optimum + 1e-6);
        for (const g of heuristic.groups) expect(isValidGroup(ctx, g)).toBe(true);
        if (optimum > 1e-9) gaps.push((optimum - heuristic.objective) / optimum);
      }),
      { numRuns: 400, seed: 8 },
    );
    expect(gaps.length).toBeGreaterThan(100);
  });
});
