import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeTree, PASSWORD, signup, Tree, uid } from '../factories';

describe('auth: signup, login, me', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '5' });
    tree = await makeTree(t.ds);
  });
  afterAll(() => t.close());

  it('signs up a nonprofit member and returns user, organisation and token', async () => {
    const email = `Anna.${uid()}@Test.Example`;
    const res = await t.http
      .post('/v1/auth/signup')
      .send({ email, password: PASSWORD, displayName: 'Anna', organisation: { kind: 'nonprofit', name: 'Tafel Hallschlag e.V.', districtId: tree.quarter.id, legalForm: 'registered_association' } })
      .expect(201);
    expect(res.body.user).toMatchObject({ email: email.toLowerCase(), roles: ['nonprofit_member'], organisationId: res.body.organisation.id });
    expect(res.body.organisation).toMatchObject({ kind: 'nonprofit', name: 'Tafel Hallschlag e.V.', districtId: tree.quarter.id });
    expect(res.body.organisation.completeness.complete).toBe(false);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.user.passwordHash).toBeUndefined();

    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.user.id).toBe(res.body.user.id);
    expect(me.body.organisation.id).toBe(res.body.organisation.id);
  });

  it('logs in with the right password only, and the token works', async () => {
    const m = await signup(t.http, 'company', tree.quarter.id);
    const ok = await t.http.post('/v1/auth/login').send({ email: m.email.toUpperCase(), password: PASSWORD }).expect(200);
    await t.http.get('/v1/me').set('Authorization', `Bearer ${ok.body.accessToken}`).expect(200);
    const bad = await t.http.post('/v1/auth/login').send({ email: m.email, password: 'wrong password!' }).expect(401);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    const unknown = await t.http.post('/v1/auth/login').send({ email: `nobody-${uid()}@test.example`, password: PASSWORD }).expect(401);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a taken e-mail with 409 and creates no second organisation', async () => {
    const m = await signup(t.http, 'nonprofit', tree.quarter.id);
    const [{ count: before }] = await t.ds.query('SELECT count(*)::int AS count FROM organisations');
    const res = await t.http
      .post('/v1/auth/signup')
      .send({ email: m.email, password: PASSWORD, displayName: 'Zweite', organisation: { kind: 'nonprofit', name: 'Doppelt e.V.', districtId: tree.quarter.id } })
      .expect(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
    const [{ count: after }] = await t.ds.query('SELECT count(*)::int AS count FROM organisations');
    expect(after).toBe(before);
  });

  it('answers bad input with one entry per field, unknown and protected fields included', async () => {
    const res = await t.http
      .post('/v1/auth/signup')
      .send({ email: 'not-an-email', password: 'short', displayName: 'A', isAdmin: true, organisation: { kind: 'verein', name: 'X', districtId: 'nope', id: 'x' } })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'email:isEmail',
        'password:isLength',
        'displayName:isLength',
        'isAdmin:unknownField',
        'organisation.kind:isIn',
        'organisation.name:isLength',
        'organisation.districtId:isUuid',
        'organisation.id:unknownField',
      ]),
    );
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('refuses an unknown district and a legal form of the other kind', async () => {
    const unknown = await t.http
      .post('/v1/auth/signup')
      .send({ email: `x-${uid()}@test.example`, password: PASSWORD, displayName: 'Xaver', organisation: { kind: 'company', name: 'X GmbH', districtId: '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60' } })
      .expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'organisation.districtId', reason: 'unknownDistrict' });
    const wrongForm = await t.http
      .post('/v1/auth/signup')
      .send({ email: `x-${uid()}@test.example`, password: PASSWORD, displayName: 'Xaver', organisation: { kind: 'company', name: 'X GmbH', districtId: tree.quarter.id, legalForm: 'registered_association', giveBacks: ['visibility'] } })
      .expect(400);
    expect(wrongForm.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['organisation.giveBacks', 'organisation.legalForm']);
  });

  it('answers 401 without, with a malformed and with a forged token', async () => {
    expect((await t.http.get('/v1/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.http.get('/v1/me').set('Authorization', 'Token abc').expect(401);
    await t.http.get('/v1/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl').expect(401);
  });

  it('rate-limits login attempts per client and e-mail with 429', async () => {
    const email = `target-${uid()}@test.example`;
    for (let i = 0; i < 5; i++) await t.http.post('/v1/auth/login').send({ email, password: 'wrong password' }).expect(401);
    const limited = await t.http.post('/v1/auth/login').send({ email, password: 'wrong password' }).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // another account from the same client is not locked out
    await t.http.post('/v1/auth/login').send({ email: `other-${uid()}@test.example`, password: 'wrong password' }).expect(401);
  });
});
