import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import { buildOpenApiDocument } from '../../common/openapi';
import { loadConfig } from '../../config/env';
import { configureApp } from '../../configure-app';
import { routeTable, type RouteEntry } from './route-table';

/**
 * Every route decides what an API key may do there: it carries an @ApiScope, or it is listed
 * here. A new endpoint without that decision fails this suite.
 */

/** Public routes without a scope: a key is checked, counted and logged, and then answered as an anonymous caller. */
const ANSWERED_AS_ANONYMOUS = [
  'DELETE /admin/queues/session',
  'GET /health/live',
  'GET /health/ready',
  'GET /v1/districts',
  'GET /v1/districts/:id',
  'GET /v1/districts/:id/matching-weights',
  'POST /v1/auth/login',
  'POST /v1/auth/signup',
];

/** Closed to keys (403): users only. */
const CLOSED_TO_KEYS = [
  // a person's own account and inbox
  'GET /v1/me',
  'GET /v1/me/notifications',
  'POST /v1/me/notifications/:id/read',
  'POST /v1/me/notifications/read-all',
  // personal data: exports and account deletion
  'GET /v1/me/export',
  'DELETE /v1/me',
  'GET /v1/organisations/:id/export',
  'DELETE /v1/organisations/:id',
  // API clients: a key never makes, widens, rotates or revives keys
  'GET /v1/api-clients',
  'GET /v1/api-clients/:id',
  'GET /v1/api-clients/:id/audit',
  'POST /v1/api-clients',
  'POST /v1/api-clients/:id/revoke',
  'POST /v1/api-clients/:id/rotate',
  // admins
  'POST /admin/queues/session',
  'DELETE /v1/districts/:id',
  'PATCH /v1/districts/:id',
  'POST /v1/districts',
  'POST /v1/matching/rematch-all',
  'PUT /v1/users/:id/organiser-districts',
  // organisers: districts, matching, verification, reports
  'GET /v1/jobs/:id',
  'GET /v1/matches',
  'POST /v1/districts/:id/rematch',
  'PUT /v1/districts/:id/matching-weights',
  'PUT /v1/organisations/:id/verification',
  'DELETE /v1/organisations/:id/verification',
  'GET /v1/reports/districts/:id',
  // organisers: rounds
  'GET /v1/rounds',
  'GET /v1/rounds/:id',
  'GET /v1/rounds/:id/plan',
  'GET /v1/rounds/:id/report',
  'GET /v1/rounds/:id/venues',
  'PATCH /v1/rounds/:id',
  'POST /v1/rounds',
  'POST /v1/rounds/:id/cancel',
  'POST /v1/rounds/:id/confirm',
  'POST /v1/rounds/:id/plan',
  'POST /v1/rounds/:id/venues',
  'PUT /v1/rounds/:id/plan',
  'DELETE /v1/rounds/:id/venues/:venueId',
  // organisers and brokers: running a marketplace
  'PATCH /v1/marketplaces/:id',
  'POST /v1/marketplaces',
  'POST /v1/marketplaces/:id/cancel',
  'POST /v1/marketplaces/:id/close',
  'POST /v1/marketplaces/:id/finish',
  'POST /v1/marketplaces/:id/open',
  'POST /v1/marketplaces/:id/reopen',
  'POST /v1/marketplaces/:id/report',
  'POST /v1/marketplaces/:id/start',
  'GET /v1/marketplaces/:id/report',
  'GET /v1/marketplaces/:id/brokers',
  'PUT /v1/marketplaces/:id/brokers/:userId',
  'DELETE /v1/marketplaces/:id/brokers/:userId',
  'GET /v1/marketplaces/:id/notary-agreements',
  'POST /v1/marketplaces/:id/notary-agreements',
  'POST /v1/marketplaces/:id/registrations/:organisationId/check-in',
  'POST /v1/marketplaces/:id/schedule',
  'GET /v1/marketplaces/:id/schedules',
  'GET /v1/marketplaces/:id/schedules/:version',
  'POST /v1/marketplaces/:id/schedules/:version/publish',
  'GET /v1/marketplaces/:id/table-plan',
];

describe('the route table: what API keys may call', () => {
  let app: INestApplication;
  let routes: RouteEntry[];
  let doc: OpenAPIObject;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'development', MARKTPLATZ_ROLE: 'api', LOG_LEVEL: 'silent' });
    app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
    configureApp(app, { docs: false, logger: false });
    routes = routeTable(app);
    doc = buildOpenApiDocument(app);
  });
  afterAll(() => app.close());

  it('finds the routes of every controller', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['POST /v1/needs', 'GET /v1/needs/:id', 'POST /v1/api-clients/:id/rotate']));
    expect(new Set(routes.map((r) => r.route)).size).toBe(routes.length);
  });

  it('gives every route a decision: a scope, or one of the lists', () => {
    const listed = new Set([...ANSWERED_AS_ANONYMOUS, ...CLOSED_TO_KEYS]);
    const undecided = routes.filter((r) => !r.requirement && !listed.has(r.route)).map((r) => r.route);
    expect(undecided).toEqual([]);
  });

  it('lists no route twice, none that has a scope, and none that no longer exists', () => {
    const all = [...ANSWERED_AS_ANONYMOUS, ...CLOSED_TO_KEYS];
    expect(new Set(all).size).toBe(all.length);
    const byRoute = new Map(routes.map((r) => [r.route, r]));
    expect(all.filter((r) => !byRoute.has(r))).toEqual([]);
    expect(all.filter((r) => byRoute.get(r)?.requirement)).toEqual([]);
  });

  it('answers as anonymous only on public routes; the closed ones need a user', () => {
    const byRoute = new Map(routes.map((r) => [r.route, r]));
    expect(ANSWERED_AS_ANONYMOUS.filter((r) => !byRoute.get(r)?.isPublic)).toEqual([]);
    expect(CLOSED_TO_KEYS.filter((r) => byRoute.get(r)?.isPublic)).toEqual([]);
  });

  it('opens no admin- or organiser-only route (by role) to keys', () => {
    expect(routes.filter((r) => r.requirement && r.roles.length).map((r) => r.route)).toEqual([]);
  });

  it('reads needs with needs:read and writes them with needs:write', () => {
    const scope = (route: string) => routes.find((r) => r.route === route)?.requiredScope;
    expect(scope('GET /v1/needs')).toBe('needs:read');
    expect(scope('POST /v1/needs')).toBe('needs:write');
    expect(scope('POST /v1/needs/:id/:action')).toBe('needs:write');
    expect(scope('GET /v1/needs/:id/matches')).toBe('matches:read');
    expect(scope('POST /v1/cooperations/:id/agreements/:version/sign')).toBe('cooperations:write');
    expect(scope('GET /v1/marketplaces/:id/agenda')).toBe('marketplaces:read');
  });

  it('documents in the OpenAPI document which operations take a key, and with which scope', () => {
    expect(doc.components?.securitySchemes?.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }));
    const ops = new Map<string, Record<string, unknown>>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        const o = op as { operationId?: string };
        if (o?.operationId) ops.set(o.operationId, o as Record<string, unknown>);
      }
    }
    for (const r of routes) {
      const op = ops.get(r.operationId);
      if (!op) continue; // excluded from the document (none today but the dashboard's own routes)
      const security = (op.security as Array<Record<string, unknown>>).flatMap((s) => Object.keys(s));
      if (r.requiredScope) {
        expect({ route: r.route, scope: op['x-required-scope'], key: security.includes('apiKey') }).toEqual({ route: r.route, scope: r.requiredScope, key: true });
        expect(op.description).toContain(`\`${r.requiredScope}\``);
      } else {
        expect({ route: r.route, scope: op['x-required-scope'], key: security.includes('apiKey') }).toEqual({ route: r.route, scope: undefined, key: false });
      }
    }
    expect(ops.get('Needs_create')?.['x-required-scope']).toBe('needs:write');
  });
});
