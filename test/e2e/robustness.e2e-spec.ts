import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { currentTestRun } from '../utils/test-env';
import { makeAdmin, makeTree, Member, needBody, offerBody, PASSWORD, publishedNeed, signup, Tree, uid } from '../factories';

/** Crafted input from the review: every case is a clear 4xx, never a 500. */
describe('robustness: crafted input', () => {
  let t: TestApp;
  let tree: Tree;
  let np: Member;
  let co: Member;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    co = await signup(t.http, 'company', tree.quarter.id);
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(() => t.close());

  describe('null for a field that always holds a value is a 400, null for an optional one clears it', () => {
    it.each(['title', 'quantity', 'tags', 'category', 'unit', 'description', 'giveBack', 'districtId'])('PATCH need %s: null', async (field) => {
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      const res = await t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ [field]: null }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('POST need with tags or giveBack null', async () => {
      await t.http.post('/v1/needs').set(np.auth).send(needBody({ tags: null })).expect(400);
      await t.http.post('/v1/needs').set(np.auth).send(needBody({ giveBack: null })).expect(400);
    });

    it('PATCH offer capacity null is a 400; radiusKm null clears the radius', async () => {
      const offer = (await t.http.post('/v1/offers').set(co.auth).send(offerBody({ radiusKm: 5 })).expect(201)).body;
      await t.http.patch(`/v1/offers/${offer.id}`).set(co.auth).send({ capacity: null }).expect(400);
      const cleared = await t.http.patch(`/v1/offers/${offer.id}`).set(co.auth).send({ radiusKm: null, districtIds: [tree.quarter.id] }).expect(200);
      expect(cleared.body.radiusKm).toBeNull();
    });

    it.each(['name', 'description', 'districtId', 'causeAreas', 'giveBacks'])('PATCH organisation %s: null', async (field) => {
      await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ [field]: null }).expect(400);
    });

    it('PATCH organisation website: null clears it', async () => {
      await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ website: 'https://verein.example' }).expect(200);
      const res = await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ website: null }).expect(200);
      expect(res.body.website).toBeNull();
    });

    it.each(['name', 'slug', 'lat'])('PATCH district %s: null', async (field) => {
      await t.http.patch(`/v1/districts/${tree.quarter2.id}`).set(admin.auth).send({ [field]: null }).expect(400);
    });

    it('signup with organisation.causeAreas or description null', async () => {
      for (const organisation of [{ causeAreas: null }, { description: null }]) {
        await t.http
          .post('/v1/auth/signup')
          .send({ email: `n-${uid()}@test.example`, password: PASSWORD, displayName: 'Nina', organisation: { kind: 'nonprofit', name: 'Null e.V.', districtId: tree.quarter.id, ...organisation } })
          .expect(400);
      }
    });
  });

  describe('text', () => {
    it('refuses NUL characters in bodies and query strings, naming the field', async () => {
      const body = await t.http.post('/v1/needs').set(np.auth).send(needBody({ title: 'Hilfe\u0000bitte' })).expect(400);
      expect(body.body.errors[0]).toMatchObject({ field: 'title', reason: 'nulCharacter' });
      const nested = await t.http
        .post('/v1/auth/signup')
        .send({ email: `n-${uid()}@test.example`, password: PASSWORD, displayName: 'A\u0000B', organisation: { kind: 'nonprofit', name: 'X e.V.', districtId: tree.quarter.id } })
        .expect(400);
      expect(nested.body.errors[0]).toMatchObject({ field: 'displayName', reason: 'nulCharacter' });
      expect((await t.http.get('/v1/needs?q=a%00b').expect(400)).body.errors[0]).toMatchObject({ field: 'q', reason: 'nulCharacter' });
      await t.http.get('/v1/organisations?q=a%00b').expect(400);
    });

    it('refuses lone surrogates (the JSON escape \\ud800) in bodies, naming the field; an e-mail with one was a 500', async () => {
      const login = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a\\ud800@test.example", "password": "x"}').expect(400);
      expect(login.body.errors[0]).toMatchObject({ field: 'email', reason: 'loneSurrogate' });
      const need = await t.http.post('/v1/needs').set(np.auth).set('Content-Type', 'application/json').send(JSON.stringify(needBody()).replace('"tags":[', '"tags":["\\udfff",')).expect(400);
      expect(need.body.errors[0]).toMatchObject({ field: 'tags.0', reason: 'loneSurrogate' });
      // a pair is one character, not two lone ones
      await t.http.post('/v1/needs').set(np.auth).send(needBody({ title: 'Umzug 😀 Hallschlag' })).expect(201);
    });

    it('stores titles of emoji with variation selectors up to the limit', async () => {
      const title = '❤️'.repeat(160);
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody({ title })).expect(201);
      expect(res.body.title).toBe(title);
      const name = '❤️'.repeat(200);
      expect((await t.http.patch(`/v1/organisations/${co.organisationId}`).set(co.auth).send({ name, street: name }).expect(200)).body.name).toBe(name);
    });
  });

  describe('dates and cursors', () => {
    const cursor = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    const id = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';

    it.each(['2024-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2024-01-01T00:00:00Z'])('refuses a cursor at %s', async (v) => {
      expect((await t.http.get(`/v1/needs?cursor=${cursor({ s: '-createdAt', v, id })}`).expect(400)).body.code).toBe('INVALID_CURSOR');
      await t.http.get(`/v1/organisations?cursor=${cursor({ s: '-createdAt', v, id })}`).expect(400);
    });

    it.each([['an extended year', '-271821-04-20T00:00:00.000Z'], ['30 February', '2027-02-30T10:00:00Z'], ['a boolean', true], ['a number', 1700000000000], ['no time zone', '2027-03-01T10:00:00']])(
      'refuses startsAt as %s',
      async (_, startsAt) => {
        const res = await t.http.post('/v1/needs').set(np.auth).send(needBody({ startsAt })).expect(400);
        expect(res.body.errors[0]).toMatchObject({ field: 'startsAt', reason: 'isDate' });
      },
    );

    it('accepts a date-time with an offset', async () => {
      const res = await t.http.post('/v1/needs').set(np.auth).send(needBody({ startsAt: '2030-03-01T10:00:00+01:00' })).expect(201);
      expect(res.body.startsAt).toBe('2030-03-01T09:00:00.000Z');
    });
  });

  describe('everything but money, beyond the enums', () => {
    it.each([
      ['tag "geld spende"', { tags: ['geld spende'] }],
      ['tag "500 euro"', { tags: ['500 euro'] }],
      ['tag with a Cyrillic е', { tags: ['gеld'] }],
      ['an amount in the title', { title: 'Wir brauchen 5000 Euro Spende' }],
      ['Geldspenden in the description', { description: 'Wir sammeln Geldspenden für unseren Verein und das Sommerfest.' }],
      ['an amount as Gegenleistung', { giveBack: 'Wir zahlen 50 € Aufwandsentschädigung' }],
    ])('refuses %s with 422', async (_, over) => {
      expect((await t.http.post('/v1/needs').set(np.auth).send(needBody(over)).expect(422)).body.code).toBe('MONEY_NOT_ALLOWED');
    });

    it('allows texts that mention money only to rule it out, and donations in kind', async () => {
      await t.http
        .post('/v1/needs')
        .set(np.auth)
        .send(needBody({ title: 'Sachspenden für die Kleiderkammer', description: 'Es fließt kein Geld: wir brauchen Winterjacken und Schuhe.', tags: ['sachspenden'] }))
        .expect(201);
    });
  });

  describe('offers and search', () => {
    it('refuses an offer that serves nowhere', async () => {
      const res = await t.http.post('/v1/offers').set(co.auth).send(offerBody({ districtIds: [] })).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'districtIds', reason: 'servesNowhere' });
      const offer = (await t.http.post('/v1/offers').set(co.auth).send(offerBody()).expect(201)).body;
      await t.http.patch(`/v1/offers/${offer.id}`).set(co.auth).send({ districtIds: [], radiusKm: null }).expect(400);
      await t.http.patch(`/v1/offers/${offer.id}`).set(co.auth).send({ districtIds: [], radiusKm: 3 }).expect(200);
    });

    it('refuses coordinates out of range', async () => {
      expect((await t.http.get('/v1/needs?near=99,999').expect(400)).body.errors[0]).toMatchObject({ field: 'near', reason: 'outOfRange' });
      await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ lat: ' 9.2', lon: 9.2 }).expect(400);
    });
  });

  describe('tokens and headers', () => {
    it('refuses validly signed tokens that this service never issues', async () => {
      const jwt = t.app.get(JwtService);
      const noExp = await jwt.signAsync({ sub: np.userId });
      const notUuid = await jwt.signAsync({ sub: 'admin' }, { expiresIn: 60 });
      for (const token of [noExp, notUuid]) {
        expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(401)).body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json; charset=latin1').send('{"email":"a@b.example","password":"x"}').expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('honours If-Match on DELETE, and error responses carry no ETag', async () => {
      const need = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ quantity: 2 }).expect(200);
      const stale = await t.http.delete(`/v1/needs/${need.id}`).set(np.auth).set('If-Match', '"1"').expect(412);
      expect(stale.headers.etag).toBeUndefined();
      await t.http.delete(`/v1/needs/${need.id}`).set(np.auth).set('If-Match', '"2"').expect(204);
      const pub = await publishedNeed(t.http, np);
      expect((await t.http.get(`/v1/needs/${pub.id}`).expect(200)).headers.etag).toBe(`"${pub.version}"`);
    });
  });
});

describe('robustness: rate limits per client', () => {
  it('limits signups and logins per client IP across e-mails', async () => {
    // an own key prefix, so other suites' logins in this run do not count
    const t = await createTestApp({ QUEUE_PREFIX: `${currentTestRun().queuePrefix}-rl${uid()}`, LOGIN_RATE_LIMIT_PER_CLIENT: '4' });
    try {
      const tree = await makeTree(t.ds);
      for (let i = 0; i < 4; i++) await t.http.post('/v1/auth/login').send({ email: `u${i}-${uid()}@test.example`, password: 'wrong password' }).expect(401);
      const limited = await t.http.post('/v1/auth/login').send({ email: `u5-${uid()}@test.example`, password: 'wrong password' }).expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      await t.http
        .post('/v1/auth/signup')
        .send({ email: `s-${uid()}@test.example`, password: PASSWORD, displayName: 'Sam', organisation: { kind: 'nonprofit', name: 'Spam e.V.', districtId: tree.quarter.id } })
        .expect(429);
      // X-Forwarded-For is not trusted unless TRUST_PROXY says so
      await t.http.post('/v1/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email: `u6-${uid()}@test.example`, password: 'wrong password' }).expect(429);
    } finally {
      await t.close();
    }
  });
});
