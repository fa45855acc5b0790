/**
 * Schedule-job benchmark: the schedule-event job end to end, `SchedulesService.run()` against
 * PostgreSQL, on the events of bench:events (a) and (b), against `scheduleMeetings` alone on the
 * same input in the same run:
 *
 *   (1) the job writing a new version (each run's inputs differ from the last version's: one
 *       request's company wish is toggled between 'accepted' and 'would' before each run);
 *   (2) the job on unchanged inputs (the idempotent path: it only reads and hashes);
 *   (3) scheduleMeetings alone on the same input (the generated event the job loads).
 *
 * The service comes from the real AppModule, booted in this process (MARKTPLATZ_ROLE=api, no port
 * opened) against the bench's own database; where the job's time goes is measured by further runs
 * of the same service class over a DataSource wrapper that stamps each statement of the job's
 * transaction (src/ is not changed for this). See test/bench/README.md.
 *
 *   npm run bench:schedule-job
 *   BENCH_SCENARIOS=a BENCH_REPS=3 npm run bench:schedule-job   (a quick run)
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/env';
import { MarketplacesService } from '../../src/modules/marketplaces/marketplaces.service';
import { scheduleMeetings, type ScheduleInput, type WishLevel } from '../../src/modules/marketplaces/scheduling';
import { EventsService } from '../../src/modules/events/events.service';
import { scheduleInputHash, SchedulesService, type ScheduleJobResult, type SlotSettings } from '../../src/modules/marketplaces/schedules.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { QueueName } from '../../src/queue/jobs';
import { makeEvent, type EventSize } from './events-dataset';
import { benchResult, BenchRun, envInt, envList, fmt, machineBusyMs, measure, measureSync, round, seedDistrictTree, table, timing, uuidOf, type DistrictTree, type Timing } from './harness';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const REPS = envInt('BENCH_REPS', 10);
const WARMUPS = envInt('BENCH_WARMUPS', 2);
const SEED = envInt('BENCH_SEED', 20260315);
const WATCHDOG_MS = envInt('BENCH_TIMEOUT_S', 1800) * 1000;

interface Scenario {
  key: 'a' | 'b';
  label: string;
  size: EventSize;
  tables: number;
  seed: number;
}
/** bench:events (a) and (b): the same generated events (same sizes and seeds). */
const ALL_SCENARIOS: Scenario[] = [
  { key: 'a', label: '(a) 500 p., 5,000 req., 12 × 40', size: { participants: 500, requests: 5000, slots: 12 }, tables: 40, seed: SEED },
  { key: 'b', label: '(b) 5,000 p., 50,000 req., 12 × 400', size: { participants: 5000, requests: 50_000, slots: 12 }, tables: 400, seed: SEED + 1 },
];
const CHOSEN = envList('BENCH_SCENARIOS', ['a', 'b'] as const, 'scenario');
const SCENARIOS = ALL_SCENARIOS.filter((s) => CHOSEN.has(s.key));
const SLOT_MINUTES = 15;
const FIRST_SLOT_AT = new Date('2031-03-12T16:15:00Z');

const bench = new BenchRun({ database: `marktplatz_bench_schedule_${process.pid}`, queuePrefix: `bench-schedule-${process.pid}` });
const { dbUrl, log } = bench;
const APP_ENV = { MARKTPLATZ_ROLE: 'api', NODE_ENV: 'production', JWT_SECRET: 'bench-schedule-job-jwt-secret-0123456789abcdef' };

// ---------------------------------------------------------------------------------------------
// Dataset: a district tree, an organiser, and per scenario one closed marketplace with its
// registrations and agreed meeting requests (plain SQL, unnest)
// ---------------------------------------------------------------------------------------------

interface Tree extends DistrictTree {
  organiserId: string;
}

/** The district tree (slugs bench-stuttgart, …) and an organiser of the borough. */
async function seedTree(pg: Client): Promise<Tree> {
  const tree = await seedDistrictTree(pg, 'bench');
  const organiserId = uuidOf('user:organiser');
  await pg.query(
    `INSERT INTO users (id, email, password_hash, display_name, organiser_district_ids) VALUES ($1, 'organiser@bench.marktplatz.example', 'no login in this bench', 'Bench-Organisatorin', $2::uuid[])`,
    [organiserId, [tree.boroughId]],
  );
  return { ...tree, organiserId };
}

interface SeededEvent {
  scenario: Scenario;
  marketplaceId: string;
  settings: SlotSettings;
  /** What the job should load: the generated event with its ids mapped to UUIDs. */
  expected: Pick<ScheduleInput, 'participants' | 'requests'>;
  /** The request whose company wish the write runs toggle, its two wishes, and which one is stored. */
  toggle: { requestId: string; wishes: [WishLevel, WishLevel]; current: 0 | 1 };
}

async function seedEvent(pg: Client, scenario: Scenario, tree: Tree): Promise<SeededEvent> {
  const event = makeEvent(scenario.size, scenario.seed);
  const id = (local: string) => uuidOf(`${scenario.key}:${local}`);
  const participants = event.participants.map((p) => ({ id: id(p.id), side: p.side, unavailableSlots: p.unavailableSlots ?? [] }));
  const requests = event.requests.map((r) => ({ ...r, id: id(r.id), nonprofitId: id(r.nonprofitId), companyId: id(r.companyId) }));
  const marketplaceId = id('marketplace');
  const settings: SlotSettings = { slotCount: scenario.size.slots, slotMinutes: SLOT_MINUTES, firstSlotAt: FIRST_SLOT_AT, tables: scenario.tables };

  await pg.query('BEGIN');
  try {
    await pg.query(
      `INSERT INTO organisations (id, kind, name, district_id)
       SELECT x.id, x.kind, x.name, $4 FROM unnest($1::uuid[], $2::organisation_kind[], $3::text[]) AS x(id, kind, name)`,
      [
        participants.map((p) => p.id),
        participants.map((p) => p.side),
        event.participants.map((p) => `${p.side === 'nonprofit' ? 'Verein' : 'Betrieb'} ${scenario.key}-${p.id}`),
        tree.quarterId,
      ],
    );
    const endsAt = new Date(FIRST_SLOT_AT.getTime() + (scenario.size.slots * SLOT_MINUTES + 15) * 60_000);
    await pg.query(
      `INSERT INTO marketplaces (id, status, district_id, quarter_ids, name, place, starts_at, ends_at, capacity, tables, slot_count, slot_minutes, first_slot_at)
       VALUES ($1, 'closed', $2, $3::uuid[], $4, 'Kursaal Bad Cannstatt', $5, $6, $7, $8, $9, $10, $11)`,
      [marketplaceId, tree.boroughId, [tree.quarterId], `Marktplatz ${scenario.label}`, new Date(FIRST_SLOT_AT.getTime() - 15 * 60_000), endsAt, participants.length, scenario.tables, settings.slotCount, SLOT_MINUTES, FIRST_SLOT_AT],
    );
    await pg.query(
      `INSERT INTO marketplace_registrations (marketplace_id, organisation_id, status, registered_at, unavailable_slots)
       SELECT $1, x.o, 'registered', now(), x.u::int[] FROM unnest($2::uuid[], $3::text[]) AS x(o, u)`,
      [marketplaceId, participants.map((p) => p.id), participants.map((p) => `{${p.unavailableSlots.join(',')}}`)],
    );
    // Who asked: the side whose partner merely accepted (makeEvent: the asking side wishes must or would).
    await pg.query(
      `INSERT INTO meeting_requests (id, marketplace_id, nonprofit_id, company_id, requested_by_organisation_id, nonprofit_wish, company_wish, match_score, answered_at)
       SELECT x.id, $1, x.np, x.co, x.asker, x.nw, x.cw, x.score, now()
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::meeting_wish[], $7::meeting_wish[], $8::float8[]) AS x(id, np, co, asker, nw, cw, score)`,
      [
        marketplaceId,
        requests.map((r) => r.id),
        requests.map((r) => r.nonprofitId),
        requests.map((r) => r.companyId),
        requests.map((r) => (r.nonprofitWish === 'accepted' ? r.companyId : r.nonprofitId)),
        requests.map((r) => r.nonprofitWish),
        requests.map((r) => r.companyWish),
        requests.map((r) => r.matchScore),
      ],
    );
    await pg.query('COMMIT');
  } catch (err) {
    await pg.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  const first = requests[0];
  const other: WishLevel = first.companyWish === 'accepted' ? 'would' : 'accepted';
  return { scenario, marketplaceId, settings, expected: { participants, requests }, toggle: { requestId: first.id, wishes: [first.companyWish, other], current: 0 } };
}

/** The generated event with the toggle request's wish as it is stored now. */
function currentInput(ev: SeededEvent): Pick<ScheduleInput, 'participants' | 'requests'> {
  const wish = ev.toggle.wishes[ev.toggle.current];
  return { participants: ev.expected.participants, requests: ev.expected.requests.map((r) => (r.id === ev.toggle.requestId ? { ...r, companyWish: wish } : r)) };
}

/** Flips the toggle request's company wish (both stay a yes: the input keeps its size, its hash changes). */
async function toggle(pg: Client, ev: SeededEvent): Promise<void> {
  ev.toggle.current = ev.toggle.current === 0 ? 1 : 0;
  await pg.query(`UPDATE meeting_requests SET company_wish = $1 WHERE id = $2`, [ev.toggle.wishes[ev.toggle.current], ev.toggle.requestId]);
}

// ---------------------------------------------------------------------------------------------
// Where the job's time goes: a DataSource whose transactions stamp each statement
// ---------------------------------------------------------------------------------------------

interface Stamp {
  method: string;
  entity?: string;
  sql?: string;
  t0: number;
  t1: number;
}
interface Stamps {
  calls: Stamp[];
  /** The transaction's callback started (BEGIN is done) and resolved (COMMIT follows). */
  txStart: number;
  fnEnd: number;
}

const STAMPED = new Set(['findOne', 'query', 'update', 'insert', 'save']);

/** `ds` with transaction(fn) handing fn a manager whose statements are timed into `rec`; nothing else changes. */
function stampingDataSource(ds: DataSource, rec: Stamps): DataSource {
  const wrap = (m: EntityManager): EntityManager =>
    new Proxy(m, {
      get(target, prop) {
        const v = Reflect.get(target, prop) as unknown;
        if (typeof v !== 'function') return v;
        if (typeof prop === 'string' && STAMPED.has(prop)) {
          return async (...args: unknown[]) => {
            const t0 = performance.now();
            try {
              return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              const first = args[0];
              rec.calls.push({ method: prop, ...(typeof first === 'string' ? { sql: first } : { entity: (first as { name?: string }).name }), t0, t1: performance.now() });
            }
          };
        }
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(ds, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (m: EntityManager) => Promise<unknown>;
          const stamped = async (m: EntityManager) => {
            rec.txStart = performance.now();
            const result = await fn(wrap(m));
            rec.fnEnd = performance.now();
            return result;
          };
          return (target.transaction as (...a: unknown[]) => Promise<unknown>).apply(target, [...args, stamped]);
        };
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const SPLIT_PARTS = ['begin', 'lock', 'load', 'hash', 'lookups', 'schedule', 'supersede', 'version', 'meetings', 'commit', 'other'] as const;
type Part = (typeof SPLIT_PARTS)[number];
const PART_LABELS: Record<Part, string> = {
  begin: 'BEGIN',
  lock: 'lock (FOR UPDATE)',
  load: 'load (2 SELECTs)',
  hash: 'rows → input, hash',
  lookups: 'version look-ups',
  schedule: 'scheduleMeetings',
  supersede: 'supersede drafts',
  version: 'version row',
  meetings: 'meetings rows',
  commit: 'COMMIT',
  other: 'other',
};

/** One run's parts (ms), from the stamps: the job's statements in the order SchedulesService.run() sends them. */
function splitOf(callStart: number, callEnd: number, rec: Stamps): Partial<Record<Part, number>> {
  const dur = (s: Stamp | undefined) => (s ? s.t1 - s.t0 : 0);
  const lock = rec.calls.find((c) => c.method === 'findOne' && c.entity === 'Marketplace');
  const participants = rec.calls.find((c) => c.sql?.includes('FROM marketplace_registrations r'));
  const requests = rec.calls.find((c) => c.sql?.includes('FROM meeting_requests q'));
  const [latest, published] = rec.calls.filter((c) => c.method === 'findOne' && c.entity === 'MeetingSchedule');
  if (!lock || !participants || !requests || !latest) throw new Error(`the job's statements are not the expected ones: ${rec.calls.map((c) => c.sql?.slice(0, 40) ?? `${c.method} ${c.entity}`).join(' | ')}`);
  const parts: Partial<Record<Part, number>> = {
    begin: rec.txStart - callStart,
    lock: dur(lock),
    load: requests.t1 - participants.t0,
    hash: latest.t0 - requests.t1,
    lookups: dur(latest) + dur(published),
    commit: callEnd - rec.fnEnd,
  };
  if (published) {
    const supersede = rec.calls.find((c) => c.method === 'update');
    const version = rec.calls.find((c) => c.method === 'insert');
    const meetings = rec.calls.find((c) => c.sql?.includes('INSERT INTO meetings'));
    if (!supersede || !version || !meetings) throw new Error('a new version was expected to be written');
    parts.schedule = supersede.t0 - published.t1;
    parts.supersede = dur(supersede);
    parts.version = dur(version);
    parts.meetings = dur(meetings);
  }
  const counted = Object.values(parts).reduce((s, x) => s + (x ?? 0), 0);
  parts.other = callEnd - callStart - counted;
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

interface ScenarioResult {
  scenario: Scenario;
  requests: number;
  held: number;
  slotsUsed: number;
  lowerBound: number;
  job: Timing;
  unchanged: Timing;
  pure: Timing;
  hashOnly: Timing;
  split: Partial<Record<Part, number>>;
  unchangedSplit: Partial<Record<Part, number>>;
  versions: number;
  diagnosticsBytes: number;
  meetingsRows: number;
}

type Job = (data: { marketplaceId: string; runId: string; requestedBy: string | null }) => Promise<ScheduleJobResult>;

async function measureScenario(pg: Client, service: SchedulesService, stampedRun: { run: Job; rec: Stamps }, ev: SeededEvent, tree: Tree, check: (ok: boolean, what: string, detail?: string) => void): Promise<ScenarioResult> {
  const { scenario, marketplaceId, settings } = ev;
  const data = () => ({ marketplaceId, runId: randomUUID(), requestedBy: tree.organiserId });
  const reps = { reps: REPS, warmups: WARMUPS };

  // The generated event as seeded; that the job loads exactly this is checked below through the
  // input hash it stores with each version.
  const input = ev.expected;

  // (3) scheduleMeetings alone, on the input the job passes it (no published version: no `previous`).
  log(`${scenario.key}: scheduleMeetings alone`);
  const pure = measureSync(() => scheduleMeetings({ ...input, slots: settings.slotCount, tables: settings.tables }), reps);
  const hashOnly = measureSync(() => scheduleInputHash(settings, input), reps);

  // (1) A new version each run: toggle (untimed), then the job.
  log(`${scenario.key}: the job writing a new version, ${WARMUPS} + ${REPS} runs`);
  const samples: number[] = [];
  let heldOnOriginal: number | undefined;
  for (let i = 0; i < WARMUPS + REPS; i++) {
    await toggle(pg, ev);
    const t0 = performance.now();
    const r = await service.run(data());
    const ms = performance.now() - t0;
    if (!r.changed) throw new Error(`${scenario.key}: the job wrote no new version after the inputs changed (${JSON.stringify(r)})`);
    if (i >= WARMUPS) samples.push(ms);
    if (ev.toggle.current === 0) heldOnOriginal = r.meetingsHeld;
  }
  const job = timing(samples);
  const { rows: [latest] } = await pg.query<{ input_hash: string }>(`SELECT input_hash FROM meeting_schedules WHERE marketplace_id = $1 ORDER BY version DESC LIMIT 1`, [marketplaceId]);
  check(
    latest?.input_hash === scheduleInputHash(settings, currentInput(ev)),
    `${scenario.key}: the job loads the generated event (${input.participants.length} participants, ${input.requests.length} requests: same input hash)`,
    `stored ${latest?.input_hash}`,
  );
  check(heldOnOriginal === pure.last.assignments.length, `${scenario.key}: the job holds as many meetings as scheduleMeetings on the same input (${pure.last.assignments.length})`, `${heldOnOriginal}`);

  // (2) Unchanged inputs: the latest version already has their hash.
  log(`${scenario.key}: the job on unchanged inputs`);
  const unchanged = await measure(async () => {
    const r = await service.run(data());
    if (r.changed) throw new Error(`${scenario.key}: the job wrote a version although nothing changed`);
    return r;
  }, reps);

  // Where the time goes: the same runs again through the stamping DataSource.
  log(`${scenario.key}: the same runs again, statements stamped`);
  const parts: Array<Partial<Record<Part, number>>> = [];
  const unchangedParts: Array<Partial<Record<Part, number>>> = [];
  const stamped = async (into: typeof parts, change: boolean) => {
    if (change) await toggle(pg, ev);
    stampedRun.rec.calls = [];
    const t0 = performance.now();
    const r = await stampedRun.run(data());
    const t1 = performance.now();
    if (r.changed !== change) throw new Error(`${scenario.key}: stamped run: changed=${r.changed}, expected ${change}`);
    into.push(splitOf(t0, t1, stampedRun.rec));
  };
  for (let i = 0; i < WARMUPS + REPS; i++) await stamped(i < WARMUPS ? [] : parts, true);
  for (let i = 0; i < WARMUPS + REPS; i++) await stamped(i < WARMUPS ? [] : unchangedParts, false);
  const p50s = (runs: typeof parts) =>
    Object.fromEntries(SPLIT_PARTS.filter((k) => runs.some((r) => r[k] !== undefined)).map((k) => [k, timing(runs.map((r) => r[k] ?? 0)).p50])) as Partial<Record<Part, number>>;

  const { rows: [v] } = await pg.query<{ versions: number; bytes: number; meetings: number }>(
    `SELECT (SELECT count(*)::int FROM meeting_schedules WHERE marketplace_id = $1) AS versions,
            (SELECT pg_column_size(diagnostics) FROM meeting_schedules WHERE marketplace_id = $1 ORDER BY version DESC LIMIT 1) AS bytes,
            (SELECT count(*)::int FROM meetings x JOIN meeting_schedules s ON s.id = x.schedule_id WHERE s.marketplace_id = $1) AS meetings`,
    [marketplaceId],
  );
  return {
    scenario,
    requests: input.requests.length,
    held: pure.last.assignments.length,
    slotsUsed: pure.last.slotsUsed,
    lowerBound: pure.last.lowerBound,
    job,
    unchanged: unchanged.timing,
    pure: pure.timing,
    hashOnly: hashOnly.timing,
    split: p50s(parts),
    unchangedSplit: p50s(unchangedParts),
    versions: v.versions,
    diagnosticsBytes: v.bytes,
    meetingsRows: v.meetings,
  };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`database ${dbUrl}, queue prefix ${bench.queuePrefix}, seed ${SEED}, scenarios ${SCENARIOS.map((s) => s.key).join(',')}, ${WARMUPS} warm-ups + ${REPS} runs`);
  bench.prepareApp();
  await bench.createDatabase();

  const pg = await bench.client('marktplatz-bench');
  const t0 = performance.now();
  const tree = await seedTree(pg);
  const events: SeededEvent[] = [];
  for (const s of SCENARIOS) events.push(await seedEvent(pg, s, tree));
  await pg.query('VACUUM (ANALYZE)');
  log(`seeded ${events.map((e) => `${e.scenario.key}: ${e.expected.participants.length} registrations, ${e.expected.requests.length} agreed requests`).join('; ')} in ${fmt((performance.now() - t0) / 1000, 1)} s (VACUUM ANALYZEd)`);

  // The real app module in this process, as main.ts builds it for the API role, without a port.
  const config = loadConfig(bench.appEnv(APP_ENV));
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  bench.onCleanup('closing the Nest application', () => app.close());
  await app.init();
  const service = app.get(SchedulesService);
  const ds = app.get<DataSource>(getDataSourceToken());
  const rec: Stamps = { calls: [], txStart: 0, fnEnd: 0 };
  const stampedService = new SchedulesService(stampingDataSource(ds, rec), app.get(MarketplacesService), app.get(NotificationsService), app.get(EventsService), app.get<Queue>(getQueueToken(QueueName.Marketplaces)));
  log('AppModule initialised (MARKTPLATZ_ROLE=api); SchedulesService from its container');

  const checks: string[] = [];
  const check = (ok: boolean, what: string, detail = '') => {
    checks.push(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
    if (!ok) process.exitCode = 1;
  };
  const load0 = loadavg();
  const busyBefore = machineBusyMs();
  const measuredFrom = performance.now();
  const results: ScenarioResult[] = [];
  for (const ev of events) results.push(await measureScenario(pg, service, { run: (d) => stampedService.run(d), rec }, ev, tree, check));
  const busyAfter = machineBusyMs();
  const seconds = (performance.now() - measuredFrom) / 1000;
  const busyPct = busyBefore !== undefined && busyAfter !== undefined ? ((busyAfter - busyBefore) / (seconds * 1000 * availableParallelism())) * 100 : undefined;
  const load1 = loadavg();

  console.log('');
  console.log(
    `Schedule-event job (SchedulesService.run) against PostgreSQL, ${WARMUPS} warm-ups then ${REPS} timed runs each; ms. Machine: ${availableParallelism()} cores, ` +
      `${fmt(busyPct, 0)}% busy while measuring (everything, this run included), load average ${fmt(load0[0])} before, ${fmt(load1[0])} after. Node ${process.version}.`,
  );
  console.log('(new version: one request\'s company wish toggled before each run, untimed; unchanged: the idempotent path; scheduleMeetings: alone, on the input the job loads)\n');
  table(
    ['scenario', 'held', 'slots / bound', 'new version p50', 'p95', 'unchanged p50', 'p95', 'scheduleMeetings p50', 'p95', 'new / pure p50', 'p95', 'unchanged / pure p50'],
    results.map((r) => [
      r.scenario.label,
      String(r.held),
      `${r.slotsUsed} / ${r.lowerBound}`,
      fmt(r.job.p50),
      fmt(r.job.p95),
      fmt(r.unchanged.p50),
      fmt(r.unchanged.p95),
      fmt(r.pure.p50),
      fmt(r.pure.p95),
      fmt(r.job.p50 / r.pure.p50),
      fmt(r.job.p95 / r.pure.p95),
      fmt(r.unchanged.p50 / r.pure.p50),
    ]),
  );
  console.log(`\nWhere a run's time goes (p50 of each part over ${REPS} further runs with every statement of the job's transaction stamped; other = the rest of the call)`);
  const parts = SPLIT_PARTS.filter((k) => results.some((r) => r.split[k] !== undefined));
  table(
    ['', ...parts.map((k) => PART_LABELS[k]), 'sum'],
    results.flatMap((r) => {
      const row = (name: string, s: Partial<Record<Part, number>>) => [name, ...parts.map((k) => (s[k] === undefined ? '' : fmt(s[k]))), fmt(Object.values(s).reduce((a, b) => a + (b ?? 0), 0))];
      return [row(`${r.scenario.key}: new version`, r.split), row(`${r.scenario.key}: unchanged`, r.unchangedSplit)];
    }),
  );
  for (const r of results) {
    console.log(
      `${r.scenario.key}: scheduleInputHash alone p50 ${fmt(r.hashOnly.p50)} ms; a version row's diagnostics ${fmt(r.diagnosticsBytes / 1024, 0)} kB (pg_column_size); ` +
        `${r.versions} versions and ${r.meetingsRows} meetings rows written by this run`,
    );
  }
  console.log('\nChecks:');
  for (const c of checks) console.log(`  ${c}`);
  const t = (x: Timing) => ({ n: x.n, p50Ms: round(x.p50), p95Ms: round(x.p95) });
  const ms = (s: Partial<Record<Part, number>>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)]));
  benchResult({
    bench: 'schedule-job',
    reps: REPS,
    warmups: WARMUPS,
    seed: SEED,
    machine: { cores: availableParallelism(), busyPct: round(busyPct, 1), loadAverage: [round(load0[0], 2), round(load1[0], 2)] },
    ...Object.fromEntries(
      results.map((r) => [
        r.scenario.key,
        {
          participants: r.scenario.size.participants,
          requests: r.requests,
          slots: r.scenario.size.slots,
          tables: r.scenario.tables,
          held: r.held,
          slotsUsed: r.slotsUsed,
          lowerBound: r.lowerBound,
          job: t(r.job),
          unchanged: t(r.unchanged),
          pure: t(r.pure),
          ratio: { jobP50: round(r.job.p50 / r.pure.p50, 2), jobP95: round(r.job.p95 / r.pure.p95, 2), unchangedP50: round(r.unchanged.p50 / r.pure.p50, 2) },
          splitP50Ms: ms(r.split),
          unchangedSplitP50Ms: ms(r.unchangedSplit),
          hashP50Ms: round(r.hashOnly.p50),
          diagnosticsBytes: r.diagnosticsBytes,
        },
      ]),
    ),
    checks: { passed: checks.filter((c) => c.startsWith('ok')).length, failed: checks.filter((c) => !c.startsWith('ok')).length },
  });
  if (process.exitCode) console.error('\nSome checks FAILED (see above).');
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
