import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { newSecret } from '../../src/modules/webhooks/webhooks.service';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeTree, signup, type Member } from '../factories';

interface Delivery {
  id: string;
  status: string;
  lastError: string | null;
  attempts: Array<{ statusCode: number | null; error: string | null; success: boolean }>;
}

/**
 * SSRF protection with the default configuration (no WEBHOOK_ALLOWED_HOSTS): private targets are
 * refused when subscribing, and again at delivery, before any connection is made.
 */
describe('webhooks: SSRF protection without an allow-list', () => {
  let t: TestApp;
  let np: Member;
  let cityId: string;
  let tcp: Server;
  let connections = 0;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_CONNECT_TIMEOUT_MS: '1000' });
    const tree = await makeTree(t.ds);
    cityId = tree.city.id;
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    // a listener on loopback that counts connections: a refused delivery must never reach it
    tcp = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    await t.close();
  });

  const port = () => (tcp.address() as AddressInfo).port;

  it.each<[string, string, string]>([
    ['127.0.0.1 over http', 'http://127.0.0.1:8080/hook', 'httpsRequired'],
    ['127.0.0.1', 'https://127.0.0.1/hook', 'forbiddenAddress'],
    ['10.x', 'https://10.1.2.3/hook', 'forbiddenAddress'],
    ['192.168.x', 'https://192.168.178.1/hook', 'forbiddenAddress'],
    ['the metadata endpoint', 'https://169.254.169.254/latest/meta-data/iam/security-credentials/', 'forbiddenAddress'],
    ['CGNAT', 'https://100.64.0.1/hook', 'forbiddenAddress'],
    ['::1', 'https://[::1]/hook', 'forbiddenAddress'],
    ['::ffff:127.0.0.1', 'https://[::ffff:127.0.0.1]/hook', 'forbiddenAddress'],
    ['fd00::/8 (unique-local)', 'https://[fd00:ec2::254]/hook', 'forbiddenAddress'],
    ['loopback as a decimal number', 'https://2130706433/hook', 'forbiddenAddress'],
    ['a hostname resolving to loopback', 'https://localhost/hook', 'forbiddenAddress'],
    ['a name that does not resolve', 'https://gibt-es-nicht.invalid/hook', 'unresolvable'],
    ['credentials in the URL', 'https://user:pw@93.184.215.14/hook', 'credentialsInUrl'],
  ])('refuses %s when subscribing (422 WEBHOOK_URL_NOT_ALLOWED)', async (_name, url, reason) => {
    const res = await t.http.post('/v1/webhooks').set(np.auth).send({ url, eventTypes: ['need.published'] }).expect(422);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', errors: [{ field: 'url', reason }] });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM webhook_subscriptions WHERE url = $1`, [url])) as unknown[]).toEqual([{ n: 0 }]);
  });

  it('accepts a public https address', async () => {
    // this suite shares the run's database: a district filter of its own city keeps other suites' events away from it
    const res = await t.http.post('/v1/webhooks').set(np.auth).send({ url: 'https://93.184.215.14/hooks/marktplatz', eventTypes: ['need.published'], districtId: cityId }).expect(201);
    expect(res.body).toMatchObject({ status: 'active', url: 'https://93.184.215.14/hooks/marktplatz' });
    await t.http.delete(`/v1/webhooks/${res.body.id}`).set(np.auth).expect(204);
  });

  /** A subscription written past the API (as if its name had resolved to a public address then: DNS rebinding). */
  async function rebound(url: string): Promise<string> {
    const [row] = (await t.ds.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, event_types, district_id, secret) VALUES ($1, $2, '{need.published}', $3, $4) RETURNING id`,
      [np.organisationId, url, cityId, newSecret()],
    )) as Array<{ id: string }>;
    return row.id;
  }

  it.each<[string, (p: number) => string, RegExp]>([
    ['loopback by IP over http', (p) => `http://127.0.0.1:${p}/hook`, /^refused: webhook URLs must use https/],
    ['loopback by IP over https', (p) => `https://127.0.0.1:${p}/hook`, /^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/],
    ['a name that resolves to loopback now', (p) => `https://localhost:${p}/hook`, /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
  ])('checks the address again at delivery and never connects: %s', async (_name, url, error) => {
    const id = await rebound(url(port()));
    const ping = (await t.http.post(`/v1/webhooks/${id}/ping`).set(np.auth).expect(202)).body as Delivery;
    const done = await waitFor(async () => {
      const d = (await t.http.get(`/v1/webhooks/${id}/deliveries/${ping.id}`).set(np.auth).expect(200)).body as Delivery;
      return d.status !== 'pending' ? d : undefined;
    }, 'the ping to settle');
    expect(done.status).toBe('failed');
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0]).toMatchObject({ statusCode: null, success: false });
    expect(done.attempts[0].error).toMatch(error);
    expect(connections).toBe(0);
  });
});
