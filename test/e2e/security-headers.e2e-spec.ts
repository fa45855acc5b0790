import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, signup } from '../factories';

const PORTAL = 'https://portal.example';

/** The directives of a Content-Security-Policy header, e.g. { 'default-src': ["'none'"] }. */
const csp = (header: string | undefined): Record<string, string[]> =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers (helmet) and CORS', () => {
  let t: TestApp;
  let admin: Member;
  let member: Member;

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: `${PORTAL},https://intranet.example` }, { docs: true });
    const tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    member = await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  const expectCommonHeaders = (headers: Record<string, string>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['x-permitted-cross-domain-policies']).toBe('none');
    expect(headers['x-powered-by']).toBeUndefined();
  };

  describe('the JSON API', () => {
    it.each([
      ['a success', '/health/live', 200],
      ['an authenticated read', '/v1/me', 200],
      ['a validation error', '/v1/needs/not-a-uuid', 400],
      ['an unknown route', '/v1/nothing-here', 404],
      ['a missing token', '/v1/me/notifications', 401],
    ])('%s carries the strict policy: nothing to load, frame or submit', async (_what, path, status) => {
      const req = t.http.get(path);
      if (path === '/v1/me') req.set(member.auth);
      const res = await req.expect(status);
      expectCommonHeaders(res.headers);
      expect(csp(res.headers['content-security-policy'])).toEqual({
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      });
    });

    it('keeps it on a 413 from the body parser', async () => {
      const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(300_000) })).expect(413);
      expect(csp(res.headers['content-security-policy'])['default-src']).toEqual(["'none'"]);
    });
  });

  describe('the pages, on their own paths only', () => {
    it('Swagger UI at /docs: own scripts and styles, fetches to this origin, no validator badge', async () => {
      const page = await t.http.get('/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expectCommonHeaders(page.headers);
      const policy = csp(page.headers['content-security-policy']);
      expect(policy).toMatchObject({ 'default-src': ["'self'"], 'script-src': ["'self'"], 'connect-src': ["'self'"], 'frame-ancestors': ["'none'"], 'object-src': ["'none'"] });
      expect(policy['script-src']).not.toContain("'unsafe-inline'");
      // every script the page loads is a file of its own (no inline script to allow)
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const init = await t.http.get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('"validatorUrl": "none"');
      expect(csp(init.headers['content-security-policy'])['default-src']).toEqual(["'self'"]);
      await t.http.get('/docs/openapi.json').expect(200);
    });

    it('Bull Board at /admin/queues: the Google font is not allowed, so the browser never fetches it', async () => {
      const page = await t.http.get('/admin/queues').set(admin.auth).expect(200);
      expect(page.text).toContain('fonts.googleapis.com');
      expectCommonHeaders(page.headers);
      const policy = csp(page.headers['content-security-policy']);
      for (const directive of ['style-src', 'font-src', 'connect-src', 'script-src', 'img-src']) {
        expect(policy[directive].join(' ')).not.toMatch(/google|https:|\*/);
      }
      // the only inline <script> is JSON data, which script-src 'self' does not need to allow
      for (const m of page.text.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)) expect(m[1]).toContain('type="application/json"');
      // a 401 of the dashboard gets the page policy too
      expect(csp((await t.http.get('/admin/queues').expect(401)).headers['content-security-policy'])['default-src']).toEqual(["'self'"]);
    });

    it('a path that only starts like a page path gets the API policy', async () => {
      const res = await t.http.get('/docsy').expect(404);
      expect(csp(res.headers['content-security-policy'])['default-src']).toEqual(["'none'"]);
    });
  });

  describe('CORS', () => {
    const partnerHeaders = ['authorization', 'content-type', 'x-api-key', 'x-organisation-id', 'idempotency-key', 'if-match', 'x-request-id'];

    it('answers a preflight from a configured origin with the partner headers, without credentials', async () => {
      const res = await t.http
        .options('/v1/needs')
        .set('Origin', PORTAL)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,x-api-key,x-organisation-id,idempotency-key,if-match')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(res.headers['access-control-allow-headers'].toLowerCase().split(',')).toEqual(expect.arrayContaining(partnerHeaders));
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers.vary).toMatch(/Origin/);
      const second = await t.http.options('/v1/needs').set('Origin', 'https://intranet.example').set('Access-Control-Request-Method', 'PATCH').expect(204);
      expect(second.headers['access-control-allow-origin']).toBe('https://intranet.example');
    });

    it('lets the portal read the headers partners need', async () => {
      const res = await t.http.get('/v1/me').set(member.auth).set('Origin', PORTAL).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      const exposed = res.headers['access-control-expose-headers'].split(',');
      expect(exposed).toEqual(
        expect.arrayContaining(['ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Idempotent-Replayed', 'X-Request-Id']),
      );
    });

    it('gives a foreign origin nothing: no allow-origin on the preflight nor on the request', async () => {
      for (const origin of ['https://evil.example', 'https://portal.example.evil.example', 'http://portal.example', 'null']) {
        const pre = await t.http.options('/v1/needs').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'x-api-key');
        expect(pre.status).toBe(404);
        expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
        expect(pre.headers.vary).toMatch(/Origin/);
        const res = await t.http.get('/v1/me').set(member.auth).set('Origin', origin).expect(200);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        expect(res.headers['access-control-expose-headers']).toBeUndefined();
      }
    });
  });
});

describe('CORS without CORS_ORIGINS', () => {
  it('allows no origin at all', async () => {
    const t = await createTestApp({ CORS_ORIGINS: '' });
    try {
      const pre = await t.http.options('/v1/needs').set('Origin', PORTAL).set('Access-Control-Request-Method', 'POST');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const res = await t.http.get('/health/live').set('Origin', PORTAL).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
