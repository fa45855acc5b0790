import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppError, ErrorCode } from './error-codes';
import { RETRY_AFTER_S, unavailableDependency } from './unavailable';

/** Problem type URIs are stable and documented in the README's error section. */
export const problemType = (code: ErrorCode) => `https://marktplatz.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;

const STATUS_CODE: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const INTERNAL_DETAIL = 'An unexpected error occurred. The request id helps the operators find it.';

/**
 * What of an unexpected error goes to the log: name, message, stack and the database's error
 * code and constraint; never the query's parameters (they can hold password hashes or e-mails).
 */
export function safeError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const driver = (exception as { driverError?: { code?: string; constraint?: string; table?: string } }).driverError;
  return {
    name: exception.name,
    message: exception.message,
    stack: exception.stack,
    ...(driver ? { pgCode: driver.code, constraint: driver.constraint, table: driver.table } : {}),
  };
}

/**
 * Writes every error as application/problem+json (RFC 9457) with a stable `code`, the request
 * id, and for validation failures one entry per field.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status === 503) {
      // a dependency is away (README "Faults"): the client may try again, here or elsewhere
      if (!res.getHeader('Retry-After')) res.setHeader('Retry-After', String(RETRY_AFTER_S));
      if (problem.extra.dependency && !(exception instanceof AppError)) this.logger.warn({ dependency: problem.extra.dependency, err: { name: (exception as Error).name, message: (exception as Error).message } }, 'dependency unavailable');
    } else if (problem.status >= 500) {
      this.logger.error({ err: safeError(exception), requestId: req.id }, 'unhandled error');
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        // Details first: they never override the standard members (a detail named `status` once did).
        ...problem.extra,
        type: problemType(problem.code),
        title: problem.code,
        status: problem.status,
        code: problem.code,
        detail: problem.detail,
        instance: req.originalUrl,
        requestId: req.id,
      });
  }

  private toProblem(exception: unknown): { status: number; code: ErrorCode; detail: string; extra: Record<string, unknown> } {
    if (exception instanceof AppError) {
      return { status: exception.status, code: exception.code, detail: exception.message, extra: exception.details };
    }
    if (exception instanceof ThrottlerException) {
      return { status: 429, code: 'RATE_LIMITED', detail: 'Too many attempts. Wait a minute and try again.', extra: {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      // body-parser's errors reach us wrapped by Nest's Express adapter, with the original as cause
      if ((exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        return { status, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.', extra: {} };
      }
      if (status === 503 && typeof body === 'object' && body && 'details' in body) {
        // a failed readiness check (terminus): keep which dependency is down
        return { status, code: 'SERVICE_UNAVAILABLE', detail: 'A dependency is not available.', extra: body as Record<string, unknown> };
      }
      const code = STATUS_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      // A 5xx thrown by a library says something about the inside: the log has it, the caller gets the generic text.
      if (status >= 500 && status !== 503) return { status, code, detail: INTERNAL_DETAIL, extra: {} };
      return { status, code, detail, extra: {} };
    }
    const dependency = unavailableDependency(exception);
    if (dependency) {
      const name = dependency === 'postgres' ? 'The database' : 'Redis';
      return { status: 503, code: 'SERVICE_UNAVAILABLE', detail: `${name} is not available at the moment. Try again shortly.`, extra: { dependency } };
    }
    return { status: 500, code: 'INTERNAL', detail: INTERNAL_DETAIL, extra: {} };
  }
}
