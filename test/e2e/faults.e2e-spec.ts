import { Queue } from 'bullmq';
import { Client } from 'pg';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { unavailableDependency } from '../../src/common/errors/unavailable';
import { dataSourceOptions } from '../../src/database/data-source';
import { ensureDatabase } from '../../src/database/database-admin';
import { runMigrations } from '../../src/database/migrate';
import { JobName, QueueName } from '../../src/queue/jobs';
import { makeTree, needBody, signup, uid, type Member } from '../factories';
import { ChildApp } from '../utils/child-app';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { PrivatePostgres } from '../utils/private-postgres';
import { currentTestRun } from '../utils/test-env';
import { waitFor } from '../utils/wait-for';

/**
 * Faults that are quick to provoke (README "Faults"): PostgreSQL stopped and started again under
 * a running app (a private server: the shared one on 5432 is never touched), the time limits on
 * connections and statements, and SIGTERM while a request and a job are in flight. The slow ones
 * (Redis stopped for 10 s under writes, PostgreSQL restarted under load, workers killed in the
 * middle of a schedule-event or deliver-webhook job) are in `npm run bench:faults`.
 */

const run = currentTestRun();
const elapsed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t0 };
};

/** Waits until some session of this database waits for a lock held by `blocker` (a pg backend pid), running a query like `like`. */
async function blockedBy(ds: TestApp['ds'], blocker: number, like: string): Promise<number> {
  return waitFor(
    async () => {
      const [row] = (await ds.query(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query ILIKE $2`, [blocker, like])) as Array<{ pid: number }>;
      return row?.pid;
    },
    `a session to wait for the lock of backend ${blocker} in ${like}`,
    20_000,
  );
}

async function lockingClient(url: string): Promise<{ client: Client; pid: number }> {
  const client = new Client({ connectionString: url, application_name: 'faults-e2e-locker' });
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return { client, pid };
}

describe('faults: PostgreSQL away', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let np: Member;
  const CONNECT_TIMEOUT_MS = 1000;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    await ensureDatabase(pg.url('marktplatz'));
    await runMigrations(pg.url('marktplatz'));
    t = await createTestApp({ DATABASE_URL: pg.url('marktplatz'), MARKTPLATZ_ROLE: 'api', QUEUE_PREFIX: `${run.queuePrefix}-pg`, DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) });
    const tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await pg?.destroy();
  });

  it('stopped: requests that need the database answer 503 with Retry-After at once, readiness says not ready; started again: the same app answers', async () => {
    await t.http.get('/v1/me').set(np.auth).expect(200);
    await pg.stop('fast');

    const cases = [
      () => t.http.get('/v1/me').set(np.auth), // the guard reads the user
      () => t.http.post('/v1/needs').set(np.auth).send(needBody()),
      () => t.http.get('/v1/needs'),
    ];
    for (const call of cases) {
      const { value: res, ms } = await elapsed(call);
      expect({ status: res.status, code: res.body.code, dependency: res.body.dependency, retryAfter: res.headers['retry-after'], type: res.headers['content-type'] }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        dependency: 'postgres',
        retryAfter: '5',
        type: expect.stringContaining('application/problem+json'),
      });
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    }
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'down' }, redis: { status: 'up' }, process: { status: 'up' } });
    await t.http.get('/health/live').expect(200);

    await pg.start();
    // the pool drops the connections the restart closed and opens new ones: no restart of the app
    await waitFor(async () => (await t.http.get('/v1/me').set(np.auth)).status === 200, 'the app to reach the database again');
    const need = await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201);
    expect(need.body.id).toEqual(expect.any(String));
    await t.http.get('/health/ready').expect(200);
  }, 60_000);

  it("a server that accepts connections and never answers: the app's DataSource options give up after DATABASE_CONNECT_TIMEOUT_MS, and that counts as the database being away", async () => {
    // A TCP listener that never speaks PostgreSQL: connecting "succeeds", the start-up never ends.
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    // the app's DataSource options (as AppModule builds them) pointed at it: the first connection never completes
    const ds = new DataSource(dataSourceOptions(`postgres://postgres@127.0.0.1:${port}/x`, 2, { connectMs: CONNECT_TIMEOUT_MS }));
    try {
      const { value: err, ms } = await elapsed(() => ds.initialize().then(() => undefined, (e: Error) => e));
      expect(err).toBeDefined();
      expect((err as Error).message).toMatch(/timeout/i);
      expect(ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
      expect(unavailableDependency(err)).toBe('postgres');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('faults: time limits on the database (API role)', () => {
  let t: TestApp;
  let np: Member;
  let locker: { client: Client; pid: number };
  // the statement limit well above the connect limit: the pool test's writes must outlast the wait for a connection
  const STATEMENT_MS = 3000;
  const CONNECT_MS = 700;

  beforeAll(async () => {
    t = await createTestApp({ MARKTPLATZ_ROLE: 'api', DATABASE_POOL_MAX: '2', DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS), DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_MS) });
    const tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    locker = await lockingClient(run.databaseUrl);
  });

  afterAll(async () => {
    await locker?.client.end().catch(() => undefined);
    await t?.close();
  });

  it('a statement waiting for a lock longer than DATABASE_STATEMENT_TIMEOUT_MS: 503 with Retry-After after that long; a free pool answers again at once', async () => {
    const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
    await locker.client.query('BEGIN');
    await locker.client.query('SELECT 1 FROM needs WHERE id = $1 FOR UPDATE', [need.id]);
    try {
      const { value: res, ms } = await elapsed(() => t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ title: 'Umzugshilfe gesucht (neu)' }));
      expect({ status: res.status, code: res.body.code, dependency: res.body.dependency, retryAfter: res.headers['retry-after'] }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', dependency: 'postgres', retryAfter: '5' });
      expect(ms).toBeGreaterThanOrEqual(STATEMENT_MS - 50);
      expect(ms).toBeLessThan(STATEMENT_MS + 2000);
    } finally {
      await locker.client.query('ROLLBACK');
    }
    const after = await t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ title: 'Umzugshilfe gesucht (neu)' }).expect(200);
    expect(after.body.title).toBe('Umzugshilfe gesucht (neu)');
  });

  it('every pooled connection busy: the next request waits DATABASE_CONNECT_TIMEOUT_MS for one, then 503', async () => {
    const [a, b] = [(await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body, (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body];
    await locker.client.query('BEGIN');
    await locker.client.query('SELECT 1 FROM needs WHERE id = ANY($1::uuid[]) FOR UPDATE', [[a.id, b.id]]);
    try {
      // two writes hold the pool's two connections while they wait for the rows
      const busy = [a, b].map((n) => t.http.patch(`/v1/needs/${n.id}`).set(np.auth).send({ title: 'Wartet auf die Sperre' }).then((r) => r));
      await waitFor(async () => ((await locker.client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [locker.pid])).rows[0].n === 2 ? true : undefined), 'both writes to wait');
      const { value: res, ms } = await elapsed(() => t.http.get('/v1/me').set(np.auth));
      expect({ status: res.status, code: res.body.code, dependency: res.body.dependency }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', dependency: 'postgres' });
      expect(ms).toBeGreaterThanOrEqual(CONNECT_MS - 50);
      expect(ms).toBeLessThan(CONNECT_MS + 2000);
      // the waiting writes end by their own statement timeout
      for (const r of await Promise.all(busy)) expect(r.status).toBe(503);
    } finally {
      await locker.client.query('ROLLBACK');
    }
    await t.http.get('/v1/me').set(np.auth).expect(200);
  });
});

describe('faults: SIGTERM with a request and a job in flight', () => {
  const QUEUE_PREFIX = `${run.queuePrefix}-sigterm`;
  const SHUTDOWN_TIMEOUT_MS = 20_000;
  let t: TestApp;
  let locker: { client: Client; pid: number };
  let jobLocker: { client: Client; pid: number };
  let queue: Queue;

  beforeAll(async () => {
    // seeds data and reads the queue; it relays and processes nothing
    t = await createTestApp({ MARKTPLATZ_ROLE: 'api', QUEUE_PREFIX });
    locker = await lockingClient(run.databaseUrl);
    jobLocker = await lockingClient(run.databaseUrl);
    queue = new Queue(QueueName.Matching, { connection: { url: run.redisUrl }, prefix: QUEUE_PREFIX });
    queue.on('error', () => undefined);
  });

  afterAll(async () => {
    await ChildApp.killAll();
    await queue?.close();
    await locker?.client.end().catch(() => undefined);
    await jobLocker?.client.end().catch(() => undefined);
    await t?.close();
  });

  it('finishes both, takes no new request or job, and exits with code 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const app = ChildApp.start('app (role all)', {
      NODE_ENV: 'test',
      MARKTPLATZ_ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: run.databaseUrl,
      REDIS_URL: run.redisUrl,
      QUEUE_PREFIX,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '100',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
      MATCHING_CRON: '0 0 1 1 *',
      EXPIRY_CRON: '0 0 1 1 *',
    });
    await app.waitForOutput('listening on');
    const base = `http://127.0.0.1:${port}`;
    const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
    const other = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;

    // The job: match-need of a need in a Quartier whose matching lock the test holds.
    await jobLocker.client.query('SELECT pg_advisory_lock(7301, hashtext($1))', [tree.quarter.id]);
    await t.http.post(`/v1/needs/${other.id}/publish`).set(np.auth).expect(200);
    const jobId = `${JobName.MatchNeed}.${other.id}.v2`;
    await blockedBy(t.ds, jobLocker.pid, '%pg_advisory_xact_lock%');
    expect(await queue.getJobState(jobId)).toBe('active');

    // The request: a change of a need whose row the test holds.
    await locker.client.query('BEGIN');
    await locker.client.query('SELECT 1 FROM needs WHERE id = $1 FOR UPDATE', [draft.id]);
    const inFlight = call(`/v1/needs/${draft.id}`, { method: 'PATCH', headers: np.auth, body: JSON.stringify({ title: 'Während des Herunterfahrens geändert' }) });
    await blockedBy(t.ds, locker.pid, '%UPDATE%needs%');

    const signalledAt = Date.now();
    app.kill('SIGTERM');
    await app.waitForOutput('shutting down');

    // No new work: a new request is refused (503 while draining, or no connection once the server closed) ...
    const refused = await call('/v1/me', { headers: np.auth }).then(
      async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code, connection: r.headers.get('connection'), retryAfter: r.headers.get('retry-after') }),
      () => ({ status: 0, code: 'connection refused', connection: null, retryAfter: null }),
    );
    if (refused.status) expect(refused).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', connection: 'close', retryAfter: '5' });
    const ready = await call('/health/ready').then((r) => r.status, () => 0);
    expect([503, 0]).toContain(ready);
    // ... and a job added now is not taken.
    const late = `${JobName.MatchNeed}.${draft.id}.late-${uid()}`;
    await queue.add(JobName.MatchNeed, { needId: draft.id, version: 1, change: 'published' }, { jobId: late });

    // Let both go on: they complete, then the process exits by itself.
    await locker.client.query('COMMIT');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { title: string }).title).toBe('Während des Herunterfahrens geändert');
    await jobLocker.client.query('SELECT pg_advisory_unlock_all()');

    const exit = await app.exited;
    const took = Date.now() - signalledAt;
    expect({ exit, tail: exit.code === 0 ? '' : app.tail() }).toEqual({ exit: { code: 0, signal: null }, tail: '' });
    expect(took).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(await queue.getJobState(jobId)).toBe('completed');
    expect(await queue.getJobState(late)).toBe('waiting');
    const [row] = (await t.ds.query(`SELECT title FROM needs WHERE id = $1`, [draft.id])) as Array<{ title: string }>;
    expect(row.title).toBe('Während des Herunterfahrens geändert');
    console.log(`SIGTERM: in-flight request and job completed, a new request ${refused.status ? `got ${refused.status}` : 'found the port closed'}, a new job stayed waiting; exit code 0 after ${took} ms`);
  }, 90_000);
});
