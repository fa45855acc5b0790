import { ArgumentsHost, BadRequestException, ForbiddenException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { AppError } from './error-codes';
import { ProblemFilter, safeError } from './problem.filter';

function run(exception: unknown) {
  const out: { status?: number; type?: string; body?: Record<string, unknown> } = {};
  const res = {
    status(code: number) {
      out.status = code;
      return this;
    },
    type(t: string) {
      out.type = t;
      return this;
    },
    json(body: Record<string, unknown>) {
      out.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', originalUrl: '/v1/x' }), getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return out;
}

describe('ProblemFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it.each([
    ['an AppError keeps its code, status and details', new AppError('MONEY_NOT_ALLOWED', 'no money', { rule: 'everything-but-money' }), 422, 'MONEY_NOT_ALLOWED'],
    ['a 404 from Nest is ROUTE_NOT_FOUND', new NotFoundException('Cannot GET /v1/x'), 404, 'ROUTE_NOT_FOUND'],
    ['a 403 from Nest is FORBIDDEN', new ForbiddenException(), 403, 'FORBIDDEN'],
    ['a plain 400 is VALIDATION_FAILED', new BadRequestException('bad'), 400, 'VALIDATION_FAILED'],
    ['a 400 caused by body-parser is MALFORMED_JSON', new BadRequestException('Unexpected end', { cause: Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed' }) }), 400, 'MALFORMED_JSON'],
    ['a 413 is PAYLOAD_TOO_LARGE', new HttpException('request entity too large', 413), 413, 'PAYLOAD_TOO_LARGE'],
    ['anything else is a 500 INTERNAL', new Error('connection string postgres://secret@db'), 500, 'INTERNAL'],
  ])('%s', (_, exception, status, code) => {
    const out = run(exception);
    expect(out.status).toBe(status);
    expect(out.type).toBe('application/problem+json');
    expect(out.body).toMatchObject({ status, code, title: code, requestId: 'req-1', instance: '/v1/x' });
    expect(out.body?.type).toBe(`https://marktplatz.example/problems/${code.toLowerCase().replace(/_/g, '-')}`);
  });

  it('never leaks the message of an unexpected error', () => {
    expect(JSON.stringify(run(new Error('connection string postgres://secret@db')).body)).not.toContain('secret');
  });

  it('keeps AppError details such as field errors', () => {
    const out = run(new AppError('VALIDATION_FAILED', 'bad', { errors: [{ field: 'a', reason: 'b', message: 'c' }] }));
    expect(out.body?.errors).toEqual([{ field: 'a', reason: 'b', message: 'c' }]);
  });

  it('logs failed queries without their parameters', () => {
    const err = Object.assign(new Error('null value in column "name"'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO "users" ...',
      parameters: ['anna@verein.example', 'scrypt$32768$8$1$salt$hash'],
      driverError: { code: '23502', table: 'users', constraint: undefined },
    });
    const logged = JSON.stringify(safeError(err));
    expect(logged).not.toContain('scrypt$');
    expect(logged).not.toContain('anna@verein.example');
    expect(safeError(err)).toMatchObject({ name: 'QueryFailedError', pgCode: '23502', table: 'users' });
  });
});
