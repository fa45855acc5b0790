/**
 * Browse benchmark: GET /v1/offers?districtId=<borough>&category=<c>&q=<word> through the real API
 * (compiled, as its own process) against the same query sent straight to PostgreSQL with `pg`.
 *
 * Self-contained: its own database (marktplatz_bench_<timestamp>), migrations through the compiled
 * CLI, a deterministic synthetic Stuttgart (fixed PRNG seed), its own queue prefix in Redis; all
 * of it is removed again, on failure too. See test/bench/README.md.
 *
 *   npm run bench:browse                      (BENCH_DURATION_S=20 by default)
 */
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { CATEGORIES, type Category } from '../../src/common/domain/vocabulary';
import { listingSearchVector } from '../../src/modules/listings/listing.entity';
import { benchResult, BenchRun, envFlag, envInt, fmt, machineBusyMs, procCpuMs, round, sleep, table, timing } from './harness';
import { SEARCH_WORDS, seedListings } from './listings-dataset';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const DURATION_S = envInt('BENCH_DURATION_S', 20);
const WARMUP_S = 2;
const CONNECTIONS = 10;
const SEED = envInt('BENCH_SEED', 20260315);
const PAGE_LIMIT = 20; // the service's default page size; it fetches limit + 1
const TARGET_HITS = 300; // the query is chosen to match about this many offers
const STAMP = Date.now();
const EXPLAIN = envFlag('BENCH_EXPLAIN');
/** Hard upper bound for the whole run; cleanup still happens when it fires. */
const WATCHDOG_MS = (150 + 2 * (DURATION_S + WARMUP_S)) * 1000;

const bench = new BenchRun({ database: `marktplatz_bench_${STAMP}`, queuePrefix: `bench-${STAMP}`, startedAt: STAMP });
const { dbUrl, log } = bench;


// ---------------------------------------------------------------------------------------------
// The query under test, as OffersService/ListingsService.list() builds it
// ---------------------------------------------------------------------------------------------

const SEARCH_VECTOR = listingSearchVector('l');
const OFFER_COLUMNS = ['id', 'created_at', 'updated_at', 'version', 'organisation_id', 'title', 'description', 'category', 'tags', 'unit', 'starts_at', 'ends_at', 'lat', 'lon', 'published_at', 'capacity', 'district_ids', 'radius_km', 'home_district_id', 'status'];

/** Anonymous visitor: public statuses or the nil organisation; published; category; district; q; relevance. */
const BROWSE_SQL = `SELECT ${OFFER_COLUMNS.map((c) => `"l"."${c}" AS "l_${c}"`).join(', ')}, "o"."id" AS "o_id", "o"."name" AS "o_name", "o"."kind" AS "o_kind",
  ts_rank_cd(${SEARCH_VECTOR}, websearch_to_tsquery('german'::regconfig, $7)) AS "rank"
FROM "offers" "l" INNER JOIN "organisations" "o" ON "o"."id" = "l"."organisation_id"
WHERE (l.status IN ($1, $2, $3) OR l.organisation_id = $4)
  AND l.status = 'published'
  AND l.category = $5
  AND (l.district_ids && $6::uuid[] OR (l.radius_km IS NOT NULL AND l.home_district_id = ANY($8::uuid[])))
  AND ${SEARCH_VECTOR} @@ websearch_to_tsquery('german'::regconfig, $7)
ORDER BY "rank" DESC, "l"."id" ASC
LIMIT ${PAGE_LIMIT + 1}`;

const NIL_ORG = '00000000-0000-0000-0000-000000000000';

interface Scenario {
  borough: { id: string; name: string; offers: number };
  category: Category;
  q: string;
  /** Offers in the borough the word finds (any category). */
  wordHits: number;
  /** ... and of those, in the category: the rows the query ranks. */
  hits: number;
  params: unknown[];
}

/** served = subtree + ancestors, subtree = districts whose ancestor_ids contain the id (DistrictsService.subtreeIds). */
async function districtFilter(pool: Pool, districtId: string): Promise<{ served: string[]; subtree: string[] }> {
  const { rows: [district] } = await pool.query<{ ancestor_ids: string[] }>('SELECT ancestor_ids FROM districts WHERE id = $1', [districtId]);
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM districts WHERE ancestor_ids @> ARRAY[$1]::uuid[]', [districtId]);
  const subtree = rows.map((r) => r.id);
  return { served: [...new Set([...subtree, ...district.ancestor_ids])], subtree };
}

const SERVED_PREDICATE = `status = 'published' AND (district_ids && $1::uuid[] OR (radius_km IS NOT NULL AND home_district_id = ANY($2::uuid[])))`;

/**
 * The borough served by most offers; the candidate word whose hits among them come closest to
 * TARGET_HITS; and the category most of those hits carry. BENCH_Q / BENCH_CATEGORY pin them.
 */
async function chooseScenario(pool: Pool): Promise<Scenario> {
  const { rows: boroughs } = await pool.query<{ id: string; name: string }>(`SELECT id, name FROM districts WHERE level = 'borough' ORDER BY slug`);
  let best: Scenario['borough'] | undefined;
  let bestFilter: { served: string[]; subtree: string[] } | undefined;
  for (const b of boroughs) {
    const f = await districtFilter(pool, b.id);
    const { rows: [{ n }] } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM offers WHERE ${SERVED_PREDICATE}`, [f.served, f.subtree]);
    if (!best || n > best.offers) {
      best = { id: b.id, name: b.name, offers: n };
      bestFilter = f;
    }
  }
  if (!best || !bestFilter) throw new Error('no boroughs seeded');
  const words = process.env.BENCH_Q ? [process.env.BENCH_Q] : SEARCH_WORDS;
  let choice: { q: string; wordHits: number; byCategory: Array<{ category: Category; n: number }> } | undefined;
  for (const q of words) {
    const { rows } = await pool.query<{ category: Category; n: number }>(
      `SELECT category, count(*)::int AS n FROM offers l WHERE ${SERVED_PREDICATE} AND ${SEARCH_VECTOR} @@ websearch_to_tsquery('german'::regconfig, $3) GROUP BY category ORDER BY n DESC, category`,
      [bestFilter.served, bestFilter.subtree, q],
    );
    const wordHits = rows.reduce((sum, r) => sum + r.n, 0);
    if (!wordHits) continue;
    if (!choice || Math.abs(Math.log(wordHits / TARGET_HITS)) < Math.abs(Math.log(choice.wordHits / TARGET_HITS))) choice = { q, wordHits, byCategory: rows };
  }
  if (!choice) throw new Error(`no candidate word finds offers in ${best.name}`);
  const pinned = process.env.BENCH_CATEGORY as Category | undefined;
  if (pinned && !CATEGORIES.includes(pinned)) throw new Error(`BENCH_CATEGORY must be one of ${CATEGORIES.join(', ')}`);
  const top = pinned ? (choice.byCategory.find((r) => r.category === pinned) ?? { category: pinned, n: 0 }) : choice.byCategory[0];
  return {
    borough: best,
    q: choice.q,
    wordHits: choice.wordHits,
    category: top.category,
    hits: top.n,
    params: ['published', 'paused', 'exhausted', NIL_ORG, top.category, bestFilter.served, choice.q, bestFilter.subtree],
  };
}

/** The statement text the API sends for the browse query, caught in pg_stat_activity while it is under load. */
async function sampleApiSql(pool: Pool, ms: number): Promise<string | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const { rows } = await pool.query<{ query: string }>(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'marktplatz' AND query LIKE '%ts_rank_cd%' LIMIT 1`,
    );
    if (rows.length) return rows[0].query;
    await sleep(20);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

interface Measurement {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per successful request, where measurable (Linux /proc). */
  cpu?: CpuPerRequest;
  /** The whole machine during the run: share of all cores busy, and the part not used by the bench, the API or their backends. */
  machine?: { cores: number; busyPct: number; foreignPct?: number };
}
interface CpuPerRequest {
  app?: number;
  postgres?: number;
  loadGenerator: number;
}

/**
 * CPU used while `run` runs by: the API process, the PostgreSQL backends of `applicationName`
 * and this process (autocannon or the pg client). On a small machine all three share the cores,
 * which is what the throughput ratio mostly reflects; these figures show where the time goes.
 */
async function withCpu(pool: Pool, applicationName: string, appPid: number | undefined, run: () => Promise<Measurement>): Promise<Measurement> {
  const backends = async () =>
    (await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [applicationName])).rows.map((r) => r.pid);
  const sum = (pids: number[]) => pids.reduce<number | undefined>((acc, pid) => {
    const ms = procCpuMs(pid);
    return acc === undefined || ms === undefined ? undefined : acc + ms;
  }, 0);
  const pids = await backends();
  const before = { app: appPid ? procCpuMs(appPid) : undefined, pg: pids.length ? sum(pids) : undefined, self: process.cpuUsage(), busy: machineBusyMs() };
  const m = await run();
  const busyAfter = machineBusyMs();
  const pidsAfter = await backends();
  const samePids = pidsAfter.length === pids.length && pidsAfter.every((p) => pids.includes(p));
  const appAfter = appPid ? procCpuMs(appPid) : undefined;
  const pgAfter = samePids ? sum(pids) : undefined;
  const self = process.cpuUsage(before.self);
  const per = (ms: number | undefined) => (ms === undefined || !m.requests ? undefined : ms / m.requests);
  const used = {
    app: appAfter !== undefined && before.app !== undefined ? appAfter - before.app : appPid ? undefined : 0,
    postgres: pgAfter !== undefined && before.pg !== undefined ? pgAfter - before.pg : undefined,
    loadGenerator: (self.user + self.system) / 1000,
  };
  m.cpu = { app: appPid ? per(used.app) : undefined, postgres: per(used.postgres), loadGenerator: per(used.loadGenerator)! };
  if (busyAfter !== undefined && before.busy !== undefined) {
    const cores = availableParallelism();
    const capacity = m.seconds * 1000 * cores;
    const ours = used.app !== undefined && used.postgres !== undefined ? used.app + used.postgres + used.loadGenerator : undefined;
    m.machine = {
      cores,
      busyPct: ((busyAfter - before.busy) / capacity) * 100,
      foreignPct: ours === undefined ? undefined : (Math.max(0, busyAfter - before.busy - ours) / capacity) * 100,
    };
  }
  return m;
}

function summarise(latencies: number[], errors: number, seconds: number): Measurement {
  const t = timing(latencies);
  return { requests: t.n, errors, seconds, rps: t.n / seconds, p50: t.p50, p99: t.p99 };
}

/** autocannon; latencies from its per-response event (fractional ms; its histogram rounds to 1 ms). */
async function loadApi(url: string, durationS: number): Promise<Measurement> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: CONNECTIONS, duration: durationS, timeout: 10 });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await instance;
  // autocannon counts a timeout in `errors` as well as in `timeouts`
  return summarise(latencies, result.errors + result.non2xx, result.duration);
}

/** CONNECTIONS loops, each sending the query and awaiting the answer, over a pool of as many clients. */
async function loadRaw(pool: Pool, params: unknown[], durationS: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const end = Date.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        try {
          await pool.query(BROWSE_SQL, params);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          if (++errors === 1) console.error('raw query failed:', (err as Error).message);
        }
      }
    }),
  );
  return summarise(latencies, errors, Number(process.hrtime.bigint() - started) / 1e9);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`database ${dbUrl}, queue prefix ${bench.queuePrefix}, ${DURATION_S} s per side, ${CONNECTIONS} connections, seed ${SEED}`);
  bench.prepareApp(); // runs dist/ itself: only checks that it is built
  await bench.createDatabase();

  const t0 = Date.now();
  const data = await seedListings(dbUrl, SEED);
  log(`seeded ${data.districts.length} districts, ${data.organisations.length} organisations, ${data.offers.length} offers, ${data.needs.length} needs in ${((Date.now() - t0) / 1000).toFixed(1)} s (VACUUM ANALYZEd)`);

  const pool = bench.pool('marktplatz-bench', CONNECTIONS);
  const scenario = await chooseScenario(pool);
  const { rows: [{ size }] } = await pool.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
  log(`query: borough ${scenario.borough.name} (${scenario.borough.offers} offers serve it), q=${scenario.q} (${scenario.wordHits} hits), category=${scenario.category} -> ${scenario.hits} rows to rank`);

  const { api: apiProcess, port } = await bench.startApi({}, 30_000);
  log(`API ready on port ${port}`);

  const path = `/v1/offers?districtId=${scenario.borough.id}&category=${scenario.category}&q=${encodeURIComponent(scenario.q)}`;
  const url = `http://127.0.0.1:${port}${path}`;

  // Verify: 200 with items, and the same page as the raw query.
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json().catch(() => undefined)) as { items?: Array<{ id: string }> } | undefined;
  if (res.status !== 200 || !body?.items?.length) throw new Error(`GET ${path} answered ${res.status} with ${body?.items?.length ?? 'no'} items:\n${JSON.stringify(body).slice(0, 500)}`);
  const raw = await pool.query<{ l_id: string }>(BROWSE_SQL, scenario.params);
  const apiIds = body.items.map((i) => i.id).join(',');
  const rawIds = raw.rows.slice(0, PAGE_LIMIT).map((r) => r.l_id).join(',');
  const samePage = apiIds === rawIds;
  if (!samePage) console.warn('WARNING: the API page and the raw query page differ; the raw SQL no longer mirrors ListingsService.list()');
  log(`verified: 200 with ${body.items.length} items; raw query returns ${raw.rowCount} rows; same page: ${samePage ? 'yes' : 'NO'}`);

  log(`API warm-up ${WARMUP_S} s`);
  const [, apiSql] = await Promise.all([loadApi(url, WARMUP_S), EXPLAIN ? sampleApiSql(pool, WARMUP_S * 1000) : undefined]);
  if (EXPLAIN) console.log(`\nSQL the API sends (from pg_stat_activity):\n${apiSql ?? '(not caught)'}\n`);
  log(`API load ${DURATION_S} s: GET ${path}`);
  const api = await withCpu(pool, 'marktplatz', apiProcess.pid, () => loadApi(url, DURATION_S));
  if (!api.requests) throw new Error('the API answered no request with 200 under load');
  if (api.errors) console.warn(`WARNING: ${api.errors} API requests failed (errors, timeouts or non-2xx)`);

  // Raw floor: the API process stays up but idle, so both sides see the same machine.
  log(`raw pg warm-up ${WARMUP_S} s`);
  await loadRaw(pool, scenario.params, WARMUP_S);
  log(`raw pg load ${DURATION_S} s`);
  const rawM = await withCpu(pool, 'marktplatz-bench', undefined, () => loadRaw(pool, scenario.params, DURATION_S));
  if (!rawM.requests) throw new Error('no raw query succeeded');

  if (EXPLAIN) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${BROWSE_SQL}`, scenario.params);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the raw query:\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
  }

  const ratios = { throughput: api.rps / rawM.rps, p50: api.p50 / rawM.p50, p99: api.p99 / rawM.p99 };
  const layout = { minWidths: [10, 12, 10, 10, 10, 8], gap: ' ' }; // both tables line up
  console.log('');
  console.log(`Dataset: ${data.districts.length} districts, ${data.organisations.length} organisations, ${data.offers.length} published offers, ${data.needs.length} published needs (${size})`);
  console.log(`Query:   GET /v1/offers?districtId=<${scenario.borough.name}>&category=${scenario.category}&q=${scenario.q}  (${scenario.borough.offers} offers serve the borough, ${scenario.wordHits} match q, ${scenario.hits} also the category; page of ${PAGE_LIMIT})`);
  console.log(`Load:    ${CONNECTIONS} connections / ${CONNECTIONS} pooled clients, ${DURATION_S} s each after ${WARMUP_S} s warm-up`);
  console.log('');
  table(
    ['', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
    [
      ['API', String(api.requests), fmt(api.rps, 1), fmt(api.p50), fmt(api.p99), String(api.errors)],
      ['raw pg', String(rawM.requests), fmt(rawM.rps, 1), fmt(rawM.p50), fmt(rawM.p99), String(rawM.errors)],
      ['API/raw', '', fmt(ratios.throughput), fmt(ratios.p50), fmt(ratios.p99), ''],
    ],
    layout,
  );
  console.log('');
  const c = (n: number | undefined) => (n === undefined ? '-' : fmt(n));
  const pct = (n: number | undefined) => (n === undefined ? '-' : `${fmt(n, 0)}%`);
  table(
    ['CPU ms/req', 'app', 'postgres', 'loadgen', 'busy', 'foreign'],
    [
      ['API', c(api.cpu?.app), c(api.cpu?.postgres), c(api.cpu?.loadGenerator), pct(api.machine?.busyPct), pct(api.machine?.foreignPct)],
      ['raw pg', '-', c(rawM.cpu?.postgres), c(rawM.cpu?.loadGenerator), pct(rawM.machine?.busyPct), pct(rawM.machine?.foreignPct)],
    ],
    layout,
  );
  console.log(`(busy: share of all ${api.machine?.cores ?? '?'} cores in use during the run; foreign: of that, not the API, its PostgreSQL backends or the load generator)`);
  const cpuJson = (cpu: CpuPerRequest | undefined) =>
    cpu && { app: cpu.app === undefined ? null : round(cpu.app), postgres: cpu.postgres === undefined ? null : round(cpu.postgres), loadGenerator: round(cpu.loadGenerator) };
  const machineJson = (mm: Measurement['machine']) =>
    mm && { cores: mm.cores, busyPct: round(mm.busyPct, 1), foreignPct: mm.foreignPct === undefined ? null : round(mm.foreignPct, 1) };
  benchResult({
    bench: 'browse',
    durationS: DURATION_S,
    connections: CONNECTIONS,
    seed: SEED,
    dataset: { districts: data.districts.length, organisations: data.organisations.length, offers: data.offers.length, needs: data.needs.length, dbSize: size },
    query: { borough: scenario.borough.name, boroughOffers: scenario.borough.offers, category: scenario.category, q: scenario.q, wordHits: scenario.wordHits, hits: scenario.hits, samePage },
    api: { requests: api.requests, errors: api.errors, rps: round(api.rps, 1), p50Ms: round(api.p50), p99Ms: round(api.p99), cpuMsPerRequest: cpuJson(api.cpu), machine: machineJson(api.machine) },
    raw: { requests: rawM.requests, errors: rawM.errors, rps: round(rawM.rps, 1), p50Ms: round(rawM.p50), p99Ms: round(rawM.p99), cpuMsPerRequest: cpuJson(rawM.cpu), machine: machineJson(rawM.machine) },
    ratio: { throughput: round(ratios.throughput), p50: round(ratios.p50), p99: round(ratios.p99) },
  });
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
