import { createServer } from 'node:net';
import { makeTree, needBody, PASSWORD, signup, uid } from '../factories';
import { ChildApp } from '../utils/child-app';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { currentTestRun } from '../utils/test-env';
import { waitFor } from '../utils/wait-for';

/**
 * The log lines of the built service (`node dist/main.js`, role all, LOG_LEVEL=info) as an
 * operator reads them: every line written for a request carries the request's id (`req.id`,
 * the caller's X-Request-Id), every line written while a job runs carries the job (`job.id`,
 * `job.name`, `job.queue`, `job.attempt`). Needs `npm run build` first.
 */

interface Line {
  msg?: string;
  context?: string;
  level: number;
  req?: { id?: string; url?: string };
  job?: { id: string; name: string; queue: string; attempt: number };
  [key: string]: unknown;
}

const run = currentTestRun();

describe('logs: request and job ids on every line', () => {
  let app: ChildApp;
  let t: TestApp;
  let base: string;

  const lines = (): Line[] =>
    app.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const prefix = `${run.queuePrefix}-logs`;
    t = await createTestApp({ MARKTPLATZ_ROLE: 'api', QUEUE_PREFIX: prefix });
    app = ChildApp.start('app (role all)', {
      NODE_ENV: 'test',
      MARKTPLATZ_ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: run.databaseUrl,
      REDIS_URL: run.redisUrl,
      QUEUE_PREFIX: prefix,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '100',
      LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
      MATCHING_CRON: '0 0 1 1 *',
      EXPIRY_CRON: '0 0 1 1 *',
    });
    await app.waitForOutput('listening on');
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await ChildApp.killAll();
    await t?.close();
  });

  it('a request: its service lines and its completion line carry its id', async () => {
    const tree = await makeTree(t.ds);
    const signupId = `log-e2e-signup-${uid()}`;
    const email = `log-${uid()}@test.example`;
    const res = await fetch(`${base}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': signupId },
      body: JSON.stringify({ email, password: PASSWORD, displayName: 'Anna Schneider', organisation: { kind: 'nonprofit', name: `Tafel ${uid()} e.V.`, districtId: tree.quarter.id } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(signupId);
    const loginId = `log-e2e-login-${uid()}`;
    const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': loginId }, body: JSON.stringify({ email, password: 'not the password at all' }) });
    expect(login.status).toBe(401);

    await waitFor(() => lines().some((l) => l.req?.id === loginId && l.msg === 'request completed'), 'the login request to be logged');
    const all = lines();
    const signupLines = all.filter((l) => l.req?.id === signupId);
    expect(signupLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signup', 'request completed']));
    const loginLines = all.filter((l) => l.req?.id === loginId);
    expect(loginLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['failed login', 'request completed']));
    // what the auth service writes belongs to a request: no line of it without a request id
    const service = all.filter((l) => l.context === 'AuthService');
    expect(service.length).toBeGreaterThanOrEqual(2);
    expect(service.filter((l) => !l.req?.id)).toEqual([]);
    expect(service.filter((l) => l.job)).toEqual([]);
    console.log(`request lines, e.g.: ${JSON.stringify({ msg: signupLines[0].msg, context: signupLines[0].context, req: { id: signupLines[0].req?.id } })}`);
  });

  it('a job: every line written while it runs carries its id, name, queue and attempt', async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
    await t.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
    const jobId = `match-need.${need.id}.v2`;
    await waitFor(() => lines().some((l) => l.job?.id === jobId && l.context === 'MatchingProcessor'), `the ${jobId} job's lines`, 30_000).catch((err: Error) => {
      err.message += `\n${app.tail()}`;
      throw err;
    });
    const all = lines();
    const ofJob = all.filter((l) => l.job?.id === jobId);
    expect(ofJob[0].job).toEqual({ id: jobId, name: 'match-need', queue: 'matching', attempt: 1 });
    expect(ofJob.some((l) => typeof l.msg === 'string' && l.msg.startsWith(`match-need need ${need.id}:`))).toBe(true);
    // every job line of QueueProcessor ("running <name> (<id>)") and of the matching processor names its job
    const running = all.filter((l) => typeof l.msg === 'string' && /^running \S+ \(.+\)$/.test(l.msg));
    expect(running.length).toBeGreaterThanOrEqual(1); // the domain event of the publication (events queue)
    for (const l of running) expect(l.msg).toBe(`running ${l.job?.name} (${l.job?.id})`);
    const matching = all.filter((l) => l.context === 'MatchingProcessor' && typeof l.msg === 'string' && /^(match-|rematch-)/.test(l.msg));
    expect(matching.filter((l) => !l.job?.id)).toEqual([]);
    // and none of them is mistaken for a request's
    expect([...running, ...matching].filter((l) => l.req)).toEqual([]);
    console.log(`job lines, e.g.: ${JSON.stringify({ msg: ofJob[0].msg, context: ofJob[0].context, job: ofJob[0].job })}`);
  }, 60_000);
});
