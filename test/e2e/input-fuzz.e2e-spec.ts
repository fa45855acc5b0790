import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from '../../src/common/openapi';
import { routeTable, type RouteEntry } from '../../src/modules/auth/route-table';
import { buildWorld, settle, WORLD_CONFIG, type World } from '../factories/world';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { malformed, operationOf, SchemaArbitraries, type FuzzCase, type Schema } from '../utils/openapi-fuzz';
import { entryName, memberOf, pathOf, Snapshots } from './authorisation/harness';
import { MATRIX, type MatrixEntry } from './authorisation/matrix';

/**
 * Bad input (OWASP API8/API4): a property-based fuzzer drives every write route that takes a body
 * (found in the OpenAPI document, so a new one is fuzzed without a line here) with bodies generated
 * from its schema and mutated from a valid one: wrong types, nulls, huge strings, unicode and NUL
 * bytes, deep nesting, negative and enormous numbers, dates past every edge, huge arrays, malformed
 * JSON and other content types. The record's owner sends them (so the request passes
 * authentication and reaches validation and the service). Every answer is checked:
 *
 * - never a 5xx;
 * - every error is problem+json with a stable code and the status, a 400 names field and reason;
 * - the status is one the operation documents in the OpenAPI document;
 * - a refused request leaves the database exactly as it was (no partial rows) and adds no job.
 *
 * `npm test` runs FUZZ_RUNS (default 12) cases per route with a fixed seed, so CI is repeatable;
 * `npm run fuzz` runs 300 per route with a new seed each time and prints it (FUZZ_SEED repeats a
 * run, FUZZ_ROUTE narrows it to routes containing that text).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261203);
const ONLY = process.env.FUZZ_ROUTE;

interface Verdict {
  status: number;
  problems: string[];
}

/** What is wrong with an answer, if anything. */
function judge(res: Response): Verdict {
  const problems: string[] = [];
  const body = res.body as { code?: unknown; status?: unknown; errors?: Array<{ field?: unknown; reason?: unknown }> } | undefined;
  if (res.status >= 500) problems.push(`answered ${res.status} ${String(body?.code ?? '')}`);
  if (res.status >= 400) {
    if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) problems.push(`content-type ${res.headers['content-type']}, not problem+json`);
    if (typeof body?.code !== 'string' || !/^[A-Z_]+$/.test(body.code)) problems.push(`no stable code: ${JSON.stringify(body?.code)}`);
    if (body?.status !== res.status) problems.push(`body status ${JSON.stringify(body?.status)} for ${res.status}`);
    if (res.status === 400 && body?.code === 'VALIDATION_FAILED') {
      if (!Array.isArray(body.errors) || !body.errors.length) problems.push('VALIDATION_FAILED without errors');
      else if (body.errors.some((e) => typeof e.field !== 'string' || typeof e.reason !== 'string')) problems.push(`an error without field and reason: ${JSON.stringify(body.errors.slice(0, 3))}`);
    }
    if (/\bat .+\.(?:js|ts):\d+/.test(res.text ?? '') || /"stack"/.test(res.text ?? '')) problems.push('a stack trace in the body');
  }
  return { status: res.status, problems };
}

describe('input fuzzing: every write route, bodies from its OpenAPI schema, mutated (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let w: World;
  let doc: OpenAPIObject;
  let routes: RouteEntry[];
  let snapshots: Snapshots;
  let arbitraries: SchemaArbitraries;
  const tally = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    t = await createTestApp(WORLD_CONFIG, { ownDatabase: 'fuzz' });
    w = await buildWorld(t);
    doc = buildOpenApiDocument(t.app);
    routes = routeTable(t.app);
    snapshots = new Snapshots(t.ds);
    arbitraries = new SchemaArbitraries((doc.components?.schemas ?? {}) as Record<string, Schema>);
    console.log(`input fuzz: seed ${SEED}, ${RUNS} cases per route (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} repeats this run)`);
  }, 240_000);
  afterAll(async () => {
    if (tally.size) {
      const lines = [...tally].map(([route, byStatus]) => `${route.padEnd(62)} ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
      console.log(`input fuzz: answers by route and status (seed ${SEED})\n${lines.join('\n')}`);
    }
    await w?.close();
    await t?.close();
  });

  const bodySchemaOf = (r: RouteEntry): Schema | undefined => {
    const body = operationOf(doc, r.operationId)?.requestBody;
    return body && Object.values(body.content)[0].schema;
  };
  /** The statuses the operation's OpenAPI entry documents. */
  const documentedStatuses = (r: RouteEntry): Set<string> => new Set(Object.keys(operationOf(doc, r.operationId)?.responses ?? {}));
  const writeRoutes = () => routes.filter((r) => !r.route.startsWith('GET ') && (!ONLY || r.route.includes(ONLY)));
  /** The matrix entry whose record, valid body and owner the fuzzer borrows: the first of the route with a body (or any, for routes without one). */
  const entryOf = (r: RouteEntry): MatrixEntry | undefined => MATRIX.find((e) => e.route === r.route && e.body) ?? MATRIX.find((e) => e.route === r.route);

  /** Sends one case as the entry's owner; checks the answer and that a refusal changed nothing. */
  async function attempt(entry: MatrixEntry, c: FuzzCase): Promise<void> {
    const [method] = entry.route.split(' ');
    const caller = entry.owner === 'anyone' ? 'anonymous' : entry.owner;
    let req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method.toLowerCase()](pathOf(entry, w)).query(entry.query?.(w) ?? {});
    const member = memberOf(w, entry, caller);
    if (member) req = req.set(member.auth);
    req = c.kind === 'json' ? req.set('Content-Type', 'application/json').send(JSON.stringify(c.body)) : req.set('Content-Type', c.contentType).send(c.text);
    const before = await snapshots.take();
    const res = await req;
    const verdict = judge(res);
    const route = routes.find((r) => r.route === entry.route)!;
    const documented = documentedStatuses(route);
    if (documented.size && !documented.has(String(res.status))) verdict.problems.push(`${res.status} ${res.body?.code} is not among the documented responses (${[...documented].join(', ')})`);
    if (c.kind === 'raw' && c.expect && (res.status !== c.expect.status || res.body?.code !== c.expect.code)) verdict.problems.push(`answered ${res.status} ${res.body?.code}, not ${c.expect.status} ${c.expect.code}`);
    const byStatus = tally.get(entry.route) ?? new Map<number, number>();
    byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
    tally.set(entry.route, byStatus);
    if (res.status < 400) {
      // a generated body can be valid: it may change the world, and the jobs it starts must finish before the next snapshot
      await settle(t);
    } else {
      const changed = Snapshots.diff(before, await snapshots.take());
      if (changed.length) verdict.problems.push(`refused with ${res.status} ${res.body?.code} but changed ${changed.join(', ')}`);
    }
    if (verdict.problems.length) throw new Error(`${entry.route} as ${caller}, ${c.label}: ${verdict.problems.join('; ')}`);
  }

  it('finds the write routes of the route table, and a matrix entry (record, owner, valid body) for each', () => {
    expect(writeRoutes().length).toBeGreaterThan(ONLY ? 0 : 60);
    expect(writeRoutes().filter((r) => !entryOf(r)).map((r) => r.route)).toEqual([]);
    expect(writeRoutes().filter((r) => bodySchemaOf(r) && !entryOf(r)?.body).map((r) => r.route)).toEqual([]);
  });

  describe('bodies from the schema, mutated', () => {
    const withBody = () => writeRoutes().filter((r) => bodySchemaOf(r));
    it.each(MATRIX.filter((e) => !e.route.startsWith('GET ') && e.body && MATRIX.find((x) => x.route === e.route && x.body) === e && (!ONLY || e.route.includes(ONLY))).map((e) => [entryName(e), e] as const))(
      '%s',
      async (_name, entry) => {
        const route = withBody().find((r) => r.route === entry.route);
        // a matrix entry with a body for a route whose OpenAPI entry has none: the document or the entry is wrong
        expect({ route: entry.route, bodyInOpenApi: !!route }).toEqual({ route: entry.route, bodyInOpenApi: true });
        const cases = arbitraries.bodyCases(bodySchemaOf(route!), entry.body!(w));
        await fc.assert(
          fc.asyncProperty(cases, (c) => attempt(entry, c)),
          { numRuns: RUNS, seed: SEED, endOnFailure: false },
        );
      },
      30 * 60_000,
    );
  });

  it('every write route, with or without a body, answers malformed JSON and foreign content types with a 4xx and changes nothing', async () => {
    for (const route of writeRoutes()) {
      const entry = entryOf(route)!;
      await fc.assert(
        fc.asyncProperty(malformed(entry.body?.(w) ?? {}), (c) => attempt(entry, c)),
        { numRuns: Math.max(3, Math.ceil(RUNS / 4)), seed: SEED },
      );
    }
  }, 30 * 60_000);
});
