import { Queue } from 'bullmq';
import { QueueName } from '../../src/queue/jobs';
import { MAX_ATTEMPTS } from '../../src/queue/outbox.relay';
import { REDIS_REQUEST_TIMEOUT_MS } from '../../src/queue/redis-guard';
import { makeOrganiser } from '../factories/cooperations-core';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { PrivateRedis } from '../utils/private-redis';
import { waitFor } from '../utils/wait-for';
import { makeTree, needBody, signup } from '../factories';

const pending = async (t: TestApp, needId: string) =>
  (await t.ds.query(`SELECT id, attempts, last_error, dispatched_at FROM outbox WHERE payload->>'needId' = $1`, [needId])) as Array<{
    attempts: number;
    last_error: string | null;
    dispatched_at: Date | null;
  }>;

describe('outbox relay → BullMQ', () => {
  it('delivers a published need to the matching queue once, under its job id', async () => {
    const t = await createTestApp();
    const queue = new Queue(QueueName.Matching, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
    queue.on('error', () => undefined);
    try {
      const tree = await makeTree(t.ds);
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
      const [row] = await waitFor(async () => {
        const rows = await pending(t, need.id);
        return rows[0]?.dispatched_at ? rows : undefined;
      }, 'the outbox row to be dispatched');
      expect(row.attempts).toBe(0);
      const job = await queue.getJob(`match-need.${need.id}.v2`);
      expect(job?.name).toBe('match-need');
      expect(job?.data).toEqual({ needId: need.id, version: 2, change: 'published' });
      expect(job?.opts.attempts).toBe(5);
    } finally {
      await queue.close();
      await t.close();
    }
  });

  it('keeps a need published while Redis is down and enqueues it once Redis is back', async () => {
    const redis = await PrivateRedis.start();
    const t = await createTestApp({ REDIS_URL: redis.url });
    const queue = new Queue(QueueName.Matching, { connection: { url: redis.url }, prefix: t.config.QUEUE_PREFIX });
    queue.on('error', () => undefined);
    try {
      const tree = await makeTree(t.ds);
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const organiser = await makeOrganiser(t.ds, t.http, [tree.quarter.id]);
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;

      await redis.stop();
      const ready = await t.http.get('/health/ready').expect(503);
      expect(ready.body.details.redis.status).toBe('down');
      expect(ready.body.details.postgres.status).toBe('up');

      // Login needs the rate limiter's Redis: it says so with 503 instead of failing open.
      const login = await t.http.post('/v1/auth/login').send({ email: np.email, password: 'whatever it is' }).expect(503);
      expect(login.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'redis' });
      expect(login.headers['retry-after']).toBe('5');

      // An on-demand job and a job's status need Redis itself: 503 at once, not a request that
      // hangs until Redis is back (and no job is added behind the caller's back afterwards).
      const started = Date.now();
      const rematch = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(503);
      expect(rematch.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'redis' });
      expect(rematch.headers['retry-after']).toBe('5');
      const status = await t.http.get(`/v1/jobs/rematch-district.${tree.quarter.id}.x`).set(organiser.auth).expect(503);
      expect(status.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'redis' });
      expect(Date.now() - started).toBeLessThan(2 * REDIS_REQUEST_TIMEOUT_MS + 2000);

      // Publishing needs PostgreSQL only: it succeeds, and the event waits in the outbox.
      await t.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
      const [failed] = await waitFor(async () => {
        const rows = await pending(t, need.id);
        return rows[0]?.last_error ? rows : undefined;
      }, 'a failed delivery attempt');
      expect(failed.dispatched_at).toBeNull();
      expect(failed.last_error).toMatch(/Redis is not connected|timed out/);
      // not the event's fault: no attempt counted towards parking it
      expect(failed.attempts).toBe(0);

      await redis.start();
      await waitFor(async () => (await pending(t, need.id))[0]?.dispatched_at ?? undefined, 'delivery after Redis is back', 30_000);
      const job = await queue.getJob(`match-need.${need.id}.v2`);
      expect(job?.data).toMatchObject({ needId: need.id, change: 'published' });
      // delivered exactly once, and the matching processor runs it
      await waitFor(async () => ((await job!.getState()) === 'completed' ? true : undefined), 'the match-need job to complete', 30_000);
      expect(await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'failed')).toMatchObject({ waiting: 0, failed: 0 });
      // the health client reconnects on its own schedule (ioredis backoff): ready again once it has
      await waitFor(async () => (await t.http.get('/health/ready')).status === 200, 'readiness after Redis is back');
      // the refused rematch was not added later: the district's first one now is a new job
      expect((await queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).filter((j) => j.name === 'rematch-district')).toEqual([]);
      await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
    } finally {
      await queue.close();
      await t.close();
      await redis.stop();
    }
  }, 60_000);

  it('delivers the other events when one cannot be delivered, and parks that one after some attempts', async () => {
    const t = await createTestApp();
    try {
      const [bad] = await t.ds.query(
        `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('no-such-queue', 'match-need', 'bad.' || gen_random_uuid(), '{}') RETURNING id`,
      );
      const tree = await makeTree(t.ds);
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
      await waitFor(async () => (await pending(t, need.id))[0]?.dispatched_at ?? undefined, 'the good event to pass the bad one');
      const [row] = await t.ds.query(`SELECT attempts, last_error, dispatched_at FROM outbox WHERE id = $1`, [bad.id]);
      expect(row).toMatchObject({ dispatched_at: null, last_error: expect.stringContaining('unknown queue') });
      expect(row.attempts).toBeGreaterThanOrEqual(1);

      await t.ds.query(`UPDATE outbox SET attempts = $2, available_at = now() WHERE id = $1`, [bad.id, MAX_ATTEMPTS - 1]);
      const [parked] = await waitFor(async () => {
        const rows = await t.ds.query(`SELECT attempts, available_at = 'infinity' AS parked FROM outbox WHERE id = $1`, [bad.id]);
        return rows[0].parked ? rows : undefined;
      }, 'the bad event to be parked');
      expect(parked.attempts).toBe(MAX_ATTEMPTS);
    } finally {
      await t.close();
    }
  });
});
