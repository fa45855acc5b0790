/**
 * Fault benchmark (`npm run bench:faults`): the faults too slow for the test suite, provoked on
 * the built service (`dist/main.js` as child processes), each checked and reported:
 *
 *   redis           Redis stopped for 10 s under a steady stream of writes (a private
 *                   redis-server): writes keep being accepted, readiness says not ready, and once
 *                   Redis is back every outbox row has become exactly one job, each completed.
 *   postgres        PostgreSQL stopped and started under load (a private server, initdb'd for the
 *                   run): while it is away every failing request is a fast 503 with Retry-After
 *                   (none hangs past the bound), and the same API process answers again after.
 *   kill-schedule   a worker SIGKILLed in the middle of a schedule-event job's transaction: the
 *                   job stalls, another worker runs it, and the version it writes equals the one
 *                   an undisturbed run wrote.
 *   kill-webhook    a worker SIGKILLed while a deliver-webhook attempt waits for the receiver:
 *                   another worker sends it again, the receiver (deduplicating by event id) acts
 *                   once, and the delivery ends as an undisturbed one does.
 *
 * The shared PostgreSQL (5432) and Redis (6379) are never stopped: the first two scenarios run
 * their own servers; the other two use a throw-away database and a queue prefix of their own.
 * Any failed check makes the run exit with code 1. See test/bench/README.md.
 *
 *   npm run bench:faults
 *   BENCH_PHASES=redis,postgres npm run bench:faults
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Queue, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { resolve } from 'node:path';
import { Client as PgClient, type Client } from 'pg';
import { ensureDatabase } from '../../src/database/database-admin';
import { JOB_ID, JOB_OPTIONS, JobName, QueueName, type JobPayloads } from '../../src/queue/jobs';
import { PrivatePostgres } from '../utils/private-postgres';
import { PrivateRedis } from '../utils/private-redis';
import { WebhookReceiver } from '../utils/webhook-receiver';
import { makeEvent } from './events-dataset';
import { benchResult, BenchRun, envInt, envPhases, fmt, freePort, REDIS_URL, ROOT, round, runNode, seedDistrictTree, sleep, table, timing, uuidOf, type AppProcess, type DistrictTree, type Timing } from './harness';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const PHASES = ['redis', 'postgres', 'kill-schedule', 'kill-webhook'] as const;
type Phase = (typeof PHASES)[number];
const CHOSEN = envPhases(PHASES);
const REDIS_OUTAGE_S = envInt('BENCH_REDIS_OUTAGE_S', 10);
const PG_OUTAGE_S = envInt('BENCH_PG_OUTAGE_S', 5);
const WRITERS = envInt('BENCH_WRITERS', 4);
const LOAD_LOOPS = envInt('BENCH_LOAD_LOOPS', 8);
const WATCHDOG_MS = envInt('BENCH_TIMEOUT_S', 900) * 1000;
/** The API's DATABASE_CONNECT_TIMEOUT_MS in the postgres scenario (its default). */
const CONNECT_TIMEOUT_MS = 3000;
/** A request without an answer after this long counts as hanging. */
const HANG_MS = 15_000;

const bench = new BenchRun({ database: `marktplatz_bench_faults_${process.pid}`, queuePrefix: `bench-faults-${process.pid}` });
const { log } = bench;
const JWT_SECRET = 'bench-faults-jwt-secret-0123456789abcdef0123';
const BASE_ENV = { NODE_ENV: 'production', JWT_SECRET, LOGIN_RATE_LIMIT_PER_CLIENT: '100000', LOGIN_RATE_LIMIT: '100000', MATCHING_CRON: '0 0 1 1 *', EXPIRY_CRON: '0 0 1 1 *' };

// ---------------------------------------------------------------------------------------------
// Checks: every scenario states what it proves; a failed check fails the run (exit code 1)
// ---------------------------------------------------------------------------------------------

const failures: string[] = [];
const proved: Record<string, string[]> = {};
function check(phase: Phase, ok: boolean, what: string, detail = ''): void {
  const line = `${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`;
  (proved[phase] ??= []).push(line);
  log(`  [${phase}] ${line}`);
  if (!ok) failures.push(`[${phase}] ${what}${detail ? `: ${detail}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP and data helpers
// ---------------------------------------------------------------------------------------------

interface Outcome {
  /** ms since the scenario's start */
  at: number;
  ms: number;
  /** 0: no answer within HANG_MS; -1: the connection failed */
  status: number;
  code?: string;
  retryAfter?: string | null;
  dependency?: string;
}

async function call(base: string, path: string, init: RequestInit & { token?: string } = {}, origin = Date.now()): Promise<Outcome & { body?: Record<string, unknown> }> {
  const t0 = Date.now();
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) };
  try {
    const res = await fetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(HANG_MS) });
    const text = await res.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    return { at: t0 - origin, ms: Date.now() - t0, status: res.status, code: body?.code as string | undefined, retryAfter: res.headers.get('retry-after'), dependency: body?.dependency as string | undefined, body };
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    return { at: t0 - origin, ms: Date.now() - t0, status: timedOut ? 0 : -1, code: timedOut ? 'hang' : (err as Error).message };
  }
}

async function signup(base: string, districtId: string, kind: 'nonprofit' | 'company' = 'nonprofit'): Promise<{ token: string; organisationId: string }> {
  const res = await call(base, '/v1/auth/signup', {
    method: 'POST',
    body: JSON.stringify({
      email: `${kind}-${randomUUID().slice(0, 8)}@bench.marktplatz.example`,
      password: 'correct horse battery staple',
      displayName: 'Anna Schneider',
      organisation: { kind, name: `Nachbarschaftshilfe ${randomUUID().slice(0, 6)} e.V.`, districtId },
    }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body!.accessToken as string, organisationId: (res.body!.organisation as { id: string }).id };
}

const NEED = {
  title: 'Umzugshelfer für unseren Jugendtreff',
  description: 'Wir ziehen im Frühjahr um und brauchen kräftige Hände für Möbel und Kisten.',
  category: 'time',
  tags: ['umzug', 'jugend'],
  quantity: 12,
  unit: 'hours',
  giveBack: 'Dankeschön-Fest mit den Jugendlichen und Logo auf unserer Website',
};

/** Creates and publishes a need; returns both outcomes and its id. */
async function publishNeed(base: string, token: string, origin: number): Promise<{ create: Outcome; publish?: Outcome; id?: string }> {
  const create = await call(base, '/v1/needs', { method: 'POST', token, body: JSON.stringify(NEED) }, origin);
  const id = create.status === 201 ? (create.body!.id as string) : undefined;
  if (!id) return { create };
  const publish = await call(base, `/v1/needs/${id}/publish`, { method: 'POST', token }, origin);
  return { create, publish, id };
}

function queueOf(name: QueueName, url: string, prefix: string): Queue {
  const q = new Queue(name, { connection: { url, maxRetriesPerRequest: 1 }, prefix });
  q.on('error', () => undefined);
  bench.onCleanup(`closing queue ${name}`, () => q.close());
  return q;
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

async function workerUp(queue: Queue, count = 1): Promise<void> {
  await until(`${count} worker(s) on queue ${queue.name}`, 60_000, async () => (await queue.getWorkersCount()) >= count);
}

const statusTable = (rows: Array<[string, Outcome[]]>) =>
  table(
    ['phase', 'requests', '2xx', '503', 'other', 'hung', 'p50 ms', 'p99 ms', 'max ms'],
    rows.map(([label, list]) => {
      const t = timing(list.map((o) => o.ms));
      return [label, String(list.length), String(list.filter((o) => o.status >= 200 && o.status < 300).length), String(list.filter((o) => o.status === 503).length), String(list.filter((o) => o.status > 0 && (o.status < 200 || o.status >= 300) && o.status !== 503).length + list.filter((o) => o.status === -1).length), String(list.filter((o) => o.status === 0).length), fmt(t.p50, 0), fmt(t.p99, 0), fmt(t.max, 0)];
    }),
  );

const summary = (list: Outcome[]) => {
  const t: Timing = timing(list.map((o) => o.ms));
  return { n: list.length, ok: list.filter((o) => o.status >= 200 && o.status < 300).length, s503: list.filter((o) => o.status === 503).length, p50: round(t.p50, 1), p99: round(t.p99, 1), max: round(t.max, 1) };
};

const results: Record<string, unknown> = {};

// ---------------------------------------------------------------------------------------------
// (1) Redis stopped for REDIS_OUTAGE_S under writes
// ---------------------------------------------------------------------------------------------

async function redisOutage(pg: Client, tree: DistrictTree): Promise<void> {
  log(`redis: a private redis-server; an API and a worker process; ${WRITERS} writers publishing needs; Redis stopped for ${REDIS_OUTAGE_S} s`);
  // with an append-only file, as production Redis should run: what was queued before the stop is there after it
  const redis = await PrivateRedis.start({ persistent: true });
  bench.onCleanup('removing the private redis-server', () => redis.destroy());
  const prefix = `${bench.queuePrefix}:redis`;
  const env = { ...BASE_ENV, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, OUTBOX_POLL_MS: '200' };
  const { baseUrl } = await bench.startApi(env, 60_000, 'API (redis)');
  const worker = bench.app('worker (redis)', { ...env, MARKTPLATZ_ROLE: 'worker' });
  const queues = Object.fromEntries(Object.values(QueueName).map((q) => [q, queueOf(q, redis.url, prefix)])) as Record<QueueName, Queue>;
  await workerUp(queues[QueueName.Matching]);
  const np = await signup(baseUrl, tree.quarterId);
  const [{ max: firstRow }] = (await pg.query<{ max: string }>(`SELECT coalesce(max(id), 0)::text AS max FROM outbox`)).rows;

  const origin = Date.now();
  const marks = { stop: 0, start: 0, end: 0 };
  const writes: Array<Outcome & { op: 'create' | 'publish' }> = [];
  const published: string[] = [];
  const ready: Array<{ at: number; status: number; redis?: string }> = [];
  let running = true;
  const writers = Array.from({ length: WRITERS }, async () => {
    while (running) {
      const r = await publishNeed(baseUrl, np.token, origin);
      writes.push({ ...r.create, op: 'create' });
      if (r.publish) writes.push({ ...r.publish, op: 'publish' });
      if (r.publish?.status === 200 && r.id) published.push(r.id);
    }
  });
  const prober = (async () => {
    while (running) {
      const r = await call(baseUrl, '/health/ready', {}, origin);
      ready.push({ at: r.at, status: r.status, redis: ((r.body?.details as Record<string, { status: string }> | undefined)?.redis ?? (r.body?.info as Record<string, { status: string }> | undefined)?.redis)?.status });
      await sleep(250);
    }
  })();

  await sleep(3000);
  await redis.stop();
  marks.stop = Date.now() - origin;
  log(`redis: stopped at ${fmt(marks.stop / 1000, 1)} s`);
  await sleep(REDIS_OUTAGE_S * 1000);
  await redis.start();
  marks.start = Date.now() - origin;
  log(`redis: started again at ${fmt(marks.start / 1000, 1)} s`);
  await sleep(5000);
  running = false;
  await Promise.all([...writers, prober]);
  marks.end = Date.now() - origin;

  const drainStarted = Date.now();
  await until('the outbox to drain', 120_000, async () => {
    const [{ n }] = (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE id > $1 AND dispatched_at IS NULL`, [firstRow])).rows;
    return n === 0;
  });
  const drainedAfter = Date.now() - origin - marks.start;
  // and the jobs to run: every queue idle
  await until('the queues to be idle', 120_000, async () => {
    for (const q of Object.values(queues)) {
      const c = await q.getJobCounts('wait', 'active', 'prioritized', 'waiting-children');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  });
  const idleAfter = Date.now() - drainStarted;

  // Every outbox row of the run against the jobs in Redis, by queue and job name.
  const rows = (
    await pg.query<{ queue: QueueName; job_name: string; job_id: string; created_ms: number; dispatched_ms: number }>(
      `SELECT queue, job_name, job_id, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms, (extract(epoch FROM dispatched_at) * 1000)::float8 AS dispatched_ms FROM outbox WHERE id > $1 ORDER BY id`,
      [firstRow],
    )
  ).rows;
  let lost = 0;
  let notCompleted = 0;
  let extra = 0;
  const perName: Record<string, { rows: number; jobs: number }> = {};
  // rows written while Redis was down: each became a job only after it was back
  const stopAt = origin + marks.stop;
  const startAt = origin + marks.start;
  const waited = rows.filter((r) => r.created_ms > stopAt + 500 && r.created_ms < startAt);
  const waitedOk = waited.filter((r) => r.dispatched_ms >= startAt - 50);
  const lag = timing(waited.map((r) => (r.dispatched_ms - startAt) / 1000));
  for (const name of [...new Set(rows.map((r) => `${r.queue}/${r.job_name}`))]) {
    const [queue, jobName] = name.split('/') as [QueueName, string];
    const ids = new Set(rows.filter((r) => r.queue === queue && r.job_name === jobName).map((r) => r.job_id));
    const jobs = (await queues[queue].getJobs(['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized', 'waiting-children'])).filter((j) => j.name === jobName);
    const jobIds = new Set(jobs.map((j) => j.id!));
    for (const id of ids) if (!jobIds.has(id)) lost++;
    for (const id of jobIds) if (!ids.has(id)) extra++;
    for (const j of jobs) if (ids.has(j.id!) && (await j.getState()) !== 'completed') notCompleted++;
    perName[name] = { rows: ids.size, jobs: jobs.filter((j) => ids.has(j.id!)).length };
  }
  const duplicateIds = rows.length - new Set(rows.map((r) => r.job_id)).size;
  const publishedWithJob = await Promise.all(published.map(async (id) => (await queues[QueueName.Matching].getJobState(JOB_ID[JobName.MatchNeed]({ needId: id, version: 2, change: 'published' }))) === 'completed'));

  const during = writes.filter((w) => w.at >= marks.stop && w.at < marks.start);
  const before = writes.filter((w) => w.at < marks.stop);
  const after = writes.filter((w) => w.at >= marks.start);
  const readyDuring = ready.filter((r) => r.at > marks.stop + 1000 && r.at < marks.start);
  const readyAgain = ready.find((r) => r.at > marks.start && r.status === 200);
  console.log('\n(1) Redis stopped under writes: the write requests (create + publish a need)');
  statusTable([
    ['before', before],
    [`Redis down (${REDIS_OUTAGE_S} s)`, during],
    ['after', after],
  ]);
  console.log('\noutbox rows of the run and the jobs in Redis, by queue/job:');
  table(['queue/job', 'outbox rows', 'jobs'], Object.entries(perName).map(([k, v]) => [k, String(v.rows), String(v.jobs)]));

  check('redis', writes.length > 0 && writes.every((w) => w.status === 201 || w.status === 200), 'every write was accepted, before, during and after the outage', `${writes.length} requests, ${writes.filter((w) => w.status !== 201 && w.status !== 200).length} not accepted`);
  check('redis', during.length >= WRITERS * 2, 'writes kept coming while Redis was down', `${during.length} during the outage`);
  check('redis', readyDuring.length > 0 && readyDuring.every((r) => r.status === 503 && r.redis === 'down'), 'readiness said 503 (redis down) throughout the outage', `${readyDuring.length} probes: ${[...new Set(readyDuring.map((r) => `${r.status}/${r.redis}`))].join(', ')}`);
  check('redis', !!readyAgain, 'readiness said 200 again after Redis was back', readyAgain ? `${fmt((readyAgain.at - marks.start) / 1000, 1)} s after the restart` : 'never');
  check('redis', waited.length > 0 && waitedOk.length === waited.length, 'the rows written during the outage waited in the outbox and became jobs after Redis was back', `${waitedOk.length}/${waited.length}, delivered ${fmt(lag.p50, 1)} s (median) to ${fmt(lag.max, 1)} s (last) after the restart`);
  check('redis', lost === 0, 'no outbox row is without its job (nothing lost)', `${lost} lost of ${rows.length}`);
  check('redis', extra === 0 && duplicateIds === 0, 'no job without its row and no job id twice (nothing duplicated)', `${extra} extra, ${duplicateIds} duplicate ids`);
  check('redis', notCompleted === 0, 'every job completed', `${notCompleted} not completed`);
  if (lost || notCompleted) console.error(`--- worker output (tail) ---\n${worker.tail}`);
  check('redis', publishedWithJob.every(Boolean), "every published need's match-need job completed", `${publishedWithJob.filter(Boolean).length}/${published.length}`);
  worker.assertAlive();
  results.redis = { outageS: REDIS_OUTAGE_S, writes: { before: summary(before), during: summary(during), after: summary(after) }, outboxRows: rows.length, rowsWrittenDuringOutage: waited.length, deliveredAfterRestartS: { p50: round(lag.p50, 2), max: round(lag.max, 2) }, lost, extra, drainedAfterRestartS: round(drainedAfter / 1000, 1), idleAfterDrainS: round(idleAfter / 1000, 1) };
  await bench.stopApps([worker]);
}

// ---------------------------------------------------------------------------------------------
// (2) PostgreSQL stopped and started again under load
// ---------------------------------------------------------------------------------------------

async function postgresRestart(): Promise<void> {
  log(`postgres: a private PostgreSQL 15 (initdb); an API process; ${LOAD_LOOPS} loops of reads and writes; PostgreSQL stopped for ${PG_OUTAGE_S} s, then started`);
  const server = await PrivatePostgres.create();
  bench.onCleanup('removing the private PostgreSQL', () => server.destroy());
  const url = server.url('marktplatz_faults');
  await ensureDatabase(url);
  // through the compiled CLI, as BenchRun.createDatabase does (the migrations are compiled into dist/)
  log(`postgres: migrations: ${(await runNode([resolve(ROOT, 'dist', 'bin', 'cli.js'), 'migrate'], { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, 120_000)).split('\n').pop()}`);
  const seedClient = new PgClient({ connectionString: url });
  seedClient.on('error', () => undefined);
  await seedClient.connect();
  const tree = await seedDistrictTree(seedClient, 'pg');
  await seedClient.end();

  const port = await freePort();
  const api = bench.app('API (private PostgreSQL)', { ...BASE_ENV, MARKTPLATZ_ROLE: 'api', PORT: String(port), DATABASE_URL: url, QUEUE_PREFIX: `${bench.queuePrefix}:pg`, DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) });
  await api.waitReady(port, 60_000);
  const base = `http://127.0.0.1:${port}`;
  const pid = api.pid;
  const np = await signup(base, tree.quarterId);

  const origin = Date.now();
  const marks = { stop: 0, stopped: 0, starting: 0, start: 0 };
  const outcomes: Array<Outcome & { op: string }> = [];
  let running = true;
  const ops = [
    ['GET /v1/me', () => call(base, '/v1/me', { token: np.token }, origin)],
    ['GET /v1/needs', () => call(base, '/v1/needs?limit=20', { token: np.token }, origin)],
    ['POST /v1/needs', () => call(base, '/v1/needs', { method: 'POST', token: np.token, body: JSON.stringify(NEED) }, origin)],
  ] as const;
  const loops = Array.from({ length: LOAD_LOOPS }, async (_, k) => {
    for (let i = k; running; i++) {
      const [op, fn] = ops[i % ops.length];
      outcomes.push({ ...(await fn()), op });
    }
  });
  await sleep(5000);
  marks.stop = Date.now() - origin;
  await server.stop('fast');
  marks.stopped = Date.now() - origin;
  log(`postgres: stopped at ${fmt(marks.stop / 1000, 1)} s (down at ${fmt(marks.stopped / 1000, 1)} s)`);
  const ready = await call(base, '/health/ready');
  await sleep(PG_OUTAGE_S * 1000);
  marks.starting = Date.now() - origin;
  await server.start();
  marks.start = Date.now() - origin;
  log(`postgres: started again at ${fmt(marks.start / 1000, 1)} s`);
  await sleep(10_000);
  running = false;
  await Promise.all(loops);

  const before = outcomes.filter((o) => o.at < marks.stop);
  // requests sent while pg_ctl stop or start ran are at the edges: either outcome is right for them
  const down = outcomes.filter((o) => o.at >= marks.stopped && o.at < marks.starting);
  const edges = outcomes.filter((o) => (o.at >= marks.stop && o.at < marks.stopped) || (o.at >= marks.starting && o.at < marks.start));
  const after = outcomes.filter((o) => o.at >= marks.start);
  const firstOk = after.filter((o) => o.status >= 200 && o.status < 300).sort((a, b) => a.at + a.ms - (b.at + b.ms))[0];
  const recoveredAt = firstOk ? firstOk.at + firstOk.ms : Infinity;
  const afterRecovery = after.filter((o) => o.at > recoveredAt);
  const failing = outcomes.filter((o) => o.status < 200 || o.status >= 300);
  const bad = failing.filter((o) => !(o.status === 503 && o.code === 'SERVICE_UNAVAILABLE' && o.dependency === 'postgres' && o.retryAfter === '5'));
  const slowest503 = Math.max(0, ...failing.filter((o) => o.status === 503).map((o) => o.ms));

  console.log('\n(2) PostgreSQL stopped and started under load (GET /v1/me, GET /v1/needs, POST /v1/needs)');
  statusTable([
    ['before', before],
    ['while stopping or starting', edges],
    [`down (${PG_OUTAGE_S} s)`, down],
    ['after the start', after],
    ['  after the first success', afterRecovery],
  ]);
  check('postgres', down.length > 0 && down.every((o) => o.status === 503), 'every request while the database was down answered 503', `${down.length} requests`);
  check('postgres', bad.length === 0, 'every failure was 503 SERVICE_UNAVAILABLE, dependency postgres, with Retry-After: 5', bad.length ? `${bad.length} others, e.g. ${JSON.stringify(bad[0])}` : `${failing.length} failures`);
  if (bad.length) console.error(`--- API output (tail) ---\n${api.tail}`);
  check('postgres', outcomes.every((o) => o.status !== 0), `no request hung (none without an answer after ${HANG_MS / 1000} s)`);
  check('postgres', slowest503 < CONNECT_TIMEOUT_MS + 1000, `every 503 came within DATABASE_CONNECT_TIMEOUT_MS + 1 s (${CONNECT_TIMEOUT_MS + 1000} ms)`, `slowest ${slowest503} ms`);
  check('postgres', ready.status === 503, 'readiness said 503 while the database was down', `${ready.status}`);
  check('postgres', Number.isFinite(recoveredAt), 'the API answered again after the start', Number.isFinite(recoveredAt) ? `${fmt((recoveredAt - marks.start) / 1000, 2)} s after pg_ctl start returned` : 'never');
  check('postgres', afterRecovery.length > 0 && afterRecovery.every((o) => o.status >= 200 && o.status < 300), 'every request after the first success succeeded', `${afterRecovery.filter((o) => o.status >= 200 && o.status < 300).length}/${afterRecovery.length}`);
  api.assertAlive();
  check('postgres', api.pid === pid && !api.exited, 'the same API process throughout (no restart)', `pid ${pid}`);
  results.postgres = {
    outageS: PG_OUTAGE_S,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    before: summary(before),
    down: summary(down),
    after: summary(after),
    recoveredAfterStartS: Number.isFinite(recoveredAt) ? round((recoveredAt - marks.start) / 1000, 2) : null,
    slowest503Ms: slowest503,
  };
  await bench.stopApps([api]);
}

// ---------------------------------------------------------------------------------------------
// Worker processes against the bench database (kill scenarios)
// ---------------------------------------------------------------------------------------------

function startWorker(name: string, env: Record<string, string> = {}): AppProcess {
  return bench.app(name, { ...BASE_ENV, MARKTPLATZ_ROLE: 'worker', OUTBOX_POLL_MS: '200', ...env });
}

/** The backend of another session waiting for a lock `locker` holds, with a query like `like`. */
async function blockedBackend(pg: Client, lockerPid: number, like: string): Promise<{ pid: number; wrote: boolean }> {
  return until(`a session to wait for backend ${lockerPid} in ${like}`, 60_000, async () => {
    const { rows } = await pg.query<{ pid: number; wrote: boolean }>(
      `SELECT pid, backend_xid IS NOT NULL AS wrote FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query ILIKE $2`,
      [lockerPid, like],
    );
    return rows[0];
  });
}

async function jobDone(queue: Queue, jobId: string, worker: AppProcess, timeoutMs = 180_000): Promise<Job> {
  return until(`${jobId} to complete`, timeoutMs, async () => {
    worker.assertAlive();
    const state = await queue.getJobState(jobId);
    if (state === 'failed') throw new Error(`${jobId} failed: ${(await queue.getJob(jobId))?.failedReason}`);
    return state === 'completed' ? ((await queue.getJob(jobId)) as Job) : undefined;
  });
}

// ---------------------------------------------------------------------------------------------
// (3) A worker SIGKILLed in the middle of a schedule-event job
// ---------------------------------------------------------------------------------------------

interface VersionContent {
  version: number;
  status: string;
  input_hash: string;
  lower_bound: number;
  slots_used: number;
  meetings_held: number;
  value_held: string;
  diagnostics: unknown;
  meetings: Array<{ request_id: string; slot: number; table_no: number }>;
}

async function versionContent(pg: Client, marketplaceId: string): Promise<VersionContent[]> {
  const versions = (
    await pg.query(`SELECT id, version, status, input_hash, lower_bound, slots_used, meetings_held, value_held::text AS value_held, diagnostics FROM meeting_schedules WHERE marketplace_id = $1 ORDER BY version`, [marketplaceId])
  ).rows as Array<Omit<VersionContent, 'meetings'> & { id: string }>;
  const out: VersionContent[] = [];
  for (const { id, ...v } of versions) {
    const meetings = (await pg.query(`SELECT request_id, slot, table_no FROM meetings WHERE schedule_id = $1 ORDER BY slot, table_no`, [id])).rows as VersionContent['meetings'];
    out.push({ ...v, meetings });
  }
  return out;
}

async function seedMarketplace(pg: Client, tree: DistrictTree): Promise<string> {
  const event = makeEvent({ participants: 120, requests: 900, slots: 8 }, 20261201);
  const id = (local: string) => uuidOf(`kill-schedule:${local}`);
  const participants = event.participants.map((p) => ({ id: id(p.id), side: p.side }));
  const marketplaceId = id('marketplace');
  const firstSlotAt = new Date('2031-03-12T16:15:00Z');
  await pg.query('BEGIN');
  await pg.query(
    `INSERT INTO organisations (id, kind, name, district_id) SELECT x.id, x.kind, x.name, $4 FROM unnest($1::uuid[], $2::organisation_kind[], $3::text[]) AS x(id, kind, name)`,
    [participants.map((p) => p.id), participants.map((p) => p.side), participants.map((p, i) => `${p.side === 'nonprofit' ? 'Verein' : 'Betrieb'} ${i + 1}`), tree.quarterId],
  );
  await pg.query(
    `INSERT INTO marketplaces (id, status, district_id, quarter_ids, name, place, starts_at, ends_at, capacity, tables, slot_count, slot_minutes, first_slot_at)
     VALUES ($1, 'closed', $2, $3::uuid[], 'Marktplatz Hallschlag (Fault-Bench)', 'Kursaal Bad Cannstatt', $4, $5, $6, 12, 8, 15, $7)`,
    [marketplaceId, tree.boroughId, [tree.quarterId], new Date(firstSlotAt.getTime() - 15 * 60_000), new Date(firstSlotAt.getTime() + 3 * 3600_000), participants.length, firstSlotAt],
  );
  await pg.query(`INSERT INTO marketplace_registrations (marketplace_id, organisation_id, status, registered_at) SELECT $1, o, 'registered', now() FROM unnest($2::uuid[]) o`, [marketplaceId, participants.map((p) => p.id)]);
  await pg.query(
    `INSERT INTO meeting_requests (id, marketplace_id, nonprofit_id, company_id, requested_by_organisation_id, nonprofit_wish, company_wish, match_score, answered_at)
     SELECT x.id, $1, x.np, x.co, x.np, x.nw, x.cw, x.score, now()
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::meeting_wish[], $6::meeting_wish[], $7::float8[]) AS x(id, np, co, nw, cw, score)`,
    [
      marketplaceId,
      event.requests.map((r) => id(r.id)),
      event.requests.map((r) => id(r.nonprofitId)),
      event.requests.map((r) => id(r.companyId)),
      event.requests.map((r) => r.nonprofitWish),
      event.requests.map((r) => r.companyWish),
      event.requests.map((r) => r.matchScore),
    ],
  );
  await pg.query('COMMIT');
  return marketplaceId;
}

async function killSchedule(pg: Client, tree: DistrictTree): Promise<void> {
  log('kill-schedule: a closed marketplace (120 participants, 900 agreed meeting wishes, 8 slots × 12 tables); worker processes on the bench database');
  const prefix = `${bench.queuePrefix}:schedule`;
  const queue = queueOf(QueueName.Marketplaces, REDIS_URL, prefix);
  const marketplaceId = await seedMarketplace(pg, tree);
  const add = async (runId: string) => {
    const data: JobPayloads[JobName.ScheduleEvent] = { marketplaceId, runId, requestedBy: null };
    const jobId = JOB_ID[JobName.ScheduleEvent](data);
    await queue.add(JobName.ScheduleEvent, data, { ...JOB_OPTIONS[JobName.ScheduleEvent], jobId });
    return jobId;
  };

  // The undisturbed run.
  const a = startWorker('worker A (schedule)', { QUEUE_PREFIX: prefix });
  await workerUp(queue);
  const clean = await jobDone(queue, await add('undisturbed'), a);
  const expected = await versionContent(pg, marketplaceId);
  check('kill-schedule', expected.length === 1 && expected[0].meetings.length > 0, 'the undisturbed run wrote version 1 with its meetings', `${expected[0]?.meetings.length} meetings, ${JSON.stringify(clean.returnvalue)}`);
  await pg.query(`DELETE FROM meeting_schedules WHERE marketplace_id = $1`, [marketplaceId]);

  // The same job again, held inside its transaction: it waits to write its meetings.
  const locker = await bench.client('kill-schedule locker');
  const [{ pid: lockerPid }] = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE meetings IN SHARE MODE');
  const jobId = await add('killed');
  const backend = await blockedBackend(pg, lockerPid, '%INSERT INTO meetings%');
  const lockTtl = await ((await queue.getBackend().client) as unknown as Redis).pttl(`${prefix}:${QueueName.Marketplaces}:${jobId}:lock`);
  check('kill-schedule', backend.wrote && (await queue.getJobState(jobId)) === 'active', 'the job was in the middle of its transaction (version row written, not committed) when the worker was killed', `backend ${backend.pid}, lock ttl ${lockTtl} ms`);
  const killedAt = Date.now();
  const exit = await a.kill('SIGKILL');
  check('kill-schedule', exit.signal === 'SIGKILL', 'worker A died by SIGKILL', JSON.stringify(exit));
  await locker.query('ROLLBACK');
  await until("the dead worker's session to end", 30_000, async () => (await pg.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend.pid])).rowCount === 0);
  const afterKill = await versionContent(pg, marketplaceId);
  check('kill-schedule', afterKill.length === 0, 'nothing of the killed attempt is visible (its transaction rolled back)', `${afterKill.length} versions`);

  const b = startWorker('worker B (schedule)', { QUEUE_PREFIX: prefix });
  const job = await jobDone(queue, jobId, b);
  const retriedAfter = Date.now() - killedAt;
  const got = await versionContent(pg, marketplaceId);
  console.log('\n(3) schedule-event killed in its transaction');
  table(
    ['', 'undisturbed', 'after the kill'],
    [
      ['version', String(expected[0]?.version), String(got[0]?.version)],
      ['meetings', String(expected[0]?.meetings.length), String(got[0]?.meetings.length)],
      ['slots used / lower bound', `${expected[0]?.slots_used} / ${expected[0]?.lower_bound}`, `${got[0]?.slots_used} / ${got[0]?.lower_bound}`],
      ['input hash', expected[0]?.input_hash.slice(0, 16) ?? '', got[0]?.input_hash.slice(0, 16) ?? ''],
    ],
  );
  check('kill-schedule', job.attemptsStarted === 2 && job.stalledCounter === 1 && job.attemptsMade === 1, 'the job stalled once and completed on its second start, with no failed attempt', `attemptsStarted ${job.attemptsStarted}, stalledCounter ${job.stalledCounter}, attemptsMade ${job.attemptsMade}, ${fmt(retriedAfter / 1000, 1)} s after the kill`);
  check('kill-schedule', JSON.stringify(got) === JSON.stringify(expected), 'the version written after the kill equals the undisturbed one (meetings, hash, figures, diagnostics)');
  results.killSchedule = { meetings: expected[0]?.meetings.length ?? 0, completedAfterKillS: round(retriedAfter / 1000, 1), attemptsStarted: job.attemptsStarted, stalledCounter: job.stalledCounter };
  await bench.stopApps([b]);
}

// ---------------------------------------------------------------------------------------------
// (4) A worker SIGKILLed while a deliver-webhook attempt waits for the receiver
// ---------------------------------------------------------------------------------------------

interface DeliveryState {
  status: string;
  attempts: number;
  last_status_code: number | null;
  attempt_log: Array<{ attempt: number; status_code: number | null; success: boolean }>;
}

async function deliveryState(pg: Client, deliveryId: string): Promise<DeliveryState> {
  const [d] = (await pg.query(`SELECT status, attempts, last_status_code FROM webhook_deliveries WHERE id = $1`, [deliveryId])).rows as Array<Omit<DeliveryState, 'attempt_log'>>;
  const attempt_log = (await pg.query(`SELECT attempt, status_code, success FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt, started_at`, [deliveryId])).rows as DeliveryState['attempt_log'];
  return { ...d, attempt_log };
}

async function killWebhook(tree: DistrictTree, pg: Client): Promise<void> {
  log('kill-webhook: an API and worker processes on the bench database; a receiver on 127.0.0.1 that deduplicates by event id');
  const prefix = `${bench.queuePrefix}:webhook`;
  const queue = queueOf(QueueName.Webhooks, REDIS_URL, prefix);
  const receiver = await WebhookReceiver.start();
  bench.onCleanup('closing the webhook receiver', () => receiver.close());
  const env = { QUEUE_PREFIX: prefix, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '2000' };
  const { baseUrl, api } = await bench.startApi({ ...BASE_ENV, ...env }, 60_000, 'API (webhook)');
  const np = await signup(baseUrl, tree.quarterId);
  const path = '/hooks/marktplatz';
  const sub = await call(baseUrl, '/v1/webhooks', { method: 'POST', token: np.token, body: JSON.stringify({ url: receiver.url(path), eventTypes: ['need.published'] }) });
  if (sub.status !== 201) throw new Error(`webhook subscription: ${sub.status} ${JSON.stringify(sub.body)}`);
  receiver.secret(path, sub.body!.secret as string);

  const a = startWorker('worker A (webhook)', env);
  await workerUp(queue);
  // The undisturbed delivery.
  await publishNeed(baseUrl, np.token, Date.now());
  await until('the first delivery', 60_000, async () => receiver.to(path).length === 1 && receiver.effects.length === 1);
  const firstDelivery = receiver.to(path)[0].headers['marktplatz-delivery-id'] as string;
  const undisturbed = await until('the first delivery to be recorded', 30_000, async () => {
    const s = await deliveryState(pg, firstDelivery);
    return s.status === 'delivered' ? s : undefined;
  });

  // The next request hangs: worker A is killed while it waits for the answer.
  receiver.script(path, [{ hang: true }]);
  await publishNeed(baseUrl, np.token, Date.now());
  await until('the second delivery to reach the receiver', 60_000, async () => receiver.to(path).length === 2);
  const hung = receiver.to(path)[1];
  const deliveryId = hung.headers['marktplatz-delivery-id'] as string;
  const eventId = hung.headers['marktplatz-event-id'] as string;
  const jobId = JOB_ID[JobName.DeliverWebhook]({ deliveryId, attempt: 1 });
  check('kill-webhook', (await queue.getJobState(jobId)) === 'active', 'the deliver-webhook job was active, its request at the receiver without an answer, when the worker was killed', jobId);
  const killedAt = Date.now();
  const exit = await a.kill('SIGKILL');
  check('kill-webhook', exit.signal === 'SIGKILL', 'worker A died by SIGKILL', JSON.stringify(exit));
  const mid = await deliveryState(pg, deliveryId);
  check('kill-webhook', mid.status === 'pending' && mid.attempts === 0 && mid.attempt_log.length === 0, 'the killed attempt left the delivery pending with no attempt recorded (it never got an answer)', JSON.stringify(mid));

  const b = startWorker('worker B (webhook)', env);
  const delivered = await until('the delivery after the kill', 240_000, async () => {
    b.assertAlive();
    const s = await deliveryState(pg, deliveryId);
    return s.status === 'delivered' ? s : undefined;
  });
  const deliveredAfter = Date.now() - killedAt;
  const job = (await queue.getJob(jobId))!;
  const requests = receiver.to(path).filter((r) => r.headers['marktplatz-event-id'] === eventId);
  console.log('\n(4) deliver-webhook killed while waiting for the receiver');
  table(
    ['', 'undisturbed', 'after the kill'],
    [
      ['status', undisturbed.status, delivered.status],
      ['attempts', String(undisturbed.attempts), String(delivered.attempts)],
      ['attempt log', JSON.stringify(undisturbed.attempt_log), JSON.stringify(delivered.attempt_log)],
      ['requests at the receiver', '1', String(requests.length)],
    ],
  );
  const shape = (s: DeliveryState) => ({ status: s.status, attempts: s.attempts, last_status_code: s.last_status_code, attempt_log: s.attempt_log });
  check('kill-webhook', JSON.stringify(shape(delivered)) === JSON.stringify(shape(undisturbed)), 'the delivery ended as the undisturbed one: delivered on attempt 1, one attempt logged (200)', JSON.stringify(shape(delivered)));
  check('kill-webhook', requests.length === 2 && requests.every((r) => r.verified && r.headers['marktplatz-delivery-attempt'] === '1'), 'the receiver got the event twice (the killed request and its retry), both signed, both as attempt 1', `${requests.length} requests`);
  check('kill-webhook', receiver.effects.filter((e) => e === eventId).length === 1, 'the receiver acted on it once (deduplicated by Marktplatz-Event-Id)');
  check('kill-webhook', job.stalledCounter === 1 && (await job.getState()) === 'completed', 'the job stalled once and was completed by worker B', `attemptsStarted ${job.attemptsStarted}, attemptsMade ${job.attemptsMade} (a start before the killed claim's lease expired fails and is retried), stalledCounter ${job.stalledCounter}, ${fmt(deliveredAfter / 1000, 1)} s after the kill`);
  results.killWebhook = { deliveredAfterKillS: round(deliveredAfter / 1000, 1), attemptsStarted: job.attemptsStarted, attemptsMade: job.attemptsMade, stalledCounter: job.stalledCounter, receiverRequests: requests.length };
  await bench.stopApps([b, api]);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`phases: ${[...CHOSEN].join(', ')}; ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  bench.prepareApp();
  const needsBenchDb = CHOSEN.has('redis') || CHOSEN.has('kill-schedule') || CHOSEN.has('kill-webhook');
  let pg: Client | undefined;
  let tree: DistrictTree | undefined;
  if (needsBenchDb) {
    await bench.createDatabase();
    pg = await bench.client('faults bench');
    tree = await seedDistrictTree(pg, 'bench');
  }
  if (CHOSEN.has('redis')) await redisOutage(pg!, tree!);
  if (CHOSEN.has('postgres')) await postgresRestart();
  if (CHOSEN.has('kill-schedule')) await killSchedule(pg!, tree!);
  if (CHOSEN.has('kill-webhook')) await killWebhook(tree!, pg!);

  console.log('\nWhat the run proved:');
  for (const [phase, lines] of Object.entries(proved)) {
    console.log(`  ${phase}`);
    for (const l of lines) console.log(`    ${l}`);
  }
  benchResult({ bench: 'faults', phases: [...CHOSEN], failures, ...results });
  if (failures.length) throw new Error(`${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
