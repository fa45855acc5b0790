import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, needBody, publishedNeed, signup, Tree, uid } from '../factories';

describe('needs (Bedarfe)', () => {
  let t: TestApp;
  let tree: Tree;
  let np: Member;
  let np2: Member;
  let company: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id, { lat: 48.8135, lon: 9.2105 });
    np2 = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
    company = await signup(t.http, 'company', tree.quarter.id);
  });
  afterAll(() => t.close());

  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  describe('lifecycle', () => {
    it('files a draft owned by the nonprofit, located at its address, with allowed actions', async () => {
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201);
      expect(res.headers.location).toBe(`/v1/needs/${res.body.id}`);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      expect(res.body).toMatchObject({
        status: 'draft',
        organisationId: np.organisationId,
        organisation: { id: np.organisationId, kind: 'nonprofit' },
        districtId: tree.quarter.id,
        lat: 48.8135,
        lon: 9.2105,
        quantity: 12,
        unit: 'hours',
        giveBack: expect.stringContaining('Dankeschön'),
        allowedActions: ['publish', 'withdraw'],
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
    });

    it('refuses needs from companies (403) and without a token (401)', async () => {
      expect((await t.http.post('/v1/needs').set(company.auth).send(needBody()).expect(403)).body.code).toBe('WRONG_ORGANISATION_KIND');
      await t.http.post('/v1/needs').send(needBody()).expect(401);
    });

    it('walks draft → published → matched → fulfilled and refuses invalid transitions with 409 listing the allowed ones', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      const bad = await t.http.post(`/v1/needs/${draft.id}/fulfil`).set(np.auth).expect(409);
      expect(bad.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'draft', action: 'fulfil', allowedActions: ['publish', 'withdraw'] });
      const published = (await t.http.post(`/v1/needs/${draft.id}/publish`).set(np.auth).expect(200)).body;
      expect(published.status).toBe('published');
      expect(published.publishedAt).toEqual(expect.any(String));
      expect((await t.http.post(`/v1/needs/${draft.id}/match`).set(np.auth).expect(200)).body.status).toBe('matched');
      expect((await t.http.post(`/v1/needs/${draft.id}/fulfil`).set(np.auth).expect(200)).body.status).toBe('fulfilled');
      const final = await t.http.post(`/v1/needs/${draft.id}/withdraw`).set(np.auth).expect(409);
      expect(final.body.allowedActions).toEqual([]);
      expect((await t.http.post(`/v1/needs/${draft.id}/teleport`).set(np.auth).expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
    });

    it('refuses to publish a need whose end lies in the past', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody({ startsAt: '2020-01-01T10:00:00Z', endsAt: '2020-01-02T10:00:00Z' })).expect(201)).body;
      const res = await t.http.post(`/v1/needs/${draft.id}/publish`).set(np.auth).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'endsAt', reason: 'inPast' });
    });

    it('refuses an end before the start', async () => {
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody({ startsAt: '2030-02-01T10:00:00Z', endsAt: '2030-01-01T10:00:00Z' })).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'endsAt', reason: 'beforeStart' });
    });

    it('deletes drafts only; published needs are withdrawn instead', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.delete(`/v1/needs/${draft.id}`).set(np.auth).expect(204);
      await t.http.get(`/v1/needs/${draft.id}`).set(np.auth).expect(404);
      const pub = await publishedNeed(t.http, np);
      expect((await t.http.delete(`/v1/needs/${pub.id}`).set(np.auth).expect(409)).body.code).toBe('NOT_EDITABLE');
    });
  });

  describe('everything but money', () => {
    it.each([
      ['category money', { category: 'money' }],
      ['category Geld', { category: 'Geld' }],
      ['unit euro', { unit: 'euro' }],
      ['unit EUR', { unit: 'EUR' }],
      ['unit €', { unit: '€' }],
    ])('refuses a need with %s with 422 MONEY_NOT_ALLOWED citing the rule', async (_, over) => {
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody(over)).expect(422);
      expect(res.body.code).toBe('MONEY_NOT_ALLOWED');
      expect(res.body.detail).toMatch(/everything but money/i);
      expect(res.body.errors[0].reason).toBe('moneyNotAllowed');
    });

    it('refuses changing a need to money', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      expect((await t.http.patch(`/v1/needs/${draft.id}`).set(np.auth).send({ unit: 'cash' }).expect(422)).body.code).toBe('MONEY_NOT_ALLOWED');
    });
  });

  describe('validation', () => {
    it('names every bad field and rejects protected fields', async () => {
      const res = await t.http
        .post('/v1/needs')
        .set(np.auth)
        .send({ title: 'x', description: 'kurz', category: 'pizza', quantity: 0, unit: 'hours', tags: ['ok', 'x'.repeat(50)], status: 'published', organisationId: np2.organisationId })
        .expect(400);
      const got = res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`);
      expect(got).toEqual(expect.arrayContaining(['title:isLength', 'description:isLength', 'category:isIn', 'quantity:min', 'tags:matches', 'status:unknownField', 'organisationId:unknownField']));
    });

    it('refuses an unknown district', async () => {
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody({ districtId: '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' })).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'districtId', reason: 'unknownDistrict' });
    });

    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await t.http.post('/v1/needs').set(np.auth).set('Content-Type', 'application/json').send('{"title": ').expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });
  });

  describe('authorisation', () => {
    it('hides drafts from everybody but the owner (404), also in lists', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody({ title: `Entwurf ${uid()}` })).expect(201)).body;
      await t.http.get(`/v1/needs/${draft.id}`).expect(404);
      await t.http.get(`/v1/needs/${draft.id}`).set(np2.auth).expect(404);
      await t.http.get(`/v1/needs/${draft.id}`).set(np.auth).expect(200);
      const others = await t.http.get(`/v1/needs?organisationId=${np.organisationId}&limit=100`).set(np2.auth).expect(200);
      expect(ids(others.body)).not.toContain(draft.id);
      const own = await t.http.get(`/v1/needs?organisationId=${np.organisationId}&limit=100`).set(np.auth).expect(200);
      expect(ids(own.body)).toContain(draft.id);
    });

    it('lets no other organisation change, move or delete a need', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      const pub = await publishedNeed(t.http, np);
      // a draft is invisible: 404
      expect((await t.http.patch(`/v1/needs/${draft.id}`).set(np2.auth).send({ title: 'Übernommen' }).expect(404)).body.code).toBe('NEED_NOT_FOUND');
      await t.http.post(`/v1/needs/${draft.id}/publish`).set(np2.auth).expect(404);
      await t.http.delete(`/v1/needs/${draft.id}`).set(company.auth).expect(404);
      // a published need is visible: 403
      expect((await t.http.patch(`/v1/needs/${pub.id}`).set(np2.auth).send({ title: 'Übernommen' }).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.post(`/v1/needs/${pub.id}/withdraw`).set(company.auth).expect(403);
      await t.http.delete(`/v1/needs/${pub.id}`).set(np2.auth).expect(403);
      const after = await t.http.get(`/v1/needs/${pub.id}`).expect(200);
      expect(after.body).toMatchObject({ title: pub.title, status: 'published', version: pub.version });
    });

    it('lets an admin act on any need', async () => {
      const admin = await makeAdmin(t.ds, t.http);
      const pub = await publishedNeed(t.http, np);
      expect((await t.http.post(`/v1/needs/${pub.id}/withdraw`).set(admin.auth).expect(200)).body.status).toBe('withdrawn');
    });
  });

  describe('concurrent edits', () => {
    it('answers 412 to a stale If-Match and keeps the newer change', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      const first = await t.http.patch(`/v1/needs/${draft.id}`).set(np.auth).set('If-Match', '"1"').send({ title: 'Erste Änderung' }).expect(200);
      expect(first.headers.etag).toBe('"2"');
      const stale = await t.http.patch(`/v1/needs/${draft.id}`).set(np.auth).set('If-Match', '"1"').send({ title: 'Veraltete Änderung' }).expect(412);
      expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
      expect((await t.http.get(`/v1/needs/${draft.id}`).set(np.auth).expect(200)).body.title).toBe('Erste Änderung');
    });

    it('refuses changes to a withdrawn need', async () => {
      const pub = await publishedNeed(t.http, np);
      await t.http.post(`/v1/needs/${pub.id}/withdraw`).set(np.auth).expect(200);
      expect((await t.http.patch(`/v1/needs/${pub.id}`).set(np.auth).send({ quantity: 3 }).expect(409)).body.code).toBe('NOT_EDITABLE');
    });
  });

  describe('outbox', () => {
    it('announces publishing and changes of a published need in the same transaction, one job id per version', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.patch(`/v1/needs/${draft.id}`).set(np.auth).send({ quantity: 20 }).expect(200); // a draft change: nothing to match yet
      await t.http.post(`/v1/needs/${draft.id}/publish`).set(np.auth).expect(200);
      await t.http.patch(`/v1/needs/${draft.id}`).set(np.auth).send({ quantity: 30 }).expect(200);
      const rows = await t.ds.query(`SELECT job_name, job_id, payload FROM outbox WHERE payload->>'needId' = $1 ORDER BY id`, [draft.id]);
      expect(rows.map((r: { job_id: string }) => r.job_id)).toEqual([`match-need.${draft.id}.v3`, `match-need.${draft.id}.v4`]);
      expect(rows.map((r: { payload: { change: string } }) => r.payload.change)).toEqual(['published', 'updated']);
      expect(rows[0].job_name).toBe('match-need');
    });

    it('writes nothing when the change is refused', async () => {
      const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.post(`/v1/needs/${draft.id}/fulfil`).set(np.auth).expect(409);
      const rows = await t.ds.query(`SELECT 1 FROM outbox WHERE payload->>'needId' = $1`, [draft.id]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('browse and search', () => {
    let tag: string;
    let inQuarter: { id: string };
    let inQuarter2: { id: string };
    let inOther: { id: string };
    let skills: { id: string };

    beforeAll(async () => {
      tag = `t${uid()}`;
      const np3 = await signup(t.http, 'nonprofit', tree.quarter2.id);
      inQuarter = await publishedNeed(t.http, np, { tags: [tag, 'umzug'] });
      inQuarter2 = await publishedNeed(t.http, np3, {
        tags: [tag, 'garten'],
        title: 'Gartenarbeit im Seniorenheim',
        description: 'Unsere Gärten brauchen Pflege: Hecken schneiden, Beete jäten, Laub rechen.',
      });
      inOther = await publishedNeed(t.http, np2, { tags: [tag, 'umzug'] });
      skills = await publishedNeed(t.http, np, { tags: [tag], category: 'skills', title: 'Hilfe bei der Buchhaltung', description: 'Wir suchen Unterstützung bei Buchhaltung und Steuererklärung.' });
    });

    it('filters by a district including its descendants', async () => {
      const borough = await t.http.get(`/v1/needs?districtId=${tree.borough.id}&tags=${tag}&limit=100`).expect(200);
      expect(ids(borough.body).sort()).toEqual([inQuarter.id, inQuarter2.id, skills.id].sort());
      const city = await t.http.get(`/v1/needs?districtId=${tree.city.id}&tags=${tag}&limit=100`).expect(200);
      expect(ids(city.body)).toHaveLength(4);
      const quarter = await t.http.get(`/v1/needs?districtId=${tree.quarter2.id}&tags=${tag}`).expect(200);
      expect(ids(quarter.body)).toEqual([inQuarter2.id]);
      expect((await t.http.get(`/v1/needs?districtId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
    });

    it('filters by category and by all given tags', async () => {
      expect(ids((await t.http.get(`/v1/needs?category=skills&tags=${tag}`).expect(200)).body)).toEqual([skills.id]);
      const both = await t.http.get(`/v1/needs?tags=${tag},umzug&limit=100`).expect(200);
      expect(ids(both.body).sort()).toEqual([inQuarter.id, inOther.id].sort());
    });

    it('searches German text with stemming: "Umzug" finds "Umzüge", "Garten" finds "Gärten"', async () => {
      const umzug = await t.http.get(`/v1/needs?q=Umzug&tags=${tag}&limit=100`).expect(200);
      expect(ids(umzug.body).sort()).toEqual([inQuarter.id, inOther.id].sort());
      const garten = await t.http.get(`/v1/needs?q=Garten&tags=${tag}`).expect(200);
      expect(ids(garten.body)).toEqual([inQuarter2.id]);
      const steuer = await t.http.get(`/v1/needs?q=Steuererklärungen&tags=${tag}`).expect(200);
      expect(ids(steuer.body)).toEqual([skills.id]);
    });

    it('finds needs near a point, nearest first, with their distance', async () => {
      const res = await t.http.get(`/v1/needs?near=48.8135,9.2105&radiusKm=3&tags=${tag}&limit=100`).expect(200);
      expect(ids(res.body)).not.toContain(inOther.id);
      expect(res.body.items[0].distanceKm).toBeLessThan(0.01);
      const distances = res.body.items.map((i: { distanceKm: number }) => i.distanceKm);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(Math.max(...distances)).toBeLessThanOrEqual(3);
    });

    it('pages with a cursor: no duplicates, nothing missing, in order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.http
          .get(`/v1/needs?tags=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
      const all = await t.http.get(`/v1/needs?tags=${tag}&limit=100`).expect(200);
      expect(seen).toEqual(ids(all.body));
      const asc = await t.http.get(`/v1/needs?tags=${tag}&limit=100&sort=createdAt`).expect(200);
      expect(ids(asc.body)).toEqual([...seen].reverse());
    });

    it('pages relevance-sorted search results too', async () => {
      const first = await t.http.get(`/v1/needs?q=Umzug&tags=${tag}&limit=1`).expect(200);
      const second = await t.http.get(`/v1/needs?q=Umzug&tags=${tag}&limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.nextCursor).toBeNull();
      expect([...ids(first.body), ...ids(second.body)].sort()).toEqual([inQuarter.id, inOther.id].sort());
    });

    it('refuses a bad cursor, a cursor of another sort, and contradictory options', async () => {
      expect((await t.http.get('/v1/needs?cursor=bm9wZQ').expect(400)).body.code).toBe('INVALID_CURSOR');
      const page = await t.http.get(`/v1/needs?tags=${tag}&limit=1`).expect(200);
      await t.http.get(`/v1/needs?tags=${tag}&limit=1&sort=createdAt&cursor=${page.body.nextCursor}`).expect(400);
      expect((await t.http.get('/v1/needs?sort=relevance').expect(400)).body.errors[0].field).toBe('sort');
      expect((await t.http.get('/v1/needs?radiusKm=3').expect(400)).body.errors[0].field).toBe('radiusKm');
      expect((await t.http.get('/v1/needs?limit=1000').expect(400)).body.errors[0]).toMatchObject({ field: 'limit', reason: 'max' });
      expect((await t.http.get('/v1/needs?near=abc').expect(400)).body.errors[0].field).toBe('near');
    });

    it('shows withdrawn needs to nobody but the owner', async () => {
      const pub = await publishedNeed(t.http, np, { tags: [`w${tag}`] });
      await t.http.post(`/v1/needs/${pub.id}/withdraw`).set(np.auth).expect(200);
      await t.http.get(`/v1/needs/${pub.id}`).expect(404);
      expect(ids((await t.http.get(`/v1/needs?tags=w${tag}`).expect(200)).body)).toEqual([]);
      expect(ids((await t.http.get(`/v1/needs?tags=w${tag}&organisationId=${np.organisationId}`).set(np.auth).expect(200)).body)).toEqual([pub.id]);
    });
  });
});
