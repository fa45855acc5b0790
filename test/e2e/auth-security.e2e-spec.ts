import * as crypto from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { hashPassword } from '../../src/modules/auth/password';
import { User } from '../../src/modules/users/user.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { currentTestRun } from '../utils/test-env';
import { makeTree, Member, PASSWORD, signup, Tree, uid } from '../factories';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
/** A JWT signed by hand (HS256), to control every header field and claim. */
const hs256 = (claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) => {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${crypto.createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

describe('authentication: tokens, password rule, no enumeration', () => {
  let t: TestApp;
  let tree: Tree;
  let member: Member;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_S: '30', QUEUE_PREFIX: `${currentTestRun().queuePrefix}-authsec${uid()}` });
    tree = await makeTree(t.ds);
    member = await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/v1/me').set('Authorization', `Bearer ${token}`);
  const expectUnauthenticated = async (token: string, detail: RegExp = /not valid/) => {
    const res = await me(token).expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(res.body.detail).toMatch(detail);
    return res;
  };

  describe('access tokens', () => {
    it('accepts the token it issued', async () => {
      expect((await me(member.token).expect(200)).body.user.id).toBe(member.userId);
    });

    it('refuses an expired token, saying so', async () => {
      const expired = await t.app.get(JwtService).signAsync({ sub: member.userId, exp: now() - 5, iat: now() - 3600 });
      await expectUnauthenticated(expired, /expired/);
    });

    it('refuses a token signed with another secret', async () => {
      const other = new JwtService({ secret: 'another-secret-of-at-least-32-characters!!', signOptions: { issuer: 'marktplatz' } });
      await expectUnauthenticated(await other.signAsync({ sub: member.userId }, { expiresIn: 600 }));
    });

    it('refuses alg "none" (unsigned) and other algorithms than HMAC with our secret', async () => {
      const claims = { sub: member.userId, iss: 'marktplatz', iat: now(), exp: now() + 600 };
      await expectUnauthenticated(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`);
      await expectUnauthenticated(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`);
      // "RS256" over the HMAC secret (key confusion): refused
      await expectUnauthenticated(hs256(claims, t.config.JWT_SECRET, { alg: 'RS256', typ: 'JWT' }));
      // the same claims signed properly pass: the refusals above are about the algorithm only
      await me(hs256(claims, t.config.JWT_SECRET)).expect(200);
    });

    it('refuses a token whose claims were changed after signing', async () => {
      const [header, , signature] = member.token.split('.');
      const other = await signup(t.http, 'company', tree.quarter.id);
      await expectUnauthenticated(`${header}.${b64({ sub: other.userId, iss: 'marktplatz', iat: now(), exp: now() + 600 })}.${signature}`);
    });

    it('refuses our secret with another issuer, or without one', async () => {
      const jwt = t.app.get(JwtService);
      await expectUnauthenticated(await jwt.signAsync({ sub: member.userId }, { expiresIn: 600, issuer: 'somebody-else' }));
      await expectUnauthenticated(hs256({ sub: member.userId, iat: now(), exp: now() + 600 }, t.config.JWT_SECRET));
    });

    it('refuses a valid token of a user that was deleted', async () => {
      const gone = await signup(t.http, 'nonprofit', tree.quarter.id);
      await me(gone.token).expect(200);
      await t.ds.query('DELETE FROM users WHERE id = $1', [gone.userId]);
      await expectUnauthenticated(gone.token, /no longer exists/);
    });
  });

  describe('login rate limit', () => {
    it('answers 429 RATE_LIMITED with Retry-After once the per-account limit is passed, for known and unknown e-mails alike', async () => {
      // an account made without signing up, so that no attempt has been counted for it yet
      const known = `known-${uid()}@test.example`;
      await t.ds.getRepository(User).save({ email: known, passwordHash: await hashPassword(PASSWORD), displayName: 'Karl', isAdmin: false, organiserDistrictIds: [] });
      for (const email of [known, `nobody-${uid()}@test.example`]) {
        for (let i = 0; i < 3; i++) await t.http.post('/v1/auth/login').send({ email, password: 'falsches passwort' }).expect(401);
        const limited = await t.http.post('/v1/auth/login').send({ email, password: 'falsches passwort' }).expect(429);
        expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
        const retryAfter = Number(limited.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(30);
        expect(limited.body.retryAfterSeconds).toBe(retryAfter);
        // no throttler-specific headers
        expect(Object.keys(limited.headers).filter((h) => /ratelimit|retry-after-/.test(h))).toEqual([]);
      }
      // the right password is refused too while blocked: guessing cannot go on
      await t.http.post('/v1/auth/login').send({ email: known, password: PASSWORD }).expect(429);
    });
  });

  describe('password rule (signup)', () => {
    const body = (password: string, email = `pw-${uid()}@test.example`) => ({
      email,
      password,
      displayName: 'Paula Wagner',
      organisation: { kind: 'nonprofit', name: `Passwort ${uid()} e.V.`, districtId: tree.quarter.id },
    });

    it.each([
      ['too short', 'kurz12345', 'isLength'],
      ['one character repeated', 'xxxxxxxxxxxx', 'repeatedCharacter'],
      ['a common password', 'Passwort123', 'commonPassword'],
      ['a keyboard walk', 'qwertzuiop', 'commonPassword'],
    ])('refuses %s with a field error', async (_what, password, reason) => {
      const res = await t.http.post('/v1/auth/signup').send(body(password)).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password', reason })]);
    });

    it('refuses the e-mail address or its part before the @', async () => {
      const email = `paula.wagner.${uid()}@verein.example`;
      for (const password of [email, email.split('@')[0], `${email.split('@')[0]}2026`]) {
        const res = await t.http.post('/v1/auth/signup').send(body(password, email)).expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password', reason: 'containsEmail' })]);
      }
      expect((await t.ds.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]))[0].n).toBe(0);
    });

    it('reports the password with the other fields in one answer', async () => {
      const res = await t.http.post('/v1/auth/signup').send({ ...body('1234567890'), displayName: 'P' }).expect(400);
      expect(res.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`).sort()).toEqual(['displayName:isLength', 'password:commonPassword']);
    });

    it('accepts a passphrase', async () => {
      await t.http.post('/v1/auth/signup').send(body('Neckar Brezel Fahrrad Linde')).expect(201);
    });
  });

  describe('no user enumeration', () => {
    /** Counts scrypt derivations (password hashing and checking) during fn. */
    const scrypts = async (fn: () => Promise<unknown>) => {
      // the module object itself (an `import * as` namespace is a copy under jest's interop)
      const spy = jest.spyOn(require('node:crypto') as typeof crypto, 'scrypt');
      try {
        await fn();
        return spy.mock.calls.map((c) => (c[3] as crypto.ScryptOptions).N);
      } finally {
        spy.mockRestore();
      }
    };
    const comparable = (res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }) => {
      const { requestId: _r, ...body } = res.body;
      const headers = Object.keys(res.headers).filter((h) => !['date', 'x-request-id', 'etag'].includes(h)).sort();
      return { status: res.status, body, headers, contentType: res.headers['content-type'] };
    };

    it('login: an unknown e-mail and a wrong password get the same answer after the same work', async () => {
      const known = await signup(t.http, 'nonprofit', tree.quarter.id);
      const unknownEmail = `nobody-${uid()}@test.example`;
      let wrong!: Awaited<ReturnType<typeof t.http.post>>;
      let unknown!: Awaited<ReturnType<typeof t.http.post>>;
      const wrongWork = await scrypts(async () => (wrong = await t.http.post('/v1/auth/login').send({ email: known.email, password: 'falsches passwort' })));
      const unknownWork = await scrypts(async () => (unknown = await t.http.post('/v1/auth/login').send({ email: unknownEmail, password: 'falsches passwort' })));
      expect(wrong.status).toBe(401);
      expect(comparable(unknown)).toEqual(comparable(wrong));
      expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: 'E-mail or password is wrong.' });
      // exactly one scrypt derivation with the same cost each: the unknown e-mail is checked against a dummy hash
      expect(wrongWork).toEqual([2 ** 15]);
      expect(unknownWork).toEqual(wrongWork);
      expect(unknown.headers['content-length']).toBe(wrong.headers['content-length']);
    });

    it('signup with a taken e-mail: 409 EMAIL_TAKEN without the address, after the same hashing as a new account (the trade-off is in the README)', async () => {
      const taken = await signup(t.http, 'company', tree.quarter.id);
      const body = (email: string) => ({ email, password: PASSWORD, displayName: 'Zweite Person', organisation: { kind: 'nonprofit', name: `Zweiter ${uid()} e.V.`, districtId: tree.quarter.id } });
      let res!: Awaited<ReturnType<typeof t.http.post>>;
      const takenWork = await scrypts(async () => (res = await t.http.post('/v1/auth/signup').send(body(taken.email.toUpperCase()))));
      const newWork = await scrypts(() => t.http.post('/v1/auth/signup').send(body(`neu-${uid()}@test.example`)).expect(201));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EMAIL_TAKEN');
      expect(JSON.stringify(res.body)).not.toContain(taken.email);
      expect(takenWork).toEqual(newWork);
    });
  });
});
