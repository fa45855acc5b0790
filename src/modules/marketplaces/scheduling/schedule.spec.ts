import fc from 'fast-check';
import { greedyFirstFreeSlot } from './greedy';
import { meetingValue, slotLowerBound, wishRank, type Assignment, type MeetingRequest, type Participant, type ScheduleInput, type ScheduleResult, type WishLevel } from './model';
import { scheduleMeetings } from './schedule';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const np = (id: string, unavailableSlots?: number[]): Participant => ({ id, side: 'nonprofit', ...(unavailableSlots ? { unavailableSlots } : {}) });
const co = (id: string, unavailableSlots?: number[]): Participant => ({ id, side: 'company', ...(unavailableSlots ? { unavailableSlots } : {}) });
const req = (id: string, nonprofitId: string, companyId: string, nonprofitWish: WishLevel = 'would', companyWish: WishLevel = 'accepted', matchScore = 0.5): MeetingRequest => ({
  id,
  nonprofitId,
  companyId,
  nonprofitWish,
  companyWish,
  matchScore,
});

/** Every hard constraint, and that every request is accounted for exactly once. */
function checkHardConstraints(input: ScheduleInput, res: ScheduleResult): void {
  const participants = new Map(input.participants.map((p) => [p.id, p]));
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const busy = new Set<string>();
  const tableUsed = new Set<string>();
  for (const a of res.assignments) {
    const r = requests.get(a.requestId);
    expect(r).toBeDefined(); // only requested pairs
    expect(seen.has(a.requestId)).toBe(false);
    seen.add(a.requestId);
    expect(Number.isInteger(a.slot) && a.slot >= 0 && a.slot < input.slots).toBe(true);
    expect(Number.isInteger(a.table) && a.table >= 1 && a.table <= input.tables).toBe(true);
    const n = participants.get(r!.nonprofitId)!;
    const c = participants.get(r!.companyId)!;
    expect(n.side).toBe('nonprofit');
    expect(c.side).toBe('company');
    for (const p of [n, c]) {
      expect(p.unavailableSlots ?? []).not.toContain(a.slot); // unavailable slots respected
      const key = `${p.id}@${a.slot}`;
      expect(busy.has(key)).toBe(false); // no participant twice in a slot
      busy.add(key);
    }
    const t = `${a.slot}#${a.table}`;
    expect(tableUsed.has(t)).toBe(false); // no table twice in a slot
    tableUsed.add(t);
  }
  for (const u of res.unplaced) {
    expect(requests.has(u.requestId)).toBe(true);
    expect(seen.has(u.requestId)).toBe(false);
    seen.add(u.requestId);
  }
  expect(seen.size).toBe(requests.size);
  expect(res.slotsUsed).toBe(new Set(res.assignments.map((a) => a.slot)).size);
  const value = new Map(input.requests.map((r) => [r.id, meetingValue(r)]));
  expect(res.valueHeld).toBe(res.assignments.reduce((s, a) => s + value.get(a.requestId)!, 0));
}

const WISHES: WishLevel[] = ['must', 'would', 'accepted'];

interface Shape {
  nonprofits: number;
  companies: number;
  slots: number;
  tables: number;
  unavailable: boolean;
}

/** Random event: participants, a random subset of the pairs as requests, random wishes and scores. */
function eventArb(max: { side: number; slots: number; tables: number }, unavailable: boolean): fc.Arbitrary<ScheduleInput> {
  return fc
    .record({
      nonprofits: fc.integer({ min: 1, max: max.side }),
      companies: fc.integer({ min: 1, max: max.side }),
      slots: fc.integer({ min: 1, max: max.slots }),
      tables: fc.integer({ min: 1, max: max.tables }),
      unavailable: fc.constant(unavailable),
    })
    .chain((s: Shape) =>
      fc
        .record({
          pairs: fc.array(fc.record({ take: fc.boolean(), a: fc.constantFrom(...WISHES), b: fc.constantFrom(...WISHES), score: fc.integer({ min: 0, max: 100 }) }), {
            minLength: s.nonprofits * s.companies,
            maxLength: s.nonprofits * s.companies,
          }),
          off: fc.array(fc.subarray(Array.from({ length: s.slots }, (_, i) => i)), { minLength: s.nonprofits + s.companies, maxLength: s.nonprofits + s.companies }),
        })
        .map(({ pairs, off }) => {
          const participants: Participant[] = [];
          for (let i = 0; i < s.nonprofits; i++) participants.push(np(`n${i}`, s.unavailable && off[i].length < s.slots ? off[i] : undefined));
          for (let j = 0; j < s.companies; j++) participants.push(co(`c${j}`, s.unavailable && off[s.nonprofits + j].length < s.slots ? off[s.nonprofits + j] : undefined));
          const requests: MeetingRequest[] = [];
          pairs.forEach((p, k) => {
            if (!p.take) return;
            const i = Math.floor(k / s.companies);
            const j = k % s.companies;
            requests.push(req(`r${String(k).padStart(3, '0')}`, `n${i}`, `c${j}`, p.a, p.b, p.score / 100));
          });
          return { participants, requests, slots: s.slots, tables: s.tables };
        }),
    );
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The exact oracle: HiGHS (MIP) on small instances
// ---------------------------------------------------------------------------------------------

type Highs = { solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number } };
let highs: Highs;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  highs = await require('highs')();
});

function solveMip(objective: string[], rows: string[], vars: string[]): number {
  if (vars.length === 0) return 0;
  const lp = ['Maximize', ` obj: ${objective.join(' + ')}`, 'Subject To', ...rows.map((r, i) => ` c${i}: ${r}`), 'Binary', ` ${vars.join(' ')}`, 'End'].join('\n');
  const sol = highs.solve(lp, { mip_rel_gap: 0, mip_abs_gap: 0.5, output_flag: false, log_to_console: false });
  expect(sol.Status).toBe('Optimal');
  return Math.round(sol.ObjectiveValue);
}

/** Valid requests: known participants of the right sides, at least one common available slot. */
function validRequests(input: ScheduleInput): MeetingRequest[] {
  const side = new Map(input.participants.map((p) => [p.id, p]));
  return input.requests.filter((r) => {
    const a = side.get(r.nonprofitId);
    const b = side.get(r.companyId);
    if (a?.side !== 'nonprofit' || b?.side !== 'company') return false;
    for (let c = 0; c < input.slots; c++) if (!(a.unavailableSlots ?? []).includes(c) && !(b.unavailableSlots ?? []).includes(c)) return true;
    return false;
  });
}

/** max Σ value·x: each participant in at most (its available slots) meetings, at most slots·tables in all. */
function selectionOptimum(input: ScheduleInput): number {
  const rs = validRequests(input);
  const vars = rs.map((_, i) => `x${i}`);
  const rows: string[] = [];
  for (const p of input.participants) {
    const mine = rs.map((r, i) => (r.nonprofitId === p.id || r.companyId === p.id ? `x${i}` : '')).filter(Boolean);
    const avail = input.slots - new Set((p.unavailableSlots ?? []).filter((c) => c >= 0 && c < input.slots)).size;
    if (mine.length > avail) rows.push(`${mine.join(' + ')} <= ${avail}`);
  }
  if (rs.length > input.slots * input.tables) rows.push(`${vars.join(' + ')} <= ${input.slots * input.tables}`);
  if (rows.length === 0) rows.push(`${vars[0]} <= 1`);
  return solveMip(rs.map((r, i) => `${meetingValue(r)} x${i}`), rows, vars);
}

/** The whole problem: y[e][c] = meeting e in slot c (available for both), one slot per participant per slot, tables per slot. */
function scheduleOptimum(input: ScheduleInput): number {
  const rs = validRequests(input);
  const part = new Map(input.participants.map((p) => [p.id, p]));
  const vars: string[] = [];
  const obj: string[] = [];
  const perEdge = new Map<number, string[]>();
  const perSlot = new Map<number, string[]>();
  const perPartSlot = new Map<string, string[]>();
  const add = <K,>(m: Map<K, string[]>, k: K, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  rs.forEach((r, e) => {
    for (let c = 0; c < input.slots; c++) {
      if ((part.get(r.nonprofitId)!.unavailableSlots ?? []).includes(c) || (part.get(r.companyId)!.unavailableSlots ?? []).includes(c)) continue;
      const v = `y${e}_${c}`;
      vars.push(v);
      obj.push(`${meetingValue(r)} ${v}`);
      add(perEdge, e, v);
      add(perSlot, c, v);
      add(perPartSlot, `${r.nonprofitId}@${c}`, v);
      add(perPartSlot, `${r.companyId}@${c}`, v);
    }
  });
  const rows: string[] = [];
  for (const vs of perEdge.values()) if (vs.length > 1) rows.push(`${vs.join(' + ')} <= 1`);
  for (const vs of perPartSlot.values()) if (vs.length > 1) rows.push(`${vs.join(' + ')} <= 1`);
  for (const vs of perSlot.values()) if (vs.length > input.tables) rows.push(`${vs.join(' + ')} <= ${input.tables}`);
  if (rows.length === 0 && vars.length > 0) rows.push(`${vars[0]} <= 1`);
  return solveMip(obj, rows, vars);
}

// ---------------------------------------------------------------------------------------------
// Value of a meeting
// ---------------------------------------------------------------------------------------------

describe('meetingValue', () => {
  it.each<[WishLevel, WishLevel, number]>([
    ['must', 'must', 5],
    ['must', 'would', 4],
    ['would', 'must', 4],
    ['would', 'would', 3],
    ['must', 'accepted', 2],
    ['accepted', 'would', 1],
    ['accepted', 'accepted', 0],
  ])('%s / %s has rank %i', (a, b, rank) => {
    expect(wishRank(a, b)).toBe(rank);
    expect(meetingValue({ nonprofitWish: a, companyWish: b, matchScore: 0 })).toBe(1000 * 4 ** rank);
  });

  it('each rank is worth more than twice the best meeting of the rank below', () => {
    for (let r = 1; r <= 5; r++) expect(1000 * 4 ** r).toBeGreaterThan(2 * (1000 * 4 ** (r - 1) + 999));
  });

  it.each([
    [0, 0],
    [0.5, 499],
    [1, 999],
    [1.7, 999],
    [-1, 0],
    [Number.NaN, 0],
  ])('match score %d adds %i', (score, points) => {
    expect(meetingValue({ nonprofitWish: 'accepted', companyWish: 'accepted', matchScore: score })).toBe(1000 + points);
  });
});

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

const tafel = np('Tafel Stuttgart');
const kinderhaus = np('Kinderhaus Sonnenschein');
const loeffler = co('Bäckerei Löffler');
const weber = co('Autohaus Weber');

describe('scheduleMeetings: scenarios', () => {
  it.each<[string, ScheduleInput, { held: string[]; slotsUsed: number; lowerBound: number; unplaced?: Record<string, string> }]>([
    ['one meeting: Tafel meets Bäckerei Löffler', { participants: [tafel, loeffler], requests: [req('m1', tafel.id, loeffler.id, 'must', 'must')], slots: 3, tables: 2 }, { held: ['m1'], slotsUsed: 1, lowerBound: 1 }],
    [
      'everyone meets everyone at one table: four slots',
      {
        participants: [tafel, kinderhaus, loeffler, weber],
        requests: [req('a', tafel.id, loeffler.id), req('b', tafel.id, weber.id), req('c', kinderhaus.id, loeffler.id), req('d', kinderhaus.id, weber.id)],
        slots: 6,
        tables: 1,
      },
      { held: ['a', 'b', 'c', 'd'], slotsUsed: 4, lowerBound: 4 },
    ],
    [
      'everyone meets everyone at two tables: two slots',
      {
        participants: [tafel, kinderhaus, loeffler, weber],
        requests: [req('a', tafel.id, loeffler.id), req('b', tafel.id, weber.id), req('c', kinderhaus.id, loeffler.id), req('d', kinderhaus.id, weber.id)],
        slots: 6,
        tables: 2,
      },
      { held: ['a', 'b', 'c', 'd'], slotsUsed: 2, lowerBound: 2 },
    ],
    [
      'a mutual must-meet beats two strong would-meets it blocks',
      {
        participants: [tafel, kinderhaus, loeffler, weber],
        requests: [req('must', tafel.id, loeffler.id, 'must', 'must', 0), req('w1', tafel.id, weber.id, 'would', 'would', 1), req('w2', kinderhaus.id, loeffler.id, 'would', 'would', 1)],
        slots: 1,
        tables: 2,
      },
      { held: ['must'], slotsUsed: 1, lowerBound: 1, unplaced: { w1: 'not-selected', w2: 'not-selected' } },
    ],
    [
      'Tafel comes late, Bäckerei Löffler leaves early: no common slot',
      { participants: [np('Tafel Stuttgart', [0]), co('Bäckerei Löffler', [1])], requests: [req('m', 'Tafel Stuttgart', 'Bäckerei Löffler', 'must', 'must')], slots: 2, tables: 5 },
      { held: [], slotsUsed: 0, lowerBound: 0, unplaced: { m: 'no-common-slot' } },
    ],
    [
      'Tafel comes late: its meetings go to the later slots',
      {
        participants: [np('Tafel Stuttgart', [0, 1]), loeffler, weber],
        requests: [req('a', 'Tafel Stuttgart', loeffler.id), req('b', 'Tafel Stuttgart', weber.id)],
        slots: 4,
        tables: 3,
      },
      { held: ['a', 'b'], slotsUsed: 2, lowerBound: 2 },
    ],
    [
      'invalid requests are reported, not scheduled',
      {
        participants: [tafel, loeffler, weber],
        requests: [req('ok', tafel.id, loeffler.id, 'must', 'would'), req('dup', tafel.id, loeffler.id), req('ghost', 'Unbekannter Verein', weber.id), req('sides', loeffler.id, weber.id)],
        slots: 2,
        tables: 2,
      },
      { held: ['ok'], slotsUsed: 1, lowerBound: 1, unplaced: { dup: 'duplicate-pair', ghost: 'unknown-participant', sides: 'wrong-sides' } },
    ],
  ])('%s', (_name, input, expected) => {
    const res = scheduleMeetings(input);
    checkHardConstraints(input, res);
    expect(res.assignments.map((a) => a.requestId).sort()).toEqual([...expected.held].sort());
    expect(res.slotsUsed).toBe(expected.slotsUsed);
    expect(res.lowerBound).toBe(expected.lowerBound);
    if (expected.unplaced) expect(Object.fromEntries(res.unplaced.map((u) => [u.requestId, u.reason]))).toEqual(expected.unplaced);
  });

  it('late Tafel: no meeting in the slots it misses', () => {
    const input: ScheduleInput = { participants: [np('Tafel Stuttgart', [0, 1]), loeffler, weber], requests: [req('a', 'Tafel Stuttgart', loeffler.id), req('b', 'Tafel Stuttgart', weber.id)], slots: 4, tables: 3 };
    const slots = scheduleMeetings(input).assignments.map((a) => a.slot).sort();
    expect(slots).toEqual([2, 3]);
  });

  it('rejects a non-positive number of slots or tables', () => {
    expect(() => scheduleMeetings({ participants: [], requests: [], slots: 0, tables: 1 })).toThrow(RangeError);
    expect(() => scheduleMeetings({ participants: [], requests: [], slots: 2, tables: 1.5 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('scheduleMeetings: properties', () => {
  it('without unavailability: every hard constraint, all selected meetings held, slots used = lower bound, slots 0..k-1, equal slot sizes ±1', () => {
    fc.assert(
      fc.property(eventArb({ side: 9, slots: 6, tables: 5 }, false), (input) => {
        const res = scheduleMeetings(input);
        checkHardConstraints(input, res);
        expect(res.unplaced.some((u) => u.reason === 'no-free-slot')).toBe(false);
        expect(res.slotsUsed).toBe(res.lowerBound);
        expect(res.diagnostics.gapToLowerBound).toBe(0);
        const deg = new Map<string, number>();
        const byReq = new Map(input.requests.map((r) => [r.id, r]));
        for (const a of res.assignments) for (const p of [byReq.get(a.requestId)!.nonprofitId, byReq.get(a.requestId)!.companyId]) deg.set(p, (deg.get(p) ?? 0) + 1);
        expect(res.lowerBound).toBe(slotLowerBound(res.assignments.length, Math.max(0, ...deg.values()), input.tables));
        const sizes = Array.from({ length: res.lowerBound }, (_, c) => res.assignments.filter((a) => a.slot === c).length);
        expect(sizes.every((s) => s > 0)).toBe(true);
        if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('with unavailability: every hard constraint', () => {
    fc.assert(
      fc.property(eventArb({ side: 9, slots: 6, tables: 5 }, true), (input) => {
        const res = scheduleMeetings(input);
        checkHardConstraints(input, res);
        expect(res.slotsUsed).toBeLessThanOrEqual(input.slots);
      }),
      { numRuns: 300 },
    );
  });

  it('the value held equals the optimum of an exact MIP (HiGHS) when no one is unavailable', () => {
    let shortestPaths = 0;
    fc.assert(
      fc.property(eventArb({ side: 7, slots: 4, tables: 4 }, false), (input) => {
        const res = scheduleMeetings(input);
        expect(res.valueHeld).toBe(selectionOptimum(input));
        if (res.diagnostics.augmentations > 0) shortestPaths++;
      }),
      { numRuns: 200 },
    );
    // Both phases of the selection are exercised: many instances need shortest-path augmentations.
    expect(shortestPaths).toBeGreaterThan(20);
  });

  it('the selection is optimal with unavailability too (exact MIP), and the gap of the slot placement to the exact optimum is measured', () => {
    const gaps: number[] = [];
    fc.assert(
      fc.property(eventArb({ side: 4, slots: 3, tables: 2 }, true), (input) => {
        const res = scheduleMeetings(input);
        const values = new Map(input.requests.map((r) => [r.id, meetingValue(r)]));
        const selectedValue = res.valueHeld + res.unplaced.filter((u) => u.reason === 'no-free-slot').reduce((s, u) => s + values.get(u.requestId)!, 0);
        expect(selectedValue).toBe(selectionOptimum(input)); // the relaxation is solved exactly
        const exact = scheduleOptimum(input);
        expect(res.valueHeld).toBeLessThanOrEqual(exact);
        expect(exact).toBeLessThanOrEqual(selectedValue);
        gaps.push(exact === 0 ? 0 : (exact - res.valueHeld) / exact);
      }),
      { numRuns: 150 },
    );
    const withGap = gaps.filter((g) => g > 0);
    // Reported, not asserted beyond sanity: placement with unavailability is NP-hard in general.
    console.log(`unavailability: ${withGap.length}/${gaps.length} instances below the exact optimum, worst gap ${(100 * Math.max(0, ...gaps)).toFixed(1)} %, mean ${((100 * gaps.reduce((a, b) => a + b, 0)) / gaps.length).toFixed(2)} %`);
    expect(withGap.length).toBeLessThan(gaps.length / 4);
  });

  it('is deterministic: the same input in any order gives the same schedule', () => {
    fc.assert(
      fc.property(eventArb({ side: 8, slots: 5, tables: 4 }, true), fc.integer({ min: 1, max: 1e6 }), (input, seed) => {
        const a = scheduleMeetings(input);
        const b = scheduleMeetings({ ...input, participants: shuffled(input.participants, seed), requests: shuffled(input.requests, seed + 1) });
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent: publishing the same input again against its own schedule changes nothing', () => {
    fc.assert(
      fc.property(eventArb({ side: 8, slots: 5, tables: 4 }, fc.sample(fc.boolean(), 1)[0]), (input) => {
        const first = scheduleMeetings(input);
        expect(scheduleMeetings(input)).toEqual(first);
        const again = scheduleMeetings({ ...input, previous: first.assignments });
        expect(again.assignments).toEqual(first.assignments);
        expect(again.changes).toEqual({ kept: first.assignments.map((a) => a.requestId).sort(), moved: [], dropped: [], added: [] });
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rescheduling after late registrations
// ---------------------------------------------------------------------------------------------

describe('scheduleMeetings: a new version after late registrations', () => {
  it('keeps every announced meeting where there is room: a late company gets the free slots', () => {
    const first: ScheduleInput = {
      participants: [tafel, kinderhaus, loeffler, weber],
      requests: [req('a', tafel.id, loeffler.id), req('b', tafel.id, weber.id), req('c', kinderhaus.id, loeffler.id), req('d', kinderhaus.id, weber.id)],
      slots: 4,
      tables: 2,
    };
    const published = scheduleMeetings(first);
    const late = co('Schreinerei Häberle');
    const second: ScheduleInput = {
      ...first,
      participants: [...first.participants, late],
      requests: [...first.requests, req('e', tafel.id, late.id, 'must', 'would'), req('f', kinderhaus.id, late.id)],
      previous: published.assignments,
    };
    const res = scheduleMeetings(second);
    checkHardConstraints(second, res);
    expect(res.changes).toEqual({ kept: ['a', 'b', 'c', 'd'], moved: [], dropped: [], added: ['e', 'f'] });
    expect(res.diagnostics.method).toBe('stable-constrained');
  });

  it('moves few meetings: random events, late participants with requests, the value stays optimal', () => {
    let moved = 0;
    let announced = 0;
    fc.assert(
      fc.property(eventArb({ side: 8, slots: 6, tables: 4 }, false), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1e6 }), (input, lateCount, seed) => {
        const published = scheduleMeetings(input);
        const late: Participant[] = Array.from({ length: lateCount }, (_, i) => (i % 2 === 0 ? co(`late-c${i}`) : np(`late-n${i}`)));
        const others = shuffled(input.participants, seed);
        const extra: MeetingRequest[] = [];
        late.forEach((p, i) =>
          others
            .filter((o) => o.side !== p.side)
            .slice(0, 3)
            .forEach((o, k) => extra.push(p.side === 'company' ? req(`z${i}${k}`, o.id, p.id, 'would', 'would', 0.9) : req(`z${i}${k}`, p.id, o.id, 'would', 'would', 0.9))),
        );
        const next: ScheduleInput = { ...input, participants: [...input.participants, ...late], requests: [...input.requests, ...extra], previous: published.assignments };
        const res = scheduleMeetings(next);
        checkHardConstraints(next, res);
        // The new version holds as much value as a fresh schedule of the same input.
        expect(res.valueHeld).toBe(scheduleMeetings({ ...next, previous: undefined }).valueHeld);
        const ch = res.changes!;
        expect(ch.kept.length + ch.moved.length + ch.dropped.length).toBe(published.assignments.length);
        // Announced meetings are dropped only when the optimum needs their place.
        for (const id of ch.dropped) expect(res.unplaced.find((u) => u.requestId === id)?.reason).toBe('not-selected');
        moved += ch.moved.length;
        announced += published.assignments.length;
      }),
      { numRuns: 200 },
    );
    console.log(`rescheduling: ${moved} of ${announced} announced meetings moved (${((100 * moved) / Math.max(1, announced)).toFixed(1)} %)`);
    expect(moved).toBeLessThan(0.1 * announced);
  });
});

// ---------------------------------------------------------------------------------------------
// The greedy baseline
// ---------------------------------------------------------------------------------------------

describe('greedyFirstFreeSlot', () => {
  it('respects the hard constraints and never holds more value than the optimum', () => {
    fc.assert(
      fc.property(eventArb({ side: 8, slots: 5, tables: 4 }, true), (input) => {
        const g = greedyFirstFreeSlot(input);
        const res = scheduleMeetings(input);
        const asResult = { ...res, assignments: g.assignments, unplaced: [], slotsUsed: new Set(g.assignments.map((a: Assignment) => a.slot)).size, valueHeld: g.valueHeld };
        const held = new Set(g.assignments.map((a) => a.requestId));
        const all = { ...asResult, unplaced: input.requests.filter((r) => !held.has(r.id)).map((r) => ({ requestId: r.id, reason: 'not-selected' as const })) };
        checkHardConstraints(input, all);
        if (!input.participants.some((p) => p.unavailableSlots?.length)) expect(g.valueHeld).toBeLessThanOrEqual(res.valueHeld);
      }),
      { numRuns: 150 },
    );
  });
});
