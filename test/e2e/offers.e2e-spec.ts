import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, offerBody, publishedOffer, signup, Tree, uid } from '../factories';
import { distanceKm } from '../../src/modules/listings/geo';

const UNKNOWN = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';
const CANNSTATT = { lat: 48.8049, lon: 9.2155 };

interface OfferItem {
  id: string;
  status: string;
  distanceKm?: number;
  createdAt: string;
}

describe('offers', () => {
  let t: TestApp;
  let tree: Tree;
  let company: Member;
  let rival: Member;
  let nonprofit: Member;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    company = await signup(t.http, 'company', tree.quarter.id);
    rival = await signup(t.http, 'company', tree.quarter.id);
    nonprofit = await signup(t.http, 'nonprofit', tree.quarter.id);
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(() => t.close());

  const draft = async (member: Member = company, over: Record<string, unknown> = {}) =>
    (await t.http.post('/v1/offers').set(member.auth).send(offerBody(over)).expect(201)).body;
  const act = (member: Member, id: string, action: string) => t.http.post(`/v1/offers/${id}/${action}`).set(member.auth);
  const ids = (res: { body: { items: OfferItem[] } }) => res.body.items.map((o) => o.id);
  const sorted = (list: string[]) => [...list].sort();

  describe('create', () => {
    it('lets a company member create a draft served in its home district', async () => {
      const res = await t.http.post('/v1/offers').set(company.auth).send(offerBody({ tags: ['Umzug', ' Transport '] })).expect(201);
      expect(res.headers.location).toBe(`/v1/offers/${res.body.id}`);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      expect(res.body).toMatchObject({
        organisationId: company.organisationId,
        organisation: { id: company.organisationId, kind: 'company' },
        title: 'Mitarbeitende helfen beim Umzug',
        category: 'time',
        tags: ['umzug', 'transport'],
        capacity: 40,
        unit: 'hours',
        status: 'draft',
        allowedActions: ['publish', 'withdraw'],
        districtIds: [tree.quarter.id],
        radiusKm: null,
        homeDistrictId: tree.quarter.id,
        // the company has no address: the home district's centroid
        lat: tree.quarter.lat,
        lon: tree.quarter.lon,
        publishedAt: null,
        version: 1,
      });
      expect(res.body.organisation.name).toMatch(/GmbH$/);
      expect(res.headers.etag).toBe('"1"');
    });

    it('places the offer at the company\'s address when it has coordinates', async () => {
      const located = await signup(t.http, 'company', tree.quarter2.id, { lat: 48.8001, lon: 9.2011 });
      const offer = await draft(located);
      expect(offer).toMatchObject({ lat: 48.8001, lon: 9.2011, homeDistrictId: tree.quarter2.id, districtIds: [tree.quarter2.id] });
    });

    it('refuses a nonprofit member with 403 WRONG_ORGANISATION_KIND, an admin without organisation too, and no token with 401', async () => {
      const np = await t.http.post('/v1/offers').set(nonprofit.auth).send(offerBody()).expect(403);
      expect(np.body.code).toBe('WRONG_ORGANISATION_KIND');
      expect((await t.http.post('/v1/offers').set(admin.auth).send(offerBody()).expect(403)).body.code).toBe('WRONG_ORGANISATION_KIND');
      expect((await t.http.post('/v1/offers').send(offerBody()).expect(401)).body.code).toBe('UNAUTHENTICATED');
      const [{ count }] = await t.ds.query('SELECT count(*)::int AS count FROM offers WHERE organisation_id = $1', [nonprofit.organisationId]);
      expect(count).toBe(0);
    });

    it('refuses bad input one entry per field', async () => {
      const res = await t.http
        .post('/v1/offers')
        .set(company.auth)
        .send({ title: 'X', description: 'kurz', category: 'beer', unit: 'litres', capacity: 0, districtIds: ['nope'], radiusKm: 500, status: 'published', organisationId: UNKNOWN })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['title', 'description', 'category', 'unit', 'capacity', 'districtIds', 'radiusKm', 'status', 'organisationId']));
    });

    it('refuses unknown districts and an end before the start', async () => {
      const unknown = await t.http.post('/v1/offers').set(company.auth).send(offerBody({ districtIds: [UNKNOWN] })).expect(400);
      expect(unknown.body.errors[0]).toMatchObject({ field: 'districtIds', reason: 'unknownDistrict' });
      const order = await t.http
        .post('/v1/offers')
        .set(company.auth)
        .send(offerBody({ startsAt: '2030-05-02T10:00:00Z', endsAt: '2030-05-01T10:00:00Z' }))
        .expect(400);
      expect(order.body.errors[0]).toMatchObject({ field: 'endsAt', reason: 'beforeStart' });
    });
  });

  describe('the money rule', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['category money', { category: 'money' }, 'category'],
      ['category Geld', { category: 'Geld' }, 'category'],
      ['unit euro', { unit: 'euro' }, 'unit'],
      ['unit EUR', { unit: 'EUR' }, 'unit'],
      ['a tag Spende', { tags: ['umzug', 'Spende'] }, 'tags'],
    ])('refuses %s with 422 MONEY_NOT_ALLOWED', async (_name, over, field) => {
      const [{ count: before }] = await t.ds.query('SELECT count(*)::int AS count FROM offers WHERE organisation_id = $1', [company.organisationId]);
      const res = await t.http.post('/v1/offers').set(company.auth).send(offerBody(over)).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('MONEY_NOT_ALLOWED');
      expect(res.body.detail).toMatch(/money/i);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      for (const e of res.body.errors) expect(e.reason).toBe('moneyNotAllowed');
      const [{ count: after }] = await t.ds.query('SELECT count(*)::int AS count FROM offers WHERE organisation_id = $1', [company.organisationId]);
      expect(after).toBe(before);
    });

    it('refuses money in a PATCH too and keeps the offer as it was', async () => {
      const offer = await draft();
      const res = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).send({ unit: 'euro', capacity: 500 }).expect(422);
      expect(res.body.code).toBe('MONEY_NOT_ALLOWED');
      expect(res.body.detail).toMatch(/money/i);
      const after = await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200);
      expect(after.body).toMatchObject({ unit: 'hours', capacity: 40, version: 1 });
    });
  });

  describe('visibility of drafts', () => {
    it('hides a draft from everybody but the owner (and admins)', async () => {
      const offer = await draft();
      expect((await t.http.get(`/v1/offers/${offer.id}`).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(rival.auth).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(nonprofit.auth).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      const own = await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200);
      expect(own.body).toMatchObject({ id: offer.id, status: 'draft' });
      expect(own.headers.etag).toBe('"1"');
      await t.http.get(`/v1/offers/${offer.id}`).set(admin.auth).expect(200);
    });

    it('lists a draft only for the owner, and only with organisationId', async () => {
      const offer = await draft();
      const q = { organisationId: company.organisationId, limit: 100 };
      expect(ids(await t.http.get('/v1/offers').query(q).expect(200))).not.toContain(offer.id);
      expect(ids(await t.http.get('/v1/offers').set(rival.auth).query(q).expect(200))).not.toContain(offer.id);
      const own = await t.http.get('/v1/offers').set(company.auth).query(q).expect(200);
      expect(ids(own)).toContain(offer.id);
      // browsing (no organisationId) shows published offers only, even to the owner
      expect(ids(await t.http.get('/v1/offers').set(company.auth).query({ districtId: tree.quarter.id, limit: 100 }).expect(200))).not.toContain(offer.id);
    });

    it('answers 400 for a non-uuid id and 404 for an unknown one', async () => {
      expect((await t.http.get('/v1/offers/abc').expect(400)).body.errors[0]).toMatchObject({ field: 'id', reason: 'isUuid' });
      expect((await t.http.get(`/v1/offers/${UNKNOWN}`).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
    });
  });

  describe('status machine', () => {
    it('walks publish → pause → resume → exhaust → resume → withdraw', async () => {
      const offer = await draft();
      const steps: Array<[string, string, string[]]> = [
        ['publish', 'published', ['pause', 'exhaust', 'withdraw']],
        ['pause', 'paused', ['resume', 'exhaust', 'withdraw']],
        ['resume', 'published', ['pause', 'exhaust', 'withdraw']],
        ['exhaust', 'exhausted', ['resume', 'withdraw']],
        ['resume', 'published', ['pause', 'exhaust', 'withdraw']],
        ['withdraw', 'withdrawn', []],
      ];
      let version = 1;
      let publishedAt: string | undefined;
      for (const [action, status, allowed] of steps) {
        const res = await act(company, offer.id, action).expect(200);
        version++;
        expect(res.body).toMatchObject({ id: offer.id, status, allowedActions: allowed, version });
        expect(res.headers.etag).toBe(`"${version}"`);
        if (action === 'publish') {
          publishedAt = res.body.publishedAt;
          expect(Date.parse(res.body.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
        } else {
          // publishedAt records the first publication only
          expect(res.body.publishedAt).toBe(publishedAt);
        }
      }
      // withdrawn: gone for the public, still there for the owner
      expect((await t.http.get(`/v1/offers/${offer.id}`).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200)).body.status).toBe('withdrawn');
    });

    it('withdraws a draft directly', async () => {
      const offer = await draft();
      expect((await act(company, offer.id, 'withdraw').expect(200)).body.status).toBe('withdrawn');
    });

    it('keeps paused and exhausted offers readable, but browsing shows published ones only', async () => {
      const own = await makeTree(t.ds);
      const co = await signup(t.http, 'company', own.quarter.id);
      const paused = await publishedOffer(t.http, co);
      await act(co, paused.id, 'pause').expect(200);
      const exhausted = await publishedOffer(t.http, co);
      await act(co, exhausted.id, 'exhaust').expect(200);
      const live = await publishedOffer(t.http, co);
      expect((await t.http.get(`/v1/offers/${paused.id}`).expect(200)).body.status).toBe('paused');
      expect((await t.http.get(`/v1/offers/${exhausted.id}`).expect(200)).body.status).toBe('exhausted');
      expect(ids(await t.http.get('/v1/offers').query({ districtId: own.quarter.id }).expect(200))).toEqual([live.id]);
      const byOrg = await t.http.get('/v1/offers').query({ organisationId: co.organisationId }).expect(200);
      expect(sorted(ids(byOrg))).toEqual(sorted([paused.id, exhausted.id, live.id]));
    });

    it('refuses an invalid transition with 409 INVALID_TRANSITION listing the allowed actions', async () => {
      const offer = await publishedOffer(t.http, company);
      await act(company, offer.id, 'pause').expect(200);
      const res = await act(company, offer.id, 'pause').expect(409);
      expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 409, currentStatus: 'paused', action: 'pause' });
      expect(res.body.allowedActions).toEqual(['resume', 'exhaust', 'withdraw']);
      const again = await act(company, offer.id, 'publish').expect(409);
      expect(again.body.allowedActions).toEqual(['resume', 'exhaust', 'withdraw']);
      await act(company, offer.id, 'withdraw').expect(200);
      const dead = await act(company, offer.id, 'resume').expect(409);
      expect(dead.body).toMatchObject({ code: 'INVALID_TRANSITION', allowedActions: [] });
      // nothing changed by the refusals
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200)).body.status).toBe('withdrawn');
    });

    it('answers 404 for an unknown action', async () => {
      const offer = await draft();
      const res = await act(company, offer.id, 'archive').expect(404);
      expect(res.body.code).toBe('ROUTE_NOT_FOUND');
      expect(res.body.actions).toEqual(['publish', 'pause', 'resume', 'exhaust', 'withdraw']);
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200)).body.status).toBe('draft');
    });

    it('refuses to publish an offer whose end lies in the past', async () => {
      const offer = await draft(company, { startsAt: '2020-01-01T08:00:00Z', endsAt: '2020-01-02T08:00:00Z' });
      const res = await act(company, offer.id, 'publish').expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'endsAt', reason: 'inPast' });
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200)).body.status).toBe('draft');
    });

    it('honours If-Match on actions', async () => {
      const offer = await draft();
      const res = await act(company, offer.id, 'publish').set('If-Match', '"7"').expect(412);
      expect(res.body.code).toBe('PRECONDITION_FAILED');
      await act(company, offer.id, 'publish').set('If-Match', '"1"').expect(200);
    });
  });

  describe('ownership', () => {
    it('refuses another company on a published offer with 403 and changes nothing', async () => {
      const offer = await publishedOffer(t.http, company);
      expect((await t.http.patch(`/v1/offers/${offer.id}`).set(rival.auth).send({ title: 'Gekapert' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await act(rival, offer.id, 'pause').expect(403)).body.code).toBe('FORBIDDEN');
      expect((await act(rival, offer.id, 'withdraw').expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(`/v1/offers/${offer.id}`).set(rival.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.patch(`/v1/offers/${offer.id}`).set(nonprofit.auth).send({ title: 'Gekapert' }).expect(403)).body.code).toBe('FORBIDDEN');
      const after = await t.http.get(`/v1/offers/${offer.id}`).expect(200);
      expect(after.body).toMatchObject({ title: offer.title, status: 'published', version: offer.version });
    });

    it('answers another company 404 on a draft, for PATCH, actions and DELETE', async () => {
      const offer = await draft();
      expect((await t.http.patch(`/v1/offers/${offer.id}`).set(rival.auth).send({ title: 'Gekapert' }).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await act(rival, offer.id, 'publish').expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await t.http.delete(`/v1/offers/${offer.id}`).set(rival.auth).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(200)).body).toMatchObject({ title: offer.title, status: 'draft', version: 1 });
    });

    it('answers 401 without a token for writes', async () => {
      const offer = await publishedOffer(t.http, company);
      await t.http.patch(`/v1/offers/${offer.id}`).send({ title: 'Anonym' }).expect(401);
      await t.http.post(`/v1/offers/${offer.id}/pause`).expect(401);
      await t.http.delete(`/v1/offers/${offer.id}`).expect(401);
    });

    it('lets an admin change and withdraw any offer', async () => {
      const offer = await publishedOffer(t.http, company);
      expect((await t.http.patch(`/v1/offers/${offer.id}`).set(admin.auth).send({ title: 'Von der Moderation gekürzt' }).expect(200)).body.title).toBe(
        'Von der Moderation gekürzt',
      );
      expect((await act(admin, offer.id, 'withdraw').expect(200)).body.status).toBe('withdrawn');
    });
  });

  describe('DELETE', () => {
    it('deletes a draft with 204', async () => {
      const offer = await draft();
      await t.http.delete(`/v1/offers/${offer.id}`).set(company.auth).expect(204);
      expect((await t.http.get(`/v1/offers/${offer.id}`).set(company.auth).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      const [{ count }] = await t.ds.query('SELECT count(*)::int AS count FROM offers WHERE id = $1', [offer.id]);
      expect(count).toBe(0);
    });

    it('refuses a published offer with 409 NOT_EDITABLE and keeps it', async () => {
      const offer = await publishedOffer(t.http, company);
      const res = await t.http.delete(`/v1/offers/${offer.id}`).set(company.auth).expect(409);
      expect(res.body).toMatchObject({ code: 'NOT_EDITABLE', status: 409, currentStatus: 'published', allowedActions: ['pause', 'exhaust', 'withdraw'] });
      expect((await t.http.get(`/v1/offers/${offer.id}`).expect(200)).body.status).toBe('published');
    });
  });

  describe('PATCH', () => {
    it('changes a draft and a published offer, bumping version and ETag', async () => {
      const offer = await draft();
      const a = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).set('If-Match', '"1"').send({ title: 'Transporter für einen Tag', capacity: 8, unit: 'trips', tags: ['Transport'] }).expect(200);
      expect(a.body).toMatchObject({ title: 'Transporter für einen Tag', capacity: 8, unit: 'trips', tags: ['transport'], status: 'draft', version: 2 });
      expect(a.headers.etag).toBe('"2"');
      await act(company, offer.id, 'publish').expect(200);
      const b = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).send({ districtIds: [tree.borough.id], radiusKm: 4 }).expect(200);
      expect(b.body).toMatchObject({ districtIds: [tree.borough.id], radiusKm: 4, status: 'published', version: 4, title: 'Transporter für einen Tag' });
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const offer = await publishedOffer(t.http, company);
      const res = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).set('If-Match', '"1"').send({ title: 'Zu spät' }).expect(412);
      expect(res.body.code).toBe('PRECONDITION_FAILED');
      expect(res.body.currentVersion).toBe(offer.version);
      expect((await t.http.get(`/v1/offers/${offer.id}`).expect(200)).body.title).toBe(offer.title);
    });

    it('lets only one of several concurrent writes with the same If-Match through', async () => {
      const offer = await publishedOffer(t.http, company);
      const etag = `"${offer.version}"`;
      const results = await Promise.all(
        [10, 20, 30, 40, 50, 60].map((capacity) => t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).set('If-Match', etag).send({ capacity })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
      const winner = results.find((r) => r.status === 200)!;
      expect((await t.http.get(`/v1/offers/${offer.id}`).expect(200)).body).toMatchObject({ capacity: winner.body.capacity, version: offer.version + 1 });
    });

    it('refuses a withdrawn or exhausted offer with 409 NOT_EDITABLE', async () => {
      const withdrawn = await publishedOffer(t.http, company);
      await act(company, withdrawn.id, 'withdraw').expect(200);
      const res = await t.http.patch(`/v1/offers/${withdrawn.id}`).set(company.auth).send({ title: 'Doch noch' }).expect(409);
      expect(res.body).toMatchObject({ code: 'NOT_EDITABLE', status: 409, currentStatus: 'withdrawn' });
      const exhausted = await publishedOffer(t.http, company);
      await act(company, exhausted.id, 'exhaust').expect(200);
      expect((await t.http.patch(`/v1/offers/${exhausted.id}`).set(company.auth).send({ capacity: 80 }).expect(409)).body.code).toBe('NOT_EDITABLE');
    });

    it('refuses an unknown field', async () => {
      const offer = await draft();
      const res = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).send({ status: 'published', homeDistrictId: tree.city.id }).expect(400);
      const fields = res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`);
      expect(fields).toEqual(expect.arrayContaining(['status:unknownField', 'homeDistrictId:unknownField']));
    });
  });

  describe('filters', () => {
    describe('by district', () => {
      let own: Tree;
      let forBorough: string;
      let forQuarter: string;
      let forRadius: string;
      let forOther: string;
      let forOtherRadius: string;

      beforeAll(async () => {
        own = await makeTree(t.ds);
        const co = await signup(t.http, 'company', own.quarter.id);
        const coOther = await signup(t.http, 'company', own.otherQuarter.id);
        forBorough = (await publishedOffer(t.http, co, { districtIds: [own.borough.id] })).id;
        forQuarter = (await publishedOffer(t.http, co, { districtIds: [own.quarter.id] })).id;
        const radius = await publishedOffer(t.http, co, { radiusKm: 3 });
        expect(radius).toMatchObject({ districtIds: [], radiusKm: 3, homeDistrictId: own.quarter.id });
        forRadius = radius.id;
        forOther = (await publishedOffer(t.http, co, { districtIds: [own.otherBorough.id] })).id;
        forOtherRadius = (await publishedOffer(t.http, coOther, { radiusKm: 5 })).id;
      });

      const find = async (districtId: string) => sorted(ids(await t.http.get('/v1/offers').query({ districtId, limit: 100 }).expect(200)));

      it('finds an offer for the borough when filtering by one of its quarters', async () => {
        expect(await find(own.quarter2.id)).toEqual([forBorough]);
        expect(await find(own.quarter.id)).toEqual(sorted([forBorough, forQuarter, forRadius]));
      });

      it('finds an offer for a quarter when filtering by the city or the borough', async () => {
        expect(await find(own.city.id)).toEqual(sorted([forBorough, forQuarter, forRadius, forOther, forOtherRadius]));
        expect(await find(own.borough.id)).toEqual(sorted([forBorough, forQuarter, forRadius]));
      });

      it('finds radius offers through the company\'s home district subtree only', async () => {
        expect(await find(own.otherBorough.id)).toEqual(sorted([forOther, forOtherRadius]));
        expect(await find(own.otherQuarter.id)).toEqual(sorted([forOther, forOtherRadius]));
        expect(await find(own.quarter2.id)).not.toContain(forRadius);
      });

      it('does not find offers of the other borough', async () => {
        const inBorough = await find(own.borough.id);
        expect(inBorough).not.toContain(forOther);
        expect(inBorough).not.toContain(forOtherRadius);
      });

      it('answers 404 DISTRICT_NOT_FOUND for an unknown district', async () => {
        expect((await t.http.get('/v1/offers').query({ districtId: UNKNOWN }).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
      });
    });

    it('filters by category and tags (all tags, case-insensitive, both notations)', async () => {
      const tag = `t${uid()}`;
      const a = await publishedOffer(t.http, company, { category: 'logistics', unit: 'trips', tags: [tag, 'transporter'] });
      const b = await publishedOffer(t.http, company, { category: 'time', tags: [tag] });
      const c = await publishedOffer(t.http, company, { category: 'logistics', unit: 'trips', tags: ['transporter', `x${uid()}`] });
      expect(sorted(ids(await t.http.get('/v1/offers').query({ tags: tag }).expect(200)))).toEqual(sorted([a.id, b.id]));
      expect(ids(await t.http.get('/v1/offers').query({ tags: tag, category: 'logistics' }).expect(200))).toEqual([a.id]);
      expect(ids(await t.http.get('/v1/offers').query({ tags: `${tag.toUpperCase()},Transporter` }).expect(200))).toEqual([a.id]);
      expect(ids(await t.http.get(`/v1/offers?tags=${tag}&tags=transporter`).expect(200))).toEqual([a.id]);
      expect(ids(await t.http.get('/v1/offers').query({ tags: tag, category: 'goods' }).expect(200))).toEqual([]);
      expect(ids(await t.http.get('/v1/offers').query({ tags: 'transporter', organisationId: company.organisationId, category: 'logistics' }).expect(200))).toEqual(
        expect.arrayContaining([a.id, c.id]),
      );
      expect((await t.http.get('/v1/offers').query({ category: 'money' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    describe('near + radiusKm', () => {
      let tag: string;
      let nearId: string;
      let farId: string;
      let own: Tree;

      beforeAll(async () => {
        own = await makeTree(t.ds);
        tag = `n${uid()}`;
        const nearCo = await signup(t.http, 'company', own.quarter.id); // Hallschlag, about 1 km from Bad Cannstatt
        const farCo = await signup(t.http, 'company', own.otherQuarter.id); // Rohr, about 11 km away
        nearId = (await publishedOffer(t.http, nearCo, { tags: [tag] })).id;
        farId = (await publishedOffer(t.http, farCo, { tags: [tag] })).id;
      });

      it('finds only what lies within the radius, with distanceKm', async () => {
        const res = await t.http.get('/v1/offers').query({ tags: tag, near: `${CANNSTATT.lat},${CANNSTATT.lon}`, radiusKm: 3 }).expect(200);
        expect(ids(res)).toEqual([nearId]);
        const expected = distanceKm(CANNSTATT.lat, CANNSTATT.lon, own.quarter.lat, own.quarter.lon);
        expect(res.body.items[0].distanceKm).toBeCloseTo(expected, 1);
        expect(res.body.items[0].distanceKm).toBeLessThanOrEqual(3);
      });

      it('sorts by distance by default and includes the far offer in a wider radius', async () => {
        const res = await t.http.get('/v1/offers').query({ tags: tag, near: `${CANNSTATT.lat},${CANNSTATT.lon}`, radiusKm: 20 }).expect(200);
        expect(ids(res)).toEqual([nearId, farId]);
        const far = distanceKm(CANNSTATT.lat, CANNSTATT.lon, own.otherQuarter.lat, own.otherQuarter.lon);
        expect(res.body.items[1].distanceKm).toBeCloseTo(far, 1);
        expect(res.body.items[0].distanceKm).toBeLessThan(res.body.items[1].distanceKm);
      });

      it('uses a 5 km radius by default', async () => {
        const res = await t.http.get('/v1/offers').query({ tags: tag, near: `${CANNSTATT.lat},${CANNSTATT.lon}` }).expect(200);
        expect(ids(res)).toEqual([nearId]);
      });

      it('finds nothing far away, and gives no distanceKm without near', async () => {
        expect(ids(await t.http.get('/v1/offers').query({ tags: tag, near: '52.52,13.405', radiusKm: 50 }).expect(200))).toEqual([]);
        const plain = await t.http.get('/v1/offers').query({ tags: tag }).expect(200);
        expect(plain.body.items).toHaveLength(2);
        for (const item of plain.body.items) expect(item).not.toHaveProperty('distanceKm');
      });

      it('refuses radiusKm or sort=distance without near, and a malformed near', async () => {
        expect((await t.http.get('/v1/offers').query({ radiusKm: 3 }).expect(400)).body.errors[0]).toMatchObject({ field: 'radiusKm', reason: 'needsNear' });
        expect((await t.http.get('/v1/offers').query({ sort: 'distance' }).expect(400)).body.errors[0]).toMatchObject({ field: 'sort', reason: 'needsNear' });
        expect((await t.http.get('/v1/offers').query({ near: 'Stuttgart' }).expect(400)).body.errors[0]).toMatchObject({ field: 'near' });
        expect((await t.http.get('/v1/offers').query({ near: '48.8,9.2', radiusKm: 500 }).expect(400)).body.errors[0]).toMatchObject({ field: 'radiusKm' });
      });
    });

    describe('q (German full-text search)', () => {
      let tag: string;
      let umzug: string;
      let buchhaltung: string;

      beforeAll(async () => {
        tag = `q${uid()}`;
        umzug = (
          await publishedOffer(t.http, company, {
            title: 'Transporter mit Fahrer',
            description: 'Wir fahren Ihre Umzüge quer durch Stuttgart, samstags auch mit zwei Mitarbeitenden.',
            category: 'logistics',
            unit: 'trips',
            tags: [tag],
          })
        ).id;
        buchhaltung = (
          await publishedOffer(t.http, company, {
            title: 'Beratung zur Buchhaltung',
            description: 'Unsere Fachleute erklären Vereinen die Buchführung und den Jahresabschluss.',
            category: 'skills',
            tags: [tag],
          })
        ).id;
      });

      it.each([
        ['Transport', 'finds "Transporter" (german stemming)', () => [umzug]],
        ['Umzug', 'finds "Umzüge" (plural and umlaut folded)', () => [umzug]],
        ['umzüge', 'is case-insensitive', () => [umzug]],
        ['Buchhaltung', 'finds the other offer', () => [buchhaltung]],
        ['Fahrer Stuttgart', 'needs all words', () => [umzug]],
        ['Fahrer Buchhaltung', 'finds nothing when one word is missing', () => []],
        ['Fahrer OR Buchhaltung', 'supports OR (websearch syntax)', () => [umzug, buchhaltung]],
        ['Klavier', 'finds nothing for an absent word', () => []],
      ])('q=%s %s', async (q, _what, expected) => {
        const res = await t.http.get('/v1/offers').query({ tags: tag, q }).expect(200);
        expect(sorted(ids(res))).toEqual(sorted(expected()));
      });

      it('ranks by relevance and pages through the results with a cursor', async () => {
        const first = await t.http.get('/v1/offers').query({ tags: tag, q: 'Fahrer OR Buchhaltung', limit: 1 }).expect(200);
        expect(first.body.items).toHaveLength(1);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        const second = await t.http.get('/v1/offers').query({ tags: tag, q: 'Fahrer OR Buchhaltung', limit: 1, cursor: first.body.nextCursor }).expect(200);
        expect(second.body.items).toHaveLength(1);
        expect(second.body.nextCursor).toBeNull();
        expect(sorted([...ids(first), ...ids(second)])).toEqual(sorted([umzug, buchhaltung]));
        // a relevance cursor does not fit the default sort
        expect((await t.http.get('/v1/offers').query({ tags: tag, cursor: first.body.nextCursor }).expect(400)).body.code).toBe('INVALID_CURSOR');
      });

      it('refuses sort=relevance without q', async () => {
        expect((await t.http.get('/v1/offers').query({ sort: 'relevance' }).expect(400)).body.errors[0]).toMatchObject({ field: 'sort', reason: 'needsQ' });
      });
    });

    it('pages newest first with a cursor: no duplicates, nothing missing', async () => {
      const tag = `p${uid()}`;
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await publishedOffer(t.http, company, { tags: [tag] })).id);
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const res = await t.http.get('/v1/offers').query({ tags: tag, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...ids(res));
        sizes.push(res.body.items.length);
        cursor = res.body.nextCursor ?? undefined;
        if (!cursor) break;
      }
      expect(sizes).toEqual([2, 2, 1]);
      expect(new Set(seen).size).toBe(5);
      expect(sorted(seen)).toEqual(sorted(created));
      expect((await t.http.get('/v1/offers').query({ cursor: 'not-a-cursor' }).expect(400)).body.code).toBe('INVALID_CURSOR');
    });

    const forged = (c: Record<string, unknown>) => Buffer.from(JSON.stringify(c)).toString('base64url');
    it.each<[string, Record<string, string>]>([
      ['a -createdAt cursor whose value is no timestamp', { cursor: forged({ s: '-createdAt', v: 'gestern', id: UNKNOWN }) }],
      ['a -createdAt cursor whose id is no uuid', { cursor: forged({ s: '-createdAt', v: '2024-05-01T10:00:00.123Z', id: '42' }) }],
      ['a relevance cursor whose offset is no number', { q: 'Umzug', cursor: forged({ s: 'relevance', v: 'zehn', id: UNKNOWN }) }],
      ['a relevance cursor with a negative offset', { q: 'Umzug', cursor: forged({ s: 'relevance', v: -5, id: UNKNOWN }) }],
    ])('refuses %s with 400 INVALID_CURSOR (not 500)', async (_name, query) => {
      const res = await t.http.get('/v1/offers').query(query);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
    });
  });

  describe('outbox', () => {
    const rows = async (offerId: string): Promise<Array<{ job_name: string; job_id: string; payload: Record<string, unknown> }>> =>
      t.ds.query('SELECT job_name, job_id, payload FROM outbox WHERE payload->>\'offerId\' = $1 ORDER BY id', [offerId]);

    it('writes nothing for drafts, and a match-offer row with a distinct job id per published version', async () => {
      const offer = await draft();
      await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).send({ capacity: 20 }).expect(200);
      expect(await rows(offer.id)).toEqual([]);

      const published = await act(company, offer.id, 'publish').expect(200);
      expect(published.body.version).toBe(3);
      let out = await rows(offer.id);
      expect(out).toEqual([{ job_name: 'match-offer', job_id: `match-offer.${offer.id}.v3`, payload: { offerId: offer.id, version: 3, change: 'published' } }]);

      const changed = await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).send({ title: 'Jetzt mit zwei Transportern' }).expect(200);
      expect(changed.body.version).toBe(4);
      out = await rows(offer.id);
      expect(out).toHaveLength(2);
      expect(out[1]).toEqual({ job_name: 'match-offer', job_id: `match-offer.${offer.id}.v4`, payload: { offerId: offer.id, version: 4, change: 'updated' } });

      await act(company, offer.id, 'pause').expect(200);
      out = await rows(offer.id);
      expect(out).toHaveLength(3);
      expect(out[2]).toMatchObject({ job_name: 'match-offer', job_id: `match-offer.${offer.id}.v5`, payload: { version: 5 } });
      expect(new Set(out.map((r) => r.job_id)).size).toBe(3);
    });

    it('writes nothing for a refused change', async () => {
      const offer = await publishedOffer(t.http, company);
      const before = (await rows(offer.id)).length;
      await t.http.patch(`/v1/offers/${offer.id}`).set(company.auth).set('If-Match', '"1"').send({ title: 'Zu spät' }).expect(412);
      await act(company, offer.id, 'publish').expect(409);
      await t.http.patch(`/v1/offers/${offer.id}`).set(rival.auth).send({ title: 'Gekapert' }).expect(403);
      expect(await rows(offer.id)).toHaveLength(before);
    });

    it('is relayed to the queue (dispatched_at set) by the worker role', async () => {
      const offer = await publishedOffer(t.http, company);
      const deadline = Date.now() + 10_000;
      let dispatched: Array<{ dispatched_at: Date | null }> = [];
      while (Date.now() < deadline) {
        dispatched = await t.ds.query(`SELECT dispatched_at FROM outbox WHERE payload->>'offerId' = $1`, [offer.id]);
        if (dispatched.length && dispatched.every((r) => r.dispatched_at)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(dispatched).toHaveLength(1);
      expect(dispatched[0].dispatched_at).not.toBeNull();
    });
  });
});
