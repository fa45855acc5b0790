import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MaintenanceService } from '../../src/modules/maintenance/maintenance.service';
import { JobName, QueueName } from '../../src/queue/jobs';
import { waitFor } from '../utils/wait-for';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeTree, publishedNeed, publishedOffer, signup } from '../factories';

describe('maintenance jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', AUDIT_LOG_RETENTION_DAYS: '90', WEBHOOK_DELIVERY_RETENTION_DAYS: '14' });
  });
  afterAll(() => t.close());

  it('expires published needs and offers whose end passed, announces it, and is idempotent', async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const co = await signup(t.http, 'company', tree.quarter.id);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const need = await publishedNeed(t.http, np, { endsAt: future });
    const offer = await publishedOffer(t.http, co, { endsAt: future });
    const keep = await publishedNeed(t.http, np, { endsAt: future });
    const paused = await publishedOffer(t.http, co, { endsAt: future });
    await t.http.post(`/v1/offers/${paused.id}/pause`).set(co.auth).expect(200);

    const service = t.app.get(MaintenanceService);
    const later = new Date(Date.now() + 2 * 86_400_000);
    await t.ds.query(`UPDATE needs SET ends_at = now() + interval '3 days' WHERE id = $1`, [keep.id]);
    const first = await service.expireListings(later);
    expect(first.needs).toBeGreaterThanOrEqual(1);
    expect(first.offers).toBeGreaterThanOrEqual(2);

    const [n] = await t.ds.query('SELECT status, version FROM needs WHERE id = $1', [need.id]);
    expect(n).toEqual({ status: 'expired', version: need.version + 1 });
    expect((await t.ds.query('SELECT status FROM offers WHERE id = ANY($1)', [[offer.id, paused.id]])).map((r: { status: string }) => r.status)).toEqual(['expired', 'expired']);
    expect((await t.ds.query('SELECT status FROM needs WHERE id = $1', [keep.id]))[0].status).toBe('published');
    const events = await t.ds.query(`SELECT job_id, payload->>'change' AS change FROM outbox WHERE payload->>'needId' = $1 ORDER BY id`, [need.id]);
    expect(events[events.length - 1]).toEqual({ job_id: `match-need.${need.id}.v${need.version + 1}`, change: 'expired' });

    const again = await service.expireListings(later);
    const [n2] = await t.ds.query('SELECT version FROM needs WHERE id = $1', [need.id]);
    expect(n2.version).toBe(need.version + 1);
    expect(again.needs + again.offers).toBe(0);
  });

  it('removes delivered outbox rows after a week only', async () => {
    const [old] = await t.ds.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, dispatched_at) VALUES ('matching', 'match-need', 'old-' || gen_random_uuid(), '{}', now() - interval '8 days') RETURNING id`,
    );
    const [fresh] = await t.ds.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, dispatched_at) VALUES ('matching', 'match-need', 'fresh-' || gen_random_uuid(), '{}', now() - interval '1 day') RETURNING id`,
    );
    const service = t.app.get(MaintenanceService);
    expect(await service.pruneOutbox()).toBeGreaterThanOrEqual(1);
    const left = await t.ds.query('SELECT id FROM outbox WHERE id = ANY($1::bigint[])', [[old.id, fresh.id]]);
    expect(left.map((r: { id: string }) => r.id)).toEqual([fresh.id]);
  });

  it('removes audit log entries and finished webhook deliveries (with their attempts) past their retention, in the hourly sweep', async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const client = (await t.http.post('/v1/api-clients').set(np.auth).send({ name: 'Freiwilligenagentur', scopes: ['needs:read'] }).expect(201)).body;
    // port 9 (discard): nothing listens; the rows below are what counts. Disabled at once: the suites share the
    // run's database, and a live subscription to need.published would get the deliveries of later suites' events.
    const hook = (await t.http.post('/v1/webhooks').set(np.auth).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['need.published'] }).expect(201)).body;
    await t.http.post(`/v1/webhooks/${hook.id}/disable`).set(np.auth).expect(200);
    const audit = async (daysAgo: number) =>
      (
        await t.ds.query(
          `INSERT INTO api_audit_log (client_id, key_prefix, method, route, path, handler, status, at) VALUES ($1, 'mk_test', 'GET', '/v1/needs', '/v1/needs', 'NeedsController.list', 200, now() - make_interval(days => $2)) RETURNING id`,
          [client.id, daysAgo],
        )
      )[0].id as string;
    const delivery = async (status: string, daysAgo: number) => {
      const [row] = await t.ds.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_type, kind, status, max_attempts, created_at) VALUES ($1, 'need.published', 'ping', $2, 1, now() - make_interval(days => $3)) RETURNING id`,
        [hook.id, status, daysAgo],
      );
      await t.ds.query(`INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, latency_ms, success) VALUES ($1, 1, now(), 5, false)`, [row.id]);
      return row.id as string;
    };
    const oldAudit = await audit(91);
    const recentAudit = await audit(89);
    const oldDelivered = await delivery('delivered', 15);
    const oldFailed = await delivery('failed', 15);
    const oldPending = await delivery('pending', 30);
    const recentDelivered = await delivery('delivered', 13);

    const queue = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    const job = await queue.add(JobName.ExpireListings, {});
    const result = await waitFor(async () => {
      const j = await queue.getJob(job.id!);
      if (j?.failedReason) throw new Error(j.failedReason);
      return (await j?.isCompleted()) ? (j!.returnvalue as Record<string, number>) : undefined;
    }, 'the maintenance job');
    expect(result.prunedAuditLogRows).toBeGreaterThanOrEqual(1);
    expect(result.prunedWebhookDeliveries).toBeGreaterThanOrEqual(2);

    const auditLeft = await t.ds.query('SELECT id FROM api_audit_log WHERE id = ANY($1::uuid[])', [[oldAudit, recentAudit]]);
    expect(auditLeft.map((r: { id: string }) => r.id)).toEqual([recentAudit]);
    const deliveriesLeft = await t.ds.query('SELECT id FROM webhook_deliveries WHERE id = ANY($1::uuid[]) ORDER BY created_at', [[oldDelivered, oldFailed, oldPending, recentDelivered]]);
    expect(deliveriesLeft.map((r: { id: string }) => r.id)).toEqual([oldPending, recentDelivered]);
    const attemptsLeft = await t.ds.query('SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[])', [[oldDelivered, oldFailed]]);
    expect(attemptsLeft[0].n).toBe(0);

    // a second sweep finds nothing more of these
    const service = t.app.get(MaintenanceService);
    expect(await service.pruneAuditLog(90)).toBe(0);
    expect(await service.pruneWebhookDeliveries(14)).toBe(0);
    await t.http.delete(`/v1/webhooks/${hook.id}`).set(np.auth).expect(204);
  });

  it('answers liveness and readiness', async () => {
    expect((await t.http.get('/health/live').expect(200)).body.status).toBe('ok');
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });
});
