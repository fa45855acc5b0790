import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { SmtpSink } from '../utils/smtp-sink';
import { waitFor } from '../utils/wait-for';
import { WebhookReceiver } from '../utils/webhook-receiver';
import { currentTestRun } from '../utils/test-env';
import { agreementBody } from '../factories/cooperations';
import { proposal, readyCompany, readyNonprofit } from '../factories/cooperations-core';
import { makeTree, PASSWORD, publishedNeed, publishedOffer } from '../factories';

/**
 * "Nothing is sent to third parties", measured: every TCP connection the process opens (and every
 * DNS lookup) is recorded from before the app starts until a whole journey is done: signup,
 * listings, matching in the worker, a proposal, an agreement signed by both, notifications by
 * SMTP, a webhook, an export and a deletion. Only PostgreSQL, Redis, the configured SMTP server
 * and the configured webhook receiver may appear.
 */
describe('no connection to anybody but PostgreSQL, Redis and the configured SMTP and webhook targets', () => {
  const net = require('node:net') as typeof import('node:net');
  const dns = require('node:dns') as typeof import('node:dns');
  const connections: string[] = [];
  const lookups: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let server: Server;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: import('node:net').Socket, ...args: unknown[]) {
      // Node's own callers pass their normalised arguments as one array: [options, callback]
      const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [unknown, unknown];
      if (first && typeof first === 'object') {
        const o = first as { host?: string; port?: number; path?: string };
        connections.push(o.path ? `unix:${o.path}` : `${o.host ?? 'localhost'}:${o.port}`);
      } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
        connections.push(`${typeof second === 'string' ? second : 'localhost'}:${first}`);
      } else {
        connections.push(`unix:${String(first)}`);
      }
      return (originalConnect as (...a: unknown[]) => import('node:net').Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
      lookups.push(hostname);
      return (originalLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
    };
    sink = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    t = await createTestApp({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: sink.url, NOTIFY_FROM: 'Marktplatz <noreply@marktplatz.example>', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    server = t.app.getHttpServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }, 60_000);
  afterAll(async () => {
    net.Socket.prototype.connect = originalConnect;
    (dns as { lookup: unknown }).lookup = originalLookup;
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    await sink?.stop();
    await receiver?.close();
  });

  it('holds for a whole journey', async () => {
    const tree = await makeTree(t.ds);
    const np = await readyNonprofit(http, tree.quarter.id);
    const company = await readyCompany(http, tree.quarter.id);
    const hook = (await http.post('/v1/webhooks').set(company.auth).send({ url: receiver.url('/marktplatz'), eventTypes: ['cooperation.*'] }).expect(201)).body;
    receiver.secret('/marktplatz', hook.secret);
    const need = await publishedNeed(http, np);
    await publishedOffer(http, company);
    await waitFor(async () => ((await http.get(`/v1/needs/${need.id}/matches`).set(np.auth).expect(200)).body.items.length ? true : undefined), 'a match', 30_000);
    const coop = await proposal(http, company, { needId: need.id });
    await http.post(`/v1/cooperations/${coop.id}/accept`).set(np.auth).expect(200);
    const draft = (await http.post(`/v1/cooperations/${coop.id}/agreements`).set(np.auth).send(agreementBody()).expect(201)).body;
    for (const m of [np, company]) await http.post(`/v1/cooperations/${coop.id}/agreements/1/sign`).set(m.auth).send({ contentHash: draft.contentHash }).expect(200);
    await waitFor(() => (sink.mails.length >= 3 ? true : undefined), 'notification mails', 30_000);
    await waitFor(() => (receiver.to('/marktplatz').length >= 3 ? true : undefined), 'webhook deliveries', 30_000);
    expect(receiver.to('/marktplatz').every((r) => r.verified)).toBe(true);
    await http.get(`/v1/organisations/${np.organisationId}/export`).set(np.auth).expect(200);
    await http.delete(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ password: PASSWORD }).expect(200);
    await http.get(`/v1/cooperations/${coop.id}/agreements`).set(company.auth).expect(200);

    const run = currentTestRun();
    const pg = new URL(run.databaseUrl);
    const redis = new URL(run.redisUrl);
    const allowed = new Set([
      `${pg.hostname}:${pg.port || 5432}`,
      `${redis.hostname}:${redis.port || 6379}`,
      `127.0.0.1:${sink.port}`,
      `127.0.0.1:${receiver.port}`,
      // this test's own client calling the app
      `127.0.0.1:${(server.address() as AddressInfo).port}`,
    ]);
    expect(connections.length).toBeGreaterThan(0);
    expect([...new Set(connections)].filter((c) => !allowed.has(c))).toEqual([]);
    // PostgreSQL, Redis, SMTP and the receiver were all really used
    for (const target of [...allowed].slice(0, 4)) expect(connections).toContain(target);
    expect(lookups.filter((h) => !['127.0.0.1', 'localhost', '::1'].includes(h))).toEqual([]);
  }, 120_000);
});
