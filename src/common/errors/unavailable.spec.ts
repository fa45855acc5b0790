import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { AppError } from './error-codes';
import { ProblemFilter } from './problem.filter';
import { unavailableDependency } from './unavailable';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
const queryFailed = (driver: Error) => new QueryFailedError('SELECT 1', [], driver);

describe('unavailableDependency', () => {
  it.each<[string, unknown, 'postgres' | 'redis' | undefined]>([
    ['PostgreSQL refuses the connection (stopped)', socket('ECONNREFUSED'), 'postgres'],
    ['the connection was reset', socket('ECONNRESET'), 'postgres'],
    ['a restart terminated the session (57P01)', queryFailed(pgError('57P01', 'terminating connection due to administrator command')), 'postgres'],
    ['the server is starting up (57P03)', pgError('57P03', 'the database system is starting up'), 'postgres'],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already'), 'postgres'],
    ['statement_timeout (57014)', queryFailed(pgError('57014', 'canceling statement due to statement timeout')), 'postgres'],
    ['a connection exception (08006)', pgError('08006', 'connection failure'), 'postgres'],
    ["pg-pool's wait for a connection ran out", new Error('timeout exceeded when trying to connect'), 'postgres'],
    ['the connection ended in the middle of a query', new Error('Connection terminated unexpectedly'), 'postgres'],
    ['the client-side query timeout', new Error('Query read timeout'), 'postgres'],
    ["a transaction's next statement after its connection broke (TypeORM)", new QueryRunnerAlreadyReleasedError(), 'postgres'],
    ['ioredis gave up on a command', Object.assign(new Error('Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.'), { name: 'MaxRetriesPerRequestError' }), 'redis'],
    ['ioredis without a connection', new Error('Connection is closed.'), 'redis'],
    // not an outage: the request or the code is at fault
    ['a unique violation (23505)', queryFailed(pgError('23505', 'duplicate key value violates unique constraint')), undefined],
    ['a syntax error (42601)', queryFailed(pgError('42601', 'syntax error at or near "SELEC"')), undefined],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')"), undefined],
    ['not an error at all', 'connect ECONNREFUSED', undefined],
  ])('%s', (_, err, expected) => {
    expect(unavailableDependency(err)).toBe(expected);
  });
});

describe('ProblemFilter and unavailable dependencies', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  function run(exception: unknown, preset: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...preset };
    const out: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers };
    const res = {
      status(code: number) {
        out.status = code;
        return this;
      },
      type() {
        return this;
      },
      json(body: Record<string, unknown>) {
        out.body = body;
        return this;
      },
      getHeader: (name: string) => headers[name],
      setHeader: (name: string, value: string) => (headers[name] = value),
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', originalUrl: '/v1/me' }), getResponse: () => res }) } as unknown as ArgumentsHost;
    new ProblemFilter().catch(exception, host);
    return out;
  }

  it('answers a lost database with 503 SERVICE_UNAVAILABLE, the dependency and Retry-After, and no internals', () => {
    const out = run(socket('ECONNREFUSED'));
    expect(out.status).toBe(503);
    expect(out.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'postgres', requestId: 'req-1' });
    expect(out.headers['Retry-After']).toBe('5');
    expect(JSON.stringify(out.body)).not.toContain('5432');
  });

  it('adds Retry-After to a 503 AppError (the rate limiter without Redis) but keeps one already set', () => {
    expect(run(new AppError('SERVICE_UNAVAILABLE', 'no redis', { dependency: 'redis' })).headers['Retry-After']).toBe('5');
    expect(run(new AppError('SERVICE_UNAVAILABLE', 'no redis'), { 'Retry-After': '1' }).headers['Retry-After']).toBe('1');
  });

  it('leaves other errors a 500 without Retry-After', () => {
    const out = run(queryFailed(pgError('42601', 'syntax error')));
    expect(out.status).toBe(500);
    expect(out.headers['Retry-After']).toBeUndefined();
  });
});
