import { MaintenanceService } from '../../src/modules/maintenance/maintenance.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeTree, publishedNeed, publishedOffer, signup } from '../factories';

describe('maintenance jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
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

  it('answers liveness and readiness', async () => {
    expect((await t.http.get('/health/live').expect(200)).body.status).toBe('ok');
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });
});
