import { EventSequencer } from '../../src/modules/events/event-sequencer.service';
import { checkWebhookSignature, parseSignatureHeader, verifyWebhookSignature } from '../../src/modules/webhooks/signature';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { WebhookReceiver } from '../utils/webhook-receiver';
import { makeAdmin, makeTree, makeUser, publishedNeed, signup, type Member, type Tree } from '../factories';
import { makeOrganiser, proposal, readyCompany, readyNonprofit } from '../factories/cooperations-core';

interface Webhook {
  id: string;
  organisationId: string;
  url: string;
  eventTypes: string[];
  districtId: string | null;
  status: 'active' | 'disabled';
  consecutiveFailures: number;
  disabledReason: string | null;
  secretHint: string;
  previousSecretExpiresAt: string | null;
  version: number;
  secret?: string;
}
interface Attempt {
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  success: boolean;
}
interface Delivery {
  id: string;
  eventId: string | null;
  eventType: string;
  kind: 'event' | 'ping' | 'redelivery';
  redeliveryOf: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attemptsMade: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: Attempt[];
}

// Retries after 40 ms instead of minutes: three attempts per event delivery; two deliveries that
// fail for good disable a subscription. The receiver listens on 127.0.0.1, permitted here only.
const CONFIG = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_DELAYS_MS: '40,40',
  WEBHOOK_DISABLE_AFTER_FAILURES: '2',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_CONNECT_TIMEOUT_MS: '1000',
};

describe('webhooks (/v1/webhooks): signed deliveries with retries, against a local receiver', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let admin: Member;

  beforeAll(async () => {
    // a database of its own: subscriptions to public events would get other suites' events
    t = await createTestApp(CONFIG, { ownDatabase: 'webhooks' });
    receiver = await WebhookReceiver.start();
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  /** A city of its own per test, so that public events of one test never reach another's subscriptions. */
  async function world(): Promise<{ tree: Tree; np: Member }> {
    const tree = await makeTree(t.ds);
    return { tree, np: await signup(t.http, 'nonprofit', tree.quarter.id) };
  }

  async function subscribe(m: Member, path: string, body: Record<string, unknown>): Promise<Webhook & { secret: string }> {
    const res = await t.http.post('/v1/webhooks').set(m.auth).send({ url: receiver.url(path), ...body }).expect(201);
    expect(res.headers.location).toBe(`/v1/webhooks/${res.body.id}`);
    receiver.secret(path, res.body.secret);
    return res.body;
  }

  const deliveries = async (m: Member, sub: { id: string }, query = '') =>
    ((await t.http.get(`/v1/webhooks/${sub.id}/deliveries${query}`).set(m.auth).expect(200)).body as { items: Delivery[]; nextCursor: string | null });

  /** Waits until the subscription's deliveries are all done (none pending) and there are `n`. */
  const settled = (m: Member, sub: { id: string }, n: number) =>
    waitFor(async () => {
      const { items } = await deliveries(m, sub, '?limit=100');
      return items.length === n && items.every((d) => d.status !== 'pending') ? items : undefined;
    }, `${n} settled deliveries of ${sub.id}`);

  const delivery = (m: Member, sub: { id: string }, id: string) =>
    waitFor(async () => {
      const d = (await t.http.get(`/v1/webhooks/${sub.id}/deliveries/${id}`).set(m.auth).expect(200)).body as Delivery;
      return d.status !== 'pending' ? d : undefined;
    }, `delivery ${id} to settle`);

  const eventOf = async (type: string, key: string, value: string) =>
    waitFor(async () => {
      const [row] = (await t.ds.query(`SELECT id FROM domain_events WHERE type = $1 AND data->>$2 = $3 AND seq IS NOT NULL`, [type, key, value])) as Array<{ id: string }>;
      return row?.id;
    }, `${type} about ${value}`);

  it('delivers at least once: a receiver that fails twice, then answers 200, sees three signed attempts and acts once; redelivery repeats the event id', async () => {
    const { tree, np } = await world();
    receiver.script('/flaky', [{ status: 503, body: 'Wartung' }, { status: 500, body: 'kaputt' }]);
    const sub = await subscribe(np, '/flaky', { eventTypes: ['need.published'], districtId: tree.city.id, description: 'CRM der Freiwilligenagentur' });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const need = await publishedNeed(t.http, np);
    const eventId = await eventOf('need.published', 'needId', need.id);
    const [d] = await settled(np, sub, 1);
    expect(d).toMatchObject({ eventId, eventType: 'need.published', kind: 'event', status: 'delivered', attemptsMade: 3, maxAttempts: 3, lastStatusCode: 200, lastError: null });
    expect(d.attempts.map((a) => [a.attempt, a.statusCode, a.success, a.responseExcerpt])).toEqual([
      [1, 503, false, 'Wartung'],
      [2, 500, false, 'kaputt'],
      [3, 200, true, 'ok'],
    ]);
    expect(d.attempts[0].error).toBe('HTTP 503');
    expect(d.attempts.every((a) => a.latencyMs >= 0)).toBe(true);

    const got = receiver.to('/flaky');
    expect(got).toHaveLength(3);
    for (const [i, r] of got.entries()) {
      expect(r.verified).toBe(true);
      expect(r.headers).toMatchObject({
        'marktplatz-event-id': eventId,
        'marktplatz-event-type': 'need.published',
        'marktplatz-delivery-id': d.id,
        'marktplatz-delivery-attempt': String(i + 1),
        'content-type': 'application/json',
      });
    }
    expect(receiver.effects.filter((id) => id === eventId)).toHaveLength(1);
    // the body is the change feed's item, byte for byte the same event
    const feed = (await t.http.get('/v1/events').query({ types: 'need.published' }).set(np.auth).expect(200)).body as { items: Array<{ id: string }> };
    expect(JSON.parse(got[2].raw)).toEqual(feed.items.find((e) => e.id === eventId));

    // a tampered body and an old timestamp are refused by the exported verifier
    const { raw, headers } = got[2];
    const header = headers['marktplatz-signature'] as string;
    const signedAt = parseSignatureHeader(header)!.timestamp * 1000;
    expect(verifyWebhookSignature(sub.secret, header, raw, signedAt)).toBe(true);
    expect(checkWebhookSignature(sub.secret, header, raw.replace(need.title, 'Geldspende bitte'), signedAt)).toEqual({ valid: false, reason: 'mismatch' });
    expect(checkWebhookSignature(sub.secret, header, raw, signedAt + 6 * 60_000)).toEqual({ valid: false, reason: 'timestamp' });
    expect(verifyWebhookSignature('whsec_not-the-secret', header, raw, signedAt)).toBe(false);

    // redelivery: a new delivery of the same event, one attempt; the receiver drops the duplicate
    const again = (await t.http.post(`/v1/webhooks/${sub.id}/deliveries/${d.id}/redeliver`).set(np.auth).expect(202)).body as Delivery;
    expect(again).toMatchObject({ kind: 'redelivery', redeliveryOf: d.id, eventId, status: 'pending', maxAttempts: 1 });
    const done = await delivery(np, sub, again.id);
    expect(done).toMatchObject({ status: 'delivered', attemptsMade: 1 });
    expect(receiver.to('/flaky')).toHaveLength(4);
    expect(receiver.to('/flaky')[3].headers).toMatchObject({ 'marktplatz-event-id': eventId, 'marktplatz-delivery-id': again.id });
    expect(receiver.effects.filter((id) => id === eventId)).toHaveLength(1);
    // newest first
    expect((await deliveries(np, sub)).items.map((x) => x.id)).toEqual([again.id, d.id]);
  });

  it('pings: a signed `ping` event, one attempt, readable in the delivery log', async () => {
    const { np } = await world();
    const sub = await subscribe(np, '/ping', { eventTypes: ['cooperation.*'] });
    const ping = (await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(np.auth).expect(202)).body as Delivery;
    expect(ping).toMatchObject({ kind: 'ping', eventType: 'ping', eventId: null, status: 'pending', maxAttempts: 1, attempts: [] });
    expect(await delivery(np, sub, ping.id)).toMatchObject({ status: 'delivered', attemptsMade: 1, lastStatusCode: 200 });
    const [r] = receiver.to('/ping');
    expect(r.verified).toBe(true);
    expect(JSON.parse(r.raw)).toMatchObject({ id: ping.id, type: 'ping', seq: null, organisationIds: [np.organisationId], data: { subscriptionId: sub.id } });
    expect(r.headers['marktplatz-event-type']).toBe('ping');
  });

  it('logs what failed: a status, a redirect (not followed), a timeout; and keeps at most 1 KiB of the response', async () => {
    const { np } = await world();
    receiver.script('/big', [], { status: 200, body: 'ä'.repeat(3000) });
    receiver.script('/moved', [], { status: 302, body: '', headers: { Location: receiver.url('/moved-here') } });
    receiver.script('/hang', [], { hang: true });
    const ping = async (path: string) => {
      const sub = await subscribe(np, path, { eventTypes: ['agreement.signed'] });
      const p = (await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(np.auth).expect(202)).body as Delivery;
      return delivery(np, sub, p.id);
    };
    const big = await ping('/big');
    expect(big.status).toBe('delivered');
    expect(Buffer.byteLength(big.attempts[0].responseExcerpt!, 'utf8')).toBeLessThanOrEqual(1024 + 3);
    expect(big.attempts[0].responseExcerpt!.startsWith('ää')).toBe(true);

    const moved = await ping('/moved');
    expect(moved).toMatchObject({ status: 'failed', lastStatusCode: 302, lastError: 'HTTP 302' });
    expect(receiver.to('/moved-here')).toHaveLength(0);

    const hang = await ping('/hang');
    expect(hang).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(hang.attempts[0].error).toMatch(/^timeout: no complete answer within 1500 ms/);
    expect(hang.attempts[0].latencyMs).toBeGreaterThanOrEqual(1400);
  });

  it('disables a subscription after repeated failure and tells its organisation; enabling brings it back', async () => {
    const { tree, np } = await world();
    receiver.script('/down', [], { status: 500, body: 'down' });
    const sub = await subscribe(np, '/down', { eventTypes: ['need.*'], districtId: tree.city.id });
    await publishedNeed(t.http, np, { title: 'Lesepaten gesucht' });
    const first = await settled(np, sub, 1);
    expect(first[0]).toMatchObject({ status: 'failed', attemptsMade: 3, lastStatusCode: 500 });
    expect(((await t.http.get(`/v1/webhooks/${sub.id}`).set(np.auth).expect(200)).body as Webhook)).toMatchObject({ status: 'active', consecutiveFailures: 1 });

    await publishedNeed(t.http, np, { title: 'Fahrdienst für die Tafel' });
    await settled(np, sub, 2);
    const disabled = (await t.http.get(`/v1/webhooks/${sub.id}`).set(np.auth).expect(200)).body as Webhook;
    expect(disabled).toMatchObject({ status: 'disabled', consecutiveFailures: 2 });
    expect(disabled.disabledReason).toContain('2 deliveries in a row failed');
    const notes = (await t.http.get('/v1/me/notifications').set(np.auth).expect(200)).body.items as Array<{ kind: string; subject: string; body: string }>;
    const note = notes.find((n) => n.kind === 'webhook_disabled');
    expect(note?.subject).toBe(`Webhook deaktiviert „${receiver.url('/down')}“ / Webhook disabled "${receiver.url('/down')}"`);
    expect(note?.body).toContain('HTTP 500');

    // disabled: new events are not delivered (the feed has them)
    const third = await publishedNeed(t.http, np, { title: 'Gartenhilfe im Quartier' });
    await eventOf('need.published', 'needId', third.id);
    await t.app.get(EventSequencer).sequencePending();
    expect((await deliveries(np, sub)).items).toHaveLength(2);
    // a ping still goes out (to test the receiver) and counts for nothing
    const ping = (await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(np.auth).expect(202)).body as Delivery;
    expect(await delivery(np, sub, ping.id)).toMatchObject({ status: 'failed' });
    expect(((await t.http.get(`/v1/webhooks/${sub.id}`).set(np.auth).expect(200)).body as Webhook).consecutiveFailures).toBe(2);

    receiver.script('/down', [], { status: 204 });
    const enabled = (await t.http.post(`/v1/webhooks/${sub.id}/enable`).set(np.auth).expect(200)).body as Webhook;
    expect(enabled).toMatchObject({ status: 'active', consecutiveFailures: 0, disabledReason: null });
    const fourth = await publishedNeed(t.http, np, { title: 'Vorlesen im Seniorenheim' });
    const eventId = await eventOf('need.published', 'needId', fourth.id);
    const all = await settled(np, sub, 4);
    expect(all[0]).toMatchObject({ eventId, status: 'delivered', attemptsMade: 1 });
  });

  it('rotates the secret: the old one signs along during the grace period, then only the new one', async () => {
    const { np } = await world();
    const sub = await subscribe(np, '/rotate', { eventTypes: ['need.published'] });
    const rotated = (await t.http.post(`/v1/webhooks/${sub.id}/rotate-secret`).set(np.auth).send({ graceHours: 2 }).expect(200)).body as Webhook & { secret: string };
    expect(rotated.secret).not.toBe(sub.secret);
    expect(rotated.secretHint).toBe(`whsec_…${rotated.secret.slice(-4)}`);
    expect(Date.parse(rotated.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(1.9 * 3_600_000);
    const pingOnce = async () => {
      const before = receiver.to('/rotate').length;
      const p = (await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(np.auth).expect(202)).body as Delivery;
      await delivery(np, sub, p.id);
      const r = receiver.to('/rotate')[before];
      return { raw: r.raw, header: r.headers['marktplatz-signature'] as string };
    };
    receiver.secret('/rotate', rotated.secret);
    const during = await pingOnce();
    expect(parseSignatureHeader(during.header)!.signatures).toHaveLength(2);
    expect(verifyWebhookSignature(rotated.secret, during.header, during.raw)).toBe(true);
    expect(verifyWebhookSignature(sub.secret, during.header, during.raw)).toBe(true);

    const now = (await t.http.post(`/v1/webhooks/${sub.id}/rotate-secret`).set(np.auth).send({ graceHours: 0 }).expect(200)).body as Webhook & { secret: string };
    expect(now.previousSecretExpiresAt).toBeNull();
    receiver.secret('/rotate', now.secret);
    const after = await pingOnce();
    expect(parseSignatureHeader(after.header)!.signatures).toHaveLength(1);
    expect(verifyWebhookSignature(now.secret, after.header, after.raw)).toBe(true);
    expect(verifyWebhookSignature(rotated.secret, after.header, after.raw)).toBe(false);
    // the secret is never shown again
    const read = (await t.http.get(`/v1/webhooks/${sub.id}`).set(np.auth).expect(200)).body as Webhook;
    expect(read.secret).toBeUndefined();
    expect(JSON.stringify((await t.http.get('/v1/webhooks').set(np.auth).expect(200)).body)).not.toContain(now.secret);
  });

  it("delivers what concerns the organisation whatever the district filter, others' public events only from within it, and nobody else's private ones", async () => {
    const tree = await makeTree(t.ds);
    const np = await readyNonprofit(t.http, tree.quarter.id);
    const np2 = await signup(t.http, 'nonprofit', tree.quarter.id);
    const co = await readyCompany(t.http, tree.quarter.id);
    const outsider = await signup(t.http, 'company', tree.quarter.id);
    const mine = await subscribe(np, '/np', { eventTypes: ['cooperation.*', 'need.published'], districtId: tree.otherBorough.id });
    const theirs = await subscribe(outsider, '/outsider', { eventTypes: ['cooperation.*', 'need.published'], districtId: tree.city.id });
    const need = await publishedNeed(t.http, np);
    const need2 = await publishedNeed(t.http, np2, { title: 'Hausaufgabenhilfe im Stadtteiltreff' });
    const coop = await proposal(t.http, co, { needId: need.id });
    const proposed = await eventOf('cooperation.proposed', 'cooperationId', coop.id);
    const published = await eventOf('need.published', 'needId', need.id);
    const published2 = await eventOf('need.published', 'needId', need2.id);
    // np: its own need and the proposal it received; not np2's need (outside its district filter)
    expect((await settled(np, mine, 2)).map((d) => d.eventId).sort()).toEqual([published, proposed].sort());
    // the outsider: both public needs of its city; never the cooperation it is no party to
    expect((await settled(outsider, theirs, 2)).map((d) => d.eventId).sort()).toEqual([published, published2].sort());
    await t.app.get(EventSequencer).sequencePending();
    expect((await deliveries(np, mine)).items).toHaveLength(2);
    expect((await deliveries(outsider, theirs)).items).toHaveLength(2);
  });

  describe('subscriptions: validation and access', () => {
    let tree: Tree;
    let np: Member;
    let stranger: Member;
    let organiser: Member;
    let sub: Webhook & { secret: string };

    beforeAll(async () => {
      ({ tree, np } = await world());
      stranger = await signup(t.http, 'company', tree.quarter.id);
      organiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);
      sub = await subscribe(np, '/access', { eventTypes: ['need.published'], districtId: tree.borough.id });
    });

    const unchanged = async () => {
      const row = ((await t.ds.query(`SELECT url, version, status, event_types FROM webhook_subscriptions WHERE id = $1`, [sub.id])) as Array<Record<string, unknown>>)[0];
      expect(row).toEqual({ url: receiver.url('/access'), version: sub.version, status: 'active', event_types: ['need.published'] });
    };

    it('validates the body', async () => {
      const bad = async (body: Record<string, unknown>, field: string, status = 400) => {
        const res = await t.http.post('/v1/webhooks').set(np.auth).send({ url: receiver.url('/x'), eventTypes: ['need.published'], ...body }).expect(status);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        return res.body;
      };
      await bad({ eventTypes: [] }, 'eventTypes');
      await bad({ eventTypes: ['need.published', 'bedarf.veröffentlicht'] }, 'eventTypes');
      await bad({ eventTypes: ['need.published', 'need.published'] }, 'eventTypes');
      await bad({ eventTypes: '*' }, 'eventTypes');
      await bad({ url: 42 }, 'url');
      await bad({ districtId: 'Hallschlag' }, 'districtId');
      await bad({ districtId: '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' }, 'districtId');
      await bad({ secret: 'my own' }, 'secret');
      expect((await bad({ url: 'ftp://127.0.0.1/x' }, 'url', 422)).code).toBe('WEBHOOK_URL_NOT_ALLOWED');
      const noOrg = await makeUser(t.ds, t.http);
      expect((await t.http.post('/v1/webhooks').set(noOrg.auth).send({ url: receiver.url('/x'), eventTypes: ['need.published'] }).expect(403)).body.code).toBe('FORBIDDEN');
    });

    it('lets members read and change their own; PATCH checks the URL again, null clears the district, If-Match guards', async () => {
      const list = (await t.http.get('/v1/webhooks').set(np.auth).expect(200)).body as { items: Webhook[] };
      expect(list.items.map((w) => w.id)).toContain(sub.id);
      const read = await t.http.get(`/v1/webhooks/${sub.id}`).set(np.auth).expect(200);
      expect(read.headers.etag).toBe(`"${sub.version}"`);
      expect(read.body).toMatchObject({ organisationId: np.organisationId, districtId: tree.borough.id, status: 'active', eventTypes: ['need.published'] });

      expect((await t.http.patch(`/v1/webhooks/${sub.id}`).set(np.auth).send({ url: 'https://10.0.0.7/hook' }).expect(422)).body).toMatchObject({
        code: 'WEBHOOK_URL_NOT_ALLOWED',
        errors: [{ field: 'url', reason: 'forbiddenAddress' }],
      });
      await t.http.patch(`/v1/webhooks/${sub.id}`).set(np.auth).send({ url: null }).expect(400);
      await t.http.patch(`/v1/webhooks/${sub.id}`).set(np.auth).set('If-Match', '"999"').send({ description: 'x' }).expect(412);
      await unchanged();
      const patched = await t.http.patch(`/v1/webhooks/${sub.id}`).set(np.auth).set('If-Match', `"${sub.version}"`).send({ districtId: null, eventTypes: ['need.published', 'marketplace.*'] }).expect(200);
      expect(patched.body).toMatchObject({ districtId: null, eventTypes: ['need.published', 'marketplace.*'], version: sub.version + 1 });
      const back = await t.http.patch(`/v1/webhooks/${sub.id}`).set(np.auth).send({ districtId: tree.borough.id, eventTypes: ['need.published'] }).expect(200);
      sub = { ...sub, version: back.body.version };
    });

    it("hides a subscription from everybody but its organisation (404) and lets admins read, not change, it; anonymous: 401", async () => {
      for (const m of [stranger, organiser]) {
        expect((await t.http.get(`/v1/webhooks/${sub.id}`).set(m.auth).expect(404)).body.code).toBe('WEBHOOK_NOT_FOUND');
        await t.http.patch(`/v1/webhooks/${sub.id}`).set(m.auth).send({ description: 'übernommen' }).expect(404);
        await t.http.delete(`/v1/webhooks/${sub.id}`).set(m.auth).expect(404);
        await t.http.post(`/v1/webhooks/${sub.id}/rotate-secret`).set(m.auth).send({}).expect(404);
        await t.http.post(`/v1/webhooks/${sub.id}/disable`).set(m.auth).expect(404);
        await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(m.auth).expect(404);
        await t.http.get(`/v1/webhooks/${sub.id}/deliveries`).set(m.auth).expect(404);
        const mine = (await t.http.get('/v1/webhooks').set(m.auth).expect(200)).body as { items: Webhook[] };
        expect(mine.items.map((w) => w.id)).not.toContain(sub.id);
        const filtered = (await t.http.get(`/v1/webhooks?organisationId=${np.organisationId}`).set(m.auth).expect(200)).body as { items: Webhook[] };
        expect(filtered.items).toEqual([]);
      }
      await t.http.get(`/v1/webhooks/${sub.id}`).expect(401);
      await t.http.get('/v1/webhooks').expect(401);
      await t.http.post('/v1/webhooks').send({ url: receiver.url('/x'), eventTypes: ['need.published'] }).expect(401);
      await t.http.post(`/v1/webhooks/${sub.id}/ping`).expect(401);

      expect((await t.http.get(`/v1/webhooks/${sub.id}`).set(admin.auth).expect(200)).body.id).toBe(sub.id);
      const all = (await t.http.get(`/v1/webhooks?organisationId=${np.organisationId}`).set(admin.auth).expect(200)).body as { items: Webhook[] };
      expect(all.items.map((w) => w.id)).toContain(sub.id);
      expect((await t.http.patch(`/v1/webhooks/${sub.id}`).set(admin.auth).send({ description: 'vom Admin' }).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.post(`/v1/webhooks/${sub.id}/ping`).set(admin.auth).expect(403);
      await unchanged();
      expect(receiver.to('/access')).toHaveLength(0);
    });

    it("keeps each subscription's deliveries to itself and pages the log", async () => {
      const other = await subscribe(np, '/access-2', { eventTypes: ['need.published'], districtId: tree.borough.id });
      const p1 = (await t.http.post(`/v1/webhooks/${other.id}/ping`).set(np.auth).expect(202)).body as Delivery;
      const p2 = (await t.http.post(`/v1/webhooks/${other.id}/ping`).set(np.auth).expect(202)).body as Delivery;
      await delivery(np, other, p1.id);
      await delivery(np, other, p2.id);
      expect((await t.http.get(`/v1/webhooks/${sub.id}/deliveries/${p1.id}`).set(np.auth).expect(404)).body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
      await t.http.post(`/v1/webhooks/${sub.id}/deliveries/${p1.id}/redeliver`).set(np.auth).expect(404);
      await t.http.get(`/v1/webhooks/${other.id}/deliveries/${p1.id}`).set(stranger.auth).expect(404);
      const first = await deliveries(np, other, '?limit=1');
      expect(first.items.map((d) => d.id)).toEqual([p2.id]);
      const second = await deliveries(np, other, `?limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((d) => d.id)).toEqual([p1.id]);
      expect((await deliveries(np, other, '?status=failed')).items).toEqual([]);
      expect((await t.http.get(`/v1/webhooks/${other.id}/deliveries?status=lost`).set(np.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('deletes a subscription with its log (204), then 404', async () => {
      const doomed = await subscribe(np, '/doomed', { eventTypes: ['need.published'] });
      const p = (await t.http.post(`/v1/webhooks/${doomed.id}/ping`).set(np.auth).expect(202)).body as Delivery;
      await delivery(np, doomed, p.id);
      await t.http.delete(`/v1/webhooks/${doomed.id}`).set(np.auth).expect(204);
      await t.http.get(`/v1/webhooks/${doomed.id}`).set(np.auth).expect(404);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`, [doomed.id])) as unknown[]).toEqual([{ n: 0 }]);
    });
  });
});
