import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, defer, finalize, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { AppError } from '../../common/errors/error-codes';
import { safeError } from '../../common/errors/problem.filter';
import type { AuthedRequest } from '../auth/decorators';
import { idempotencyRefusal } from './idempotency.decorator';
import type { StoredHeaders } from './idempotency-key.entity';
import { IdempotencyService, type IdempotentRequest, type StoredResponse } from './idempotency.service';
import { IDEMPOTENCY_MAX_BODY_BYTES, isValidIdempotencyKey, principalOf, requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const HEADER_FIELD = IDEMPOTENCY_KEY_HEADER;
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Idempotent POSTs (README "Idempotent writes"). A POST with an Idempotency-Key claims the key
 * for its principal before the handler runs; the response is stored before it is sent, so a
 * retry with the same key and the same request replays it (status, body byte for byte,
 * Content-Type, Location, ETag, plus Idempotent-Replayed: true) without running the handler.
 * An error response releases the claim, so a corrected retry executes.
 *
 * Registered first among the global interceptors (AppModule), so it is the outermost one: what
 * it stores is what the others made of the handler's value, and a replay skips them all.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const raw = req.headers['idempotency-key'];
    // Only POST: PATCH and actions are guarded by If-Match, PUT and DELETE are idempotent by nature.
    if (req.method !== 'POST' || raw === undefined) return next.handle();

    const key = Array.isArray(raw) ? raw.join(', ') : raw;
    if (!isValidIdempotencyKey(key)) {
      throw refused('idempotencyKeyFormat', `${HEADER_FIELD} must be 1 to 255 visible ASCII characters (no spaces), e.g. a UUID; send it once.`);
    }
    const refusal = idempotencyRefusal((k, targets) => this.reflector.getAllAndOverride(k, targets), context.getHandler(), context.getClass());
    if (refusal) throw refused('idempotencyKeyNotAccepted', refusal);
    const actor = req.actor;
    if (!actor) throw refused('idempotencyKeyNotAccepted', `${HEADER_FIELD} needs an authenticated caller: keys are scoped to the user or API client.`);

    const [path, query = ''] = splitUrl(req.originalUrl);
    const request: IdempotentRequest = {
      principal: principalOf(actor),
      key,
      requestHash: requestFingerprint({ method: req.method, path, query, organisationId: actor.organisationId, body: req.body }),
      method: req.method,
      path,
    };
    const outcome = await this.idempotency.claim(request);
    switch (outcome.kind) {
      case 'replay':
        return of(this.replay(res, outcome.response));
      case 'mismatch':
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `This ${HEADER_FIELD} was first used for another request (${outcome.method} ${outcome.path}, or a different body or query). Use a new key for a new request.`,
          { firstRequest: { method: outcome.method, path: outcome.path } },
        );
      case 'in_progress':
        res.setHeader('Retry-After', '1');
        throw new AppError('IDEMPOTENCY_IN_PROGRESS', `A request with this ${HEADER_FIELD} is still running. Retry in a second to get its response.`);
    }

    const token = outcome.token;
    let settled = false;
    const release = (why: string) =>
      this.idempotency.release(request, token).catch((err: unknown) => this.logger.error({ err: safeError(err), why }, 'could not release an idempotency key'));
    return next.handle().pipe(
      mergeMap((value) =>
        defer(async () => {
          settled = true;
          const response = captureResponse(res, value);
          if (typeof response === 'string') {
            await release(response);
            return value;
          }
          // A failed store must not turn a done write into an error: the response still goes out.
          try {
            await this.idempotency.complete(request, token, response);
          } catch (err) {
            this.logger.error({ err: safeError(err), path }, 'could not store an idempotent response');
            await release('store failed');
          }
          return value;
        }),
      ),
      catchError((err: unknown) => {
        settled = true;
        return from(release('error response')).pipe(mergeMap(() => throwError(() => err)));
      }),
      finalize(() => {
        // torn down without a value or an error (the client went away): let a retry run
        if (!settled) void release('not settled');
      }),
    );
  }

  private replay(res: Response, stored: StoredResponse): unknown {
    res.status(stored.status);
    for (const [name, value] of Object.entries(stored.headers)) if (value !== undefined) res.setHeader(name, value);
    res.setHeader(REPLAYED_HEADER, 'true');
    // Parsed back for the reply: res.json writes JSON.stringify of it, the very text stored.
    return stored.body === null ? undefined : JSON.parse(stored.body);
  }
}

/** The response as it will be sent, or why it is not stored. */
export function captureResponse(res: Pick<Response, 'headersSent' | 'statusCode' | 'getHeader'>, value: unknown, maxBytes = IDEMPOTENCY_MAX_BODY_BYTES): StoredResponse | string {
  if (res.headersSent) return 'written by the handler itself';
  if (res.statusCode >= 400) return 'error status';
  // Credentials (cookies) and responses marked no-store are never kept.
  if (res.getHeader('set-cookie') !== undefined) return 'sets a cookie';
  if (/\bno-store\b/i.test(String(res.getHeader('cache-control') ?? ''))) return 'no-store';
  const headers: StoredHeaders = {};
  const location = res.getHeader('location');
  const etag = res.getHeader('etag');
  if (typeof location === 'string') headers.location = location;
  if (typeof etag === 'string') headers.etag = etag;
  if (value === undefined || value === null) return { status: res.statusCode, headers, body: null };
  if (typeof value !== 'object' || value instanceof StreamableFile || Buffer.isBuffer(value) || value instanceof Error) return 'not a JSON body';
  // What Express' res.json sends: JSON.stringify (no replacer or spacing is configured).
  const body = JSON.stringify(value);
  if (Buffer.byteLength(body, 'utf8') > maxBytes) return 'body too large';
  const type = res.getHeader('content-type');
  headers['content-type'] = typeof type === 'string' ? withCharset(type) : JSON_TYPE;
  return { status: res.statusCode, headers, body };
}

function refused(reason: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { errors: [{ field: HEADER_FIELD, reason, message }] });
}

function splitUrl(url: string): [string, string?] {
  const at = url.indexOf('?');
  return at < 0 ? [url] : [url.slice(0, at), url.slice(at + 1)];
}

/** Express adds "; charset=utf-8" to a text body's type; the stored type says what was sent. */
const withCharset = (type: string) => (/;\s*charset=/i.test(type) ? type : `${type}; charset=utf-8`);
