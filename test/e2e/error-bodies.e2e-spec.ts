import { Controller, Get, InternalServerErrorException, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../../src/modules/auth/decorators';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeTree, signup, uid } from '../factories';

const SECRET_TEXT = 'db-password-hunter2 at /srv/marktplatz/dist/secret.js';

/** Routes that fail the ways real code can fail, mounted in the real app for this suite only. */
@Controller({ path: 'test-failures', version: undefined })
class FailingController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Public() @Get('error')
  error(): never {
    throw new Error(`unexpected: ${SECRET_TEXT}`);
  }

  @Public() @Get('type-error')
  typeError(): unknown {
    const nothing = null as unknown as { deep: { value: string } };
    return nothing.deep.value;
  }

  @Public() @Get('query')
  async query(): Promise<unknown> {
    return this.ds.query(`SELECT secret_column FROM no_such_table WHERE note = '${SECRET_TEXT}'`);
  }

  @Public() @Post('unique')
  async unique(): Promise<unknown> {
    // a unique violation: PostgreSQL's detail names the duplicate value (an e-mail address)
    const [user] = await this.ds.query(`SELECT email FROM users LIMIT 1`);
    return this.ds.query(`INSERT INTO users (email, password_hash, display_name) VALUES ($1, 'x', 'x')`, [user.email]);
  }

  @Public() @Get('thrown-string')
  thrownString(): never {
    throw SECRET_TEXT;
  }

  @Public() @Get('library-500')
  library500(): never {
    throw new InternalServerErrorException(`pool error: postgres://marktplatz:${SECRET_TEXT}@db/mp`);
  }

  @Public() @Get('rejection')
  async rejection(): Promise<never> {
    await new Promise((resolve) => setImmediate(resolve));
    // (a socket code such as ECONNRESET would be read as the database being away: 503, tested in faults.e2e)
    throw Object.assign(new Error(SECRET_TEXT), { code: 'ERR_LIBRARY_FAILURE', config: { auth: SECRET_TEXT } });
  }
}

/** Nothing in a body may tell about the inside: stack frames, file paths, SQL, driver names, the thrown text. */
function expectNothingInternal(body: unknown, text: string): void {
  const serialised = JSON.stringify(body);
  for (const leak of [SECRET_TEXT, 'hunter2', 'stack', 'no_such_table', 'secret_column', 'QueryFailedError', 'TypeError', 'SELECT', 'INSERT', 'node_modules', '/srv/', 'duplicate key', '.ts:', '.js:']) {
    expect(serialised).not.toContain(leak);
    expect(text).not.toContain(leak);
  }
  expect(serialised).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/);
}

describe('error bodies: never a stack trace or an internal message', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { controllers: [FailingController] });
    const tree = await makeTree(t.ds);
    await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  it.each([
    ['a thrown Error', 'get', '/test-failures/error'],
    ['a TypeError', 'get', '/test-failures/type-error'],
    ['a TypeORM QueryFailedError', 'get', '/test-failures/query'],
    ['a unique violation (its detail names the value)', 'post', '/test-failures/unique'],
    ['a thrown string', 'get', '/test-failures/thrown-string'],
    ['a library\'s 500 with its own message', 'get', '/test-failures/library-500'],
    ['a rejected promise with extra properties', 'get', '/test-failures/rejection'],
  ] as const)('%s: 500 INTERNAL with the generic text and the request id', async (_what, method, path) => {
    const res = await t.http[method](path).set('X-Request-Id', `err-${uid()}`).expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type']);
    expect(res.body).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      title: 'INTERNAL',
      detail: 'An unexpected error occurred. The request id helps the operators find it.',
      requestId: res.headers['x-request-id'],
    });
    expectNothingInternal(res.body, res.text);
  });

  it('a body that is not JSON: 400 MALFORMED_JSON, without the parser\'s message or the body', async () => {
    for (const body of ['{"email": "a@b.example", "password": ', "{'single': 'quotes'}", '{"a":1}}', 'null x']) {
      const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' });
      expect(res.text).not.toMatch(/Unexpected|position|token|SyntaxError|single|stack/);
    }
  });

  it('a body over 256 kB: 413 PAYLOAD_TOO_LARGE with a plain text', async () => {
    const res = await t.http.post('/v1/needs').set('Content-Type', 'application/json').send(JSON.stringify({ title: 'x'.repeat(300_000) })).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expectNothingInternal(res.body, res.text);
    expect(res.text).not.toContain('xxxxxxxxxx');
  });

  it('deeply nested JSON is a client error, not a crash', async () => {
    const deep = `{"email":${'['.repeat(50_000)}${']'.repeat(50_000)},"password":"x"}`;
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body', reason: 'tooDeep' }] });
    expectNothingInternal(res.body, res.text);
    // nesting as deep as the limit is judged by the fields' own rules
    const limit = `{"email":"a@b.example","password":"x","extra":${'['.repeat(31)}${']'.repeat(31)}}`;
    expect((await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(limit).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'extra', reason: 'unknownField' })]);
  });

  it('an unsupported content encoding: 415 without internals', async () => {
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'br-x').send('{}').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expectNothingInternal(res.body, res.text);
  });

  it('a body that claims gzip but is not: 400 without internals', async () => {
    const res = await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('not gzip at all');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectNothingInternal(res.body, res.text);
    expect(res.text).not.toMatch(/zlib|incorrect header/);
  });
});
