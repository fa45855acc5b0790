import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, offerBody, signup, Tree, uid } from '../factories';

interface TreeNode {
  id: string;
  name: string;
  slug: string;
  level: string;
  parentId: string | null;
  children: TreeNode[];
}

const UNKNOWN = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';

describe('districts', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;
  let member: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    member = await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({ name: 'Neues Quartier', slug: `neu-${uid()}`, level: 'quarter', parentId: tree.borough.id, lat: 48.81, lon: 9.21, ...over });

  describe('GET /v1/districts', () => {
    it('returns the tree city → borough → quarter with the factory tree in it', async () => {
      const tree = await makeTree(t.ds); // a tree of its own: other tests add districts to the shared one
      const res = await t.http.get('/v1/districts').expect(200);
      const items: TreeNode[] = res.body.items;
      // roots are cities only
      expect(items.length).toBeGreaterThan(0);
      for (const root of items) {
        expect(root.level).toBe('city');
        expect(root.parentId).toBeNull();
      }
      const city = items.find((c) => c.id === tree.city.id);
      expect(city).toBeDefined();
      expect(city).toMatchObject({ name: 'Teststadt', slug: tree.city.slug, level: 'city' });
      // boroughs sorted by name
      expect(city!.children.map((c) => c.id)).toEqual([tree.borough.id, tree.otherBorough.id]);
      const borough = city!.children[0];
      expect(borough).toMatchObject({ level: 'borough', parentId: tree.city.id, name: 'Bad Cannstatt' });
      expect(borough.children.map((q) => q.id)).toEqual([tree.quarter.id, tree.quarter2.id]); // Hallschlag < Neckarvorstadt
      for (const q of borough.children) {
        expect(q).toMatchObject({ level: 'quarter', parentId: tree.borough.id, children: [] });
      }
      const other = city!.children[1];
      expect(other.children.map((q) => q.id)).toEqual([tree.otherQuarter.id]);
      // the factory quarters appear nowhere else in the tree
      const all: TreeNode[] = [];
      const walk = (nodes: TreeNode[]) => nodes.forEach((n) => (all.push(n), walk(n.children)));
      walk(items);
      expect(all.filter((n) => n.id === tree.quarter.id)).toHaveLength(1);
    });

    it('is public (no token needed)', async () => {
      await t.http.get('/v1/districts').expect(200);
    });
  });

  describe('GET /v1/districts/{id}', () => {
    it('returns one district with an ETag of its version', async () => {
      const res = await t.http.get(`/v1/districts/${tree.borough.id}`).expect(200);
      expect(res.body).toEqual({
        id: tree.borough.id,
        name: 'Bad Cannstatt',
        slug: tree.borough.slug,
        parentId: tree.city.id,
        level: 'borough',
        lat: 48.8049,
        lon: 9.2155,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
    });

    it('answers 404 DISTRICT_NOT_FOUND for an unknown uuid', async () => {
      const res = await t.http.get(`/v1/districts/${UNKNOWN}`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'DISTRICT_NOT_FOUND', status: 404, instance: `/v1/districts/${UNKNOWN}` });
    });

    it('answers 400 VALIDATION_FAILED naming id for a non-uuid', async () => {
      const res = await t.http.get('/v1/districts/not-a-uuid').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0]).toMatchObject({ field: 'id', reason: 'isUuid' });
    });
  });

  describe('POST /v1/districts', () => {
    it('lets an admin create a quarter under a borough, then it shows in the tree', async () => {
      const b = body({ name: 'Altstadt Cannstatt' });
      const res = await t.http.post('/v1/districts').set(admin.auth).send(b).expect(201);
      expect(res.body).toMatchObject({ name: 'Altstadt Cannstatt', slug: b.slug, level: 'quarter', parentId: tree.borough.id, version: 1 });
      expect(res.body.id).toEqual(expect.any(String));
      await t.http.get(`/v1/districts/${res.body.id}`).expect(200);
      const [row] = await t.ds.query('SELECT ancestor_ids FROM districts WHERE id = $1', [res.body.id]);
      expect(row.ancestor_ids).toEqual([tree.city.id, tree.borough.id, res.body.id]);
      const list = await t.http.get('/v1/districts').expect(200);
      const city = (list.body.items as TreeNode[]).find((c) => c.id === tree.city.id)!;
      const borough = city.children.find((c) => c.id === tree.borough.id)!;
      expect(borough.children.map((c) => c.id)).toContain(res.body.id);
    });

    it('lets an admin create a city without a parent and a borough under it', async () => {
      const city = await t.http.post('/v1/districts').set(admin.auth).send(body({ level: 'city', parentId: undefined, name: 'Esslingen' })).expect(201);
      expect(city.body).toMatchObject({ level: 'city', parentId: null });
      const borough = await t.http.post('/v1/districts').set(admin.auth).send(body({ level: 'borough', parentId: city.body.id, name: 'Mettingen' })).expect(201);
      expect(borough.body.parentId).toBe(city.body.id);
    });

    it('refuses a quarter under a city with 400 wrongLevel', async () => {
      const res = await t.http.post('/v1/districts').set(admin.auth).send(body({ parentId: tree.city.id })).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0]).toMatchObject({ field: 'parentId', reason: 'wrongLevel' });
    });

    it('refuses a borough under a quarter with 400 wrongLevel', async () => {
      const res = await t.http.post('/v1/districts').set(admin.auth).send(body({ level: 'borough', parentId: tree.quarter.id })).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'parentId', reason: 'wrongLevel' });
    });

    it('refuses a city with a parent with 400', async () => {
      const res = await t.http.post('/v1/districts').set(admin.auth).send(body({ level: 'city', parentId: tree.city.id })).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0]).toMatchObject({ field: 'parentId', reason: 'notAllowed' });
    });

    it('refuses a quarter without a parent and one with an unknown parent', async () => {
      const none = await t.http.post('/v1/districts').set(admin.auth).send(body({ parentId: undefined })).expect(400);
      expect(none.body.errors[0]).toMatchObject({ field: 'parentId', reason: 'required' });
      const unknown = await t.http.post('/v1/districts').set(admin.auth).send(body({ parentId: UNKNOWN })).expect(400);
      expect(unknown.body.errors[0]).toMatchObject({ field: 'parentId', reason: 'unknownDistrict' });
    });

    it('refuses bad fields one entry per field', async () => {
      const res = await t.http
        .post('/v1/districts')
        .set(admin.auth)
        .send({ name: 'X', slug: 'Nicht Gültig', level: 'village', parentId: 'nope', lat: 91, lon: 181, ancestorIds: [] })
        .expect(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'slug', 'level', 'parentId', 'lat', 'lon', 'ancestorIds']));
      expect(res.body.errors.find((e: { field: string }) => e.field === 'ancestorIds').reason).toBe('unknownField');
    });

    it('refuses a duplicate slug with 409 SLUG_TAKEN and creates nothing', async () => {
      const [{ count: before }] = await t.ds.query('SELECT count(*)::int AS count FROM districts');
      const res = await t.http.post('/v1/districts').set(admin.auth).send(body({ slug: tree.quarter.slug })).expect(409);
      expect(res.body.code).toBe('SLUG_TAKEN');
      const [{ count: after }] = await t.ds.query('SELECT count(*)::int AS count FROM districts');
      expect(after).toBe(before);
    });

    it('answers 403 FORBIDDEN to a nonprofit member and 401 without a token', async () => {
      const forbidden = await t.http.post('/v1/districts').set(member.auth).send(body()).expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      const anonymous = await t.http.post('/v1/districts').send(body()).expect(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('PATCH /v1/districts/{id}', () => {
    it('lets an admin rename, bumps the version and ETag', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body()).expect(201);
      const id = created.body.id;
      const got = await t.http.get(`/v1/districts/${id}`).expect(200);
      const res = await t.http.patch(`/v1/districts/${id}`).set(admin.auth).set('If-Match', got.headers.etag).send({ name: 'Umbenannt' }).expect(200);
      expect(res.body).toMatchObject({ id, name: 'Umbenannt', slug: created.body.slug, version: 2 });
      expect(res.headers.etag).toBe('"2"');
      expect((await t.http.get(`/v1/districts/${id}`).expect(200)).body.name).toBe('Umbenannt');
    });

    it('refuses a stale If-Match with 412 and changes nothing', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body({ name: 'Vorher' })).expect(201);
      const id = created.body.id;
      await t.http.patch(`/v1/districts/${id}`).set(admin.auth).send({ name: 'Zwischendurch' }).expect(200);
      const res = await t.http.patch(`/v1/districts/${id}`).set(admin.auth).set('If-Match', '"1"').send({ name: 'Zu spät' }).expect(412);
      expect(res.body.code).toBe('PRECONDITION_FAILED');
      expect((await t.http.get(`/v1/districts/${id}`).expect(200)).body).toMatchObject({ name: 'Zwischendurch', version: 2 });
    });

    it('lets only one of several concurrent renames with the same If-Match through (no lost update)', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body({ name: 'Original' })).expect(201);
      const names = ['Name A', 'Name B', 'Name C', 'Name D', 'Name E', 'Name F'];
      const results = await Promise.all(
        names.map((name) => t.http.patch(`/v1/districts/${created.body.id}`).set(admin.auth).set('If-Match', '"1"').send({ name })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
      const after = await t.http.get(`/v1/districts/${created.body.id}`).expect(200);
      expect(after.body.version).toBe(2);
    });

    it('refuses level and parentId changes as unknown fields', async () => {
      const res = await t.http.patch(`/v1/districts/${tree.quarter2.id}`).set(admin.auth).send({ level: 'borough', parentId: tree.otherBorough.id }).expect(400);
      const fields = res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`);
      expect(fields).toEqual(expect.arrayContaining(['level:unknownField', 'parentId:unknownField']));
    });

    it('refuses a slug taken by another district with 409 SLUG_TAKEN', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body()).expect(201);
      const res = await t.http.patch(`/v1/districts/${created.body.id}`).set(admin.auth).send({ slug: tree.quarter.slug }).expect(409);
      expect(res.body.code).toBe('SLUG_TAKEN');
      expect((await t.http.get(`/v1/districts/${created.body.id}`).expect(200)).body.slug).toBe(created.body.slug);
    });

    it('answers 404 for an unknown district', async () => {
      const res = await t.http.patch(`/v1/districts/${UNKNOWN}`).set(admin.auth).send({ name: 'Nirgendwo' }).expect(404);
      expect(res.body.code).toBe('DISTRICT_NOT_FOUND');
    });

    it('answers 403 to a nonprofit member and 401 without a token, and changes nothing', async () => {
      expect((await t.http.patch(`/v1/districts/${tree.quarter2.id}`).set(member.auth).send({ name: 'Gekapert' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.patch(`/v1/districts/${tree.quarter2.id}`).send({ name: 'Gekapert' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await t.http.get(`/v1/districts/${tree.quarter2.id}`).expect(200)).body.name).toBe('Neckarvorstadt');
    });
  });

  describe('DELETE /v1/districts/{id}', () => {
    it('deletes an unused district with 204', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body()).expect(201);
      await t.http.delete(`/v1/districts/${created.body.id}`).set(admin.auth).expect(204);
      expect((await t.http.get(`/v1/districts/${created.body.id}`).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
    });

    it('refuses a district with children with 409 DISTRICT_IN_USE', async () => {
      const own = await makeTree(t.ds);
      const res = await t.http.delete(`/v1/districts/${own.otherBorough.id}`).set(admin.auth).expect(409);
      expect(res.body.code).toBe('DISTRICT_IN_USE');
      await t.http.get(`/v1/districts/${own.otherBorough.id}`).expect(200);
    });

    it('refuses a district that is an organisation\'s home with 409 DISTRICT_IN_USE', async () => {
      const own = await makeTree(t.ds);
      await signup(t.http, 'company', own.otherQuarter.id);
      const res = await t.http.delete(`/v1/districts/${own.otherQuarter.id}`).set(admin.auth).expect(409);
      expect(res.body.code).toBe('DISTRICT_IN_USE');
    });

    it('refuses a district named in a company\'s engagement with 409 DISTRICT_IN_USE', async () => {
      const own = await makeTree(t.ds);
      await signup(t.http, 'company', own.quarter.id, { engagement: { districtIds: [own.quarter2.id] } });
      const res = await t.http.delete(`/v1/districts/${own.quarter2.id}`).set(admin.auth).expect(409);
      expect(res.body.code).toBe('DISTRICT_IN_USE');
    });

    it('refuses the home district of a radius offer whose company has moved with 409 DISTRICT_IN_USE', async () => {
      const own = await makeTree(t.ds);
      const co = await signup(t.http, 'company', own.quarter2.id);
      const created = await t.http.post('/v1/offers').set(co.auth).send({ ...offerBody(), radiusKm: 3 }).expect(201);
      expect(created.body).toMatchObject({ homeDistrictId: own.quarter2.id, districtIds: [] });
      // the company moves; its offer still names the old home district
      await t.http.patch(`/v1/organisations/${co.organisationId}`).set(co.auth).send({ districtId: own.quarter.id }).expect(200);
      const res = await t.http.delete(`/v1/districts/${own.quarter2.id}`).set(admin.auth);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'DISTRICT_IN_USE' });
      const [row] = await t.ds.query('SELECT count(*)::int AS count FROM districts WHERE id = $1', [own.quarter2.id]);
      expect(row.count).toBe(1);
    });

    it('answers 404 for an unknown district', async () => {
      expect((await t.http.delete(`/v1/districts/${UNKNOWN}`).set(admin.auth).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
    });

    it('answers 403 to a nonprofit member and 401 without a token, and deletes nothing', async () => {
      const created = await t.http.post('/v1/districts').set(admin.auth).send(body()).expect(201);
      expect((await t.http.delete(`/v1/districts/${created.body.id}`).set(member.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(`/v1/districts/${created.body.id}`).expect(401)).body.code).toBe('UNAUTHENTICATED');
      await t.http.get(`/v1/districts/${created.body.id}`).expect(200);
    });
  });
});
