import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Response } from 'supertest';
import { generateOpenApi } from '../../src/bin/generate-openapi';
import { IdempotencyService } from '../../src/modules/idempotency/idempotency.service';
import { requestFingerprint } from '../../src/modules/idempotency/request-fingerprint';
import { JobName, QueueName } from '../../src/queue/jobs';
import { makeAdmin, makeTree, Member, needBody, PASSWORD, publishedNeed, signup, Tree, uid } from '../factories';
import { proposal, readyCompany, readyNonprofit } from '../factories/cooperations-core';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';

const KEY = 'Idempotency-Key';

describe('idempotent POSTs (Idempotency-Key, real PostgreSQL)', () => {
  let t: TestApp;
  let tree: Tree;
  let np: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  const key = () => `key-${randomUUID()}`;
  const createNeed = (member: Member, k: string | undefined, body: Record<string, unknown>) => {
    const req = t.http.post('/v1/needs').set(member.auth);
    return (k === undefined ? req : req.set(KEY, k)).send(body);
  };
  const needsTitled = async (title: string) =>
    ((await t.ds.query('SELECT id FROM needs WHERE title = $1', [title])) as Array<{ id: string }>).map((r) => r.id);
  const row = async (principal: string, k: string) =>
    (await t.ds.query('SELECT state, response_status, response_headers, response_body FROM idempotency_keys WHERE principal = $1 AND key = $2', [principal, k]))[0] as
      | { state: string; response_status: number; response_headers: Record<string, string>; response_body: string | null }
      | undefined;

  it('replays POST /v1/needs: same status, the same bytes, the same headers; one need in the database', async () => {
    const k = key();
    const title = `Umzugshelfer ${uid()}`;
    const first = await createNeed(np, k, needBody({ title })).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // the body sent in another key order and spacing is the same request
    const reordered = Object.fromEntries(Object.entries(needBody({ title })).reverse());
    const second = await createNeed(np, k, reordered).expect(201);

    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.text).toBe(first.text);
    expect(second.body.id).toBe(first.body.id);
    for (const h of ['content-type', 'etag', 'location']) expect(second.headers[h]).toBe(first.headers[h]);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers.etag).toBe(`"${first.body.version}"`);
    expect(first.headers.location).toBe(`/v1/needs/${first.body.id}`);
    expect(await needsTitled(title)).toEqual([first.body.id]);

    // what is stored is exactly what was sent
    const stored = await row(`user:${np.userId}`, k);
    expect(stored).toMatchObject({ state: 'completed', response_status: 201 });
    expect(stored!.response_body).toBe(first.text);
    expect(stored!.response_headers).toEqual({ 'content-type': first.headers['content-type'], etag: first.headers.etag, location: first.headers.location });
  });

  it('replays a proposal with its Location and ETag; no second cooperation, outbox row or notification', async () => {
    const nonprofit = await readyNonprofit(t.http, tree.quarter.id);
    const company = await readyCompany(t.http, tree.quarter.id);
    const need = await publishedNeed(t.http, nonprofit, { title: `Kisten schleppen ${uid()}` });
    const k = key();
    const body = { needId: need.id, message: 'Guten Tag, wir helfen Ihnen gern beim Umzug Ihres Jugendtreffs.' };
    const first = await t.http.post('/v1/cooperations').set(company.auth).set(KEY, k).send(body).expect(201);
    expect(first.headers.location).toBe(`/v1/cooperations/${first.body.id}`);
    const counts = async () => {
      const [c] = await t.ds.query('SELECT count(*)::int AS n FROM cooperations WHERE need_id = $1', [need.id]);
      const [o] = await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'cooperationId' = $1`, [first.body.id]);
      const [n] = await t.ds.query('SELECT count(*)::int AS n FROM notifications WHERE organisation_id = ANY($1)', [[nonprofit.organisationId, company.organisationId]]);
      return { cooperations: c.n, outbox: o.n, notifications: n.n };
    };
    const before = await counts();
    expect(before.cooperations).toBe(1);
    expect(before.outbox).toBeGreaterThan(0);
    expect(before.notifications).toBeGreaterThan(0);

    const second = await t.http.post('/v1/cooperations').set(company.auth).set(KEY, k).send(body).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.text).toBe(first.text);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await counts()).toEqual(before);
    // without the key the same proposal is refused: it was made once
    await t.http.post('/v1/cooperations').set(company.auth).send(body).expect(409);
  });

  it('replays an action (publish) with its 200 without publishing twice', async () => {
    const created = await createNeed(np, undefined, needBody({ title: `Publish ${uid()}` })).expect(201);
    const k = key();
    const publish = () => t.http.post(`/v1/needs/${created.body.id}/publish`).set(np.auth).set(KEY, k);
    const first = await publish().expect(200);
    expect(first.body.status).toBe('published');
    const second = await publish().expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    const [n] = await t.ds.query('SELECT status, version FROM needs WHERE id = $1', [created.body.id]);
    expect(n).toEqual({ status: 'published', version: first.body.version });
    const jobs = await t.ds.query(`SELECT job_id FROM outbox WHERE payload->>'needId' = $1`, [created.body.id]);
    expect(jobs).toHaveLength(1);
    // a second publish that did run would have been refused
    await t.http.post(`/v1/needs/${created.body.id}/publish`).set(np.auth).expect(409);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, path or query; nothing runs', async () => {
    const k = key();
    const title = `Erster ${uid()}`;
    const first = await createNeed(np, k, needBody({ title })).expect(201);
    const otherBody = await createNeed(np, k, needBody({ title, quantity: 13 })).expect(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', firstRequest: { method: 'POST', path: '/v1/needs' } });
    const otherPath = await t.http.post('/v1/offers').set(np.auth).set(KEY, k).send(needBody({ title })).expect(422);
    expect(otherPath.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // the query string is part of the request
    const withQuery = await t.http.post('/v1/needs?via=import').set(np.auth).set(KEY, k).send(needBody({ title })).expect(422);
    expect(withQuery.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await needsTitled(title)).toEqual([first.body.id]);
    // and the first response still replays
    expect((await createNeed(np, k, needBody({ title })).expect(201)).body.id).toBe(first.body.id);
  });

  it('lets exactly one of concurrent requests with one key execute; the others get 409 (Retry-After: 1) or its replay', async () => {
    const k = key();
    const title = `Gleichzeitig ${uid()}`;
    const responses = await Promise.all(Array.from({ length: 6 }, () => createNeed(np, k, needBody({ title }))));
    const ids = await needsTitled(title);
    expect(ids).toHaveLength(1);
    const executed = responses.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(executed).toHaveLength(1);
    for (const r of responses) {
      if (r.status === 201) {
        expect(r.body.id).toBe(ids[0]);
      } else {
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(r.headers['retry-after']).toBe('1');
      }
    }
  });

  it('answers 409 while the first request holds the key, and lets a successor take over once the holder is presumed dead', async () => {
    const k = key();
    const title = `Übernahme ${uid()}`;
    const body = needBody({ title });
    const request = { principal: `user:${np.userId}`, key: k, method: 'POST', path: '/v1/needs' };
    const requestHash = requestFingerprint({ method: 'POST', path: '/v1/needs', query: '', organisationId: np.organisationId, body });
    // a holder (another instance) that claimed the key and then died
    const claim = await t.app.get(IdempotencyService).claim({ ...request, requestHash });
    expect(claim.kind).toBe('claimed');
    const busy = await createNeed(np, k, body).expect(409);
    expect(busy.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(busy.headers['retry-after']).toBe('1');
    // a different request with the held key is still a misuse of the key
    expect((await createNeed(np, k, needBody({ title, quantity: 1 })).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await needsTitled(title)).toEqual([]);

    await t.ds.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE principal = $1 AND key = $2`, [request.principal, k]);
    const taken = await createNeed(np, k, body).expect(201);
    expect(taken.headers['idempotent-replayed']).toBeUndefined();
    expect(await needsTitled(title)).toEqual([taken.body.id]);
    // the dead holder cannot overwrite what its successor stored
    if (claim.kind !== 'claimed') throw new Error('unreachable');
    expect(await t.app.get(IdempotencyService).complete({ ...request, requestHash }, claim.token, { status: 500, headers: {}, body: null })).toBe(false);
    expect((await createNeed(np, k, body).expect(201)).text).toBe(taken.text);
  });

  it('releases the key after an error response: a corrected retry with the same key executes', async () => {
    const k = key();
    const title = `Korrigiert ${uid()}`;
    const bad = await createNeed(np, k, needBody({ title, quantity: -1 })).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await row(`user:${np.userId}`, k)).toBeUndefined();
    const money = await createNeed(np, k, needBody({ title, giveBack: '500 Euro Spende' })).expect(422);
    expect(money.body.code).toBe('MONEY_NOT_ALLOWED');
    const good = await createNeed(np, k, needBody({ title })).expect(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
    expect((await createNeed(np, k, needBody({ title })).expect(201)).headers['idempotent-replayed']).toBe('true');
    expect(await needsTitled(title)).toEqual([good.body.id]);
  });

  it('scopes keys per principal: user B with user A\'s key gets its own result', async () => {
    const other = await signup(t.http, 'nonprofit', tree.quarter.id);
    const k = key();
    const title = `Geteilt ${uid()}`;
    const a = await createNeed(np, k, needBody({ title })).expect(201);
    const b = await createNeed(other, k, needBody({ title })).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.organisationId).toBe(other.organisationId);
    expect((await needsTitled(title)).sort()).toEqual([a.body.id, b.body.id].sort());
    // each principal's key replays its own first response
    expect((await createNeed(np, k, needBody({ title })).expect(201)).body.id).toBe(a.body.id);
    expect((await createNeed(other, k, needBody({ title })).expect(201)).body.id).toBe(b.body.id);
    // and B's key does not leak A's response to a different request either
    const c = await createNeed(other, key(), needBody({ title: `${title} C` })).expect(201);
    expect(c.body.organisationId).toBe(other.organisationId);
  });

  it('replays for 24 hours only: an older key executes again', async () => {
    const k = key();
    const title = `Alt ${uid()}`;
    const first = await createNeed(np, k, needBody({ title })).expect(201);
    await t.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE principal = $1 AND key = $2`, [`user:${np.userId}`, k]);
    const later = await createNeed(np, k, needBody({ title })).expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.id).not.toBe(first.body.id);
    // the key now belongs to the new request, for a new 24 h
    expect((await createNeed(np, k, needBody({ title })).expect(201)).body.id).toBe(later.body.id);
    // an expired key may also be reused for a different request
    const k2 = key();
    await createNeed(np, k2, needBody({ title: `${title} 2` })).expect(201);
    await t.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE principal = $1 AND key = $2`, [`user:${np.userId}`, k2]);
    await createNeed(np, k2, needBody({ title: `${title} 3` })).expect(201);
  });

  it('refuses a malformed key and the header on public routes with 400; nothing is created', async () => {
    const title = `Ungültig ${uid()}`;
    for (const bad of ['a'.repeat(256), 'mit leerzeichen', 'umlaut-ä', '']) {
      const res = await createNeed(np, bad, needBody({ title })).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'Idempotency-Key', reason: 'idempotencyKeyFormat' }] });
    }
    expect(await needsTitled(title)).toEqual([]);
    expect((await createNeed(np, 'a'.repeat(255), needBody({ title })).expect(201)).body.title).toBe(title);

    const email = `idem-${uid()}@test.example`;
    const signupRes = await t.http
      .post('/v1/auth/signup')
      .set(KEY, key())
      .send({ email, password: PASSWORD, displayName: 'Anna Schneider', organisation: { kind: 'nonprofit', name: `Tafel ${uid()} e.V.`, districtId: tree.quarter.id } })
      .expect(400);
    expect(signupRes.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', reason: 'idempotencyKeyNotAccepted' })]);
    expect(await t.ds.query('SELECT id FROM users WHERE email = $1', [email])).toEqual([]);
    const login = await t.http.post('/v1/auth/login').set(np.auth).set(KEY, key()).send({ email: np.email, password: PASSWORD }).expect(400);
    expect(login.body.errors[0].reason).toBe('idempotencyKeyNotAccepted');
  });

  it('ignores the header on other methods', async () => {
    const created = await createNeed(np, undefined, needBody({ title: `Patch ${uid()}` })).expect(201);
    const k = key();
    const p1 = await t.http.patch(`/v1/needs/${created.body.id}`).set(np.auth).set(KEY, k).send({ quantity: 20 }).expect(200);
    const p2 = await t.http.patch(`/v1/needs/${created.body.id}`).set(np.auth).set(KEY, k).send({ quantity: 21 }).expect(200);
    expect(p2.headers['idempotent-replayed']).toBeUndefined();
    expect(p2.body.version).toBe(p1.body.version + 1);
    expect(await row(`user:${np.userId}`, k)).toBeUndefined();
  });

  it('never stores a response that sets a cookie (the admin dashboard session): the key is released', async () => {
    const admin = await makeAdmin(t.ds, t.http);
    const k = key();
    const open = () => t.http.post('/admin/queues/session').set(admin.auth).set(KEY, k).expect(204);
    const first: Response = await open();
    expect(first.headers['set-cookie']).toBeDefined();
    const second: Response = await open();
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.headers['set-cookie']).toBeDefined();
    expect(await row(`user:${admin.userId}`, k)).toBeUndefined();
    // the same admin's ordinary POST is stored
    const k2 = key();
    const slug = `idem-${uid()}`;
    const district = { name: 'Idempotenzhausen', slug, level: 'quarter', parentId: tree.borough.id, lat: 48.81, lon: 9.21 };
    await t.http.post('/v1/districts').set(admin.auth).set(KEY, k2).send(district).expect(201);
    expect(await row(`user:${admin.userId}`, k2)).toMatchObject({ state: 'completed', response_status: 201 });
  });

  it('the maintenance sweep prunes keys older than 24 h', async () => {
    const principal = `user:${np.userId}`;
    const insert = (k: string, age: string) =>
      t.ds.query(
        `INSERT INTO idempotency_keys (principal, key, request_hash, method, path, state, claim_token, response_status, response_headers, response_body, created_at, completed_at)
         VALUES ($1, $2, repeat('0', 64), 'POST', '/v1/needs', 'completed', gen_random_uuid(), 201, '{}', '{}', now() - $3::interval, now() - $3::interval)`,
        [principal, k, age],
      );
    const old = key();
    const fresh = key();
    await insert(old, '25 hours');
    await insert(fresh, '23 hours');
    const maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    const runId = `idem-${uid()}`;
    const run = await maintenance.add(JobName.ExpireListings, { at: runId }, { jobId: `expire-listings.${runId}` });
    await waitFor(async () => (await maintenance.getJobState(run.id as string)) === 'completed', 'the maintenance sweep');
    const done = await maintenance.getJob(run.id as string);
    expect(done!.returnvalue.prunedIdempotencyKeys).toBeGreaterThanOrEqual(1);
    const left = await t.ds.query('SELECT key FROM idempotency_keys WHERE principal = $1 AND key = ANY($2)', [principal, [old, fresh]]);
    expect(left).toEqual([{ key: fresh }]);
  });

  it('documents the header and both errors on every POST that takes it, and not on public ones or those that show a secret once', async () => {
    const doc = await generateOpenApi();
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    const posts = Object.entries(doc.paths).filter(([, item]) => item.post);
    expect(posts.length).toBeGreaterThan(30);
    for (const [path, item] of posts) {
      const op = item.post!;
      // public: signup, login; a secret shown once: a new API key, a webhook's signing secret
      const takes = !['/v1/auth/signup', '/v1/auth/login', '/v1/api-clients', '/v1/api-clients/{id}/rotate', '/v1/webhooks', '/v1/webhooks/{id}/rotate-secret'].includes(path);
      expect([path, (op.parameters ?? []).some((p) => JSON.stringify(p) === JSON.stringify(ref))]).toEqual([path, takes]);
      if (!takes) continue;
      const responses = op.responses as Record<string, { description: string; headers?: Record<string, unknown> }>;
      expect(responses['409'].description).toContain('IDEMPOTENCY_IN_PROGRESS');
      expect(responses['409'].headers?.['Retry-After']).toBeDefined();
      expect(responses['422'].description).toContain('IDEMPOTENCY_KEY_REUSED');
      expect(responses['400'].description).toContain('VALIDATION_FAILED');
    }
    const create = doc.paths['/v1/needs'].post!.responses['201'] as { headers?: Record<string, unknown> };
    expect(create.headers?.['Idempotent-Replayed']).toEqual({ $ref: '#/components/headers/IdempotentReplayed' });
    expect(doc.paths['/v1/needs/{id}/{action}'].post!.responses['409']).toMatchObject({ description: 'INVALID_TRANSITION, IDEMPOTENCY_IN_PROGRESS' });
  });
});
