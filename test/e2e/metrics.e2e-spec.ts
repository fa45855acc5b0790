import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createServer } from 'node:net';
import { QueueName } from '../../src/queue/jobs';
import { makeTree, publishedNeed, signup, type Member } from '../factories';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';

const TOKEN = 'metrics-e2e-token-0123456789abcdef-XYZ';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe('GET /metrics', () => {
  let t: TestApp;
  let np: Member;

  const scrape = async () => {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: res.text, samples: parse(res.text) };
  };

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    const tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is closed to the public: 401 without the token, with a wrong one, with a user token or an API key header', async () => {
    const none = await t.http.get('/metrics').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    expect(none.text).not.toContain('process_cpu');
    await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await t.http.get('/metrics').set('Authorization', TOKEN).expect(401);
    await t.http.get('/metrics').set(np.auth).expect(401);
    await t.http.get('/metrics').set('X-API-Key', TOKEN).expect(401);
  });

  it('times requests by route pattern (not the raw path) and status', async () => {
    const need = await publishedNeed(t.http, np);
    for (let i = 0; i < 3; i++) await t.http.get(`/v1/needs/${need.id}`).set(np.auth).expect(200);
    await t.http.get(`/v1/needs/00000000-0000-4000-8000-000000000000`).set(np.auth).expect(404);
    await t.http.get('/v1/no-such-route').expect(404);
    await t.http.get('/v1/me').expect(401);
    const { text, samples } = await scrape();
    expect(value(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/v1/needs/:id', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(value(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/v1/needs/:id', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/v1/me', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/v1/needs/:id', status: '200', le: '+Inf' })).toBeGreaterThanOrEqual(3);
    // one series per route: no id, no unknown path in the labels
    expect(text).not.toContain(need.id);
    expect(text).not.toContain('no-such-route');
  });

  it('has the process defaults, queue depths per queue and state, and job durations and failures per job name', async () => {
    const need = await publishedNeed(t.http, np);
    const matching = t.app.get<Queue>(getQueueToken(QueueName.Matching));
    await waitFor(async () => ((await matching.getJobState(`match-need.${need.id}.v2`)) === 'completed' ? true : undefined), 'the match-need job', 20_000);
    // a job this worker cannot run: one failed attempt, no retries left
    const notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    const bad = await notifications.add('no-such-job', {}, { attempts: 1 });
    await waitFor(async () => ((await bad.getState()) === 'failed' ? true : undefined), 'the unknown job to fail');

    const { samples } = await scrape();
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    const counts = await matching.getJobCounts('completed', 'waiting', 'failed');
    expect(value(samples, 'marktplatz_queue_jobs', { queue: 'matching', state: 'completed' })).toBe(counts.completed);
    for (const queue of Object.values(QueueName)) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(samples, 'marktplatz_queue_jobs', { queue, state })).toEqual(expect.any(Number));
    }
    expect(value(samples, 'marktplatz_queue_jobs', { queue: 'notifications', state: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'marktplatz_job_duration_seconds_count', { queue: 'matching', name: 'match-need', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'marktplatz_job_duration_seconds_count', { queue: 'notifications', name: 'no-such-job', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'marktplatz_job_failures_total', { queue: 'notifications', name: 'no-such-job', final: 'true' })).toBeGreaterThanOrEqual(1);
  });

  it('shows the outbox lag: the age of the oldest undelivered event, the pending and the parked count', async () => {
    const before = (await scrape()).samples;
    expect(value(before, 'marktplatz_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    // an event waiting since 90 s (its next attempt in an hour) and a parked one
    const rows = (await t.ds.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, created_at, available_at, attempts, last_error)
       VALUES ('matching', 'match-need', 'metrics-e2e.' || gen_random_uuid(), '{}', now() - interval '90 seconds', now() + interval '1 hour', 3, 'redis down'),
              ('no-such-queue', 'match-need', 'metrics-e2e.' || gen_random_uuid(), '{}', now() - interval '1 day', 'infinity', 5, 'unknown queue')
       RETURNING id`,
    )) as Array<{ id: string }>;
    try {
      const { samples } = await scrape();
      expect(value(samples, 'marktplatz_outbox_lag_seconds')).toBeGreaterThanOrEqual(90);
      expect(value(samples, 'marktplatz_outbox_lag_seconds')).toBeLessThan(24 * 3600); // the parked one does not count
      expect(value(samples, 'marktplatz_outbox_pending')).toBeGreaterThanOrEqual(1);
      expect(value(samples, 'marktplatz_outbox_parked')).toBe(value(before, 'marktplatz_outbox_parked')! + 1);
    } finally {
      await t.ds.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    }
  });

  it('is off (404) while METRICS_TOKEN is unset', async () => {
    const off = await createTestApp();
    try {
      const res = await off.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
      expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await off.close();
    }
  });

  it('the worker role answers it on METRICS_PORT, with the same token', async () => {
    const port = await freePort();
    const worker = await createTestApp({ MARKTPLATZ_ROLE: 'worker', METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) });
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const samples = parse(await res.text());
      expect(value(samples, 'marktplatz_queue_jobs', { queue: 'webhooks', state: 'waiting' })).toEqual(expect.any(Number));
      expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(); // closed with the worker
  });
});
