import { Queue } from 'bullmq';
import { QueueName } from '../../src/queue/jobs';
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
      const job = await queue.getJob(`match-need:${need.id}:v2`);
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
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;

      await redis.stop();
      const ready = await t.http.get('/health/ready').expect(503);
      expect(ready.body.details.redis.status).toBe('down');
      expect(ready.body.details.postgres.status).toBe('up');

      // Publishing needs PostgreSQL only: it succeeds, and the event waits in the outbox.
      await t.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
      const [failed] = await waitFor(async () => {
        const rows = await pending(t, need.id);
        return rows[0]?.attempts >= 1 ? rows : undefined;
      }, 'a failed delivery attempt');
      expect(failed.dispatched_at).toBeNull();
      expect(failed.last_error).toEqual(expect.any(String));

      await redis.start();
      await waitFor(async () => (await pending(t, need.id))[0]?.dispatched_at ?? undefined, 'delivery after Redis is back', 30_000);
      const job = await queue.getJob(`match-need:${need.id}:v2`);
      expect(job?.data).toMatchObject({ needId: need.id, change: 'published' });
      expect(await queue.getJobCounts('waiting', 'delayed', 'prioritized')).toMatchObject({ waiting: 1 });
      await t.http.get('/health/ready').expect(200);
    } finally {
      await queue.close();
      await t.close();
      await redis.stop();
    }
  }, 60_000);
});
