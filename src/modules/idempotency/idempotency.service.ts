import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StoredHeaders } from './idempotency-key.entity';
import { IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_HOURS } from './request-fingerprint';

export interface IdempotentRequest {
  principal: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
}

export interface StoredResponse {
  status: number;
  headers: StoredHeaders;
  /** Exactly the bytes sent (UTF-8 text); null for an empty body. */
  body: string | null;
}

export type ClaimOutcome =
  | { kind: 'claimed'; token: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch'; method: string; path: string }
  | { kind: 'in_progress' };

interface KeyRow {
  request_hash: string;
  method: string;
  path: string;
  state: 'in_progress' | 'completed';
  claim_token: string;
  expired: boolean;
  lock_passed: boolean;
  response_status: number | null;
  response_headers: StoredHeaders | null;
  response_body: string | null;
}

/**
 * Idempotency keys in PostgreSQL. A key is claimed with one INSERT … ON CONFLICT: the first
 * request inserts it; a later one takes it over only when the row is past its 24 h or when its
 * holder's lock ran out (the holder is presumed dead) and the request is the same. Otherwise the
 * row says what to answer: the stored response, a mismatch, or "still running".
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(r: IdempotentRequest): Promise<ClaimOutcome> {
    // A row released or pruned between the INSERT and the SELECT: claim again (a few times at most).
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = randomUUID();
      const claimed = (await this.dataSource.query(
        `INSERT INTO idempotency_keys (principal, key, request_hash, method, path, state, claim_token, locked_until, created_at)
         VALUES ($1, $2, $3, $4, $5, 'in_progress', $6, now() + make_interval(secs => $7), now())
         ON CONFLICT (principal, key) DO UPDATE SET
           request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path, state = 'in_progress',
           claim_token = EXCLUDED.claim_token, locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
           response_status = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL
         WHERE idempotency_keys.created_at <= now() - make_interval(hours => $8)
            OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.locked_until <= now()
                AND idempotency_keys.request_hash = EXCLUDED.request_hash)
         RETURNING claim_token`,
        [r.principal, r.key, r.requestHash, r.method, r.path, token, IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_HOURS],
      )) as Array<{ claim_token: string }>;
      if (claimed[0]?.claim_token === token) return { kind: 'claimed', token };

      const [row] = (await this.dataSource.query(
        `SELECT request_hash, method, path, state, claim_token, response_status, response_headers, response_body,
                created_at <= now() - make_interval(hours => $3) AS expired,
                state = 'in_progress' AND locked_until <= now() AS lock_passed
           FROM idempotency_keys WHERE principal = $1 AND key = $2`,
        [r.principal, r.key, IDEMPOTENCY_TTL_HOURS],
      )) as KeyRow[];
      if (!row || row.expired) continue;
      if (row.request_hash !== r.requestHash) return { kind: 'mismatch', method: row.method, path: row.path };
      if (row.state === 'completed') {
        return { kind: 'replay', response: { status: row.response_status!, headers: row.response_headers ?? {}, body: row.response_body } };
      }
      if (row.lock_passed) continue;
      return { kind: 'in_progress' };
    }
    return { kind: 'in_progress' };
  }

  /** Stores the response of a claim its holder still has; false when a successor took it over meanwhile. */
  async complete(r: IdempotentRequest, token: string, response: StoredResponse): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'completed', locked_until = NULL, completed_at = now(),
              response_status = $4, response_headers = $5, response_body = $6
        WHERE principal = $1 AND key = $2 AND claim_token = $3 AND state = 'in_progress'`,
      [r.principal, r.key, token, response.status, JSON.stringify(response.headers), response.body],
    )) as [unknown, number];
    if (!count) this.logger.warn({ principal: r.principal, path: r.path }, 'idempotency claim was taken over before the response was stored');
    return count > 0;
  }

  /** Gives the key up (an error response, or one that is not stored), so that a retry executes. */
  async release(r: IdempotentRequest, token: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND claim_token = $3 AND state = 'in_progress'`,
      [r.principal, r.key, token],
    );
  }

  /** Rows past their 24 h no longer replay; the maintenance sweep removes them. */
  async prune(olderThanHours = IDEMPOTENCY_TTL_HOURS): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [olderThanHours],
    )) as [unknown, number];
    return count;
  }
}
