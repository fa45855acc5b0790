import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/common/openapi';
import { routeTable, type RouteEntry } from '../../src/modules/auth/route-table';
import { buildWorld, WORLD_CONFIG, type World } from '../factories/world';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { isPlainObject, operationOf, SchemaArbitraries, type Schema } from '../utils/openapi-fuzz';
import { entryName, send, Snapshots } from './authorisation/harness';
import { MATRIX, type MatrixEntry } from './authorisation/matrix';

/**
 * Mass assignment (OWASP API3:2023): every write route that takes a body (from the OpenAPI
 * document, so a new one is covered without a line here) gets a valid body from its matrix entry,
 * sent by the record's owner, plus fields a client must never set: ids, owners and creators,
 * status, version, timestamps, roles, scores, counts. The global pipe refuses each of them by name
 * (400, `reason: unknownField`), in nested objects too, and nothing changes. A protected name that
 * a DTO does take must be listed in IN_DTO with the matrix entry showing that it cannot be used on
 * another's record.
 */

/** Fields no client sets, with values that would take a record over for organisation B. */
const protectedFields = (w: World): Record<string, unknown> => ({
  id: randomUUID(),
  organisationId: w.b.organisationId,
  organisationIds: [w.b.organisationId],
  ownerOrganisationId: w.b.organisationId,
  nonprofitId: w.b.organisationId,
  companyId: w.b.organisationId,
  userId: w.b.userId,
  createdBy: w.b.userId,
  createdByUserId: w.b.userId,
  createdByOrganisationId: w.b.organisationId,
  proposedByOrganisationId: w.b.organisationId,
  registeredByUserId: w.b.userId,
  recordedByUserId: w.b.userId,
  authorOrganisationId: w.b.organisationId,
  status: 'published',
  state: 'signed',
  version: 99,
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
  publishedAt: '2020-01-01T00:00:00.000Z',
  deletedAt: null,
  verifiedAt: '2020-01-01T00:00:00.000Z',
  verifiedBy: w.b.userId,
  verification: { verified: true },
  isAdmin: true,
  organiserDistrictIds: [w.tree.borough.id],
  roles: ['admin'],
  passwordHash: 'x',
  score: 1,
  overallScore: 100,
  registeredCount: 0,
  freePlaces: 1000,
  waitlistPosition: 1,
  checkedInAt: '2020-01-01T00:00:00.000Z',
  noShow: false,
  signedAt: '2020-01-01T00:00:00.000Z',
  nonprofitSignedAt: '2020-01-01T00:00:00.000Z',
  companySignedAt: '2020-01-01T00:00:00.000Z',
  confirmedAt: '2020-01-01T00:00:00.000Z',
  allowedActions: ['publish'],
  secretHash: 'x',
  consecutiveFailures: 0,
});

/**
 * Protected names some DTOs rightly take, and why that takes nothing over (the matrix entry
 * that sends it against A's record as every attacker).
 */
const IN_DTO: Record<string, Record<string, { why: string; matrix: string }>> = {
  'POST /v1/marketplaces/:id/registrations': {
    organisationId: { why: 'admins register an organisation by id; members only their own (403 otherwise)', matrix: "POST /v1/marketplaces/:id/registrations (registering A's nonprofit)" },
  },
  'POST /v1/api-clients': {
    organisationIds: { why: 'platform admins make clients for organisations; members only for their own (403 otherwise)', matrix: "POST /v1/api-clients (for A's nonprofit)" },
  },
  'POST /v1/marketplaces/:id/notary-agreements': {
    nonprofitId: { why: "the notary desk records two participants' agreement; only the event's organisers and brokers keep it", matrix: 'POST /v1/marketplaces/:id/notary-agreements' },
    companyId: { why: "the notary desk records two participants' agreement; only the event's organisers and brokers keep it", matrix: 'POST /v1/marketplaces/:id/notary-agreements' },
  },
  'POST /v1/organisations/:id/readiness': {
    version: { why: "the questionnaire's version the answers are for (checked against the active one), not the record's", matrix: 'POST /v1/organisations/:id/readiness' },
  },
};

interface BodySchema {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

describe('mass assignment: protected fields in the body of every write route are refused (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let w: World;
  let doc: OpenAPIObject;
  let routes: RouteEntry[];
  let snapshots: Snapshots;
  let schemas: SchemaArbitraries;

  beforeAll(async () => {
    t = await createTestApp(WORLD_CONFIG, { ownDatabase: 'authz_mass' });
    w = await buildWorld(t);
    doc = buildOpenApiDocument(t.app);
    routes = routeTable(t.app);
    snapshots = new Snapshots(t.ds);
    schemas = new SchemaArbitraries((doc.components?.schemas ?? {}) as Record<string, Schema>);
  }, 240_000);
  afterAll(async () => {
    await w?.close();
    await t?.close();
  });

  const schemaOf = (s: unknown): BodySchema | undefined => schemas.resolve(s as Schema);
  const bodySchema = (r: RouteEntry): BodySchema | undefined => {
    const body = operationOf(doc, r.operationId)?.requestBody;
    return body && schemaOf(Object.values(body.content)[0].schema);
  };
  const writeRoutes = () => routes.filter((r) => !r.route.startsWith('GET ') && bodySchema(r));
  /** The matrix entry whose valid body and owner the test borrows: the first of the route with a body. */
  const entryOf = (r: RouteEntry): MatrixEntry | undefined => MATRIX.find((e) => e.route === r.route && e.body);

  it('finds the write routes with a body in the OpenAPI document, and a valid body for each in the matrix', () => {
    expect(writeRoutes().length).toBeGreaterThan(40);
    expect(writeRoutes().filter((r) => !entryOf(r)).map((r) => r.route)).toEqual([]);
  });

  it('lists a protected name a DTO takes only with the matrix entry that shows it takes nothing over', () => {
    const protectedNames = Object.keys(protectedFields(w));
    const undeclared: string[] = [];
    for (const r of writeRoutes()) {
      const props = Object.keys(bodySchema(r)!.properties ?? {});
      for (const f of props.filter((p) => protectedNames.includes(p))) if (!IN_DTO[r.route]?.[f]) undeclared.push(`${r.route}: ${f}`);
    }
    expect({ 'protected names in a DTO: say in IN_DTO why they take nothing over': undeclared }).toEqual({ 'protected names in a DTO: say in IN_DTO why they take nothing over': [] });
    for (const [route, fields] of Object.entries(IN_DTO)) {
      for (const { matrix } of Object.values(fields)) {
        const entry = MATRIX.find((e) => entryName(e) === matrix);
        expect({ route, matrix, refusesB: typeof entry?.otherOrg === 'number' || /^\d{3} /.test(String(entry?.otherOrg)) }).toEqual({ route, matrix, refusesB: true });
      }
    }
  });

  it.each(MATRIX.filter((e) => e.body && !e.route.startsWith('GET ')).map((e) => [entryName(e), e] as const))('%s', async (_name, entry) => {
    const route = routes.find((r) => r.route === entry.route)!;
    const schema = bodySchema(route);
    if (!schema) return; // the route takes no body
    const allowed = new Set(Object.keys(schema.properties ?? {}));
    const fields = protectedFields(w);
    const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => !allowed.has(k)));
    const valid = entry.body!(w);
    // the same fields inside every nested object of the body (and the first object of each array of objects)
    const nested: Record<string, unknown> = {};
    const nestedNames: string[] = [];
    for (const [key, value] of Object.entries(valid)) {
      const propSchema = schemaOf((schema.properties ?? {})[key]);
      const inner = (v: Record<string, unknown>, s: BodySchema | undefined, path: string) => {
        const own = new Set(Object.keys(s?.properties ?? {}));
        const add = Object.fromEntries(Object.entries(fields).filter(([k]) => !own.has(k)));
        nestedNames.push(...Object.keys(add).map((k) => `${path}.${k}`));
        return { ...v, ...add };
      };
      if (isPlainObject(value) && propSchema?.properties) nested[key] = inner(value, propSchema, key);
      else if (Array.isArray(value) && isPlainObject(value[0])) {
        const itemSchema = schemaOf((propSchema as { items?: unknown } | undefined)?.items);
        if (itemSchema?.properties) nested[key] = [inner(value[0], itemSchema, `${key}.0`), ...value.slice(1)];
      }
    }
    const caller = entry.owner === 'anyone' ? 'anonymous' : entry.owner;
    const before = await snapshots.take();
    const sent = await send(t, w, entry, caller, { ...extra, ...nested });
    const errors = (sent.res.body?.errors ?? []) as Array<{ field: string; reason: string }>;
    const refused = new Set(errors.filter((e) => e.reason === 'unknownField').map((e) => e.field));
    expect({
      call: sent.description,
      status: sent.res.status,
      code: sent.res.body?.code,
      notRefused: [...Object.keys(extra), ...nestedNames].filter((f) => !refused.has(f)),
      changed: Snapshots.diff(before, await snapshots.take()),
    }).toEqual({ call: sent.description, status: 400, code: 'VALIDATION_FAILED', notRefused: [], changed: [] });
  });

  it('refuses protected names inside the readiness answers too (a map of question ids)', async () => {
    const entry = MATRIX.find((e) => e.route === 'POST /v1/organisations/:id/readiness')!;
    const before = await snapshots.take();
    const sent = await send(t, w, { ...entry, body: (x) => ({ answers: { ...(entry.body!(x).answers as object), score: 100, 'overall.score': 100 } }) }, 'na');
    expect(sent.res.status).toBe(400);
    expect((sent.res.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(expect.arrayContaining([expect.stringContaining('score')]));
    expect(Snapshots.diff(before, await snapshots.take())).toEqual([]);
  });
});

