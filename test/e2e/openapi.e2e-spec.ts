import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaTypeObject, OpenAPIObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { generateOpenApi, OPENAPI_FILE } from '../../src/bin/generate-openapi';
import { serialiseOpenApi } from '../../src/common/openapi';

/**
 * Generated schemas that cannot carry an example of their own, with the reason. Keep it short:
 * everything a DTO declares gets `example` on its @ApiProperty (shared values in
 * src/common/examples.ts; @ApiExamples for properties a DTO inherits).
 */
const EXAMPLE_EXCEPTIONS: Record<string, string> = {};

type Schema = SchemaObject | ReferenceObject;
const isRef = (s: object): s is ReferenceObject => '$ref' in s;

/** A property is exemplified by its own example, or by the component schema it refers to (checked on its own). */
function lacksExample(s: Schema): boolean {
  if (isRef(s) || s.example !== undefined) return false;
  if (s.allOf?.length && s.allOf.every(isRef)) return false;
  if (s.type === 'array' && s.items && isRef(s.items)) return false;
  if (s.type === 'object' && s.properties) return Object.values(s.properties).some(lacksExample);
  return true;
}

/** Where the document lacks an example: schema properties, bodies, parameters and headers, problem codes. */
function exampleGaps(doc: OpenAPIObject): { properties: string[]; bodies: string[]; parameters: string[]; problems: string[] } {
  const gaps = { properties: [] as string[], bodies: [] as string[], parameters: [] as string[], problems: [] as string[] };
  const schemas = doc.components?.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (isRef(schema)) continue;
    for (const [prop, s] of Object.entries(schema.properties ?? {})) {
      const key = `${name}.${prop}`;
      if (!(key in EXAMPLE_EXCEPTIONS) && lacksExample(s)) gaps.properties.push(key);
    }
  }
  const componentParams = doc.components?.parameters ?? {};
  for (const [name, header] of Object.entries(doc.components?.headers ?? {})) {
    if (!isRef(header) && header.example === undefined && (!header.schema || lacksExample(header.schema))) gaps.parameters.push(`components header ${name}`);
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) {
        const param = isRef(p) ? (componentParams[p.$ref.split('/').pop()!] as ParameterObject) : p;
        if (param.example === undefined && param.examples === undefined && (!param.schema || lacksExample(param.schema))) gaps.parameters.push(`${where} ${param.in} ${param.name}`);
      }
      const bodies: [string, MediaTypeObject][] = [];
      if (op.requestBody && !isRef(op.requestBody)) bodies.push(...Object.entries(op.requestBody.content).map(([t, m]) => [`request ${t}`, m] as [string, MediaTypeObject]));
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || isRef(response)) continue;
        for (const [name, header] of Object.entries(response.headers ?? {})) {
          if (!isRef(header) && header.example === undefined && (!header.schema || lacksExample(header.schema))) gaps.parameters.push(`${where} ${status} header ${name}`);
        }
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (type === 'application/problem+json') {
            const codes = response.description.split(', ');
            const examples = (media.examples ?? {}) as Record<string, { value: { code?: string; status?: number } }>;
            for (const code of codes) {
              const value = examples[code]?.value;
              if (value?.code !== code || value.status !== Number(status)) gaps.problems.push(`${where} ${status} ${code}`);
            }
          } else bodies.push([`${status} ${type}`, media]);
        }
      }
      for (const [what, media] of bodies) {
        if (media.example !== undefined || media.examples !== undefined) continue;
        const schema = media.schema && isRef(media.schema) ? schemas[media.schema.$ref.split('/').pop()!] : media.schema;
        // a component schema is checked property by property above; one without properties needs an example of its own
        const bare = !!schema && !isRef(schema) && !schema.properties && schema.example === undefined;
        if (!schema || (media.schema && isRef(media.schema) ? bare : lacksExample(schema))) gaps.bodies.push(`${where} ${what}`);
      }
    }
  }
  return gaps;
}

describe('OpenAPI spec', () => {
  it('openapi/openapi.json is what the code generates (run `npm run build && npm run openapi` after changing the API)', async () => {
    const generated = serialiseOpenApi(await generateOpenApi());
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
  });

  it('openapi/marktplatz-api.d.ts (the typed client\'s types) is what openapi-typescript makes of the committed spec (run `npm run openapi:client`)', async () => {
    // openapi-typescript is an ES module with ES-module dependencies: run its CLI as partners do.
    const root = join(__dirname, '..', '..');
    const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const generated = execFileSync(process.execPath, [cli, OPENAPI_FILE, '--alphabetize'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(readFileSync(join(root, 'openapi', 'marktplatz-api.d.ts'), 'utf8')).toBe(generated);
  });

  it('documents every resource under /v1 with problem+json errors', async () => {
    const doc = await generateOpenApi();
    const paths = Object.keys(doc.paths);
    for (const p of ['/v1/auth/signup', '/v1/auth/login', '/v1/me', '/v1/districts', '/v1/organisations/{id}', '/v1/needs', '/v1/needs/{id}/{action}', '/v1/offers', '/v1/offers/{id}/{action}', '/health/ready']) {
      expect(paths).toContain(p);
    }
    const create = doc.paths['/v1/needs'].post!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
    expect(doc.components?.schemas?.ProblemDto).toBeDefined();
  });

  it('gives every schema property, request and response body, parameter, header and error code an example', async () => {
    const gaps = exampleGaps(await generateOpenApi());
    const report = [
      gaps.properties.length &&
        `${gaps.properties.length} schema properties lack an example: add \`example\` to their @ApiProperty (shared ids, names and dates: ` +
          `src/common/examples.ts; for a property a DTO inherits: @ApiExamples({ name: value }) on the DTO):\n  ${gaps.properties.join('\n  ')}`,
      gaps.bodies.length &&
        `${gaps.bodies.length} bodies lack an example: give their schema's properties examples, or the response an \`example\` (non-JSON bodies):\n  ${gaps.bodies.join('\n  ')}`,
      gaps.parameters.length &&
        `${gaps.parameters.length} parameters or headers lack an example: \`example\` on the query DTO's @ApiProperty, on @ApiHeader/@ApiParam or the header's schema, ` +
          `or a path parameter's entry in PATH_EXAMPLES (src/common/openapi-examples.ts):\n  ${gaps.parameters.join('\n  ')}`,
      gaps.problems.length &&
        `${gaps.problems.length} error codes lack their problem+json example (every code needs an entry in PROBLEM_EXAMPLES, ` +
          `src/common/errors/problem-examples.ts; list codes with @ApiProblems):\n  ${gaps.problems.join('\n  ')}`,
    ].filter(Boolean);
    if (report.length) throw new Error(report.join('\n\n'));
  });

  it('names the security of every operation: bearer, the apiKey scheme (X-API-Key) with X-Organisation-Id, anonymous ones [{}, bearer]', async () => {
    const doc = await generateOpenApi();
    expect(doc.components?.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    expect(doc.components?.parameters?.OrganisationId).toMatchObject({ name: 'X-Organisation-Id', in: 'header', required: false });
    let keyed = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const op = item[method] as (typeof item)['get'] & { 'x-required-scope'?: string };
        if (!op) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const schemes = (op.security ?? []).map((s) => Object.keys(s).join('+'));
        expect([where, schemes.length > 0 && schemes.every((s) => ['', 'bearer', 'apiKey'].includes(s)) && schemes.includes('bearer')]).toEqual([where, true]);
        // every operation has a client error to document (a token that is sent is checked everywhere)
        expect([where, Object.keys(op.responses).some((s) => /^4\d\d$/.test(s))]).toEqual([where, true]);
        if (!schemes.includes('apiKey')) continue;
        keyed++;
        expect([where, op['x-required-scope'], op.parameters]).toEqual([where, expect.any(String), expect.arrayContaining([{ $ref: '#/components/parameters/OrganisationId' }])]);
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['401', '403', '429'])]);
      }
    }
    expect(keyed).toBeGreaterThan(30);
    // public routes of a controller marked @ApiBearerAuth are still open to anonymous callers
    expect(doc.paths['/v1/marketplaces'].get!.security).toEqual([{}, { bearer: [] }, { apiKey: [] }]);
    expect(doc.paths['/v1/marketplaces'].post!.security).toEqual([{ bearer: [] }]); // organisers only, closed to keys
    expect(doc.paths['/health/live'].get!.security).toEqual([{}, { bearer: [] }]);
  });
});
