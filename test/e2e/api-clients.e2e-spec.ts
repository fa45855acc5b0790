import { createHash } from 'node:crypto';
import type { Test as Request } from 'supertest';
import { makeOrganiser } from '../factories/cooperations-core';
import { makeAdmin, makeTree, Member, needBody, publishedNeed, signup, Tree } from '../factories';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';

interface KeyInfo {
  prefix: string;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  expiresAt: string | null;
}
interface Client {
  id: string;
  name: string;
  ownerOrganisationId: string | null;
  organisationIds: string[];
  scopes: string[];
  status: string;
  revokedAt: string | null;
  rateLimitPerMinute: number | null;
  effectiveRateLimitPerMinute: number;
  createdByUserId: string;
  lastUsedAt: string | null;
  keys: KeyInfo[];
  key?: string;
}
interface AuditEntry {
  keyPrefix: string;
  organisationId: string | null;
  method: string;
  route: string;
  path: string;
  handler: string;
  recordType: string | null;
  recordId: string | null;
  status: number;
  requestId: string | null;
}

const prefixOf = (key: string) => key.split('_')[1];

describe('API clients and keys (partner API; real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;
  let npA: Member;
  let npA2: Member;
  let npB: Member;
  let company: Member;
  let organiser: Member;

  const create = async (by: Member, body: Record<string, unknown>) => (await t.http.post('/v1/api-clients').set(by.auth).send(body).expect(201)).body as Client;
  const withKey = (req: Request, key: string, organisationId?: string) => {
    req.set('X-API-Key', key);
    return organisationId ? req.set('X-Organisation-Id', organisationId) : req;
  };
  const needsOf = async (organisationId: string) => Number((await t.ds.query(`SELECT count(*)::int AS n FROM needs WHERE organisation_id = $1`, [organisationId]))[0].n);
  const auditOf = async (clientId: string) => (await t.ds.query(`SELECT count(*)::int AS n FROM api_audit_log WHERE client_id = $1`, [clientId]))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    npA = await signup(t.http, 'nonprofit', tree.quarter.id);
    npB = await signup(t.http, 'nonprofit', tree.quarter.id);
    company = await signup(t.http, 'company', tree.quarter.id);
    organiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);
    // a second member of A
    const second = await t.http.post('/v1/auth/login').send({ email: npA.email, password: 'correct horse battery staple' }).expect(200);
    npA2 = { ...npA, auth: { Authorization: `Bearer ${second.body.accessToken}` } };
  });
  afterAll(() => t.close());

  describe('creating a client', () => {
    it('shows the key once: in the create response, never in the list or the read, and stores only its sha256', async () => {
      const res = await t.http.post('/v1/api-clients').set(npA.auth).send({ name: 'Freiwilligenagentur: Bedarfe-Import', scopes: ['needs:*', 'matches:read'] }).expect(201);
      const client = res.body as Client;
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.location).toBe(`/v1/api-clients/${client.id}`);
      expect(client.key).toMatch(/^mpk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
      expect(client).toMatchObject({
        ownerOrganisationId: npA.organisationId,
        organisationIds: [npA.organisationId],
        scopes: ['needs:*', 'matches:read'],
        status: 'active',
        rateLimitPerMinute: null,
        effectiveRateLimitPerMinute: 600,
        createdByUserId: npA.userId,
        lastUsedAt: null,
      });
      expect(client.keys).toEqual([expect.objectContaining({ prefix: prefixOf(client.key!), status: 'active', expiresAt: null })]);
      const secret = client.key!.split('_').slice(2).join('_');

      const list = await t.http.get('/v1/api-clients').set(npA.auth).expect(200);
      const read = await t.http.get(`/v1/api-clients/${client.id}`).set(npA.auth).expect(200);
      for (const body of [list.body, read.body]) {
        expect(JSON.stringify(body)).not.toContain(secret);
        expect(JSON.stringify(body)).not.toContain('"key":');
      }
      expect(list.body.items.map((c: Client) => c.id)).toContain(client.id);
      const [row] = await t.ds.query(`SELECT prefix, secret_hash FROM api_keys WHERE client_id = $1`, [client.id]);
      expect(row).toEqual({ prefix: prefixOf(client.key!), secret_hash: createHash('sha256').update(secret).digest('hex') });
    });

    it.each([
      ['an unknown scope', { name: 'x', scopes: ['needs:delete'] }, 'scopes'],
      ['no scope', { name: 'x', scopes: [] }, 'scopes'],
      ['an empty name', { name: '', scopes: ['needs:read'] }, 'name'],
      ['a grace of rotation at creation', { name: 'x', scopes: ['needs:read'], graceHours: 2 }, 'graceHours'],
      ['an expiry in the past', { name: 'x', scopes: ['needs:read'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      ['a member raising the rate limit above the default', { name: 'x', scopes: ['needs:read'], rateLimitPerMinute: 601 }, 'rateLimitPerMinute'],
    ])('refuses %s (400)', async (_name, body, field) => {
      const res = await t.http.post('/v1/api-clients').set(npA.auth).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('lets a member make clients for their own organisation only (403), and an organiser without one none', async () => {
      const before = Number((await t.ds.query(`SELECT count(*)::int AS n FROM api_clients`))[0].n);
      await t.http.post('/v1/api-clients').set(npA.auth).send({ name: 'x', scopes: ['needs:read'], organisationIds: [npB.organisationId] }).expect(403);
      await t.http.post('/v1/api-clients').set(npA.auth).send({ name: 'x', scopes: ['needs:read'], organisationIds: [npA.organisationId, npB.organisationId] }).expect(403);
      await t.http.post('/v1/api-clients').set(organiser.auth).send({ name: 'x', scopes: ['needs:read'] }).expect(403);
      await t.http.post('/v1/api-clients').send({ name: 'x', scopes: ['needs:read'] }).expect(401);
      expect(Number((await t.ds.query(`SELECT count(*)::int AS n FROM api_clients`))[0].n)).toBe(before);
    });

    it('asks admins for the organisations of a platform client, and that they exist', async () => {
      const missing = await t.http.post('/v1/api-clients').set(admin.auth).send({ name: 'Stadtportal', scopes: ['needs:read'] }).expect(400);
      expect(missing.body.errors[0]).toMatchObject({ field: 'organisationIds', reason: 'required' });
      const unknown = await t.http
        .post('/v1/api-clients')
        .set(admin.auth)
        .send({ name: 'Stadtportal', scopes: ['needs:read'], organisationIds: [npA.organisationId, '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60'] })
        .expect(400);
      expect(unknown.body.errors[0]).toMatchObject({ field: 'organisationIds', reason: 'notFound' });
    });
  });

  describe('scopes', () => {
    it('refuses POST /v1/needs to a key without needs:write (403 INSUFFICIENT_SCOPE), and creates nothing', async () => {
      const client = await create(npA, { name: 'Nur lesen', scopes: ['needs:read'] });
      const before = await needsOf(npA.organisationId);
      const res = await withKey(t.http.post('/v1/needs'), client.key!).send(needBody()).expect(403);
      expect(res.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE', requiredScope: 'needs:write', grantedScopes: ['needs:read'] });
      expect(res.body.detail).toContain('needs:write');
      expect(await needsOf(npA.organisationId)).toBe(before);
      await withKey(t.http.get('/v1/needs'), client.key!).expect(200);
    });

    it('lets a key with needs:write create and publish a need for its organisation, named after the client\'s creator', async () => {
      const client = await create(npA, { name: 'Bedarfe schreiben', scopes: ['needs:write', 'needs:read'] });
      const created = await withKey(t.http.post('/v1/needs'), client.key!).send(needBody({ title: 'Laptops für die Hausaufgabenhilfe' })).expect(201);
      expect(created.body).toMatchObject({ organisationId: npA.organisationId, status: 'draft' });
      const published = await withKey(t.http.post(`/v1/needs/${created.body.id}/publish`), client.key!).expect(200);
      expect(published.body.status).toBe('published');
      // the user sees it as their organisation's own
      await t.http.get(`/v1/needs/${created.body.id}`).set(npA.auth).expect(200);
    });

    it('replays a retried POST with the same Idempotency-Key for the client (any of its keys), not for its creator', async () => {
      const client = await create(npA, { name: 'Wiederholt', scopes: ['needs:write'] });
      const key = `retry-${client.id}`;
      const first = await withKey(t.http.post('/v1/needs'), client.key!).set('Idempotency-Key', key).send(needBody({ title: 'Fahrräder für die Kinderfreizeit' })).expect(201);
      const again = await withKey(t.http.post('/v1/needs'), client.key!).set('Idempotency-Key', key).send(needBody({ title: 'Fahrräder für die Kinderfreizeit' })).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      // after a rotation the new key is the same client: still a replay
      const rotated = (await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({ graceHours: 1 }).expect(200)).body;
      expect((await withKey(t.http.post('/v1/needs'), rotated.key).set('Idempotency-Key', key).send(needBody({ title: 'Fahrräder für die Kinderfreizeit' })).expect(201)).body.id).toBe(first.body.id);
      // the client's creator with the same key string is another principal: a new need
      const mine = await t.http.post('/v1/needs').set(npA.auth).set('Idempotency-Key', key).send(needBody({ title: 'Fahrräder für die Kinderfreizeit' })).expect(201);
      expect(mine.body.id).not.toBe(first.body.id);
      expect(mine.headers['idempotent-replayed']).toBeUndefined();
      // a key shown once is never stored for a replay
      expect((await t.http.post('/v1/api-clients').set(npA.auth).set('Idempotency-Key', 'k1').send({ name: 'X', scopes: ['needs:read'] }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    });

    it('refuses routes without a scope to keys: the inbox, and the API clients themselves', async () => {
      const client = await create(npA, { name: 'Alles', scopes: ['needs:*', 'offers:*', 'organisations:*', 'matches:*', 'cooperations:*', 'marketplaces:*', 'events:read', 'webhooks:manage'] });
      const inbox = await withKey(t.http.get('/v1/me/notifications'), client.key!).expect(403);
      expect(inbox.body.code).toBe('FORBIDDEN');
      expect(inbox.body.detail).toContain('not open to API keys');
      await withKey(t.http.get('/v1/me'), client.key!).expect(403);
      const before = Number((await t.ds.query(`SELECT count(*)::int AS n FROM api_clients`))[0].n);
      await withKey(t.http.post('/v1/api-clients'), client.key!).send({ name: 'Noch ein Schlüssel', scopes: ['needs:*'] }).expect(403);
      await withKey(t.http.post(`/v1/api-clients/${client.id}/rotate`), client.key!).send({}).expect(403);
      await withKey(t.http.get(`/v1/api-clients/${client.id}/audit`), client.key!).expect(403);
      expect(Number((await t.ds.query(`SELECT count(*)::int AS n FROM api_clients`))[0].n)).toBe(before);
    });

    it('answers public routes without a scope as to an anonymous caller, but still checks the key', async () => {
      const client = await create(npA, { name: 'Bezirke', scopes: ['needs:read'] });
      await withKey(t.http.get('/v1/districts'), client.key!).expect(200);
      const bad = await withKey(t.http.get('/v1/districts'), `mpk_00000000_${'A'.repeat(43)}`).expect(401);
      expect(bad.body.code).toBe('UNAUTHENTICATED');
      await withKey(t.http.get('/v1/districts'), 'not-a-key').expect(401);
    });

    it('refuses a bearer token and a key together (400)', async () => {
      const client = await create(npA, { name: 'Beides', scopes: ['needs:read'] });
      const res = await withKey(t.http.get('/v1/needs').set(npA.auth), client.key!).expect(400);
      expect(res.body.code).toBe('CONFLICTING_CREDENTIALS');
    });
  });

  describe('organisations', () => {
    it("keeps organisation A's key out of B's drafts and records (404/403 as for users), and off X-Organisation-Id: B", async () => {
      const client = await create(npA, { name: 'A', scopes: ['needs:*'] });
      const draftB = (await t.http.post('/v1/needs').set(npB.auth).send(needBody({ title: 'Entwurf von B' })).expect(201)).body;
      const publishedB = await publishedNeed(t.http, npB, { title: 'Veröffentlicht von B' });
      expect((await withKey(t.http.get(`/v1/needs/${draftB.id}`), client.key!).expect(404)).body.code).toBe('NEED_NOT_FOUND');
      await withKey(t.http.patch(`/v1/needs/${draftB.id}`), client.key!).send({ title: 'Übernommen von A' }).expect(404);
      await withKey(t.http.patch(`/v1/needs/${publishedB.id}`), client.key!).send({ title: 'Übernommen von A' }).expect(403);
      await withKey(t.http.post(`/v1/needs/${publishedB.id}/withdraw`), client.key!).expect(403);
      await withKey(t.http.delete(`/v1/needs/${draftB.id}`), client.key!).expect(404);
      const list = await withKey(t.http.get('/v1/needs'), client.key!).query({ organisationId: npB.organisationId, limit: 100 }).expect(200);
      expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(draftB.id);

      const named = await withKey(t.http.post('/v1/needs'), client.key!, npB.organisationId).send(needBody()).expect(400);
      expect(named.body.errors[0]).toMatchObject({ field: 'X-Organisation-Id', reason: 'notAllowed' });
      await withKey(t.http.get(`/v1/needs/${draftB.id}`), client.key!, npB.organisationId).expect(400);
      await withKey(t.http.post('/v1/needs'), client.key!, 'not-a-uuid').send(needBody()).expect(400);
      // naming its own organisation is fine
      await withKey(t.http.get(`/v1/needs/${publishedB.id}`), client.key!, npA.organisationId).expect(200);

      const b = await t.http.get(`/v1/needs/${draftB.id}`).set(npB.auth).expect(200);
      expect(b.body).toMatchObject({ title: 'Entwurf von B', version: draftB.version });
      const pb = await t.http.get(`/v1/needs/${publishedB.id}`).set(npB.auth).expect(200);
      expect(pb.body).toMatchObject({ title: 'Veröffentlicht von B', status: 'published', version: publishedB.version });
    });

    it('lets a platform key (made by an admin) act for each of its organisations, named per request, never as admin', async () => {
      const client = await create(admin, { name: 'Stadtportal Stuttgart', scopes: ['needs:*'], organisationIds: [npA.organisationId, npB.organisationId] });
      expect(client).toMatchObject({ ownerOrganisationId: null, organisationIds: [npA.organisationId, npB.organisationId], createdByUserId: admin.userId });
      const missing = await withKey(t.http.post('/v1/needs'), client.key!).send(needBody()).expect(400);
      expect(missing.body.errors[0]).toMatchObject({ field: 'X-Organisation-Id', reason: 'required' });
      const forA = await withKey(t.http.post('/v1/needs'), client.key!, npA.organisationId).send(needBody({ title: 'Über das Stadtportal (A)' })).expect(201);
      const forB = await withKey(t.http.post('/v1/needs'), client.key!, npB.organisationId).send(needBody({ title: 'Über das Stadtportal (B)' })).expect(201);
      expect(forA.body.organisationId).toBe(npA.organisationId);
      expect(forB.body.organisationId).toBe(npB.organisationId);
      // acting for A it cannot see B's draft, though its creator (an admin) can
      await withKey(t.http.get(`/v1/needs/${forB.body.id}`), client.key!, npA.organisationId).expect(404);
      await t.http.get(`/v1/needs/${forB.body.id}`).set(admin.auth).expect(200);
      await withKey(t.http.get(`/v1/needs/${forB.body.id}`), client.key!, npB.organisationId).expect(200);
      await withKey(t.http.post('/v1/needs'), client.key!, company.organisationId).send(needBody()).expect(400);
      // admin-only routes stay closed
      await withKey(t.http.put(`/v1/users/${npA.userId}/organiser-districts`), client.key!, npA.organisationId).send({ districtIds: [tree.city.id] }).expect(403);
      expect((await t.ds.query(`SELECT organiser_district_ids FROM users WHERE id = $1`, [npA.userId]))[0].organiser_district_ids).toEqual([]);
    });

    it("never carries the creator's organiser or broker powers", async () => {
      const orgMember = await signup(t.http, 'nonprofit', tree.quarter.id);
      await t.http.put(`/v1/users/${orgMember.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [tree.borough.id] }).expect(200);
      const relogin = await t.http.post('/v1/auth/login').send({ email: orgMember.email, password: 'correct horse battery staple' }).expect(200);
      const organiserMember = { ...orgMember, auth: { Authorization: `Bearer ${relogin.body.accessToken}` } };
      const start = new Date(Date.UTC(2031, 5, 3, 16, 0));
      const marketplace = (
        await t.http
          .post('/v1/marketplaces')
          .set(organiserMember.auth)
          .send({ quarterIds: [tree.quarter.id], name: 'Marktplatz Hallschlag', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 105 * 60_000).toISOString(), capacity: 10, tables: 5 })
          .expect(201)
      ).body;
      const client = await create(organiserMember, { name: 'Veranstaltungen', scopes: ['marketplaces:*'] });
      await t.http.get(`/v1/marketplaces/${marketplace.id}`).set(organiserMember.auth).expect(200);
      await withKey(t.http.get(`/v1/marketplaces/${marketplace.id}`), client.key!).expect(404);
      await withKey(t.http.post(`/v1/marketplaces/${marketplace.id}/open`), client.key!).expect(403);
      expect((await t.http.get(`/v1/marketplaces/${marketplace.id}`).set(organiserMember.auth).expect(200)).body.status).toBe('draft');

      // a broker's key sees what a member sees: its own registration, not everybody's
      await t.http.post(`/v1/marketplaces/${marketplace.id}/open`).set(organiserMember.auth).expect(200);
      await t.http.post(`/v1/marketplaces/${marketplace.id}/registrations`).set(npB.auth).send({}).expect(201);
      await t.http.put(`/v1/marketplaces/${marketplace.id}/brokers/${npA.userId}`).set(organiserMember.auth).expect(201);
      const brokerClient = await create(npA, { name: 'Makler', scopes: ['marketplaces:read'] });
      const asBroker = await t.http.get(`/v1/marketplaces/${marketplace.id}/registrations`).set(npA.auth).expect(200);
      expect(asBroker.body.items.map((r: { organisationId: string }) => r.organisationId)).toContain(npB.organisationId);
      const asKey = await withKey(t.http.get(`/v1/marketplaces/${marketplace.id}/registrations`), brokerClient.key!).expect(200);
      expect(asKey.body.items).toEqual([]);
    });
  });

  describe('rotation, revocation and expiry', () => {
    const read = (key: string) => withKey(t.http.get('/v1/needs').query({ limit: 1 }), key);

    it('keeps old and new keys working during the grace period, and the old one not after it', async () => {
      const client = await create(npA, { name: 'Rotation', scopes: ['needs:read'] });
      const first = client.key!;
      const rotated = (await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({ graceHours: 24 }).expect(200)).body as Client;
      const second = rotated.key!;
      expect(second).not.toBe(first);
      await read(first).expect(200);
      await read(second).expect(200);
      const keys = new Map(rotated.keys.map((k) => [k.prefix, k]));
      expect(keys.get(prefixOf(second))).toMatchObject({ status: 'active', expiresAt: null });
      expect(keys.get(prefixOf(first))?.status).toBe('expiring');
      const graceEnds = new Date(keys.get(prefixOf(first))!.expiresAt!).getTime();
      expect(graceEnds - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      expect(graceEnds - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

      // the grace period ends (the row as it stands once 24 hours have passed)
      await t.ds.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE prefix = $1`, [prefixOf(first)]);
      const expired = await read(first).expect(401);
      expect(expired.body.code).toBe('API_KEY_EXPIRED');
      expect(expired.body.detail).toContain('rotation');
      await read(second).expect(200);

      // no grace: the current key stops at once
      const third = ((await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({ graceHours: 0 }).expect(200)).body as Client).key!;
      expect((await read(second).expect(401)).body.code).toBe('API_KEY_EXPIRED');
      await read(third).expect(200);
      // the default grace is 24 hours
      const fourth = (await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).expect(200)).body as Client;
      await read(third).expect(200);
      await read(fourth.key!).expect(200);
      expect(fourth.keys.find((k) => k.prefix === prefixOf(third))?.status).toBe('expiring');
      await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({ graceHours: 169 }).expect(400);
    });

    it('revokes every key at once, idempotently; a revoked client cannot be rotated', async () => {
      const client = await create(npA, { name: 'Widerruf', scopes: ['needs:read'] });
      const rotated = (await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({ graceHours: 24 }).expect(200)).body as Client;
      await read(client.key!).expect(200);
      const revoked = (await t.http.post(`/v1/api-clients/${client.id}/revoke`).set(npA2.auth).expect(200)).body as Client;
      expect(revoked.status).toBe('revoked');
      expect(revoked.keys.every((k) => k.status === 'revoked')).toBe(true);
      for (const key of [client.key!, rotated.key!]) {
        const res = await read(key).expect(401);
        expect(res.body.code).toBe('API_KEY_REVOKED');
        expect(res.body.detail).toContain('Widerruf');
      }
      const again = (await t.http.post(`/v1/api-clients/${client.id}/revoke`).set(npA.auth).expect(200)).body as Client;
      expect(again.revokedAt).toBe(revoked.revokedAt);
      const rotate = await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(npA.auth).send({}).expect(409);
      expect(rotate.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'revoked' });
    });

    it('refuses the keys of an expired client (401 API_KEY_EXPIRED)', async () => {
      const client = await create(npA, { name: 'Befristet', scopes: ['needs:read'], expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      await read(client.key!).expect(200);
      await t.ds.query(`UPDATE api_clients SET expires_at = now() - interval '1 second' WHERE id = $1`, [client.id]);
      const res = await read(client.key!).expect(401);
      expect(res.body.code).toBe('API_KEY_EXPIRED');
      expect(res.body.detail).toContain('Befristet');
      expect((await t.http.get(`/v1/api-clients/${client.id}`).set(npA.auth).expect(200)).body.status).toBe('expired');
    });
  });

  describe('rate limit', () => {
    it('counts down RateLimit-Remaining and answers the request after the limit with 429 and Retry-After', async () => {
      const client = await create(npA, { name: 'Gedrosselt', scopes: ['needs:read'], rateLimitPerMinute: 3 });
      const other = await create(npA, { name: 'Daneben', scopes: ['needs:read'] });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await withKey(t.http.get('/v1/needs').query({ limit: 1 }), client.key!).expect(200);
        expect(res.headers['ratelimit-limit']).toBe('3');
        const reset = Number(res.headers['ratelimit-reset']);
        expect(reset).toBeGreaterThan(0);
        expect(reset).toBeLessThanOrEqual(60);
        remaining.push(res.headers['ratelimit-remaining']);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await withKey(t.http.get('/v1/needs').query({ limit: 1 }), client.key!).expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // the other client of the same organisation counts on its own, against the default
      const fine = await withKey(t.http.get('/v1/needs').query({ limit: 1 }), other.key!).expect(200);
      expect(fine.headers['ratelimit-limit']).toBe('600');
      expect(fine.headers['ratelimit-remaining']).toBe('599');
      // users are not counted
      const user = await t.http.get('/v1/needs').set(npA.auth).expect(200);
      expect(user.headers['ratelimit-limit']).toBeUndefined();
    });

    it('lets admins give a client a higher limit', async () => {
      const client = await create(admin, { name: 'Großes Portal', scopes: ['needs:read'], organisationIds: [npA.organisationId], rateLimitPerMinute: 5000 });
      const res = await withKey(t.http.get('/v1/needs').query({ limit: 1 }), client.key!).expect(200);
      expect(res.headers['ratelimit-limit']).toBe('5000');
    });
  });

  describe('audit log', () => {
    it('has one row per key call, with the record created or named, the status and the request id', async () => {
      const client = await create(npA, { name: 'Protokolliert', scopes: ['needs:*'] });
      const created = await withKey(t.http.post('/v1/needs'), client.key!).set('X-Request-Id', 'audit-create-1').send(needBody()).expect(201);
      await withKey(t.http.get(`/v1/needs/${created.body.id}`), client.key!).expect(200);
      await withKey(t.http.get('/v1/offers'), client.key!).expect(403);
      await withKey(t.http.get('/v1/me/notifications'), client.key!).expect(403);
      await withKey(t.http.get('/v1/districts'), client.key!).expect(200);
      await waitFor(async () => (await auditOf(client.id)) === 5, 'five audit rows');

      const page1 = await t.http.get(`/v1/api-clients/${client.id}/audit`).query({ limit: 3 }).set(npA.auth).expect(200);
      expect(page1.body.items).toHaveLength(3);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await t.http.get(`/v1/api-clients/${client.id}/audit`).query({ limit: 3, cursor: page1.body.nextCursor }).set(npA.auth).expect(200);
      expect(page2.body.items).toHaveLength(2);
      expect(page2.body.nextCursor).toBeNull();
      const entries = [...page1.body.items, ...page2.body.items].reverse() as AuditEntry[];
      const prefix = prefixOf(client.key!);
      expect(entries).toEqual([
        expect.objectContaining({
          keyPrefix: prefix,
          organisationId: npA.organisationId,
          method: 'POST',
          route: '/v1/needs',
          path: '/v1/needs',
          handler: 'NeedsController.create',
          recordType: 'need',
          recordId: created.body.id,
          status: 201,
          requestId: 'audit-create-1',
        }),
        expect.objectContaining({ method: 'GET', route: '/v1/needs/:id', recordType: 'need', recordId: created.body.id, status: 200, organisationId: npA.organisationId }),
        expect.objectContaining({ method: 'GET', route: '/v1/offers', status: 403, recordId: null, handler: 'OffersController.list', organisationId: null }),
        expect.objectContaining({ method: 'GET', route: '/v1/me/notifications', status: 403 }),
        expect.objectContaining({ method: 'GET', route: '/v1/districts', status: 200 }),
      ]);
      expect((await t.http.get(`/v1/api-clients/${client.id}`).set(npA.auth).expect(200)).body.lastUsedAt).toEqual(expect.any(String));
      // user calls are not audited here
      await t.http.get('/v1/needs').set(npA.auth).expect(200);
      expect(await auditOf(client.id)).toBe(5);
    });

    it('logs the refused calls of a known key too (scope, organisation, rate limit)', async () => {
      const client = await create(npA, { name: 'Abgewiesen', scopes: ['needs:read'], rateLimitPerMinute: 2 });
      await withKey(t.http.post('/v1/needs'), client.key!).send(needBody()).expect(403);
      await withKey(t.http.get('/v1/needs'), client.key!, npB.organisationId).expect(400);
      await withKey(t.http.get('/v1/needs'), client.key!).expect(429);
      await waitFor(async () => (await auditOf(client.id)) === 3, 'three audit rows');
      const rows = (await t.ds.query(`SELECT status FROM api_audit_log WHERE client_id = $1 ORDER BY at, status`, [client.id])) as Array<{ status: number }>;
      expect(rows.map((r) => r.status).sort()).toEqual([400, 403, 429]);
    });
  });

  describe('access to /v1/api-clients', () => {
    let client: Client;
    beforeAll(async () => {
      client = await create(npA, { name: 'Geheim', scopes: ['needs:read'] });
    });

    it('shows a client to the members of its organisation and to admins only', async () => {
      await t.http.get(`/v1/api-clients/${client.id}`).set(npA2.auth).expect(200);
      await t.http.get(`/v1/api-clients/${client.id}`).set(admin.auth).expect(200);
      for (const other of [npB, company]) {
        expect((await t.http.get(`/v1/api-clients/${client.id}`).set(other.auth).expect(404)).body.code).toBe('API_CLIENT_NOT_FOUND');
        await t.http.get(`/v1/api-clients/${client.id}/audit`).set(other.auth).expect(404);
      }
      // an organiser of another district, without an organisation of their own
      await t.http.get(`/v1/api-clients/${client.id}`).set(organiser.auth).expect(403);
      await t.http.get(`/v1/api-clients/${client.id}/audit`).set(organiser.auth).expect(403);
      await t.http.get(`/v1/api-clients/${client.id}`).expect(401);
      await t.http.get(`/v1/api-clients/${client.id}/audit`).expect(401);
      await t.http.get('/v1/api-clients').expect(401);
      const listB = await t.http.get('/v1/api-clients').query({ limit: 100 }).set(npB.auth).expect(200);
      expect(listB.body.items.map((c: Client) => c.id)).not.toContain(client.id);
      await t.http.get('/v1/api-clients').set(organiser.auth).expect(403);
      const listAdmin = await t.http.get('/v1/api-clients').query({ limit: 100, organisationId: npA.organisationId }).set(admin.auth).expect(200);
      expect(listAdmin.body.items.map((c: Client) => c.id)).toContain(client.id);
      expect(listAdmin.body.items.every((c: Client) => c.organisationIds.includes(npA.organisationId))).toBe(true);
    });

    it('lets nobody else rotate or revoke it: the keys keep working unchanged', async () => {
      for (const other of [npB, company]) {
        await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(other.auth).send({ graceHours: 0 }).expect(404);
        await t.http.post(`/v1/api-clients/${client.id}/revoke`).set(other.auth).expect(404);
      }
      await t.http.post(`/v1/api-clients/${client.id}/rotate`).set(organiser.auth).send({ graceHours: 0 }).expect(403);
      await t.http.post(`/v1/api-clients/${client.id}/revoke`).set(organiser.auth).expect(403);
      await t.http.post(`/v1/api-clients/${client.id}/rotate`).send({ graceHours: 0 }).expect(401);
      await t.http.post(`/v1/api-clients/${client.id}/revoke`).expect(401);
      await withKey(t.http.get('/v1/needs').query({ limit: 1 }), client.key!).expect(200);
      const now = (await t.http.get(`/v1/api-clients/${client.id}`).set(npA.auth).expect(200)).body as Client & { version: number };
      expect(now).toMatchObject({ status: 'active', revokedAt: null, version: 1 });
      expect(now.keys).toHaveLength(1);
    });

    it("keeps platform clients the admins' alone", async () => {
      const platform = await create(admin, { name: 'Plattform', scopes: ['needs:read'], organisationIds: [npA.organisationId] });
      await t.http.get(`/v1/api-clients/${platform.id}`).set(npA.auth).expect(404);
      await t.http.post(`/v1/api-clients/${platform.id}/revoke`).set(npA.auth).expect(404);
      await t.http.get(`/v1/api-clients/${platform.id}/audit`).set(admin.auth).expect(200);
    });

    it('pages the list newest first', async () => {
      const page1 = await t.http.get('/v1/api-clients').query({ limit: 2 }).set(npA.auth).expect(200);
      const page2 = await t.http.get('/v1/api-clients').query({ limit: 2, cursor: page1.body.nextCursor }).set(npA.auth).expect(200);
      const ids = [...page1.body.items, ...page2.body.items].map((c: Client) => c.id);
      expect(new Set(ids).size).toBe(4);
      const all = await t.http.get('/v1/api-clients').query({ limit: 100 }).set(npA.auth).expect(200);
      expect(all.body.items.slice(0, 4).map((c: Client) => c.id)).toEqual(ids);
      await t.http.get('/v1/api-clients').query({ cursor: 'garbage' }).set(npA.auth).expect(400);
    });
  });
});
