/**
 * Load benchmark (`npm run bench:load`): the compiled API and a worker under the traffic of a
 * partner portal, on the browse benchmark's synthetic Stuttgart (10,000 published needs and
 * 10,000 published offers, 300 organisations with one member each, matches from a real
 * rematch-all):
 *
 *   mix    baseline first: GET /health/live (the cheapest route: the framework, HTTP and the
 *          load generator, no database) at the same connections and duration; then the mix,
 *          80 % browse and search (lists of needs, offers and organisations with district,
 *          category and q filters, next pages, single needs, offers and organisation profiles),
 *          15 % writes as the organisations' members (POST of needs and offers, PATCH and
 *          publish of their own drafts), 5 % match reads (a need's or an offer's matches, by
 *          its owner). Requests/s, p50/p90/p99 and errors per class and overall, as ratios to the
 *          baseline.
 *   soak   BENCH_SOAK_S (10 minutes) at a fixed rate (a third of the mix's throughput, or
 *          BENCH_SOAK_RATE), sampling the resident memory of the API and the worker every 10 s:
 *          start, end, maximum and a linear fit in MB/min, and the errors.
 *
 * Self-contained like the other benches: its own database, the real migrations, the app from a
 * copy of dist/, its own queue prefix; all of it removed again, on failure too. See
 * test/bench/README.md.
 *
 *   npm run bench:load
 *   BENCH_DURATION_S=10 BENCH_SOAK_S=60 npm run bench:load
 *   BENCH_PHASES=mix npm run bench:load
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Queue, QueueEvents } from 'bullmq';
import type { Client } from 'pg';
import { DEMO_NEEDS, DEMO_OFFERS } from '../../src/bin/demo/demo-data';
import { CATEGORIES } from '../../src/common/domain/vocabulary';
import { hashPassword } from '../../src/modules/auth/password';
import { JOB_OPTIONS, JobName, QueueName } from '../../src/queue/jobs';
import {
  benchResult,
  BenchRun,
  envInt,
  envPhases,
  fmt,
  machineBusyMs,
  percentile,
  procCpuMs,
  procRssKb,
  REDIS_URL,
  Rng,
  round,
  sleep,
  table,
  type AppProcess,
} from './harness';
import { insertRows, SEARCH_WORDS, seedListings, type Dataset } from './listings-dataset';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const PHASES = ['mix', 'soak'] as const;
const CHOSEN = envPhases(PHASES);
const DURATION_S = envInt('BENCH_DURATION_S', 60);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50);
const WARMUP_S = envInt('BENCH_WARMUP_S', 5);
const SOAK_S = envInt('BENCH_SOAK_S', 600);
const SOAK_WARMUP_S = envInt('BENCH_SOAK_WARMUP_S', 30);
const SOAK_CONNECTIONS = envInt('BENCH_SOAK_CONNECTIONS', 10);
const SOAK_SAMPLE_S = envInt('BENCH_SOAK_SAMPLE_S', 10);
/** The soak's rate without BENCH_SOAK_RATE: this share of the mix's throughput in the same run. */
const SOAK_SHARE = 1 / 3;
/** ... and without a mix phase to measure it from. */
const SOAK_FALLBACK_RATE = 50;
const SOAK_RATE = process.env.BENCH_SOAK_RATE ? envInt('BENCH_SOAK_RATE', 1) : undefined;
const SEED = envInt('BENCH_SEED', 20260315);
/** The production default; the other benches run their apps at `warn`. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
/** A request without an answer after this long counts as a timeout (an error). */
const TIMEOUT_S = 10;
const GOAL = { p99Ms: 200, errors: 0 };
/** Of every 20 requests: 16 browse, 3 writes, 1 match read (shuffled per block by the PRNG). */
const BLOCK: Record<Cls, number> = { browse: 16, write: 3, match: 1 };
const PASSWORD = 'Gute-Geschaefte-im-Quartier-2027';
const WATCHDOG_MS =
  envInt('BENCH_TIMEOUT_S', 900 + (CHOSEN.has('mix') ? 2 * (DURATION_S + WARMUP_S) : 0) + (CHOSEN.has('soak') ? SOAK_S + SOAK_WARMUP_S : 0)) * 1000;

const bench = new BenchRun({ database: `marktplatz_bench_load_${process.pid}`, queuePrefix: `bench-load-${process.pid}`, appCopy: `app-load-${process.pid}` });
const { log } = bench;

/**
 * The environment of both app processes. Only two settings differ from a production start:
 * - LOGIN_RATE_LIMIT_PER_CLIENT: the bench logs in its 300 members from one IP within seconds
 *   (default 30 per minute per IP); the per-account limit (10) stays, each logs in once.
 * - MATCHING_CRON: no nightly rematch-all in the middle of a run.
 * Nothing else throttles a signed-in user or an anonymous reader (the API-key rate limit applies
 * to API keys only), so the mix runs with the service's limits as they are.
 */
const APP_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-load-jwt-secret-0123456789abcdef012345',
  LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
  MATCHING_CRON: '0 0 1 1 *',
  LOG_LEVEL,
};

// ---------------------------------------------------------------------------------------------
// The request mix
// ---------------------------------------------------------------------------------------------

const CLASSES = ['browse', 'write', 'match'] as const;
type Cls = (typeof CLASSES)[number];

const OPS = {
  browse: ['offers-list', 'needs-list', 'next-page', 'need', 'offer', 'organisation', 'organisations-list'],
  write: ['create-need', 'create-offer', 'patch-draft', 'publish-draft'],
  match: ['need-matches', 'offer-matches'],
} as const satisfies Record<Cls, readonly string[]>;
type Op = (typeof OPS)[Cls][number];
const ALL_OPS: Op[] = CLASSES.flatMap((c) => [...OPS[c]]);

/** Weights within a class (per cent). */
const WEIGHTS: Record<Op, number> = {
  'offers-list': 25,
  'needs-list': 25,
  'next-page': 10,
  need: 12,
  offer: 12,
  organisation: 10,
  'organisations-list': 6,
  'create-need': 35,
  'create-offer': 35,
  'patch-draft': 15,
  'publish-draft': 15,
  'need-matches': 60,
  'offer-matches': 40,
};

interface Member {
  organisationId: string;
  kind: 'nonprofit' | 'company';
  email: string;
  token: string;
}

interface Targets {
  boroughs: string[];
  quarters: string[];
  needIds: string[];
  offerIds: string[];
  organisationIds: string[];
  nonprofits: Member[];
  companies: Member[];
  /** Published needs and offers with at least one match, with their owner's token. */
  needsWithMatches: Array<{ id: string; token: string }>;
  offersWithMatches: Array<{ id: string; token: string }>;
  /** POST bodies, one per demo template (dates relative to the start of the run). */
  needBodies: string[];
  offerBodies: string[];
}

interface Draft {
  kind: 'needs' | 'offers';
  id: string;
  token: string;
  patched: number;
}

/** One request of the mix, and what its answer feeds back (a draft to patch, a next page). */
interface Planned {
  cls: Cls;
  op: Op;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Drafts: the one created, patched or published. */
  draft?: Draft;
  /** List requests whose nextCursor is kept for a later next-page request. */
  keepCursor?: boolean;
}

const MAX_DRAFTS = 500;
const MAX_CURSORS = 200;

/**
 * The mix, deterministic for a seed: the n-th request drawn is always the same kind with the same
 * parameters (which connection sends it depends on timing). Writes that need an earlier answer
 * (a draft's id, a next page's cursor) take it from what came back; without one, a patch or
 * publish becomes a create and a next page a fresh list.
 */
class Mix {
  private readonly rng: Rng;
  private block: Cls[] = [];
  private readonly drafts: Draft[] = [];
  private readonly cursors: Array<{ path: string; cursor: string }> = [];
  drawn = 0;

  constructor(
    private readonly t: Targets,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  private nextClass(): Cls {
    if (!this.block.length) this.block = this.rng.shuffle(CLASSES.flatMap((c) => Array<Cls>(BLOCK[c]).fill(c)));
    return this.block.pop()!;
  }

  private weighted<T extends Op>(ops: readonly T[]): T {
    let r = this.rng.next() * ops.reduce((s, o) => s + WEIGHTS[o], 0);
    for (const o of ops) if ((r -= WEIGHTS[o]) < 0) return o;
    return ops[ops.length - 1];
  }

  next(): Planned {
    this.drawn++;
    const cls = this.nextClass();
    return this.plan(cls, this.weighted(OPS[cls]));
  }

  /** The request for `op` (also used to check each kind once before the run). */
  plan(cls: Cls, op: Op): Planned {
    const r = this.rng;
    const t = this.t;
    const get = (path: string, extra: Partial<Planned> = {}): Planned => ({ cls, op, method: 'GET', path, headers: {}, ...extra });
    const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    switch (op) {
      case 'offers-list':
      case 'needs-list': {
        const q = new URLSearchParams();
        const where = r.next();
        if (where < 0.4) q.set('districtId', r.pick(t.boroughs));
        else if (where < 0.7) q.set('districtId', r.pick(t.quarters));
        if (r.chance(0.5)) q.set('category', r.pick(CATEGORIES));
        if (r.chance(0.35)) q.set('q', r.pick(SEARCH_WORDS));
        const query = q.toString();
        return get(`/v1/${op === 'offers-list' ? 'offers' : 'needs'}${query ? `?${query}` : ''}`, { keepCursor: r.chance(0.3) });
      }
      case 'next-page': {
        const page = this.cursors.length ? this.cursors.splice(r.int(this.cursors.length), 1)[0] : undefined;
        if (!page) return { ...this.plan(cls, r.chance(0.5) ? 'offers-list' : 'needs-list'), op };
        return get(`${page.path}${page.path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(page.cursor)}`);
      }
      case 'need':
        return get(`/v1/needs/${r.pick(t.needIds)}`);
      case 'offer':
        return get(`/v1/offers/${r.pick(t.offerIds)}`);
      case 'organisation':
        return get(`/v1/organisations/${r.pick(t.organisationIds)}`);
      case 'organisations-list': {
        const q = new URLSearchParams({ districtId: r.pick(t.boroughs) });
        if (r.chance(0.5)) q.set('kind', r.chance(0.5) ? 'nonprofit' : 'company');
        return get(`/v1/organisations?${q}`);
      }
      case 'create-need': {
        const m = r.pick(t.nonprofits);
        return { cls, op, method: 'POST', path: '/v1/needs', headers: json(m.token), body: r.pick(t.needBodies), draft: { kind: 'needs', id: '', token: m.token, patched: 0 } };
      }
      case 'create-offer': {
        const m = r.pick(t.companies);
        return { cls, op, method: 'POST', path: '/v1/offers', headers: json(m.token), body: r.pick(t.offerBodies), draft: { kind: 'offers', id: '', token: m.token, patched: 0 } };
      }
      case 'patch-draft':
      case 'publish-draft': {
        const d = this.drafts.length ? this.drafts.splice(r.int(this.drafts.length), 1)[0] : undefined;
        if (!d) return { ...this.plan(cls, r.chance(0.5) ? 'create-need' : 'create-offer'), op };
        if (op === 'publish-draft') return { cls, op, method: 'POST', path: `/v1/${d.kind}/${d.id}/publish`, headers: { authorization: `Bearer ${d.token}` }, draft: d };
        const body = d.kind === 'needs' ? { quantity: 1 + r.int(40) } : { capacity: 1 + r.int(40) };
        return { cls, op, method: 'PATCH', path: `/v1/${d.kind}/${d.id}`, headers: json(d.token), body: JSON.stringify(body), draft: d };
      }
      case 'need-matches': {
        const n = r.pick(t.needsWithMatches);
        return get(`/v1/needs/${n.id}/matches`, { headers: { authorization: `Bearer ${n.token}` } });
      }
      case 'offer-matches': {
        const o = r.pick(t.offersWithMatches);
        return get(`/v1/offers/${o.id}/matches`, { headers: { authorization: `Bearer ${o.token}` } });
      }
    }
  }

  /** What an answer feeds back: drafts to patch or publish later, cursors of next pages. */
  answered(p: Planned, status: number, body: string): void {
    if (status < 200 || status >= 300) return;
    if (p.draft && p.method === 'POST' && !p.draft.id) {
      const id = (JSON.parse(body) as { id?: string }).id;
      if (id) this.keepDraft({ ...p.draft, id });
    } else if (p.draft && p.method === 'PATCH') {
      this.keepDraft({ ...p.draft, patched: p.draft.patched + 1 });
    } else if (p.keepCursor) {
      const next = (JSON.parse(body) as { nextCursor?: string | null }).nextCursor;
      if (next) {
        this.cursors.push({ path: p.path, cursor: next });
        if (this.cursors.length > MAX_CURSORS) this.cursors.shift();
      }
    }
  }

  private keepDraft(d: Draft): void {
    this.drafts.push(d);
    // the oldest stay drafts in the database; the pool only bounds what is patched or published
    if (this.drafts.length > MAX_DRAFTS) this.drafts.shift();
  }
}

// ---------------------------------------------------------------------------------------------
// Running autocannon and counting per class
// ---------------------------------------------------------------------------------------------

interface Counts {
  latencies: number[];
  /** non-2xx answers + connection errors + timeouts */
  errors: number;
  statuses: Record<string, number>;
}
const counts = (): Counts => ({ latencies: [], errors: 0, statuses: {} });

interface Tally {
  byClass: Record<Cls, Counts>;
  byOp: Record<string, Counts>;
  all: Counts;
  timeouts: number;
  connErrors: number;
  /** The first few failed answers, to see why. */
  samples: string[];
}

function newTally(): Tally {
  return { byClass: { browse: counts(), write: counts(), match: counts() }, byOp: {}, all: counts(), timeouts: 0, connErrors: 0, samples: [] };
}

function record(t: Tally, cls: Cls | undefined, op: string, status: number | 'timeout' | 'connError', ms?: number): void {
  const targets = [t.all, ...(cls ? [t.byClass[cls]] : []), (t.byOp[op] ??= counts())];
  for (const c of targets) {
    if (typeof status === 'number' && status >= 200 && status < 300) c.latencies.push(ms!);
    else {
      c.errors++;
      c.statuses[String(status)] = (c.statuses[String(status)] ?? 0) + 1;
    }
  }
}

interface LoadOptions {
  baseUrl: string;
  durationS: number;
  connections: number;
  /** The mix; without it every request is GET `path`. */
  mix?: Mix;
  path?: string;
  overallRate?: number;
  /** Also counted into these (the soak's sampling windows). */
  alsoInto?: () => Tally;
}

interface LoadRun {
  tally: Tally;
  seconds: number;
  /** autocannon's own totals, as a cross-check of the per-class counts. */
  autocannon: { ok: number; non2xx: number; errors: number; timeouts: number };
}

/** Per connection: the class and op of the request in flight and of the one before (see setupClient). */
interface InFlight {
  current?: Planned;
  previous?: Planned;
}

async function load(o: LoadOptions): Promise<LoadRun> {
  const tally = newTally();
  const connections: InFlight[] = [];
  const into = (p: Planned | undefined, status: number | 'timeout' | 'connError', ms?: number, body?: string) => {
    const cls = p?.cls; // the baseline has no class: it counts in `all` (and as op `baseline`)
    const op = p?.op ?? (o.mix ? 'unknown' : 'baseline');
    record(tally, cls, op, status, ms);
    const extra = o.alsoInto?.();
    if (extra) record(extra, cls, op, status, ms);
    if ((typeof status !== 'number' || status < 200 || status >= 300) && tally.samples.length < 8) {
      tally.samples.push(`${status} ${p ? `${p.method} ${p.path}` : o.path}${body ? `: ${body.slice(0, 300)}` : ''}`);
    }
  };
  const mix = o.mix;
  const instance = autocannon({
    url: `${o.baseUrl}${o.path ?? '/'}`,
    connections: o.connections,
    duration: o.durationS,
    timeout: TIMEOUT_S,
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    ...(mix
      ? {
          requests: [
            {
              setupRequest: (req, context) => {
                const p = mix.next();
                context.planned = p;
                const k = context.connection as number | undefined;
                if (k !== undefined) connections[k] = { previous: connections[k]?.current, current: p };
                return { ...req, method: p.method, path: p.path, headers: p.headers, body: p.body ?? '' };
              },
              onResponse: (status, body, context) => {
                const p = context.planned as Planned;
                mix.answered(p, status, body);
                if (status < 200 || status >= 300) into(p, status, undefined, body);
              },
            },
          ],
          // Number the connections so that a timeout or a connection error can be put down to the
          // request it hit: autocannon reports those without the request. On a timeout the
          // connection has already built its next request (it reconnects first), hence `previous`.
          setupClient: (client: autocannon.Client) => {
            const it = client.requestIterator;
            if (!it) return;
            const k = connections.length;
            it.initialContext = { connection: k };
            it.context.connection = k;
            connections[k] = { current: it.context.planned as Planned | undefined };
            client.on('timeout', () => into(connections[k]?.previous, 'timeout'));
            client.on('connError', () => into(connections[k]?.current, 'connError'));
          },
        }
      : {
          setupClient: (client: autocannon.Client) => {
            client.on('timeout', () => into(undefined, 'timeout'));
            client.on('connError', () => into(undefined, 'connError'));
          },
        }),
  });
  instance.on('response', (client, status, _bytes, ms) => {
    if (status < 200 || status >= 300) {
      if (!mix) into(undefined, status);
      return; // the mix counts its failures in onResponse, with the body
    }
    into(mix ? (client.requestIterator?.context.planned as Planned | undefined) : undefined, status, ms);
  });
  const result = await instance;
  tally.timeouts = tally.all.statuses.timeout ?? 0;
  tally.connErrors = tally.all.statuses.connError ?? 0;
  return { tally, seconds: result.duration, autocannon: { ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts } };
}

interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  statuses: Record<string, number>;
}

function figures(c: Counts, seconds: number): Figures {
  const s = [...c.latencies].sort((a, b) => a - b);
  return {
    requests: s.length + c.errors,
    rps: s.length / seconds,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    errors: c.errors,
    statuses: c.statuses,
  };
}

// ---------------------------------------------------------------------------------------------
// CPU and memory from /proc
// ---------------------------------------------------------------------------------------------

interface CpuMark {
  at: number;
  api?: number;
  worker?: number;
  pg: Map<number, number>;
  self: NodeJS.CpuUsage;
  busy?: number;
  /** The API's and the worker's pids. */
  appPids: number[];
  /** Every process on the machine: its name and CPU ms (to name the other load). */
  all: Map<number, { comm: string; ms: number }>;
}

/** utime + stime of every process in /proc, by pid, with its name (comm). */
function everyProcess(): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(entry), { comm: stat.slice(stat.indexOf('(') + 1, close), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 });
    } catch {
      // gone in between
    }
  }
  return out;
}

interface CpuUse {
  /** CPU ms per successful request of the API, the worker, the bench database's PostgreSQL backends and this process (autocannon). */
  perRequest: { api?: number; worker?: number; postgres?: number; loadGenerator: number };
  cores: number;
  /** Share of all cores busy, and the part of that used by anything else (other processes, Redis, the kernel's network time). */
  busyPct?: number;
  foreignPct?: number;
  /** Cores in use on average by each (CPU ms over elapsed ms); `other`: the rest of the machine's busy time. */
  coresUsed: { api?: number; worker?: number; postgres: number; loadGenerator: number; other?: number };
  /** The other processes that used the most CPU meanwhile, by name, as a share of all cores. */
  others: Array<{ comm: string; pct: number }>;
  loadavg: number[];
}

async function cpuMark(pg: Client, api: AppProcess, worker: AppProcess): Promise<CpuMark> {
  const { rows } = await pg.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const pids = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = procCpuMs(pid);
    if (ms !== undefined) pids.set(pid, ms);
  }
  return { at: Date.now(), api: procCpuMs(api.pid), worker: procCpuMs(worker.pid), pg: pids, self: process.cpuUsage(), busy: machineBusyMs(), appPids: [api.pid ?? 0, worker.pid ?? 0], all: everyProcess() };
}

/** Backends that started during the run count in full; those that ended during it are missed (few: the pools stay open). */
function cpuUse(a: CpuMark, b: CpuMark, requests: number): CpuUse {
  const d = (x?: number, y?: number) => (x === undefined || y === undefined ? undefined : y - x);
  let pgMs = 0;
  for (const [pid, ms] of b.pg) pgMs += ms - (a.pg.get(pid) ?? 0);
  const used = { api: d(a.api, b.api), worker: d(a.worker, b.worker), postgres: pgMs, loadGenerator: (b.self.user - a.self.user + b.self.system - a.self.system) / 1000 };
  const per = (ms: number | undefined) => (ms === undefined || !requests ? undefined : ms / requests);
  const cores = availableParallelism();
  const capacity = (b.at - a.at) * cores;
  const busy = d(a.busy, b.busy);
  const ours = used.api !== undefined && used.worker !== undefined ? used.api + used.worker + used.postgres + used.loadGenerator : undefined;
  const mine = new Set([process.pid, ...b.appPids, ...b.pg.keys()]);
  const byName = new Map<string, number>();
  for (const [pid, p] of b.all) {
    if (mine.has(pid)) continue;
    const used = p.ms - (a.all.get(pid)?.comm === p.comm ? a.all.get(pid)!.ms : 0);
    if (used > 0) byName.set(p.comm, (byName.get(p.comm) ?? 0) + used);
  }
  const others = [...byName].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([comm, used]) => ({ comm, pct: (used / capacity) * 100 })).filter((o) => o.pct >= 1);
  return {
    perRequest: { api: per(used.api), worker: per(used.worker), postgres: per(used.postgres), loadGenerator: per(used.loadGenerator)! },
    cores,
    busyPct: busy === undefined ? undefined : (busy / capacity) * 100,
    foreignPct: busy === undefined || ours === undefined ? undefined : (Math.max(0, busy - ours) / capacity) * 100,
    coresUsed: {
      api: used.api === undefined ? undefined : used.api / (b.at - a.at),
      worker: used.worker === undefined ? undefined : used.worker / (b.at - a.at),
      postgres: used.postgres / (b.at - a.at),
      loadGenerator: used.loadGenerator / (b.at - a.at),
      other: busy === undefined || ours === undefined ? undefined : Math.max(0, busy - ours) / (b.at - a.at),
    },
    others,
    loadavg: loadavg(),
  };
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

// ---------------------------------------------------------------------------------------------
// Setup: members, matches, logins, targets, checks
// ---------------------------------------------------------------------------------------------

/** One member per organisation, all with the same password (one scrypt hash, as hashPassword writes it). */
async function insertMembers(client: Client, data: Dataset, passwordHash: string): Promise<void> {
  await insertRows(
    client,
    'users',
    ['email', 'password_hash', 'display_name', 'organisation_id'],
    data.orgs.map((o, i) => [`member-${i}@bench.marktplatz.example`, passwordHash, o.kind === 'nonprofit' ? `Mitglied Verein ${i}` : `Mitglied Firma ${i}`, o.id]),
  );
}

async function waitForWorker(queue: Queue, worker: AppProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queue.getWorkersCount()) < 1) {
    worker.assertAlive();
    if (Date.now() > deadline) throw new Error(`the worker did not listen on the matching queue within ${timeoutMs / 1000} s:\n${worker.tail}`);
    await sleep(200);
  }
}

async function rematchAll(queue: Queue, events: QueueEvents, worker: AppProcess): Promise<{ seconds: number }> {
  const t0 = Date.now();
  const runId = `bench-load-${process.pid}`;
  const job = await queue.add(JobName.RematchAll, { runId, reason: 'admin' }, { ...JOB_OPTIONS[JobName.RematchAll], jobId: `rematch-all.${runId}` });
  const watch = setInterval(() => worker.exited && log(`WARNING: the worker exited: ${worker.tail}`), 1000);
  try {
    await job.waitUntilFinished(events, 900_000);
  } finally {
    clearInterval(watch);
  }
  return { seconds: (Date.now() - t0) / 1000 };
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => ({}))) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`login of ${email} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.accessToken;
}

/** Logs every member in through POST /v1/auth/login, `parallel` at a time (each costs a 32 MiB scrypt in the API). */
async function loginAll(baseUrl: string, data: Dataset, parallel = 4): Promise<Member[]> {
  const members: Member[] = new Array(data.orgs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < data.orgs.length) {
        const i = next++;
        const email = `member-${i}@bench.marktplatz.example`;
        members[i] = { organisationId: data.orgs[i].id, kind: data.orgs[i].kind, email, token: await login(baseUrl, email) };
      }
    }),
  );
  return members;
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

async function buildTargets(pg: Client, data: Dataset, members: Member[]): Promise<Targets> {
  const tokenOf = new Map(members.map((m) => [m.organisationId, m.token]));
  const withMatches = async (side: 'need' | 'offer') =>
    (
      await pg.query<{ id: string; org: string }>(
        `SELECT DISTINCT ${side}_id AS id, ${side}_organisation_id AS org FROM matches ORDER BY 1`,
      )
    ).rows.map((r) => ({ id: r.id, token: tokenOf.get(r.org)! }));
  const now = Date.now();
  const dates = (startsInDays: number, durationDays: number) => {
    const start = now + Math.max(1, startsInDays) * DAY;
    return { startsAt: iso(start), endsAt: iso(start + Math.max(14, durationDays) * DAY) };
  };
  return {
    boroughs: data.districts.filter((d) => d.level === 'borough').map((d) => d.id),
    quarters: data.districts.filter((d) => d.level === 'quarter').map((d) => d.id),
    needIds: data.needs.map((r) => r[0] as string),
    offerIds: data.offers.map((r) => r[0] as string),
    organisationIds: data.orgs.map((o) => o.id),
    nonprofits: members.filter((m) => m.kind === 'nonprofit'),
    companies: members.filter((m) => m.kind === 'company'),
    needsWithMatches: await withMatches('need'),
    offersWithMatches: await withMatches('offer'),
    needBodies: DEMO_NEEDS.map((t) =>
      JSON.stringify({ title: t.title, description: t.description, category: t.category, tags: t.tags, quantity: t.quantity, unit: t.unit, giveBack: t.giveBack, ...dates(t.startsInDays, t.durationDays) }),
    ),
    offerBodies: DEMO_OFFERS.map((t) =>
      JSON.stringify({ title: t.title, description: t.description, category: t.category, tags: t.tags, capacity: t.capacity, unit: t.unit, ...(t.radiusKm ? { radiusKm: t.radiusKm } : {}), ...dates(t.startsInDays, t.durationDays) }),
    ),
  };
}

async function send(baseUrl: string, p: Planned): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}${p.path}`, { method: p.method, headers: p.headers, body: p.body, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: await res.text() };
}

/**
 * Before the run: every kind of request once, and every POST body (one per demo template) once,
 * through a mix of its own (a different seed, so the measured mix is not shifted). Any non-2xx
 * stops the run: the mix must consist of requests that succeed.
 */
async function verify(baseUrl: string, t: Targets): Promise<{ requests: number }> {
  const mix = new Mix(t, SEED + 1);
  let n = 0;
  const check = async (p: Planned) => {
    const r = await send(baseUrl, p);
    n++;
    if (r.status < 200 || r.status >= 300) throw new Error(`check: ${p.method} ${p.path} answered ${r.status}${p.body ? ` to ${p.body.slice(0, 300)}` : ''}: ${r.body.slice(0, 500)}`);
    mix.answered(p, r.status, r.body);
  };
  const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  for (const body of t.needBodies) await check({ cls: 'write', op: 'create-need', method: 'POST', path: '/v1/needs', headers: json(t.nonprofits[0].token), body, draft: { kind: 'needs', id: '', token: t.nonprofits[0].token, patched: 0 } });
  for (const body of t.offerBodies) await check({ cls: 'write', op: 'create-offer', method: 'POST', path: '/v1/offers', headers: json(t.companies[0].token), body, draft: { kind: 'offers', id: '', token: t.companies[0].token, patched: 0 } });
  for (const cls of CLASSES) for (const op of OPS[cls]) for (let i = 0; i < 3; i++) await check(mix.plan(cls, op));
  return { requests: n };
}

// ---------------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------------

interface PhaseResult {
  seconds: number;
  all: Figures;
  byClass: Record<Cls, Figures>;
  byOp: Record<string, Figures>;
  cpu: CpuUse;
  timeouts: number;
  connErrors: number;
  samples: string[];
  autocannon: LoadRun['autocannon'];
}

function phaseResult(run: LoadRun, cpu: CpuUse): PhaseResult {
  const byOp: Record<string, Figures> = {};
  for (const [op, c] of Object.entries(run.tally.byOp)) byOp[op] = figures(c, run.seconds);
  return {
    seconds: run.seconds,
    all: figures(run.tally.all, run.seconds),
    byClass: { browse: figures(run.tally.byClass.browse, run.seconds), write: figures(run.tally.byClass.write, run.seconds), match: figures(run.tally.byClass.match, run.seconds) },
    byOp,
    cpu,
    timeouts: run.tally.timeouts,
    connErrors: run.tally.connErrors,
    samples: run.tally.samples,
    autocannon: run.autocannon,
  };
}

async function measured(pg: Client, api: AppProcess, worker: AppProcess, o: LoadOptions): Promise<PhaseResult> {
  const a = await cpuMark(pg, api, worker);
  const run = await load(o);
  const b = await cpuMark(pg, api, worker);
  return phaseResult(run, cpuUse(a, b, run.tally.all.latencies.length));
}

interface Backlog {
  outboxPending: number;
  matchingWaiting: number;
}

async function backlog(pg: Client, queue: Queue): Promise<Backlog> {
  const { rows: [{ n }] } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL');
  const waiting = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
  return { outboxPending: n, matchingWaiting: Object.values(waiting).reduce((s, x) => s + x, 0) };
}

interface SoakSample {
  /** seconds since the soak's start (after its warm-up) */
  t: number;
  apiRssMb?: number;
  workerRssMb?: number;
  requests: number;
  errors: number;
  p99: number;
  backlog: Backlog;
}

interface SoakResult {
  rate: number;
  rateFrom: string;
  connections: number;
  phase: PhaseResult;
  samples: SoakSample[];
  memory: Record<'api' | 'worker', { startMb?: number; endMb?: number; maxMb?: number; slopeMbPerMin: number }>;
}

async function soak(baseUrl: string, pg: Client, queue: Queue, api: AppProcess, worker: AppProcess, mix: Mix, rate: number, rateFrom: string): Promise<SoakResult> {
  log(`soak warm-up ${SOAK_WARMUP_S} s at ${rate} req/s over ${SOAK_CONNECTIONS} connections`);
  await load({ baseUrl, durationS: SOAK_WARMUP_S, connections: SOAK_CONNECTIONS, mix, overallRate: rate });
  log(`soak ${SOAK_S} s at ${rate} req/s (${rateFrom}); RSS of the API (pid ${api.pid}) and the worker (pid ${worker.pid}) every ${SOAK_SAMPLE_S} s`);
  const samples: SoakSample[] = [];
  const started = Date.now();
  let window = newTally();
  const sample = async () => {
    const w = window;
    window = newTally();
    const lat = [...w.all.latencies].sort((x, y) => x - y);
    const rss = (p: AppProcess) => {
      const kb = procRssKb(p.pid);
      return kb === undefined ? undefined : kb / 1024;
    };
    samples.push({ t: (Date.now() - started) / 1000, apiRssMb: rss(api), workerRssMb: rss(worker), requests: lat.length + w.all.errors, errors: w.all.errors, p99: percentile(lat, 99), backlog: await backlog(pg, queue) });
    const s = samples[samples.length - 1];
    if (samples.length % Math.max(1, Math.round(60 / SOAK_SAMPLE_S)) === 0) {
      log(`soak ${fmt(s.t, 0)} s: API ${fmt(s.apiRssMb, 1)} MB, worker ${fmt(s.workerRssMb, 1)} MB, ${s.requests} requests in the last ${SOAK_SAMPLE_S} s, ${s.errors} errors, p99 ${fmt(s.p99, 1)} ms`);
    }
  };
  await sample(); // t = 0: right after the warm-up
  const timer = setInterval(() => void sample().catch((err) => log(`soak sample failed: ${(err as Error).message}`)), SOAK_SAMPLE_S * 1000);
  let phase: PhaseResult;
  try {
    phase = await measured(pg, api, worker, { baseUrl, durationS: SOAK_S, connections: SOAK_CONNECTIONS, mix, overallRate: rate, alsoInto: () => window });
  } finally {
    clearInterval(timer);
  }
  if (Date.now() - started - samples[samples.length - 1].t * 1000 > (SOAK_SAMPLE_S * 1000) / 2) await sample(); // the end, unless a sample was just taken
  const memory = (key: 'apiRssMb' | 'workerRssMb') => {
    const xs = samples.filter((s) => s[key] !== undefined);
    const ys = xs.map((s) => s[key]!);
    return { startMb: ys[0], endMb: ys[ys.length - 1], maxMb: ys.length ? Math.max(...ys) : undefined, slopeMbPerMin: slope(xs.map((s) => s.t / 60), ys) };
  };
  return { rate, rateFrom, connections: SOAK_CONNECTIONS, phase, samples, memory: { api: memory('apiRssMb'), worker: memory('workerRssMb') } };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const ms = (n: number) => fmt(n, 1);
const pct = (n: number | undefined) => (n === undefined ? '-' : `${fmt(n, 0)}%`);
const cpuCell = (n: number | undefined) => (n === undefined ? '-' : fmt(n, 2));
const meets = (f: Figures) => (f.errors <= GOAL.errors && f.p99 < GOAL.p99Ms ? 'met' : 'NOT met');
const meetsErrors = (f: Figures) => (f.errors <= GOAL.errors ? 'met' : 'NOT met');
const figureRow = (label: string, f: Figures, goal = '') => [label, String(f.requests), fmt(f.rps, 1), ms(f.p50), ms(f.p90), ms(f.p99), ms(f.max), String(f.errors), goal];
const statusText = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(' ');

function printPhase(title: string, p: PhaseResult, baseline?: PhaseResult): void {
  console.log(`\n${title}`);
  // the mix's goal: no error and p99 under 200 ms; the soak's: no error (its latency is shown, not judged)
  const goal = baseline ? meets : meetsErrors;
  const header = ['', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'goal'];
  const rows = [figureRow('all', p.all, goal(p.all)), ...CLASSES.map((c) => figureRow(`  ${c}`, p.byClass[c], goal(p.byClass[c])))];
  if (baseline) {
    rows.unshift(figureRow('baseline /health/live', baseline.all));
    rows.push(['mix / baseline', '', fmt(p.all.rps / baseline.all.rps, 3), fmt(p.all.p50 / baseline.all.p50, 1), fmt(p.all.p90 / baseline.all.p90, 1), fmt(p.all.p99 / baseline.all.p99, 1), '', '', '']);
  }
  table(header, rows);
  console.log(`(goal: ${GOAL.errors} errors${baseline ? ` and p99 < ${GOAL.p99Ms} ms` : ''}; errors: non-2xx answers, connection errors and timeouts after ${TIMEOUT_S} s)`);
  const failed = Object.entries(p.byClass).filter(([, f]) => f.errors);
  if (failed.length) console.log(`errors by status: ${failed.map(([c, f]) => `${c}: ${statusText(f.statuses)}`).join('; ')}`);
  for (const s of p.samples) console.log(`  e.g. ${s}`);
  console.log('');
  table(
    ['by request', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', ''],
    ALL_OPS.filter((op) => p.byOp[op]).map((op) => figureRow(op, p.byOp[op])),
  );
  console.log('');
  const cpuRows = [...(baseline ? [['baseline', baseline.cpu] as const] : []), [baseline ? 'mix' : 'soak', p.cpu] as const].map(([label, c]) => [
    label,
    cpuCell(c.perRequest.api),
    cpuCell(c.perRequest.worker),
    cpuCell(c.perRequest.postgres),
    cpuCell(c.perRequest.loadGenerator),
    pct(c.busyPct),
    pct(c.foreignPct),
    c.loadavg.map((x) => fmt(x, 1)).join(' '),
  ]);
  table(['CPU ms/req', 'API', 'worker', 'postgres', 'loadgen', 'busy', 'foreign', 'load avg'], cpuRows);
  for (const [label, c] of [...(baseline ? [['baseline', baseline.cpu] as const] : []), [baseline ? 'mix' : 'soak', p.cpu] as const]) {
    const u = c.coresUsed;
    console.log(
      `cores in use during the ${label}: API ${fmt(u.api)}, worker ${fmt(u.worker)}, postgres ${fmt(u.postgres)}, loadgen ${fmt(u.loadGenerator)}, rest of the machine ${fmt(u.other)}` +
        (c.others.length ? ` (most: ${c.others.map((o) => `${o.comm} ${fmt(o.pct, 0)}% of all cores`).join(', ')})` : ''),
    );
  }
  console.log(`(busy: share of all ${p.cpu.cores} cores in use; foreign: of that, not the API, the worker, their PostgreSQL backends or the load generator: other processes, Redis, the kernel)`);
}

const figuresJson = (f: Figures) => ({ requests: f.requests, rps: round(f.rps, 1), p50Ms: round(f.p50, 2), p90Ms: round(f.p90, 2), p99Ms: round(f.p99, 2), maxMs: round(f.max, 1), errors: f.errors, ...(f.errors ? { statuses: f.statuses } : {}) });
const cpuJson = (c: CpuUse) => ({
  msPerRequest: { api: round(c.perRequest.api), worker: round(c.perRequest.worker), postgres: round(c.perRequest.postgres), loadGenerator: round(c.perRequest.loadGenerator) },
  coresUsed: Object.fromEntries(Object.entries(c.coresUsed).map(([k, v]) => [k, round(v)])),
  machine: { cores: c.cores, busyPct: round(c.busyPct, 1), foreignPct: round(c.foreignPct, 1), others: c.others.map((o) => ({ comm: o.comm, pct: round(o.pct, 1) })), loadavg: c.loadavg.map((x) => round(x, 2)) },
});
const phaseJson = (p: PhaseResult, classes = true) => ({
  seconds: p.seconds,
  all: figuresJson(p.all),
  ...(classes
    ? {
        byClass: Object.fromEntries(CLASSES.map((c) => [c, figuresJson(p.byClass[c])])),
        byOp: Object.fromEntries(Object.entries(p.byOp).map(([op, f]) => [op, figuresJson(f)])),
      }
    : {}),
  timeouts: p.timeouts,
  connErrors: p.connErrors,
  cpu: cpuJson(p.cpu),
  autocannon: p.autocannon,
});

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(
    `database ${bench.dbUrl}, queue prefix ${bench.queuePrefix}, phases ${[...CHOSEN].join(',')}, ` +
      `mix ${DURATION_S} s at ${CONNECTIONS} connections (after ${WARMUP_S} s warm-up), soak ${SOAK_S} s, seed ${SEED}, LOG_LEVEL=${LOG_LEVEL}`,
  );
  bench.prepareApp();
  await bench.createDatabase();

  const t0 = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const data = await seedListings(bench.dbUrl, SEED, (client, d) => insertMembers(client, d, passwordHash));
  log(`seeded ${data.districts.length} districts, ${data.organisations.length} organisations with a member each, ${data.offers.length} offers, ${data.needs.length} needs in ${fmt((Date.now() - t0) / 1000, 1)} s (VACUUM ANALYZEd)`);

  const pg = await bench.client('marktplatz-bench');
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const queue = new Queue(QueueName.Matching, { connection, prefix: bench.queuePrefix });
  bench.onCleanup('closing the matching queue', () => queue.close());
  const events = new QueueEvents(QueueName.Matching, { connection, prefix: bench.queuePrefix });
  bench.onCleanup('closing the queue events', () => events.close());
  await events.waitUntilReady();

  const worker = bench.app('worker', { ...APP_ENV, MARKTPLATZ_ROLE: 'worker' });
  const { api, port, baseUrl } = await bench.startApi(APP_ENV, 60_000);
  await waitForWorker(queue, worker);
  log(`API on port ${port} (pid ${api.pid}) and a worker (pid ${worker.pid}) ready`);

  const rematch = await rematchAll(queue, events, worker);
  const { rows: [m] } = await pg.query<{ matches: number; needs: number; offers: number }>(
    'SELECT count(*)::int AS matches, count(DISTINCT need_id)::int AS needs, count(DISTINCT offer_id)::int AS offers FROM matches',
  );
  log(`rematch-all in ${fmt(rematch.seconds, 1)} s: ${m.matches} matches (${m.needs} needs and ${m.offers} offers have matches)`);
  if (!m.matches) throw new Error('rematch-all wrote no matches');

  const t1 = Date.now();
  const members = await loginAll(baseUrl, data);
  log(`logged in ${members.length} members through POST /v1/auth/login in ${fmt((Date.now() - t1) / 1000, 1)} s`);

  const targets = await buildTargets(pg, data, members);
  const checked = await verify(baseUrl, targets);
  log(`checked: ${checked.requests} requests (every POST body, every kind of request 3 times), all 2xx`);
  const { rows: [{ size }] } = await pg.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');

  const mix = new Mix(targets, SEED);
  let baseline: PhaseResult | undefined;
  let mixed: PhaseResult | undefined;
  let afterMix: Backlog | undefined;
  if (CHOSEN.has('mix')) {
    log(`baseline: GET /health/live, ${WARMUP_S} s warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections`);
    await load({ baseUrl, path: '/health/live', durationS: WARMUP_S, connections: CONNECTIONS });
    baseline = await measured(pg, api, worker, { baseUrl, path: '/health/live', durationS: DURATION_S, connections: CONNECTIONS });
    log(`baseline: ${fmt(baseline.all.rps, 0)} req/s, p99 ${ms(baseline.all.p99)} ms, ${baseline.all.errors} errors`);
    log(`mix: ${WARMUP_S} s warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections`);
    await load({ baseUrl, mix, durationS: WARMUP_S, connections: CONNECTIONS });
    mixed = await measured(pg, api, worker, { baseUrl, mix, durationS: DURATION_S, connections: CONNECTIONS });
    afterMix = await backlog(pg, queue);
    log(`mix: ${fmt(mixed.all.rps, 0)} req/s, p99 ${ms(mixed.all.p99)} ms, ${mixed.all.errors} errors; backlog after it: ${afterMix.outboxPending} outbox rows, ${afterMix.matchingWaiting} matching jobs`);
  }

  let soaked: SoakResult | undefined;
  if (CHOSEN.has('soak')) {
    const [rate, rateFrom] = SOAK_RATE
      ? [SOAK_RATE, 'BENCH_SOAK_RATE']
      : mixed
        ? [Math.max(1, Math.round(mixed.all.rps * SOAK_SHARE)), `a third of the mix's ${fmt(mixed.all.rps, 0)} req/s`]
        : [SOAK_FALLBACK_RATE, 'fixed: no mix phase to measure from'];
    soaked = await soak(baseUrl, pg, queue, api, worker, mix, rate, rateFrom);
  }
  for (const p of [api, worker]) p.assertAlive();

  // -------------------------------------------------------------------------------------------
  console.log('');
  console.log(`Dataset: ${data.districts.length} districts, ${data.organisations.length} organisations (one member each), ${data.offers.length} published offers, ${data.needs.length} published needs, ${m.matches} matches (${size} before the run)`);
  console.log(`Mix:     of every 20 requests ${BLOCK.browse} browse, ${BLOCK.write} writes, ${BLOCK.match} match read (seed ${SEED}); ${mix.drawn} requests drawn in all`);
  console.log(`Apps:    API + worker (MARKTPLATZ_ROLE=api, worker), LOG_LEVEL=${LOG_LEVEL}, DATABASE_POOL_MAX default (10), LOGIN_RATE_LIMIT_PER_CLIENT=100000 (setup logins only)`);
  if (baseline && mixed) {
    printPhase(`Mix: ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up (baseline: GET /health/live, the same)`, mixed, baseline);
    console.log(`backlog after the mix: ${afterMix!.outboxPending} undelivered outbox rows, ${afterMix!.matchingWaiting} matching jobs waiting or active`);
  }
  if (soaked) {
    printPhase(`Soak: ${soaked.rate} req/s (${soaked.rateFrom}) over ${soaked.connections} connections, ${SOAK_S} s after ${SOAK_WARMUP_S} s warm-up`, soaked.phase);
    console.log('');
    const perMinute = Math.max(1, Math.round(60 / SOAK_SAMPLE_S));
    const shown = soaked.samples.filter((_, i) => i % perMinute === 0 || i === soaked!.samples.length - 1);
    table(
      ['t s', 'API RSS MB', 'worker RSS MB', `req in ${SOAK_SAMPLE_S} s`, 'errors', 'p99 ms', 'outbox', 'match jobs'],
      shown.map((s) => [fmt(s.t, 0), fmt(s.apiRssMb, 1), fmt(s.workerRssMb, 1), String(s.requests), String(s.errors), ms(s.p99), String(s.backlog.outboxPending), String(s.backlog.matchingWaiting)]),
    );
    console.log(`(every ${perMinute}th of ${soaked.samples.length} samples; req, errors and p99 of the ${SOAK_SAMPLE_S} s before each; outbox: undelivered rows; match jobs: waiting or active)`);
    console.log('');
    table(
      ['memory', 'start MB', 'end MB', 'max MB', 'slope MB/min'],
      (['api', 'worker'] as const).map((k) => [k === 'api' ? 'API' : 'worker', fmt(soaked!.memory[k].startMb, 1), fmt(soaked!.memory[k].endMb, 1), fmt(soaked!.memory[k].maxMb, 1), fmt(soaked!.memory[k].slopeMbPerMin, 3)]),
    );
    console.log(`(VmRSS from /proc; the slope is a least-squares line through all ${soaked.samples.length} samples; goal: no growth beyond noise, no error)`);
  }

  benchResult({
    bench: 'load',
    seed: SEED,
    logLevel: LOG_LEVEL,
    dataset: { districts: data.districts.length, organisations: data.organisations.length, offers: data.offers.length, needs: data.needs.length, matches: m.matches, dbSize: size },
    setup: { rematchAllS: round(rematch.seconds, 1), logins: members.length, checked: checked.requests },
    goal: GOAL,
    ...(baseline && mixed
      ? {
          mix: {
            connections: CONNECTIONS,
            durationS: DURATION_S,
            warmupS: WARMUP_S,
            baseline: phaseJson(baseline, false),
            mix: phaseJson(mixed),
            ratio: { throughput: round(mixed.all.rps / baseline.all.rps, 4), p50: round(mixed.all.p50 / baseline.all.p50, 2), p99: round(mixed.all.p99 / baseline.all.p99, 2) },
            goalMet: mixed.all.errors <= GOAL.errors && mixed.all.p99 < GOAL.p99Ms,
            backlogAfter: afterMix,
          },
        }
      : {}),
    ...(soaked
      ? {
          soak: {
            rate: soaked.rate,
            rateFrom: soaked.rateFrom,
            connections: soaked.connections,
            durationS: SOAK_S,
            warmupS: SOAK_WARMUP_S,
            ...phaseJson(soaked.phase),
            memory: Object.fromEntries(
              (['api', 'worker'] as const).map((k) => [k, { startMb: round(soaked!.memory[k].startMb, 1), endMb: round(soaked!.memory[k].endMb, 1), maxMb: round(soaked!.memory[k].maxMb, 1), slopeMbPerMin: round(soaked!.memory[k].slopeMbPerMin, 3) }]),
            ),
            samples: soaked.samples.map((s) => ({ t: round(s.t, 1), api: round(s.apiRssMb, 1), worker: round(s.workerRssMb, 1), requests: s.requests, errors: s.errors, p99Ms: round(s.p99, 1), outbox: s.backlog.outboxPending, matchJobs: s.backlog.matchingWaiting })),
          },
        }
      : {}),
  });
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
