import type { ResponseObject } from '@nestjs/swagger';
import { generateOpenApi } from '../../src/bin/generate-openapi';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://portal.example' });
  });
  afterAll(() => t.close());

  it('echoes the caller\'s X-Request-Id, in the header and in error bodies', async () => {
    const res = await t.http.get('/v1/needs/not-a-uuid').set('X-Request-Id', 'partner-4711').expect(400);
    expect(res.headers['x-request-id']).toBe('partner-4711');
    expect(res.body).toMatchObject({ requestId: 'partner-4711', code: 'VALIDATION_FAILED', errors: [{ field: 'id', reason: 'isUuid' }] });
  });

  it('makes a request id when none (or a malformed one) is sent', async () => {
    const res = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with 404 ROUTE_NOT_FOUND as problem+json', async () => {
    const res = await t.http.get('/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, instance: '/v1/nothing-here' });
    await t.http.get('/v2/needs').expect(404);
  });

  it('refuses bodies over 256 kB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(300_000) })).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('allows the configured browser origins only (CORS_ORIGINS)', async () => {
    const ok = await t.http.options('/v1/needs').set('Origin', 'https://portal.example').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example');
    const other = await t.http.options('/v1/needs').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('checks a token that is sent on public routes too: the 401 their OpenAPI operations document', async () => {
    const doc = await generateOpenApi();
    for (const path of ['/health/live', '/health/ready', '/v1/districts']) {
      const res = await t.http.get(path).set('Authorization', 'Bearer not-a-token').expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const documented = (doc.paths[path].get!.responses['401'] as ResponseObject).content!['application/problem+json'].examples!.UNAUTHENTICATED as { value: Record<string, unknown> };
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, instance: path });
      expect(documented.value).toMatchObject({ code: res.body.code, status: res.body.status, instance: res.body.instance, type: res.body.type });
      await t.http.get(path).expect(200); // and anonymously they answer
    }
  });

  it('sends no X-Powered-By header', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
