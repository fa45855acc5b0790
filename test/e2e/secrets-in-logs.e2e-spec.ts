import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { hashPassword } from '../../src/modules/auth/password';
import { ChildApp } from '../utils/child-app';
import { SmtpSink } from '../utils/smtp-sink';
import { currentTestRun } from '../utils/test-env';
import { uid } from '../factories';

/**
 * The built service (`node dist/main.js`, needs `npm run build`) at the most verbose log level,
 * with every kind of credential passing through it: none of them appears in its output.
 */

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('secrets never reach the log', () => {
  const run = currentTestRun();
  const JWT_SECRET = `jwt-${randomBytes(24).toString('hex')}`;
  const SMTP_PASSWORD = `smtp-${randomBytes(12).toString('hex')}`;
  const PASSWORD = `Neckar Brezel ${randomBytes(6).toString('hex')}`;
  let app: ChildApp;
  let sink: SmtpSink;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const port = await freePort();
    app = ChildApp.start('api', {
      NODE_ENV: 'test',
      MARKTPLATZ_ROLE: 'api',
      DATABASE_URL: run.databaseUrl,
      REDIS_URL: run.redisUrl,
      QUEUE_PREFIX: `${run.queuePrefix}-logs${uid()}`,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'trace',
      PORT: String(port),
      JWT_SECRET,
      NOTIFY_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://marktplatz:${SMTP_PASSWORD}@127.0.0.1:${sink.port}`,
      NOTIFY_FROM: 'Marktplatz <noreply@marktplatz.example>',
      DATABASE_POOL_MAX: '2',
    });
    await app.waitForOutput('listening on');
    http = request(`http://127.0.0.1:${port}`);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await sink?.stop();
  });

  it('logs requests with tokens, API keys, cookies and passwords redacted', async () => {
    const pg = new Client({ connectionString: run.databaseUrl });
    await pg.connect();
    let adminEmail: string;
    let districtId: string;
    try {
      adminEmail = `admin-${uid()}@test.example`;
      await pg.query(`INSERT INTO users (email, password_hash, display_name, is_admin) VALUES ($1, $2, 'Admin', true)`, [adminEmail, await hashPassword(PASSWORD)]);
      [{ id: districtId }] = (await pg.query(`INSERT INTO districts (name, slug, level, lat, lon, ancestor_ids) VALUES ('Logstadt', $1, 'city', 48.77, 9.18, '{}') RETURNING id`, [`logstadt-${uid()}`])).rows;
      await pg.query(`UPDATE districts SET ancestor_ids = ARRAY[id] WHERE id = $1`, [districtId]);
    } finally {
      await pg.end();
    }
    const email = `log-${uid()}@test.example`;
    const signup = await http
      .post('/v1/auth/signup')
      .send({ email, password: PASSWORD, displayName: 'Lotte Log', organisation: { kind: 'nonprofit', name: 'Log e.V.', districtId } })
      .expect(201);
    const token: string = signup.body.accessToken;
    await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    await http.post('/v1/auth/login').send({ email, password: `${PASSWORD}-falsch` }).expect(401);
    await http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    const apiKey = `mpk_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url').slice(0, 43)}`;
    await http.get('/v1/needs').set('X-API-Key', apiKey).expect(401);
    const admin = (await http.post('/v1/auth/login').send({ email: adminEmail, password: PASSWORD }).expect(200)).body.accessToken as string;
    const session = await http.post('/admin/queues/session').set('Authorization', `Bearer ${admin}`).expect(204);
    expect(String(session.headers['set-cookie'])).toContain(admin);
    await http.get('/admin/queues/api/queues').set('Cookie', `marktplatz_admin=${admin}`).expect(200);
    await http.get('/health/ready').expect(200);

    // the request lines were written (so the absence below means something) ...
    await app.waitForOutput('"url":"/admin/queues/api/queues"');
    const out = app.output;
    expect(out).toContain('"authorization":"[redacted]"');
    expect(out).toContain('"x-api-key":"[redacted]"');
    expect(out).toContain('"cookie":"[redacted]"');
    expect(out).toContain('"set-cookie":"[redacted]"');
    // ... and no credential is in them
    for (const secret of [JWT_SECRET, SMTP_PASSWORD, PASSWORD, token, admin, apiKey, token.split('.')[2], admin.split('.')[2]]) {
      expect(out).not.toContain(secret);
    }
  }, 60_000);
});
