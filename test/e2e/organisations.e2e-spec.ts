import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, signup, Tree } from '../factories';

const UNKNOWN = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';
const LONG_DESCRIPTION =
  'Wir sind ein Verein im Hallschlag und organisieren Nachbarschaftshilfe, Hausaufgabenbetreuung und einen Mittagstisch für ältere Menschen.';

const contact = { contactName: 'Anna Schneider', contactEmail: 'anna@verein.example', contactPhone: '+49 711 123456' };

describe('organisations', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(() => t.close());

  describe('GET /v1/organisations/{id}', () => {
    it('hides contact details without a token and shows them with one', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id, contact);
      const viewer = await signup(t.http, 'company', tree.quarter2.id);

      const anonymous = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      expect(anonymous.body).toMatchObject({ id: np.organisationId, kind: 'nonprofit', contactName: null, contactEmail: null, contactPhone: null });
      expect(anonymous.headers.etag).toBe('"1"');

      const signedIn = await t.http.get(`/v1/organisations/${np.organisationId}`).set(viewer.auth).expect(200);
      expect(signedIn.body).toMatchObject(contact);

      // the stored data is there, only the view differs
      const [row] = await t.ds.query('SELECT contact_email FROM organisations WHERE id = $1', [np.organisationId]);
      expect(row.contact_email).toBe(contact.contactEmail);
    });

    it('hides contact details in the anonymous list as well', async () => {
      const own = await makeTree(t.ds);
      const np = await signup(t.http, 'nonprofit', own.quarter.id, contact);
      const anonymous = await t.http.get('/v1/organisations').query({ districtId: own.quarter.id }).expect(200);
      expect(anonymous.body.items).toHaveLength(1);
      expect(anonymous.body.items[0]).toMatchObject({ id: np.organisationId, contactName: null, contactEmail: null, contactPhone: null });
      const signedIn = await t.http.get('/v1/organisations').set(np.auth).query({ districtId: own.quarter.id }).expect(200);
      expect(signedIn.body.items[0]).toMatchObject(contact);
    });

    it('answers 404 ORGANISATION_NOT_FOUND and 400 for a non-uuid', async () => {
      expect((await t.http.get(`/v1/organisations/${UNKNOWN}`).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      const bad = await t.http.get('/v1/organisations/123').expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'id', reason: 'isUuid' });
    });
  });

  describe('PATCH /v1/organisations/{id}', () => {
    it('lets a nonprofit member complete the profile: completeness rises to complete with nothing missing', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const before = await t.http.get(`/v1/organisations/${np.organisationId}`).set(np.auth).expect(200);
      expect(before.body.completeness).toMatchObject({ complete: false, score: 0 });
      expect(before.body.completeness.missing.map((m: { field: string }) => m.field)).toEqual([
        'description',
        'legalForm',
        'address',
        'location',
        'causeAreas',
        'website',
        'contactName',
        'contactEmail',
        'giveBacks',
      ]);

      const partial = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ description: LONG_DESCRIPTION, legalForm: 'registered_association' }).expect(200);
      expect(partial.body.completeness.score).toBe(0.22); // 2 of 9
      expect(partial.body.completeness.complete).toBe(false);
      expect(partial.body.completeness.missing.map((m: { field: string }) => m.field)).not.toContain('description');

      const rest = {
        street: 'Marktstraße 1',
        postalCode: '70372',
        city: 'Stuttgart',
        lat: 48.8135,
        lon: 9.2105,
        causeAreas: ['no-poverty', 'good-health'],
        website: 'https://nachbarschaftshilfe.example',
        contactName: 'Anna Schneider',
        contactEmail: 'anna@nachbarschaftshilfe.example',
        giveBacks: ['thank_you_event', 'visibility'],
      };
      const res = await t.http
        .patch(`/v1/organisations/${np.organisationId}`)
        .set(np.auth)
        .send(rest)
        .expect(200);
      expect(res.body).toMatchObject({ description: LONG_DESCRIPTION, legalForm: 'registered_association', ...rest, engagement: null, version: 3 });
      expect(res.body.completeness).toEqual({ score: 1, threshold: 0.8, complete: true, missing: [] });
      expect(res.headers.etag).toBe('"3"');

      // persisted
      const again = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      expect(again.body.completeness.complete).toBe(true);
      expect(again.body.causeAreas).toEqual(['no-poverty', 'good-health']);
    });

    it('lets a company member set engagement preferences', async () => {
      const co = await signup(t.http, 'company', tree.quarter.id);
      const res = await t.http
        .patch(`/v1/organisations/${co.organisationId}`)
        .set(co.auth)
        .send({ legalForm: 'gmbh', engagement: { causeAreas: ['quality-education'], districtIds: [tree.borough.id], yearlyHours: 200 } })
        .expect(200);
      expect(res.body.engagement).toEqual({ causeAreas: ['quality-education'], districtIds: [tree.borough.id], yearlyHours: 200 });
      const missing = res.body.completeness.missing.map((m: { field: string }) => m.field);
      expect(missing).not.toContain('engagement.causeAreas');
      expect(missing).not.toContain('engagement.districtIds');
      expect(missing).not.toContain('engagement.yearlyHours');
      expect(missing).not.toContain('legalForm');
    });

    it('refuses a member of another organisation with 403 and changes nothing', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id, { description: 'Ursprünglich' });
      const other = await signup(t.http, 'nonprofit', tree.quarter.id);
      const res = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(other.auth).send({ name: 'Übernommen e.V.', description: 'Gekapert' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const after = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      expect(after.body.name).not.toBe('Übernommen e.V.');
      expect(after.body.description).toBe('Ursprünglich');
      expect(after.body.version).toBe(1);
    });

    it('answers 401 without a token', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      expect((await t.http.patch(`/v1/organisations/${np.organisationId}`).send({ name: 'Anonym e.V.' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
    });

    it('lets an admin change any organisation', async () => {
      const co = await signup(t.http, 'company', tree.quarter.id);
      const res = await t.http.patch(`/v1/organisations/${co.organisationId}`).set(admin.auth).send({ name: 'Korrigiert GmbH', website: 'https://korrigiert.example' }).expect(200);
      expect(res.body).toMatchObject({ name: 'Korrigiert GmbH', website: 'https://korrigiert.example', kind: 'company' });
      expect((await t.http.get(`/v1/organisations/${co.organisationId}`).expect(200)).body.name).toBe('Korrigiert GmbH');
    });

    it('honours If-Match: the ETag from GET works, a stale one gets 412 and changes nothing', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const got = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      const etag = got.headers.etag;
      expect(etag).toBe(`"${got.body.version}"`);
      const ok = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).set('If-Match', etag).send({ city: 'Stuttgart' }).expect(200);
      expect(ok.headers.etag).toBe(`"${got.body.version + 1}"`);
      const stale = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).set('If-Match', etag).send({ city: 'Esslingen' }).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      expect((await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200)).body.city).toBe('Stuttgart');
    });

    it('lets only one of several concurrent writes with the same If-Match through (no lost update)', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const etag = (await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200)).headers.etag;
      const cities = ['Stuttgart', 'Esslingen', 'Ludwigsburg', 'Waiblingen', 'Böblingen', 'Fellbach'];
      const results = await Promise.all(
        cities.map((city) => t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).set('If-Match', etag).send({ city })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const after = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      expect(after.body).toMatchObject({ city: winner.body.city, version: 2 });
    });

    it('refuses fields of the other kind with reason notForKind', async () => {
      const co = await signup(t.http, 'company', tree.quarter.id);
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const company = await t.http.patch(`/v1/organisations/${co.organisationId}`).set(co.auth).send({ giveBacks: ['visibility'] }).expect(400);
      expect(company.body.code).toBe('VALIDATION_FAILED');
      expect(company.body.errors).toEqual([expect.objectContaining({ field: 'giveBacks', reason: 'notForKind' })]);
      const nonprofit = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ engagement: { yearlyHours: 10 } }).expect(400);
      expect(nonprofit.body.errors).toEqual([expect.objectContaining({ field: 'engagement', reason: 'notForKind' })]);
      const form = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ legalForm: 'gmbh' }).expect(400);
      expect(form.body.errors).toEqual([expect.objectContaining({ field: 'legalForm', reason: 'notForKind' })]);
      // nothing stored
      const [row] = await t.ds.query('SELECT give_backs, legal_form, version FROM organisations WHERE id = $1', [co.organisationId]);
      expect(row).toEqual({ give_backs: [], legal_form: null, version: 1 });
    });

    it.each([
      ['kind', { kind: 'company' }],
      ['id', { id: UNKNOWN }],
      ['version', { version: 99 }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ])('refuses the unknown field %s with reason unknownField', async (field, body) => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const res = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field, reason: 'unknownField' })]);
      const after = await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200);
      expect(after.body).toMatchObject({ kind: 'nonprofit', id: np.organisationId, version: 1 });
    });

    it('refuses lat without lon, an unknown district and bad formats', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const half = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ lat: 48.8 }).expect(400);
      expect(half.body.errors[0]).toMatchObject({ field: 'lon', reason: 'required' });
      const district = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ districtId: UNKNOWN }).expect(400);
      expect(district.body.errors[0]).toMatchObject({ field: 'districtId', reason: 'unknownDistrict' });
      const formats = await t.http
        .patch(`/v1/organisations/${np.organisationId}`)
        .set(np.auth)
        .send({ postalCode: '7037', website: 'ftp://x.example', contactEmail: 'nope', causeAreas: ['world-peace'] })
        .expect(400);
      expect(formats.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['postalCode', 'website', 'contactEmail', 'causeAreas']));
    });

    it('moves an organisation to another district', async () => {
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const res = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ districtId: tree.quarter2.id }).expect(200);
      expect(res.body.districtId).toBe(tree.quarter2.id);
    });
  });

  describe('GET /v1/organisations (list)', () => {
    let own: Tree;
    let npQuarter: Member;
    let npQuarter2: Member;
    let coQuarter: Member;
    let npOther: Member;
    const word = `Kleiderkammer`;

    beforeAll(async () => {
      own = await makeTree(t.ds);
      npQuarter = await signup(t.http, 'nonprofit', own.quarter.id, { causeAreas: ['zero-hunger'], description: `Unsere ${word} versorgt Familien mit Kleidung.` });
      npQuarter2 = await signup(t.http, 'nonprofit', own.quarter2.id, { causeAreas: ['quality-education'], description: 'Hausaufgabenhilfe für Kinder' });
      coQuarter = await signup(t.http, 'company', own.quarter.id, { causeAreas: ['zero-hunger'], description: 'Spedition mit Herz' });
      npOther = await signup(t.http, 'nonprofit', own.otherQuarter.id, { causeAreas: ['zero-hunger'], description: `Noch eine ${word} in Rohr.` });
    });

    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((o) => o.id).sort();

    it('filters by district, descendants included', async () => {
      const borough = await t.http.get('/v1/organisations').query({ districtId: own.borough.id }).expect(200);
      expect(ids(borough)).toEqual([npQuarter.organisationId, npQuarter2.organisationId, coQuarter.organisationId].sort());
      const quarter = await t.http.get('/v1/organisations').query({ districtId: own.quarter.id }).expect(200);
      expect(ids(quarter)).toEqual([npQuarter.organisationId, coQuarter.organisationId].sort());
      const city = await t.http.get('/v1/organisations').query({ districtId: own.city.id }).expect(200);
      expect(ids(city)).toEqual([npQuarter.organisationId, npQuarter2.organisationId, coQuarter.organisationId, npOther.organisationId].sort());
    });

    it('filters by kind', async () => {
      const np = await t.http.get('/v1/organisations').query({ districtId: own.city.id, kind: 'nonprofit' }).expect(200);
      expect(ids(np)).toEqual([npQuarter.organisationId, npQuarter2.organisationId, npOther.organisationId].sort());
      for (const o of np.body.items) expect(o.kind).toBe('nonprofit');
      const co = await t.http.get('/v1/organisations').query({ districtId: own.city.id, kind: 'company' }).expect(200);
      expect(ids(co)).toEqual([coQuarter.organisationId]);
    });

    it('filters by cause area', async () => {
      const res = await t.http.get('/v1/organisations').query({ districtId: own.borough.id, causeArea: 'zero-hunger' }).expect(200);
      expect(ids(res)).toEqual([npQuarter.organisationId, coQuarter.organisationId].sort());
      const edu = await t.http.get('/v1/organisations').query({ districtId: own.city.id, causeArea: 'quality-education' }).expect(200);
      expect(ids(edu)).toEqual([npQuarter2.organisationId]);
    });

    it('searches name and description with q', async () => {
      const res = await t.http.get('/v1/organisations').query({ districtId: own.city.id, q: word }).expect(200);
      expect(ids(res)).toEqual([npQuarter.organisationId, npOther.organisationId].sort());
      const combined = await t.http.get('/v1/organisations').query({ districtId: own.borough.id, q: word }).expect(200);
      expect(ids(combined)).toEqual([npQuarter.organisationId]);
      const spedition = await t.http.get('/v1/organisations').query({ districtId: own.city.id, q: 'Spedition' }).expect(200);
      expect(ids(spedition)).toEqual([coQuarter.organisationId]);
    });

    it('refuses bad filters', async () => {
      const res = await t.http.get('/v1/organisations').query({ kind: 'verein', causeArea: 'x', districtId: 'nope', limit: '0' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kind', 'causeArea', 'districtId', 'limit']));
      expect((await t.http.get('/v1/organisations').query({ districtId: UNKNOWN }).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
    });
  });

  describe('cursor pagination', () => {
    async function allPages(districtId: string, limit: number) {
      const seen: string[] = [];
      const keys: Array<[string, string]> = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await t.http.get('/v1/organisations').query({ districtId, limit, ...(cursor ? { cursor } : {}) }).expect(200);
        sizes.push(res.body.items.length);
        seen.push(...res.body.items.map((o: { id: string }) => o.id));
        keys.push(...res.body.items.map((o: { id: string; createdAt: string }): [string, string] => [o.createdAt, o.id]));
        if (res.body.nextCursor === null) {
          // newest first, id descending on ties, across page boundaries
          for (let i = 1; i < keys.length; i++) {
            const [pc, pid] = keys[i - 1];
            const [c, id] = keys[i];
            expect(pc > c || (pc === c && pid > id)).toBe(true);
          }
          return { seen, sizes };
        }
        expect(typeof res.body.nextCursor).toBe('string');
        cursor = res.body.nextCursor;
      }
      throw new Error('pagination did not end');
    }

    it('walks 5 organisations of a fresh district with limit=2: no duplicates, nothing missing, null cursor at the end', async () => {
      const own = await makeTree(t.ds);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await signup(t.http, i % 2 ? 'company' : 'nonprofit', own.quarter.id)).organisationId);
      const { seen, sizes } = await allPages(own.quarter.id, 2);
      expect(sizes).toEqual([2, 2, 1]);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...created].sort());
    });

    it('ends with a null cursor when the count is a multiple of the limit', async () => {
      const own = await makeTree(t.ds);
      const created: string[] = [];
      for (let i = 0; i < 6; i++) created.push((await signup(t.http, 'nonprofit', own.quarter2.id)).organisationId);
      const { seen, sizes } = await allPages(own.quarter2.id, 3);
      expect(sizes).toEqual([3, 3]);
      expect([...seen].sort()).toEqual([...created].sort());
    });

    it('pages correctly through organisations created in the same millisecond', async () => {
      const own = await makeTree(t.ds);
      const members = await Promise.all(Array.from({ length: 7 }, () => signup(t.http, 'nonprofit', own.otherQuarter.id)));
      // force ties on created_at: the id is the tie breaker
      await t.ds.query(`UPDATE organisations SET created_at = '2024-05-01T10:00:00.123Z' WHERE id = ANY($1::uuid[])`, [members.map((m) => m.organisationId)]);
      const { seen } = await allPages(own.otherQuarter.id, 2);
      expect(new Set(seen).size).toBe(7);
      expect([...seen].sort()).toEqual(members.map((m) => m.organisationId).sort());
    });

    const forged = (c: Record<string, unknown>) => Buffer.from(JSON.stringify(c)).toString('base64url');

    it.each([
      ['that is not base64 JSON', 'garbage'],
      ['without id and value', 'eyJzIjoiLWNyZWF0ZWRBdCJ9'],
      ['of another sort', forged({ s: 'relevance', v: 1, id: 'x' })],
      // well-formed JSON of the right sort, but values that are no timestamp / no uuid
      ['whose value is no timestamp', forged({ s: '-createdAt', v: 'gestern', id: UNKNOWN })],
      ['whose id is no uuid', forged({ s: '-createdAt', v: '2024-05-01T10:00:00.123Z', id: 'not-a-uuid' })],
    ])('refuses a cursor %s with 400 INVALID_CURSOR (not 500)', async (_name, cursor) => {
      const res = await t.http.get('/v1/organisations').query({ cursor });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
      expect(res.body.errors[0]).toMatchObject({ field: 'cursor' });
    });
  });
});
