import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { buildOpenApiDocument } from '../../src/common/openapi';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, signup, uid } from '../factories';

const COOKIE = 'marktplatz_admin';

describe('queue dashboard (Bull Board) at /admin/queues', () => {
  let t: TestApp;
  let admin: Member;
  let member: Member;
  let maintenance: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    const tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    member = await signup(t.http, 'nonprofit', tree.quarter.id);
    maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
  });
  afterAll(() => t.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { code?: string; status?: number } }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
  };

  it('answers 401 problem+json without a token, on the page, its API and its assets', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      const res = await t.http.get(path);
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expectProblem(await t.http.get('/admin/queues').set('Authorization', 'Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http.get('/admin/queues').set('Cookie', `${COOKIE}=not-a-jwt`), 401, 'UNAUTHENTICATED');
  });

  it('answers 403 problem+json to a nonprofit member', async () => {
    expectProblem(await t.http.get('/admin/queues').set(member.auth), 403, 'FORBIDDEN');
    expectProblem(await t.http.get('/admin/queues/api/queues').set(member.auth), 403, 'FORBIDDEN');
    // a member's token in the cookie does not help either
    expectProblem(await t.http.get('/admin/queues').set('Cookie', `${COOKIE}=${member.token}`), 403, 'FORBIDDEN');
  });

  it('serves the dashboard page and its static assets to an admin, never cached', async () => {
    const page = await t.http.get('/admin/queues').set(admin.auth).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<base href="/admin/queues/"');
    const assets = [...page.text.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await t.http.get(`/admin/queues/${asset}`).set(admin.auth).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      if (asset.endsWith('.js')) expect(res.headers['content-type']).toMatch(/javascript/);
    }
    // the UI's deep links (a queue's page) render the same page
    await t.http.get('/admin/queues/queue/maintenance').set(admin.auth).expect(200).expect('Content-Type', /text\/html/);
  });

  it("lists every queue in Bull Board's JSON API, with their job counts", async () => {
    const res = await t.http.get('/admin/queues/api/queues').set(admin.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const names = res.body.queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
    for (const q of res.body.queues) {
      expect(q.counts).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: expect.any(Number), completed: expect.any(Number), failed: expect.any(Number) }));
      expect(q.readOnlyMode).toBe(false);
    }
  });

  it('lets an admin retry a failed job (and refuses a member with 403)', async () => {
    // The maintenance processor throws on a job name it does not know.
    const added = await maintenance.add(`unknown-${uid()}`, {}, { attempts: 1, jobId: `admin-queues-test.${uid()}` });
    const jobId = added.id!;
    // state first, then the job: read the other way round, the job could predate its failure
    const failed = await waitFor(async () => ((await maintenance.getJobState(jobId)) === 'failed' ? maintenance.getJob(jobId) : undefined), 'the job to fail');
    expect(failed.failedReason).toMatch(/unknown job/);
    const attemptsBefore = failed.attemptsMade;

    // Bull Board shows it among the failed jobs.
    const listed = await t.http.get('/admin/queues/api/queues').query({ activeQueue: QueueName.Maintenance, status: 'failed' }).set(admin.auth).expect(200);
    const queue = listed.body.queues.find((q: { name: string }) => q.name === QueueName.Maintenance);
    expect(queue.jobs.map((j: { id: string }) => j.id)).toContain(jobId);

    const retryPath = `/admin/queues/api/queues/${QueueName.Maintenance}/${encodeURIComponent(jobId)}/retry`;
    expectProblem(await t.http.put(retryPath).set(member.auth), 403, 'FORBIDDEN');
    expectProblem(await t.http.put(retryPath), 401, 'UNAUTHENTICATED');
    const untouched = (await maintenance.getJob(jobId))!;
    expect(await untouched.getState()).toBe('failed');
    expect(untouched.attemptsMade).toBe(attemptsBefore);

    await t.http.put(retryPath).set(admin.auth).expect(204);
    // The worker runs it again (and, as the name is still unknown, it fails again): one more attempt.
    const retried = await waitFor(async () => {
      const job = await maintenance.getJob(jobId);
      return job && job.attemptsMade > attemptsBefore ? job : undefined;
    }, 'the retried job to run again');
    expect(retried.attemptsMade).toBe(attemptsBefore + 1);

    const shown = await t.http.get(`/admin/queues/api/queues/${QueueName.Maintenance}/${encodeURIComponent(jobId)}`).set(admin.auth).expect(200);
    expect(shown.body.job).toMatchObject({ id: jobId, attempts: retried.attemptsMade });
    await (retried as Job).remove();
  });

  it('opens a cookie session for an admin, which the browser then sends to the dashboard', async () => {
    expectProblem(await t.http.post('/admin/queues/session'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http.post('/admin/queues/session').set(member.auth), 403, 'FORBIDDEN');

    const res = await t.http.post('/admin/queues/session').set(admin.auth).expect(204);
    expect(res.headers['cache-control']).toBe('no-store');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/admin\/queues(;|$)/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie!)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    const cookie = setCookie!.split(';')[0];
    expect(cookie).toBe(`${COOKIE}=${admin.token}`);

    // Only the cookie, as a browser sends it: the page, the API and the assets answer.
    const page = await t.http.get('/admin/queues').set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    await t.http.get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    await t.http.get('/admin/queues/static/favicon-32x32.png').set('Cookie', cookie).expect(200);
    // An Authorization header, when sent, is what counts.
    expectProblem(await t.http.get('/admin/queues').set('Cookie', cookie).set(member.auth), 403, 'FORBIDDEN');
    // The cookie is for the dashboard only: the API itself still wants the bearer token.
    expectProblem(await t.http.get('/v1/me').set('Cookie', cookie), 401, 'UNAUTHENTICATED');

    const closed = await t.http.delete('/admin/queues/session').set('Cookie', cookie).expect(204);
    const cleared = ([] as string[]).concat(closed.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('drops the session when the account is no longer an admin', async () => {
    const other = await makeAdmin(t.ds, t.http);
    await t.http.get('/admin/queues/api/queues').set('Cookie', `${COOKIE}=${other.token}`).expect(200);
    await t.ds.query('UPDATE users SET is_admin = false WHERE id = $1', [other.userId]);
    expectProblem(await t.http.get('/admin/queues/api/queues').set('Cookie', `${COOKIE}=${other.token}`), 403, 'FORBIDDEN');
  });

  it('is not part of the OpenAPI document', () => {
    const doc = buildOpenApiDocument(t.app);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
  });
});

describe('queue dashboard by process role', () => {
  it.each([
    ['api', 200],
    ['worker', 404],
  ] as const)('MARKTPLATZ_ROLE=%s answers %i', async (role, status) => {
    const t = await createTestApp({ MARKTPLATZ_ROLE: role });
    try {
      const admin = await makeAdmin(t.ds, t.http);
      const res = await t.http.get('/admin/queues').set(admin.auth);
      expect(res.status).toBe(status);
      if (status === 404) {
        expect(res.body.code).toBe('ROUTE_NOT_FOUND');
        expect(res.headers['cache-control']).toBeUndefined();
      }
    } finally {
      await t.close();
    }
  });
});
