import { preflight, PreflightError } from '../../src/bootstrap/preflight';
import { loadConfig } from '../../src/config/env';
import { OutboxRelay } from '../../src/queue/outbox.relay';
import { createTestApp } from '../utils/create-test-app';
import { currentTestRun } from '../utils/test-env';
import { waitFor } from '../utils/wait-for';
import { makeTree, needBody, signup } from '../factories';

describe('runtime: roles and start-up checks', () => {
  it('names each unreachable dependency and how to start it', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/marktplatz', REDIS_URL: 'redis://127.0.0.1:1' });
    const err = await preflight(config).catch((e: Error) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/PostgreSQL is not reachable at 127\.0\.0\.1:1 .*pg_ctlcluster/s);
    expect((err as Error).message).toMatch(/Redis is not reachable at 127\.0\.0\.1:1 .*redis-server/s);
  });

  it('says how to create a missing database', async () => {
    const url = new URL(currentTestRun().databaseUrl);
    url.pathname = '/marktplatz_does_not_exist';
    const err = await preflight(loadConfig({ DATABASE_URL: url.toString(), REDIS_URL: currentTestRun().redisUrl })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/database does not exist.*npm run cli -- db:create/s);
    expect((err as Error).message).not.toMatch(/Redis/);
  });

  it('passes when both answer', async () => {
    await expect(preflight(loadConfig({ DATABASE_URL: currentTestRun().databaseUrl, REDIS_URL: currentTestRun().redisUrl }))).resolves.toBeUndefined();
  });

  it('MARKTPLATZ_ROLE=api serves HTTP without relaying: events wait for a worker', async () => {
    const api = await createTestApp({ MARKTPLATZ_ROLE: 'api' });
    try {
      expect(() => api.app.get(OutboxRelay, { strict: false })).toThrow();
      const tree = await makeTree(api.ds);
      const np = await signup(api.http, 'nonprofit', tree.quarter.id);
      const need = (await api.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
      await api.http.post(`/v1/needs/${need.id}/publish`).set(np.auth).expect(200);
      const worker = await createTestApp({ MARKTPLATZ_ROLE: 'worker' });
      try {
        // the worker's relay delivers what the API wrote (other suites' events may be queued before it)
        const relay = worker.app.get(OutboxRelay);
        await waitFor(async () => {
          await relay.relayOnce();
          const [row] = await api.ds.query(`SELECT dispatched_at FROM outbox WHERE payload->>'needId' = $1`, [need.id]);
          return row.dispatched_at ?? undefined;
        }, 'the worker to relay the event');
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
    }
  });
});
