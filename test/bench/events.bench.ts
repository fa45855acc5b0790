/**
 * Events benchmark (issue 5): scheduling the 1:1 meetings of a marketplace event.
 *
 *   (a) 500 participants, 5,000 accepted requests, 12 slots, 40 tables (goal: lower bound attained,
 *       under 50 ms);
 *   (b) 5,000 participants, 50,000 requests, 12 slots, 400 tables (goal: under 200 ms);
 *   (c) as (a) with 250 tables: the participants' slots bind, not the tables;
 *   (d) as (a) with 10 % of the participants unavailable for 1–3 slots at the start or the end;
 *   (e) a new version of (a) after late registrations (5 % more participants with requests).
 *
 * Each against the greedy first-free-slot scheduler (greedy.ts) measured in the same run: the
 * value it holds within the event's slots and tables, and the slots first-fit needs for the very
 * meetings the exact scheduler holds. Pure computation in this process, no database.
 * See test/bench/README.md.
 *
 *   npm run bench:events
 *   BENCH_REPS=50 npm run bench:events
 */
import { availableParallelism } from 'node:os';
import { greedyFirstFreeSlot } from '../../src/modules/marketplaces/scheduling/greedy';
import type { MeetingRequest, Participant, ScheduleInput, ScheduleResult } from '../../src/modules/marketplaces/scheduling/model';
import { scheduleMeetings } from '../../src/modules/marketplaces/scheduling/schedule';
import { makeEvent } from './events-dataset';
import { benchResult, envInt, fmt, measureSync, mulberry32, round, table } from './harness';

const REPS = envInt('BENCH_REPS', 20);
const WARMUPS = envInt('BENCH_WARMUPS', 3);
const SEED = envInt('BENCH_SEED', 20260315);
/** `WARMUPS` untimed calls, then `REPS` timed calls one after the other (ms). */
const measure = <T>(fn: () => T) => measureSync(fn, { reps: REPS, warmups: WARMUPS });

interface Scenario {
  key: string;
  label: string;
  input: ScheduleInput;
  goalMs?: number;
}

/**
 * Late registrations: `share` × participants new participants (alternating sides), each with 10
 * requests to random registered participants of the other side.
 */
function lateRegistrations(base: ScheduleInput, share: number, seed: number): ScheduleInput {
  const r = mulberry32(seed);
  const count = Math.round(base.participants.length * share);
  const nonprofits = base.participants.filter((p) => p.side === 'nonprofit');
  const companies = base.participants.filter((p) => p.side === 'company');
  const participants: Participant[] = [...base.participants];
  const requests: MeetingRequest[] = [...base.requests];
  for (let i = 0; i < count; i++) {
    const side = i % 2 === 0 ? 'nonprofit' : 'company';
    const id = `late-${String(i).padStart(3, '0')}`;
    participants.push({ id, side });
    const others = side === 'nonprofit' ? companies : nonprofits;
    const picked = new Set<number>();
    while (picked.size < Math.min(10, others.length)) picked.add(Math.floor(r() * others.length));
    for (const k of picked) {
      const other = others[k].id;
      requests.push({
        id: `${id}-req-${String(k).padStart(5, '0')}`,
        nonprofitId: side === 'nonprofit' ? id : other,
        companyId: side === 'nonprofit' ? other : id,
        nonprofitWish: r() < 0.3 ? 'must' : 'would',
        companyWish: r() < 0.5 ? 'would' : 'accepted',
        matchScore: 0.2 + 0.8 * r(),
      });
    }
  }
  return { ...base, participants, requests };
}

function main(): void {
  const a = makeEvent({ participants: 500, requests: 5000, slots: 12 }, SEED);
  const b = makeEvent({ participants: 5000, requests: 50_000, slots: 12 }, SEED + 1);
  const d = makeEvent({ participants: 500, requests: 5000, slots: 12, unavailableShare: 0.1 }, SEED + 2);
  const baseA: ScheduleInput = { ...a, slots: 12, tables: 40 };
  const scenarios: Scenario[] = [
    { key: 'a', label: '(a) 500 participants, 5,000 requests, 12 slots, 40 tables', input: baseA, goalMs: 50 },
    { key: 'b', label: '(b) 5,000 participants, 50,000 requests, 12 slots, 400 tables', input: { ...b, slots: 12, tables: 400 }, goalMs: 200 },
    { key: 'c', label: '(c) as (a), 250 tables (participants bind)', input: { ...a, slots: 12, tables: 250 } },
    { key: 'd', label: '(d) as (a), 10 % partly unavailable', input: { ...d, slots: 12, tables: 40 } },
  ];

  console.log(`Events benchmark: ${WARMUPS} warm-up runs, then ${REPS} timed runs each; ms. Machine: ${availableParallelism()} cores (shared: figures are noisy). Node ${process.version}.`);
  const results: Record<string, unknown> = {};
  const rows: string[][] = [];
  const greedyRows: string[][] = [];
  for (const s of scenarios) {
    const ours = measure(() => scheduleMeetings(s.input));
    const greedy = measure(() => greedyFirstFreeSlot(s.input));
    const r: ScheduleResult = ours.last;
    const g = greedy.last;
    // How many slots first-fit needs for exactly the meetings the exact scheduler holds.
    const held = new Set(r.assignments.map((x) => x.requestId));
    const sameSet = greedyFirstFreeSlot({ ...s.input, requests: s.input.requests.filter((q) => held.has(q.id)), slots: 10 * s.input.slots });
    const ok = s.goalMs === undefined ? '' : ours.timing.p50 < s.goalMs && r.slotsUsed === r.lowerBound ? 'met' : 'MISSED';
    rows.push([
      s.label,
      fmt(ours.timing.p50),
      fmt(ours.timing.p95),
      String(r.assignments.length),
      `${r.slotsUsed} / ${r.lowerBound}`,
      `${fmt((100 * r.valueHeld) / r.valueRequested, 1)} %`,
      String(r.unplaced.filter((u) => u.reason === 'no-free-slot').length),
      s.goalMs ? `${s.goalMs} ms: ${ok}` : '',
    ]);
    greedyRows.push([
      s.label,
      fmt(greedy.timing.p50),
      String(g.assignments.length),
      fmt(g.valueHeld / r.valueHeld, 3),
      `${sameSet.slotsUsed} / ${r.lowerBound}`,
      fmt(sameSet.slotsUsed / Math.max(1, r.lowerBound), 2),
    ]);
    results[s.key] = {
      p50Ms: round(ours.timing.p50),
      p95Ms: round(ours.timing.p95),
      held: r.assignments.length,
      slotsUsed: r.slotsUsed,
      lowerBound: r.lowerBound,
      valueShare: round(r.valueHeld / r.valueRequested),
      noFreeSlot: r.unplaced.filter((u) => u.reason === 'no-free-slot').length,
      augmentations: r.diagnostics.augmentations,
      greedy: { p50Ms: round(greedy.timing.p50), held: g.assignments.length, valueRatio: round(g.valueHeld / r.valueHeld), slotsForSameMeetings: sameSet.slotsUsed, slotRatio: round(sameSet.slotsUsed / Math.max(1, r.lowerBound)) },
    };
  }
  console.log('\nExact scheduler (selection by min-cost flow, slots by equitable edge colouring)');
  table(['scenario', 'p50 ms', 'p95 ms', 'held', 'slots used / lower bound', 'value held / requested', 'no free slot', 'goal'], rows);
  console.log('\nGreedy first-free-slot baseline, same run (value ratio = greedy / exact; slots = first-fit on the same meetings as the exact one, unlimited slots)');
  table(['scenario', 'p50 ms', 'held', 'value ratio', 'slots / lower bound', 'slot ratio'], greedyRows);

  // (e) A new version after late registrations.
  const published = scheduleMeetings(baseA);
  const later = lateRegistrations(baseA, 0.05, SEED + 3);
  const next = measure(() => scheduleMeetings({ ...later, previous: published.assignments }));
  const fresh = scheduleMeetings(later);
  const ch = next.last.changes!;
  const freshMoved = (() => {
    const now = new Map(fresh.assignments.map((x) => [x.requestId, x]));
    return published.assignments.filter((p) => {
      const x = now.get(p.requestId);
      return x && (x.slot !== p.slot || x.table !== p.table);
    }).length;
  })();
  console.log(`\n(e) New version of (a) after 5 % late registrations (${later.participants.length - baseA.participants.length} participants, ${later.requests.length - baseA.requests.length} requests)`);
  table(
    ['', 'p50 ms', 'p95 ms', 'kept', 'moved', 'dropped', 'added', 'value held', 'slots used / lower bound'],
    [
      ['with the previous version', fmt(next.timing.p50), fmt(next.timing.p95), String(ch.kept.length), String(ch.moved.length), String(ch.dropped.length), String(ch.added.length), String(next.last.valueHeld), `${next.last.slotsUsed} / ${next.last.lowerBound}`],
      ['from scratch (for comparison)', '', '', '', String(freshMoved), '', '', String(fresh.valueHeld), `${fresh.slotsUsed} / ${fresh.lowerBound}`],
    ],
  );
  results.e = {
    p50Ms: round(next.timing.p50),
    kept: ch.kept.length,
    moved: ch.moved.length,
    dropped: ch.dropped.length,
    added: ch.added.length,
    method: next.last.diagnostics.method,
    movedFromScratch: freshMoved,
    valueEqualsFresh: next.last.valueHeld === fresh.valueHeld,
  };
  benchResult({ bench: 'events', reps: REPS, seed: SEED, cores: availableParallelism(), ...results });
}

main();
