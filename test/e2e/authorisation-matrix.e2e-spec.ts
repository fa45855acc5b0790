import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/common/openapi';
import { routeTable, type RouteEntry } from '../../src/modules/auth/route-table';
import { buildWorld, WORLD_CONFIG, type World } from '../factories/world';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { ATTACKERS, entryName, expectedRefusal, isSent, leaks, outcomeOf, send, Snapshots, type Sent } from './authorisation/harness';
import { MATRIX, WRITE_CONTROLS, type Attacker, type MatrixEntry } from './authorisation/matrix';

/**
 * The object-level authorisation matrix (OWASP API1:2023): every route of the route table, sent
 * against organisation A's records by a member of organisation B, A's other side (the company on
 * the nonprofit's record and vice versa), an organiser of other districts, B's API key with every
 * scope, and an anonymous caller. Each is refused as the matrix says (problem+json with the
 * code), or answered with nothing of A in it; the database is unchanged after every one of them
 * (an md5 of every table, and no job added). The owner's read of every read entry succeeds, and
 * one write per resource family succeeds at the end, so the matrix cannot pass on a broken world.
 */
describe('authorisation matrix (every route × attacker; real PostgreSQL + Redis, worker in process)', () => {
  let t: TestApp;
  let w: World;
  let routes: Map<string, RouteEntry>;
  let snapshots: Snapshots;
  let baseline: Map<string, string>;

  beforeAll(async () => {
    // a database of its own: the snapshot covers every table, so nobody else may write to it
    t = await createTestApp(WORLD_CONFIG, { ownDatabase: 'authz_matrix' });
    w = await buildWorld(t);
    routes = new Map(routeTable(t.app).map((r) => [r.route, r]));
    snapshots = new Snapshots(t.ds);
    baseline = await snapshots.take();
    expect(await snapshots.take()).toEqual(baseline);
  }, 240_000);
  afterAll(async () => {
    await w?.close();
    await t?.close();
  });

  describe('coverage: the matrix is the route table', () => {
    it('has an entry for every route, and none for a route that no longer exists', () => {
      const inMatrix = new Set(MATRIX.map((e) => e.route));
      const missing = [...routes.keys()].filter((r) => !inMatrix.has(r));
      const stale = [...inMatrix].filter((r) => !routes.has(r));
      expect({
        'routes without a matrix entry: add one to test/e2e/authorisation/matrix.ts (which record of A it names, a valid body, what each attacker gets)': missing,
        'matrix entries for routes that no longer exist: remove them': stale,
      }).toEqual({
        'routes without a matrix entry: add one to test/e2e/authorisation/matrix.ts (which record of A it names, a valid body, what each attacker gets)': [],
        'matrix entries for routes that no longer exist: remove them': [],
      });
    });

    it('tells entries of one route apart by their labels', () => {
      const names = MATRIX.map(entryName);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });

    it('gives every route that takes a request body (OpenAPI) a valid body', () => {
      const doc: OpenAPIObject = buildOpenApiDocument(t.app);
      const withBody = new Set<string>();
      for (const r of routes.values()) {
        const op = operation(doc, r);
        if (op?.requestBody) withBody.add(r.route);
      }
      const lacking = MATRIX.filter((e) => withBody.has(e.route) && !e.body).map(entryName);
      expect({ 'entries of routes with a request body but no body: add `body`': lacking }).toEqual({ 'entries of routes with a request body but no body: add `body`': [] });
    });
  });

  describe('every entry, every attacker: refused (or answered with nothing of A), nothing changed', () => {
    it.each(MATRIX.map((e) => [entryName(e), e] as const))('%s', async (_name, entry) => {
      const route = routes.get(entry.route);
      if (!route) throw new Error(`${entry.route} is not in the route table (see the coverage test)`);
      const problems: string[] = [];
      for (const attacker of ATTACKERS) {
        const outcome = outcomeOf(entry, route, attacker);
        if (!isSent(entry, outcome)) continue;
        const sent = await send(t, w, entry, attacker);
        problems.push(...(await unchanged(sent)), ...check(entry, sent, outcome, attacker));
      }
      // the positive control of a read: its owner gets it (so a refusal above is not a broken world)
      if (entry.route.startsWith('GET ') && entry.owner !== 'anyone' && !entry.noControl) {
        const sent = await send(t, w, entry, entry.owner);
        if (sent.res.status >= 300) problems.push(`${sent.description} (the owner): expected 2xx, got ${sent.res.status} ${sent.res.body?.code ?? ''}`);
        problems.push(...(await unchanged(sent)));
      }
      expect(problems).toEqual([]);
    });
  });

  describe("B's key naming A's organisation (X-Organisation-Id)", () => {
    it('is refused on every route open to keys (400 on the header), changing nothing', async () => {
      const problems: string[] = [];
      for (const route of [...routes.values()].filter((r) => r.requiredScope)) {
        const entry = MATRIX.find((e) => e.route === route.route)!;
        const sent = await send(t, w, entry, 'otherKey', {}, { 'X-Organisation-Id': w.na.organisationId });
        const field = (sent.res.body?.errors ?? [])[0] as { field?: string; reason?: string } | undefined;
        if (sent.res.status !== 400 || field?.field !== 'X-Organisation-Id' || field.reason !== 'notAllowed') {
          problems.push(`${sent.description} with X-Organisation-Id of A: expected 400 on X-Organisation-Id, got ${sent.res.status} ${JSON.stringify(sent.res.body?.errors ?? sent.res.body?.code)}`);
        }
        problems.push(...(await unchanged(sent)), ...leaks(w, sent).map((id) => `${sent.description}: leaked ${id}`));
      }
      expect(problems).toEqual([]);
    });
  });

  describe('positive controls: one write per resource family by its owner succeeds and changes the database', () => {
    it.each(WRITE_CONTROLS.map((c) => [c.label ? `${c.route} (${c.label})` : c.route, c] as const))('%s', async (_name, control) => {
      const entry = MATRIX.find((e) => e.route === control.route && e.label === control.label);
      if (!entry) throw new Error(`no matrix entry ${control.route} ${control.label ?? ''}`);
      const before = await snapshots.take();
      const sent = await send(t, w, entry, entry.owner);
      expect({ call: sent.description, status: sent.res.status < 300 ? 'ok' : `${sent.res.status} ${JSON.stringify(sent.res.body)}` }).toEqual({ call: sent.description, status: 'ok' });
      expect(Snapshots.diff(before, await snapshots.take())).not.toEqual([]);
    });
  });

  /** The database and the queues as they were before the request (else: what changed, and a new baseline). */
  async function unchanged(sent: Sent): Promise<string[]> {
    const after = await snapshots.take();
    const changed = Snapshots.diff(baseline, after);
    if (!changed.length) return [];
    baseline = after;
    return [`${sent.description}: changed ${changed.join(', ')} (answered ${sent.res.status})`];
  }

  function check(entry: MatrixEntry, sent: Sent, outcome: ReturnType<typeof outcomeOf>, attacker: Attacker): string[] {
    const out: string[] = [];
    const { res } = sent;
    const leaked = leaks(w, sent, entry, attacker);
    if (leaked.length) out.push(`${sent.description}: the answer contains private ids of A: ${leaked.join(', ')}`);
    const refusal = expectedRefusal(entry, outcome);
    const problemJson = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
    const got = `${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
    if (refusal === 'any4xx') {
      if (res.status < 400 || res.status >= 500 || !problemJson) out.push(`${sent.description}: expected a 4xx problem+json, got ${got}`);
    } else if (refusal) {
      if (res.status !== refusal.status || (refusal.code && res.body?.code !== refusal.code) || !problemJson) {
        out.push(`${sent.description}: expected ${refusal.status}${refusal.code ? ` ${refusal.code}` : ''}, got ${got}`);
      }
    } else if (res.status >= 300) {
      out.push(`${sent.description}: expected 2xx (${outcome}), got ${got}`);
    }
    return out;
  }
});

function operation(doc: OpenAPIObject, r: RouteEntry): { requestBody?: unknown } | undefined {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, { operationId?: string; requestBody?: unknown }>)) {
      if (op?.operationId === r.operationId) return op;
    }
  }
  return undefined;
}
