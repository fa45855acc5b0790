/**
 * Matching benchmark: the matching engine at city scale (400 Quartiere, 100,000 needs, 100,000
 * offers) end to end and in its parts:
 *
 *   1. dataset: generated inside PostgreSQL (generate_series / unnest), timed on its own;
 *   2. rematch-all: the real BullMQ flow through compiled worker processes (1, then 2; cold, and a
 *      warm rerun), reading from and writing to PostgreSQL;
 *   3. candidates: the engine's candidate-offer query of matchNeed for random needs;
 *   4. scoring: scoreBatch per Quartier over the whole dataset in this process, against a naive
 *      nested loop measured in the same run on the same batches;
 *   5. latency: POST /v1/needs/{id}/publish until GET /v1/needs/{id}/matches is non-empty, through
 *      a compiled API process and workers.
 *
 * Self-contained: its own database (marktplatz_bench_matching_<pid>), migrations through the
 * compiled CLI, its own queue prefix in Redis; all of it is removed again, on failure too.
 * See test/bench/README.md.
 *
 *   npm run bench:matching
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, QueueEvents, Job } from 'bullmq';
import type { Client } from 'pg';
import { CATEGORIES, UNITS, type Category } from '../../src/common/domain/vocabulary';
import type { MatchingRun } from '../../src/modules/matching/matching.engine';
import type { RematchAllResult } from '../../src/modules/matching/matching.processor';
import { scoreBatch, type ScoredPair } from '../../src/modules/matching/scoring/batch';
import { Interner, TagIndex, toFeatures, type TagStats } from '../../src/modules/matching/scoring/features';
import { DEFAULT_WEIGHTS, type MatchingWeights } from '../../src/modules/matching/scoring/model';
import { MatchingSnapshot, type NeedRow, type OfferRow } from '../../src/modules/matching/matching.snapshot';
import { JOB_ID, JOB_OPTIONS, JobName, QueueName } from '../../src/queue/jobs';
import { generate, TAGS, WORDS, type DatasetSize, type DatasetSummary } from './matching-dataset';
import { naiveBatch, toNaive, type NaiveListing } from './matching-naive';
import {
  benchResult,
  BenchRun,
  envInt,
  envPhases,
  fmt,
  freePort,
  machineBusyMs,
  mean,
  percentile,
  procCpuMs,
  REDIS_URL,
  Rng,
  round,
  sleep,
  table,
  timing,
  type AppProcess,
} from './harness';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const SIZE: DatasetSize = {
  boroughs: 20,
  quarters: envInt('BENCH_QUARTERS', 400),
  nonprofits: envInt('BENCH_ORGS', 2000),
  companies: envInt('BENCH_ORGS', 2000),
  needs: envInt('BENCH_NEEDS', 100_000),
  offers: envInt('BENCH_OFFERS', envInt('BENCH_NEEDS', 100_000)),
};
const SEED = envInt('BENCH_SEED', 20260315);
const ALL_PHASES = ['rematch', 'candidates', 'scoring', 'latency'] as const;
const PHASES = envPhases(ALL_PHASES);
const CANDIDATE_SAMPLES = envInt('BENCH_CANDIDATE_NEEDS', 500);
const LATENCY_NEEDS = envInt('BENCH_LATENCY_NEEDS', 200);
const LATENCY_WORKERS = envInt('BENCH_LATENCY_WORKERS', 2);
const NAIVE_DISTRICTS = envInt('BENCH_NAIVE_DISTRICTS', 40);
const K = 20; // MATCHING_TOP_K's default, which the workers use
const WORKER_POOL_MAX = 4;
/** Named Redis connections of one BullMQ Worker (queue.getWorkers() lists them). */
const CLIENTS_PER_WORKER = envInt('BENCH_CLIENTS_PER_WORKER', 1);
/** Hard upper bound for the whole run; cleanup still happens when it fires. */
const WATCHDOG_MS = envInt('BENCH_TIMEOUT_S', 4 * 3600) * 1000;
const REMATCH_TIMEOUT_MS = envInt('BENCH_REMATCH_TIMEOUT_S', 5400) * 1000;

const GOALS = { rematchS: 30, rematchStretchS: 10, candidateP95Ms: 10, scoringPairsPerS: 15e6, latencyP95Ms: 1000 };

/**
 * The compiled app the bench runs: a copy of dist/ taken at the start (dist-bench/app-<pid>), so
 * that a rebuild of dist/ during the run (npm run build empties it first) cannot break the
 * processes started later.
 */
const bench = new BenchRun({ database: `marktplatz_bench_matching_${process.pid}`, queuePrefix: `bench-matching-${process.pid}`, appCopy: `app-${process.pid}` });
const { dbUrl, log } = bench;
const QUEUE_PREFIX = bench.queuePrefix;
const APP_DIR = bench.appDir;
/** Every app process runs as in production. */
const APP_ENV = { NODE_ENV: 'production', JWT_SECRET: 'bench-matching-jwt-secret-0123456789abcdef' };

// ---------------------------------------------------------------------------------------------
// The engine's SQL (MatchingEngine: NEED_SELECT, OFFER_SELECT, matchNeed's candidate query)
// ---------------------------------------------------------------------------------------------

const NEED_SELECT = `
  SELECT n.id, n.version, n.organisation_id AS "organisationId", n.district_id AS "districtId", n.category, n.unit,
         n.quantity AS amount, n.starts_at AS "startsAt", n.ends_at AS "endsAt", n.lat, n.lon, n.tags,
         tsvector_to_array(n.search_vector) AS lexemes, o.cause_areas AS "causeAreas", o.give_backs AS "giveBacks"
    FROM needs n JOIN organisations o ON o.id = n.organisation_id`;

const OFFER_SELECT = `
  SELECT f.id, f.version, f.organisation_id AS "organisationId", f.category, f.unit, f.capacity AS amount,
         f.starts_at AS "startsAt", f.ends_at AS "endsAt", f.lat, f.lon, f.tags,
         tsvector_to_array(f.search_vector) AS lexemes, c.engagement_cause_areas AS "causeAreas",
         f.wants_in_return AS "giveBacks", f.district_ids::text[] AS "districtIds", f.radius_km AS "radiusKm"`;
const OFFER_FROM = `
    FROM offers f JOIN organisations c ON c.id = f.organisation_id`;

const CANDIDATE_WHERE = `WHERE (f.status = 'published' AND f.district_ids && $1::uuid[])
            OR (f.status = 'published' AND f.radius_km IS NOT NULL AND marktplatz_distance_km(f.lat, f.lon, $2, $3) <= f.radius_km)
          ORDER BY f.id`;
const CANDIDATE_SQL = `${OFFER_SELECT}${OFFER_FROM} ${CANDIDATE_WHERE}`;
/** The same rows, ids only: how much of the time is the scan and how much building and shipping the rows. */
const CANDIDATE_IDS_SQL = `SELECT f.id FROM offers f ${CANDIDATE_WHERE}`;

/** Does the compiled engine still send these statements? (Whitespace-insensitive.) */
function mirrorsEngine(): boolean {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  const engine = squash(readFileSync(resolve(APP_DIR, 'modules/matching/matching.engine.js'), 'utf8'));
  return [NEED_SELECT, `${OFFER_SELECT}${OFFER_FROM}`, CANDIDATE_WHERE].every((s) => engine.includes(squash(s)));
}

// ---------------------------------------------------------------------------------------------
// CPU accounting
// ---------------------------------------------------------------------------------------------

interface CpuSplit {
  /** CPU seconds: the app processes; the PostgreSQL backends of the bench database; this process; the rest of the machine. */
  appS?: number;
  postgresS?: number;
  benchS: number;
  foreignS?: number;
  /** Share of all cores in use. */
  busyPct?: number;
}

/**
 * Samples the CPU time of the bench database's backends (pg_stat_activity) every 200 ms while
 * `run` runs. A backend first seen after the start counts from zero; one that ends between two
 * samples loses at most its last 200 ms.
 */
async function withCpu<T>(pg: Client, procs: AppProcess[], run: () => Promise<T>): Promise<{ value: T; cpu: CpuSplit; seconds: number }> {
  const backends = new Map<number, { first: number; last: number }>();
  const sample = async (initial: boolean) => {
    const { rows } = await pg.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    for (const { pid } of rows) {
      const ms = procCpuMs(pid);
      if (ms === undefined) continue;
      const b = backends.get(pid);
      if (b) b.last = ms;
      else backends.set(pid, { first: initial ? ms : 0, last: ms });
    }
  };
  await sample(true);
  const before = { procs: procs.map((p) => procCpuMs(p.pid)), busy: machineBusyMs(), self: process.cpuUsage() };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(200);
      await sample(false).catch(() => undefined);
    }
  })();
  const t0 = performance.now();
  let value: T;
  try {
    value = await run();
  } finally {
    sampling = false;
    await sampler;
  }
  const seconds = (performance.now() - t0) / 1000;
  await sample(false);
  const after = { procs: procs.map((p) => procCpuMs(p.pid)), busy: machineBusyMs(), self: process.cpuUsage(before.self) };
  let appMs: number | undefined = 0;
  for (let i = 0; i < procs.length; i++) {
    const a = after.procs[i];
    const b = before.procs[i];
    appMs = a === undefined || b === undefined || appMs === undefined ? undefined : appMs + (a - b);
  }
  const pgMs = [...backends.values()].reduce((sum, b) => sum + (b.last - b.first), 0);
  const benchMs = (after.self.user + after.self.system) / 1000;
  const busyMs = after.busy !== undefined && before.busy !== undefined ? after.busy - before.busy : undefined;
  return {
    value,
    seconds,
    cpu: {
      appS: appMs === undefined ? undefined : appMs / 1000,
      postgresS: backends.size ? pgMs / 1000 : undefined,
      benchS: benchMs / 1000,
      foreignS: appMs === undefined || busyMs === undefined ? undefined : Math.max(0, busyMs - appMs - pgMs - benchMs) / 1000,
      busyPct: busyMs === undefined ? undefined : (busyMs / (seconds * 1000 * availableParallelism())) * 100,
    },
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mega = (n: number) => fmt(n / 1e6, 2);

const redisConnection = () => {
  const u = new URL(REDIS_URL);
  return { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
};

// ---------------------------------------------------------------------------------------------
// Workers and rematch-all
// ---------------------------------------------------------------------------------------------

function startWorkers(n: number, extraEnv: Record<string, string> = {}): AppProcess[] {
  const procs: AppProcess[] = [];
  for (let i = 0; i < n; i++) {
    procs.push(bench.app(`worker ${i + 1}`, { ...APP_ENV, MARKTPLATZ_ROLE: 'worker', MATCHING_CONCURRENCY: '1', DATABASE_POOL_MAX: String(WORKER_POOL_MAX), ...extraEnv }));
  }
  return procs;
}

/**
 * Waits until the workers listen on the matching queue: BullMQ names the connections of a Worker
 * after its queue, and each worker process runs one Worker for the matching queue.
 */
async function waitForWorkers(queue: Queue, procs: AppProcess[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    procs.forEach((p) => p.assertAlive());
    const count = await queue.getWorkersCount();
    if (count >= procs.length * CLIENTS_PER_WORKER) return;
    if (Date.now() > deadline) throw new Error(`only ${count} worker connections of ${procs.length} workers within ${timeoutMs / 1000} s:\n${procs.map((p) => `--- ${p.name} ---\n${p.tail}`).join('\n')}`);
    await sleep(100);
  }
}

interface PhaseWindow {
  jobs: number;
  /** First job of the phase started → last one finished (s); the slowest job (s). */
  seconds: number;
  slowestS: number;
  perWorker: Record<string, number>;
  evaluated: number;
  scored: number;
}

interface RematchMeasurement {
  label: string;
  workers: number;
  seconds: number;
  result: RematchAllResult;
  cpu: CpuSplit;
  /** The need side (rematch-district jobs) and the offer side (rematch-offers jobs). */
  needSide: PhaseWindow;
  offerSide: PhaseWindow;
  /** Enqueue → first district job started (plan step); last offer job finished → parent completed (collect step). */
  planS: number;
  collectS: number;
}

type ChildRun = MatchingRun & { worker: string; kind: string };

async function rematchAll(label: string, runId: string, queue: Queue, events: QueueEvents, procs: AppProcess[], cpuPg: Client): Promise<RematchMeasurement> {
  log(`${label}: rematch-all (${procs.length} worker${procs.length > 1 ? 's' : ''}) ...`);
  const { value: job, cpu, seconds } = await withCpu(cpuPg, procs, async () => {
    const completedBefore = await queue.getCompletedCount();
    const job = await queue.add(JobName.RematchAll, { runId, reason: 'admin' }, { ...JOB_OPTIONS[JobName.RematchAll], jobId: `rematch-all.${runId}` });
    let ticks = 0;
    const watch = setInterval(() => {
      procs.forEach((p) => p.exited && log(`WARNING: ${p.name} exited: ${p.tail}`));
      if (++ticks % 30 === 0) void queue.getCompletedCount().then((n) => log(`${label}: ${n - completedBefore} child jobs done`), () => undefined);
    }, 1000);
    try {
      await job.waitUntilFinished(events, REMATCH_TIMEOUT_MS);
    } finally {
      clearInterval(watch);
    }
    return job;
  });
  const done = await Job.fromId(queue, job.id!);
  const result = done!.returnvalue as RematchAllResult;
  const children = (await done!.getChildrenValues()) as Record<string, ChildRun>;
  const childJobs = (await Promise.all(Object.keys(children).map((key) => Job.fromId(queue, key.slice(key.lastIndexOf(':') + 1))))).filter((j): j is Job => !!j);
  const windowOf = (name: JobName): PhaseWindow => {
    const jobs = childJobs.filter((j) => j.name === name);
    const runs = jobs.map((j) => j.returnvalue as ChildRun).filter(Boolean);
    const perWorker: Record<string, number> = {};
    for (const r of runs) perWorker[r.worker] = (perWorker[r.worker] ?? 0) + 1;
    return {
      jobs: jobs.length,
      seconds: jobs.length ? (Math.max(...jobs.map((j) => j.finishedOn ?? 0)) - Math.min(...jobs.map((j) => j.processedOn ?? Infinity))) / 1000 : 0,
      slowestS: runs.length ? Math.max(...runs.map((r) => r.ms)) / 1000 : 0,
      perWorker,
      evaluated: runs.reduce((s, r) => s + r.evaluated, 0),
      scored: runs.reduce((s, r) => s + r.scored, 0),
    };
  };
  const firstStart = Math.min(...childJobs.map((j) => j.processedOn ?? Infinity));
  const lastEnd = Math.max(...childJobs.map((j) => j.finishedOn ?? -Infinity));
  const m: RematchMeasurement = {
    label,
    workers: procs.length,
    seconds,
    result,
    cpu,
    needSide: windowOf(JobName.RematchDistrict),
    offerSide: windowOf(JobName.RematchOffers),
    planS: (firstStart - done!.timestamp) / 1000,
    collectS: (done!.finishedOn! - lastEnd) / 1000,
  };
  log(
    `${label}: ${fmt(seconds, 1)} s, ${result.completed}/${result.districts} districts, ${result.offerBatchesCompleted}/${result.offerBatches} offer batches, ` +
      `${int(result.kept)} kept, ${int(result.written)} written, ${result.failed.length} failed; district jobs per worker ${JSON.stringify(result.workers)}`,
  );
  if (result.failed.length) log(`  failures: ${JSON.stringify(result.failed.slice(0, 3))}`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Districts in memory (DistrictsService.subtreeIds + ancestorIds)
// ---------------------------------------------------------------------------------------------

interface DistrictRow {
  id: string;
  name: string;
  level: string;
  lat: number;
  lon: number;
  ancestorIds: string[];
}

async function loadDistricts(pg: Client) {
  const { rows } = await pg.query<DistrictRow>(`SELECT id, name, level, lat, lon, ancestor_ids::text[] AS "ancestorIds" FROM districts`);
  const byId = new Map(rows.map((d) => [d.id, d]));
  const subtrees = new Map<string, string[]>();
  for (const d of rows) for (const a of d.ancestorIds) subtrees.set(a, [...(subtrees.get(a) ?? []), d.id]);
  /** What the engine's servedBy(d) returns: the subtree of d and its ancestors. */
  const served = (id: string) => [...new Set([...(subtrees.get(id) ?? []), ...byId.get(id)!.ancestorIds])];
  return { rows, byId, served };
}

// ---------------------------------------------------------------------------------------------
// Phase 3: candidate query
// ---------------------------------------------------------------------------------------------

interface CandidateMeasurement {
  samples: number;
  full: { p50: number; p95: number; p99: number; mean: number; max: number };
  idsOnly: { p50: number; p95: number; p99: number; mean: number; max: number };
  rows: { mean: number; p50: number; p95: number; max: number };
  plan: string;
}

async function candidates(pg: Client): Promise<CandidateMeasurement> {
  const districts = await loadDistricts(pg);
  const { rows: needs } = await pg.query<{ id: string; district_id: string; lat: number; lon: number }>(
    `SELECT id, district_id, lat, lon FROM needs WHERE status = 'published' ORDER BY md5(id::text || $1) LIMIT $2`,
    [String(SEED), CANDIDATE_SAMPLES],
  );
  const params = needs.map((n) => [districts.served(n.district_id), n.lat, n.lon]);
  // Warm-up: the plan cache and the buffer cache.
  for (const p of params.slice(0, 20)) await pg.query(CANDIDATE_SQL, p);
  const time = async (sql: string) => {
    const ms: number[] = [];
    const rows: number[] = [];
    for (const p of params) {
      const t0 = performance.now();
      const r = await pg.query(sql, p);
      ms.push(performance.now() - t0);
      rows.push(r.rowCount ?? 0);
    }
    return { ms, rows };
  };
  const full = await time(CANDIDATE_SQL);
  const ids = await time(CANDIDATE_IDS_SQL);
  const rowsSorted = [...full.rows].sort((a, b) => a - b);
  // The plan for the need with the median number of candidates.
  const median = params[full.rows.indexOf(percentile(rowsSorted, 50))];
  const plan = (await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${CANDIDATE_SQL}`, median)).rows.map((r) => r['QUERY PLAN']).join('\n');
  return {
    samples: params.length,
    full: timing(full.ms),
    idsOnly: timing(ids.ms),
    rows: { mean: mean(full.rows), p50: percentile(rowsSorted, 50), p95: percentile(rowsSorted, 95), max: rowsSorted[rowsSorted.length - 1] },
    plan,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 4: scoring throughput
// ---------------------------------------------------------------------------------------------

interface ScoringSide {
  batches: number;
  /** needs × offers of the batches, pairs looked at (after category pruning for scoreBatch), pairs past the hard filters. */
  pairs: number;
  evaluated: number;
  scored: number;
  kept: number;
  seconds: number;
}

interface ScoringMeasurement {
  loadS: number;
  featuresS: number;
  /** rematchDistrictNeeds' batches (a Quartier's needs × the offers serving it, need side only). */
  needSide: ScoringSide;
  /** rematchOffers' batches (one offer × the needs it serves, by name and by radius, offer side only). */
  offerSide: ScoringSide;
  both: ScoringSide;
  sampleOptimized: ScoringSide;
  sampleNaive: ScoringSide;
  agreement: { identicalBatches: number; batches: number; pairsOnlyOne: number; maxScoreDiff: number };
}

const addSide = (acc: ScoringSide, x: Omit<ScoringSide, 'batches'>, batches = 1) => {
  acc.batches += batches;
  acc.pairs += x.pairs;
  acc.evaluated += x.evaluated;
  acc.scored += x.scored;
  acc.kept += x.kept;
  acc.seconds += x.seconds;
};

/**
 * The scorer as rematch-all drives it, on the engine's own MatchingSnapshot (the features of every
 * published need and offer): the need side per Quartier (rematchDistrictNeeds), then the offer
 * side per offer over every need it serves (rematchOffers / offerTop). Only scoreBatch (and the
 * offer side's merge of its two batches) is timed; building the batches is not.
 */
async function scoring(pg: Client): Promise<ScoringMeasurement> {
  const districts = await loadDistricts(pg);
  // The engine's tag statistics (refreshTagStatistics: lower(btrim(tag)), empty tags left out).
  const t0 = performance.now();
  const { rows: dfRows } = await pg.query<{ tag: string; df: number }>(
    `SELECT tag, count(*)::int AS df FROM (
       SELECT lower(btrim(t)) AS tag FROM needs, unnest(tags) t WHERE status = 'published'
       UNION ALL SELECT lower(btrim(t)) FROM offers, unnest(tags) t WHERE status = 'published') x WHERE tag <> '' GROUP BY 1`,
  );
  const { rows: [{ total }] } = await pg.query<{ total: string }>(
    `SELECT (SELECT count(*) FROM needs WHERE status = 'published') + (SELECT count(*) FROM offers WHERE status = 'published') AS total`,
  );
  const stats: TagStats = { total: Number(total), df: new Map(dfRows.map((r) => [r.tag, r.df])) };
  const needRows = (await pg.query<NeedRow>(`${NEED_SELECT} WHERE n.status = 'published' ORDER BY n.id`)).rows;
  const offerRows = (await pg.query<OfferRow>(`${OFFER_SELECT}${OFFER_FROM} WHERE f.status = 'published' ORDER BY f.id`)).rows;
  const loadS = (performance.now() - t0) / 1000;

  // As MatchingEngine.buildSnapshot does it.
  const t1 = performance.now();
  const tags = new TagIndex(stats);
  const orgs = new Interner();
  const needs = needRows.map((n) => toFeatures(n, tags, orgs));
  const offers = offerRows.map((o) => toFeatures({ ...o, radiusKm: Infinity }, tags, orgs));
  const snap = new MatchingSnapshot('bench', needRows, needs, offerRows, offers, tags, tags.idf, (x) => (districts.byId.has(x) ? districts.served(x) : []));
  const w: MatchingWeights = { ...DEFAULT_WEIGHTS };
  const cityId = districts.rows.find((d) => d.level === 'city')!.id;
  for (const d of snap.needsByDistrict.keys()) snap.weightsByDistrict.set(d, { version: 'default.v1', cityId, weights: w, createdAt: null, createdBy: null });
  const featuresS = (performance.now() - t1) / 1000;
  const idf = snap.idf;
  const side = (): ScoringSide => ({ batches: 0, pairs: 0, evaluated: 0, scored: 0, kept: 0, seconds: 0 });

  // Need side: one batch per Quartier.
  const districtIds = [...snap.needsByDistrict.keys()].sort();
  const needBatch = (d: string) => ({ needs: snap.needsIn(d).map((i) => snap.needs[i]), offers: snap.offersFor(d) });
  const needOpts = { weights: w, idf, k: K, offerTop: false, sortedById: true };
  for (const d of districtIds.slice(0, 5)) scoreBatch(needBatch(d).needs, needBatch(d).offers.features, needOpts); // JIT warm-up
  const step = Math.max(1, Math.floor(districtIds.length / NAIVE_DISTRICTS));
  const sampleIds = new Set(districtIds.filter((_, i) => i % step === 0).slice(0, NAIVE_DISTRICTS));
  const needSide = side();
  const sampleOptimized = side();
  const sampleResults = new Map<string, ReturnType<typeof scoreBatch>>();
  for (const d of districtIds) {
    const b = needBatch(d);
    const t = performance.now();
    const r = scoreBatch(b.needs, b.offers.features, needOpts);
    const x = { pairs: b.needs.length * b.offers.index.length, evaluated: r.evaluated, scored: r.scored, kept: r.pairs.length, seconds: (performance.now() - t) / 1000 };
    addSide(needSide, x);
    if (sampleIds.has(d)) {
      addSide(sampleOptimized, x);
      sampleResults.set(d, r);
    }
  }
  log(`scoring: need side, ${needSide.batches} Quartier batches: ${mega(needSide.evaluated / needSide.seconds)} M evaluated/s`);

  // Offer side: per offer, its top K over the needs it serves by name and by radius (offerTop).
  const offerSide = side();
  for (let oi = 0; oi < offerRows.length; oi++) {
    const { byList, byRadius } = snap.needsFor(oi);
    if (!byList.length && !byRadius.length) continue;
    const t = performance.now();
    const pairs: ScoredPair[] = [];
    let evaluated = 0;
    let scored = 0;
    for (const [features, subset] of [
      [snap.offerByList[oi], byList],
      [snap.offerByRadius[oi], byRadius],
    ] as const) {
      if (!subset.length) continue;
      const r = scoreBatch(snap.needs, [features], { weights: w, idf, k: K, needSubset: subset, needTop: false, sortedById: true });
      evaluated += r.evaluated;
      scored += r.scored;
      pairs.push(...r.pairs);
    }
    pairs.sort((a, b) => b.score - a.score || a.need - b.need);
    const kept = Math.min(K, pairs.length);
    addSide(offerSide, { pairs: byList.length + byRadius.length, evaluated, scored, kept, seconds: (performance.now() - t) / 1000 });
  }
  log(`scoring: offer side, ${offerSide.batches} offers: ${mega(offerSide.evaluated / offerSide.seconds)} M evaluated/s`);
  const both = side();
  addSide(both, needSide, needSide.batches);
  addSide(both, offerSide, offerSide.batches);

  // The naive baseline on the sample of need-side batches.
  const idfByName = new Map(tags.names.map((t, i) => [t, idf[i]]));
  const sampleNaive = side();
  const agreement = { identicalBatches: 0, batches: 0, pairsOnlyOne: 0, maxScoreDiff: 0 };
  for (const d of sampleIds) {
    const b = needBatch(d);
    const byList = new Set(snap.offersByDistrict.get(d) ?? []);
    const naiveNeeds: NaiveListing[] = snap.needsIn(d).map((i) => toNaive(snap.needs[i], needRows[i].organisationId, needRows[i], tags.names, Infinity));
    const naiveOffers: NaiveListing[] = b.offers.index.map((i) =>
      toNaive(snap.offerByList[i], offerRows[i].organisationId, offerRows[i], tags.names, byList.has(i) ? Infinity : (offerRows[i].radiusKm ?? 0)),
    );
    const t = performance.now();
    const r = naiveBatch(naiveNeeds, naiveOffers, w, idfByName, K, false);
    addSide(sampleNaive, { pairs: naiveNeeds.length * naiveOffers.length, evaluated: r.evaluated, scored: r.scored, kept: r.pairs.length, seconds: (performance.now() - t) / 1000 });
    // Same pairs, same scores?
    const opt = sampleResults.get(d)!;
    const key = (p: { need: number; offer: number }) => `${p.need}:${p.offer}`;
    const a = new Map(opt.pairs.map((p) => [key(p), p.score]));
    const bb = new Map(r.pairs.map((p) => [key(p), p.score]));
    let only = 0;
    for (const [k, sc] of a) {
      const other = bb.get(k);
      if (other === undefined) only++;
      else agreement.maxScoreDiff = Math.max(agreement.maxScoreDiff, Math.abs(other - sc));
    }
    for (const k of bb.keys()) if (!a.has(k)) only++;
    agreement.batches++;
    if (!only && a.size === bb.size) agreement.identicalBatches++;
    agreement.pairsOnlyOne += only;
  }
  log(`scoring: naive over ${sampleNaive.batches} need-side batches: ${mega(sampleNaive.pairs / sampleNaive.seconds)} M pairs/s; same pairs in ${agreement.identicalBatches}/${agreement.batches} batches`);
  return { loadS, featuresS, needSide, offerSide, both, sampleOptimized, sampleNaive, agreement };
}

// ---------------------------------------------------------------------------------------------
// Phase 5: publish → matches readable
// ---------------------------------------------------------------------------------------------

interface LatencyMeasurement {
  needs: number;
  workers: number;
  district: string;
  districtNeeds: number;
  publishMs: { p50: number; p95: number };
  readableMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  timeouts: number;
  matchesPerNeed: number;
  /** Where the time goes, from the match-need jobs' timestamps (ms): publish → job added (HTTP, outbox, relay), waiting in the queue, the job, job done → read. */
  parts: Record<'toQueue' | 'queued' | 'job' | 'toRead', { p50: number; p95: number }>;
}

async function api<T>(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

async function latency(pg: Client): Promise<LatencyMeasurement> {
  const { rows: [big] } = await pg.query<{ id: string; name: string; n: number }>(
    `SELECT d.id, d.name, count(*)::int AS n FROM needs n JOIN districts d ON d.id = n.district_id WHERE n.status = 'published' GROUP BY d.id ORDER BY 3 DESC, 1 LIMIT 1`,
  );
  const port = await freePort();
  const apiProc = bench.app('api', { ...APP_ENV, MARKTPLATZ_ROLE: 'api', PORT: String(port), DATABASE_POOL_MAX: '10' });
  const workers = startWorkers(LATENCY_WORKERS, { OUTBOX_POLL_MS: '20' });
  const base = `http://127.0.0.1:${port}`;
  await apiProc.waitReady(port, 60_000);
  const queue = new Queue(QueueName.Matching, { connection: redisConnection(), prefix: QUEUE_PREFIX });
  bench.onCleanup('closing a queue', () => queue.close());
  await waitForWorkers(queue, workers);
  log(`latency: API on port ${port} and ${workers.length} worker(s) ready (OUTBOX_POLL_MS=20); district ${big.name} (${big.n} needs)`);

  const signup = await api<{ accessToken: string; organisation: { id: string } }>(base, 'POST', '/v1/auth/signup', undefined, {
    email: `bench-${process.pid}@bench.marktplatz.example`,
    password: 'bench-password-123',
    displayName: 'Bench Nonprofit',
    organisation: { kind: 'nonprofit', name: 'Bench-Verein Matching e.V.', districtId: big.id, legalForm: 'registered_association', causeAreas: ['quality-education', 'reduced-inequalities'], giveBacks: ['visibility', 'thank_you_event'] },
  });
  if (signup.status !== 201 && signup.status !== 200) throw new Error(`signup answered ${signup.status}: ${JSON.stringify(signup.body).slice(0, 500)}`);
  const token = signup.body.accessToken;

  const rng = new Rng(SEED + 5);
  const ids: string[] = [];
  const DAY = 86_400_000;
  for (let i = 0; i < LATENCY_NEEDS; i++) {
    const c = rng.next() < 0.3 ? 0 : rng.int(CATEGORIES.length);
    const category: Category = CATEGORIES[c];
    const words = WORDS.category[c];
    const unit = { time: 'hours', skills: 'hours', logistics: 'trips', goods: 'items', contacts: 'persons', space: 'm2' }[category] as (typeof UNITS)[number];
    const start = new Date(Date.now() + (1 + rng.int(60)) * DAY);
    const body = {
      title: `${rng.pick(words)} für ${rng.pick(WORDS.groups)}`,
      description: Array.from({ length: 12 }, (_, j) => (j % 3 === 0 ? rng.pick(words) : rng.pick(WORDS.general))).join(' ') + '.',
      category,
      tags: [...new Set(Array.from({ length: 1 + rng.int(4) }, () => TAGS[Math.floor(Math.exp(rng.next() * Math.log(TAGS.length + 1))) - 1]))],
      unit,
      quantity: 1 + rng.int(20),
      ...(rng.next() < 0.2 ? {} : { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + (1 + rng.int(30)) * DAY).toISOString() }),
    };
    const res = await api<{ id: string }>(base, 'POST', '/v1/needs', token, body);
    if (res.status !== 201) throw new Error(`POST /v1/needs answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    ids.push(res.body.id);
  }
  log(`latency: ${ids.length} draft needs created; publishing one at a time ...`);

  const publishMs: number[] = [];
  const readableMs: number[] = [];
  let timeouts = 0;
  let matches = 0;
  const traces: Array<{ id: string; version: number; publishedAt: number; readAt?: number }> = [];
  for (const id of ids) {
    const t0 = performance.now();
    const trace: (typeof traces)[number] = { id, version: 0, publishedAt: Date.now() };
    traces.push(trace);
    const pub = await api<{ version: number }>(base, 'POST', `/v1/needs/${id}/publish`, token);
    if (pub.status !== 200) throw new Error(`publish answered ${pub.status}: ${JSON.stringify(pub.body).slice(0, 500)}`);
    trace.version = pub.body.version;
    publishMs.push(performance.now() - t0);
    const until = t0 + 15_000;
    for (;;) {
      const res = await api<{ items: unknown[] }>(base, 'GET', `/v1/needs/${id}/matches`, token);
      if (res.status !== 200) throw new Error(`GET matches answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
      if (res.body.items.length) {
        readableMs.push(performance.now() - t0);
        trace.readAt = Date.now();
        matches += res.body.items.length;
        break;
      }
      if (performance.now() > until) {
        timeouts++;
        break;
      }
      await sleep(10);
    }
  }
  const parts = { toQueue: [] as number[], queued: [] as number[], job: [] as number[], toRead: [] as number[] };
  for (const t of traces) {
    const job = await Job.fromId(queue, JOB_ID[JobName.MatchNeed]({ needId: t.id, version: t.version, change: 'published' }));
    if (!job?.processedOn || !job.finishedOn || !t.readAt) continue;
    parts.toQueue.push(job.timestamp - t.publishedAt);
    parts.queued.push(job.processedOn - job.timestamp);
    parts.job.push(job.finishedOn - job.processedOn);
    parts.toRead.push(t.readAt - job.finishedOn);
  }
  const p5095 = (xs: number[]) => {
    const { p50, p95 } = timing(xs);
    return { p50, p95 };
  };
  return {
    needs: ids.length,
    workers: workers.length,
    district: big.name,
    districtNeeds: big.n,
    publishMs: p5095(publishMs),
    readableMs: timing(readableMs),
    timeouts,
    matchesPerNeed: matches / (readableMs.length || 1),
    parts: { toQueue: p5095(parts.toQueue), queued: p5095(parts.queued), job: p5095(parts.job), toRead: p5095(parts.toRead) },
  };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`database ${dbUrl}, queue prefix ${QUEUE_PREFIX}, seed ${SEED}, phases ${[...PHASES].join(',')}, ${availableParallelism()} cores`);
  log(`size: ${SIZE.quarters} Quartiere in ${SIZE.boroughs} boroughs, ${SIZE.nonprofits} nonprofits, ${SIZE.companies} companies, ${SIZE.needs} needs, ${SIZE.offers} offers`);
  bench.prepareApp();
  const mirrors = mirrorsEngine();
  if (!mirrors) console.warn('WARNING: the SQL here no longer matches dist/modules/matching/matching.engine.js; update NEED_SELECT / OFFER_SELECT / CANDIDATE_WHERE');
  await bench.createDatabase();

  const tGen = performance.now();
  const data: DatasetSummary = await generate(dbUrl, SIZE, SEED, log);
  const generationS = (performance.now() - tGen) / 1000;
  log(`dataset generated in ${fmt(generationS, 1)} s (inserts ${fmt(data.insertS, 1)} s, VACUUM ANALYZE ${fmt(data.vacuumS, 1)} s), ${data.dbSize}`);

  const pg = await bench.client('marktplatz-bench');
  const cpuPg = await bench.client('marktplatz-bench');
  const out: { rematch: RematchMeasurement[]; candidates?: CandidateMeasurement; scoring?: ScoringMeasurement; latency?: LatencyMeasurement } = { rematch: [] };

  if (PHASES.has('rematch')) {
    const queue = new Queue(QueueName.Matching, { connection: redisConnection(), prefix: QUEUE_PREFIX });
    bench.onCleanup('closing a queue', () => queue.close());
    const events = new QueueEvents(QueueName.Matching, { connection: redisConnection(), prefix: QUEUE_PREFIX });
    bench.onCleanup('closing the queue events', () => events.close());
    await events.waitUntilReady();

    let workers = startWorkers(1);
    await waitForWorkers(queue, workers);
    out.rematch.push(await rematchAll('cold, 1 worker', 'bench-1w', queue, events, workers, cpuPg));
    await bench.stopApps(workers);
    await pg.query('TRUNCATE matches');
    await pg.query('VACUUM ANALYZE matches');

    workers = startWorkers(2);
    await waitForWorkers(queue, workers);
    out.rematch.push(await rematchAll('cold, 2 workers', 'bench-2w', queue, events, workers, cpuPg));
    out.rematch.push(await rematchAll('warm, 2 workers', 'bench-2w-warm', queue, events, workers, cpuPg));
    await bench.stopApps(workers);
  }

  if (PHASES.has('candidates')) {
    log(`candidates: matchNeed's candidate-offer query for ${CANDIDATE_SAMPLES} random needs ...`);
    out.candidates = await candidates(pg);
  }

  if (PHASES.has('scoring')) {
    log('scoring: loading all published needs and offers with their features ...');
    out.scoring = await scoring(pg);
  }

  if (PHASES.has('latency')) {
    out.latency = await latency(pg);
  }

  report(data, generationS, out, mirrors);
}

function report(
  data: DatasetSummary,
  generationS: number,
  out: { rematch: RematchMeasurement[]; candidates?: CandidateMeasurement; scoring?: ScoringMeasurement; latency?: LatencyMeasurement },
  mirrors: boolean,
): void {
  console.log('');
  console.log(
    `Dataset: ${data.districts} districts (1 city, ${data.boroughs} boroughs, ${data.quarters} Quartiere), ${int(data.nonprofits)} nonprofits, ${int(data.companies)} companies, ` +
      `${int(data.needs)} published needs, ${int(data.offers)} published offers (${int(data.radiusOffers)} radius, ${int(data.boroughOffers)} borough-wide, ${int(data.multiQuarterOffers)} 2-3 Quartiere); ${data.dbSize}`,
  );
  console.log(
    `         biggest Quartier ${data.biggest.name}: ${int(data.biggest.needs)} needs (${fmt(data.biggest.share * 100, 2)} %), ${int(data.biggest.offers)} offers at home; smallest: ${data.smallestNeeds} needs; ` +
      `${data.distinctTags} distinct tags, ${int(data.distinctLexemes)} distinct lexemes`,
  );
  console.log(`         generated in ${fmt(generationS, 1)} s: SQL inserts ${fmt(data.insertS, 1)} s, VACUUM (ANALYZE) ${fmt(data.vacuumS, 1)} s`);
  console.log(`         SQL mirrors the compiled engine: ${mirrors ? 'yes' : 'NO'}`);

  if (out.rematch.length) {
    console.log('');
    console.log(`Rematch-all (enqueue → parent completed; MATCHING_CONCURRENCY=1, DATABASE_POOL_MAX=${WORKER_POOL_MAX}, K=${K}; goal < ${GOALS.rematchS} s, stretch < ${GOALS.rematchStretchS} s)`);
    const base = out.rematch[0];
    table(
      ['run', 'wall s', 'vs 1w cold', 'plan s', 'need side s', 'offer side s', 'collect s', 'districts', 'offer batches', 'failed', 'kept', 'written', 'removed', 'evaluated', 'scored', 'goal'],
      out.rematch.map((m) => [
        m.label,
        fmt(m.seconds, 1),
        fmt(base.seconds / m.seconds, 2) + 'x',
        fmt(m.planS, 1),
        fmt(m.needSide.seconds, 1),
        fmt(m.offerSide.seconds, 1),
        fmt(m.collectS, 1),
        `${m.result.completed}/${m.result.districts}`,
        `${m.result.offerBatchesCompleted}/${m.result.offerBatches}`,
        String(m.result.failed.length),
        int(m.result.kept),
        int(m.result.written),
        int(m.result.removed),
        int(m.needSide.evaluated + m.offerSide.evaluated),
        int(m.needSide.scored + m.offerSide.scored),
        m.seconds < GOALS.rematchStretchS ? 'stretch' : m.seconds < GOALS.rematchS ? 'met' : 'MISSED',
      ]),
    );
    console.log('(plan: enqueue → first district job; need side: first → last district job; offer side: first → last offer job, incl. the snapshot; collect: → parent completed; kept: rows in matches afterwards)');
    console.log('');
    table(
      ['CPU s', 'workers', 'postgres', 'bench', 'foreign', 'busy', 'kept rows/s', 'µs CPU/kept row'],
      out.rematch.map((m) => [
        m.label,
        fmt(m.cpu.appS, 1),
        fmt(m.cpu.postgresS, 1),
        fmt(m.cpu.benchS, 1),
        fmt(m.cpu.foreignS, 1),
        m.cpu.busyPct === undefined ? '-' : `${fmt(m.cpu.busyPct, 0)}%`,
        int(m.result.kept / m.seconds),
        m.cpu.appS === undefined || m.cpu.postgresS === undefined ? '-' : fmt(((m.cpu.appS + m.cpu.postgresS) * 1e6) / (m.result.kept || 1), 1),
      ]),
    );
    console.log('(workers: the worker processes; postgres: the backends of the bench database; foreign: anything else on the machine; busy: share of all cores in use)');
    console.log('jobs per worker (district jobs from the rematch-all result; offer jobs from the children; slowest job of each kind):');
    const split = (x: Record<string, number>) => Object.entries(x).map(([w, n]) => `${w}: ${n}`).join(', ');
    for (const m of out.rematch) {
      console.log(`  ${m.label.padEnd(16)} districts ${split(m.result.workers)}; offer batches ${split(m.offerSide.perWorker)}; slowest district ${fmt(m.needSide.slowestS, 2)} s, slowest offer batch ${fmt(m.offerSide.slowestS, 2)} s`);
    }
  }

  if (out.candidates) {
    const c = out.candidates;
    console.log('');
    console.log(`Candidate offers per need (matchNeed's query incl. lexemes, ${c.samples} random needs, one connection; goal p95 < ${GOALS.candidateP95Ms} ms)`);
    table(
      ['query', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'max ms', 'goal'],
      [
        ['full rows (engine)', fmt(c.full.p50), fmt(c.full.p95), fmt(c.full.p99), fmt(c.full.mean), fmt(c.full.max), c.full.p95 < GOALS.candidateP95Ms ? 'met' : 'MISSED'],
        ['ids only (scan)', fmt(c.idsOnly.p50), fmt(c.idsOnly.p95), fmt(c.idsOnly.p99), fmt(c.idsOnly.mean), fmt(c.idsOnly.max), ''],
        ['full / ids only', fmt(c.full.p50 / c.idsOnly.p50), fmt(c.full.p95 / c.idsOnly.p95), fmt(c.full.p99 / c.idsOnly.p99), fmt(c.full.mean / c.idsOnly.mean), '', ''],
      ],
    );
    console.log(`candidates per need: mean ${int(c.rows.mean)}, p50 ${int(c.rows.p50)}, p95 ${int(c.rows.p95)}, max ${int(c.rows.max)}`);
    console.log(`plan (need with the median number of candidates):\n${c.plan.split('\n').map((l) => `  ${l}`).join('\n')}`);
  }

  if (out.scoring) {
    const s = out.scoring;
    console.log('');
    console.log(`Scoring (one core, this process; DEFAULT_WEIGHTS, K=${K}; goal ≥ ${mega(GOALS.scoringPairsPerS)} M evaluated pairs/s)`);
    console.log(`  loaded all published needs and offers in ${fmt(s.loadS, 1)} s, features and MatchingSnapshot in ${fmt(s.featuresS, 1)} s; batches as rematch-all builds them`);
    const row = (name: string, x: ScoringSide) => [
      name,
      String(x.batches),
      int(x.pairs),
      int(x.evaluated),
      int(x.scored),
      int(x.kept),
      fmt(x.seconds, 2),
      mega(x.pairs / x.seconds),
      mega(x.evaluated / x.seconds),
      mega(x.scored / x.seconds),
    ];
    table(
      ['scorer', 'batches', 'needs×offers', 'evaluated', 'scored', 'kept', 'seconds', 'M pairs/s', 'M eval/s', 'M scored/s'],
      [
        row('need side (per Quartier)', s.needSide),
        row('offer side (per offer)', s.offerSide),
        row('both sides', s.both),
        row('need side, sample', s.sampleOptimized),
        row('naive need side, sample', s.sampleNaive),
        [
          'sample: scoreBatch/naive',
          '',
          '',
          '',
          '',
          '',
          fmt(s.sampleNaive.seconds / s.sampleOptimized.seconds, 2) + 'x',
          fmt(s.sampleOptimized.pairs / s.sampleOptimized.seconds / (s.sampleNaive.pairs / s.sampleNaive.seconds), 2),
          '',
          fmt(s.sampleOptimized.scored / s.sampleOptimized.seconds / (s.sampleNaive.scored / s.sampleNaive.seconds), 2),
        ],
      ],
    );
    console.log(
      `  evaluated: pairs looked at (scoreBatch: after category pruning; naive: all); goal ${s.both.evaluated / s.both.seconds >= GOALS.scoringPairsPerS ? 'met' : 'MISSED'} ` +
        `(both sides: ${mega(s.both.evaluated / s.both.seconds)} M/s); naive and scoreBatch keep the same pairs in ${s.agreement.identicalBatches}/${s.agreement.batches} batches ` +
        `(${s.agreement.pairsOnlyOne} pairs kept by one only, max score difference ${s.agreement.maxScoreDiff})`,
    );
  }

  if (out.latency) {
    const l = out.latency;
    console.log('');
    console.log(`Publish → matches readable (${l.needs} needs published one at a time in ${l.district} (${int(l.districtNeeds)} needs), 1 API, ${l.workers} workers, OUTBOX_POLL_MS=20, polling every 10 ms; goal p95 < ${GOALS.latencyP95Ms} ms)`);
    table(
      ['', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms', 'timeouts', 'goal'],
      [
        ['publish → readable', fmt(l.readableMs.p50, 1), fmt(l.readableMs.p95, 1), fmt(l.readableMs.p99, 1), fmt(l.readableMs.max, 1), fmt(l.readableMs.mean, 1), String(l.timeouts), l.readableMs.p95 < GOALS.latencyP95Ms ? 'met' : 'MISSED'],
        ['POST publish alone', fmt(l.publishMs.p50, 1), fmt(l.publishMs.p95, 1), '', '', '', '', ''],
        ['readable / publish', fmt(l.readableMs.p50 / l.publishMs.p50, 1), fmt(l.readableMs.p95 / l.publishMs.p95, 1), '', '', '', '', ''],
      ],
    );
    console.log(`  ${fmt(l.matchesPerNeed, 1)} matches on the first non-empty read, on average`);
    console.log('  where the time goes (from the match-need jobs\' timestamps):');
    table(
      ['  part', 'p50 ms', 'p95 ms'],
      [
        ['  publish → job added (HTTP, outbox, relay)', fmt(l.parts.toQueue.p50, 1), fmt(l.parts.toQueue.p95, 1)],
        ['  waiting in the queue', fmt(l.parts.queued.p50, 1), fmt(l.parts.queued.p95, 1)],
        ['  match-need job', fmt(l.parts.job.p50, 1), fmt(l.parts.job.p95, 1)],
        ['  job done → matches read', fmt(l.parts.toRead.p50, 1), fmt(l.parts.toRead.p95, 1)],
      ],
    );
  }

  benchResult({
    bench: 'matching',
    seed: SEED,
    cores: availableParallelism(),
    dataset: { ...data, biggest: { ...data.biggest, share: round(data.biggest.share, 4) }, generationS: round(generationS, 1) },
    mirrorsEngine: mirrors,
    rematch: out.rematch.map((m) => ({
      run: m.label,
      workers: m.workers,
      seconds: round(m.seconds, 2),
      districts: m.result.districts,
      completed: m.result.completed,
      failed: m.result.failed.length,
      kept: m.result.kept,
      written: m.result.written,
      removed: m.result.removed,
      offerBatches: m.result.offerBatches,
      offerBatchesCompleted: m.result.offerBatchesCompleted,
      planS: round(m.planS, 2),
      needSide: { ...m.needSide, seconds: round(m.needSide.seconds, 2) },
      offerSide: { ...m.offerSide, seconds: round(m.offerSide.seconds, 2) },
      collectS: round(m.collectS, 2),
      districtsPerWorker: m.result.workers,
      cpuS: { workers: round(m.cpu.appS, 1), postgres: round(m.cpu.postgresS, 1), bench: round(m.cpu.benchS, 1), foreign: round(m.cpu.foreignS, 1) },
    })),
    candidates: out.candidates && {
      samples: out.candidates.samples,
      p50Ms: round(out.candidates.full.p50),
      p95Ms: round(out.candidates.full.p95),
      p99Ms: round(out.candidates.full.p99),
      idsOnlyP95Ms: round(out.candidates.idsOnly.p95),
      rowsMean: round(out.candidates.rows.mean, 0),
    },
    scoring: out.scoring && {
      ...Object.fromEntries(
        (['needSide', 'offerSide', 'both'] as const).map((k) => {
          const x = out.scoring![k];
          return [k, { ...x, seconds: round(x.seconds, 2), evaluatedPerS: round(x.evaluated / x.seconds, 0), scoredPerS: round(x.scored / x.seconds, 0) }];
        }),
      ),
      sample: { optimized: out.scoring.sampleOptimized, naive: out.scoring.sampleNaive },
      ratio: { speedup: round(out.scoring.sampleNaive.seconds / out.scoring.sampleOptimized.seconds, 2) },
      agreement: out.scoring.agreement,
    },
    latency: out.latency && {
      needs: out.latency.needs,
      workers: out.latency.workers,
      p50Ms: round(out.latency.readableMs.p50, 1),
      p95Ms: round(out.latency.readableMs.p95, 1),
      p99Ms: round(out.latency.readableMs.p99, 1),
      timeouts: out.latency.timeouts,
      partsMs: out.latency.parts,
    },
  });
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
