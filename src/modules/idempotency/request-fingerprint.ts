import { createHash } from 'node:crypto';
import type { Actor } from '../auth/actor';

/** How long a key replays its first response. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a claim holds before a successor may take it over (its holder is presumed dead). */
export const IDEMPOTENCY_LOCK_SECONDS = 60;
/** Larger response bodies are not stored: the key is released and a retry executes again. */
export const IDEMPOTENCY_MAX_BODY_BYTES = 1024 * 1024;

/** 1–255 visible ASCII characters (0x21–0x7E): UUIDs, ULIDs, "order-4711" and the like. */
const KEY_FORMAT = /^[\x21-\x7E]{1,255}$/;

export const isValidIdempotencyKey = (key: string): boolean => KEY_FORMAT.test(key);

/**
 * Whose key it is: the API client for a call made with an API key (all of its keys, also across
 * a rotation, share the scope), else the user. Keys never reach across principals.
 */
export const principalOf = (actor: Pick<Actor, 'userId' | 'apiClient'>): string =>
  actor.apiClient ? `client:${actor.apiClient.id}` : `user:${actor.userId}`;

/**
 * JSON with every object's keys sorted (recursively); arrays keep their order. Two bodies that
 * parse to the same value have the same canonical form, whatever their key order or spacing.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The query string with its parameters sorted by name (values of one name keep their order). */
export function canonicalQuery(rawQuery: string): string {
  const params = [...new URLSearchParams(rawQuery).entries()];
  // Array.prototype.sort is stable: repeated names keep the order they were sent in
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(params).toString();
}

export interface FingerprintedRequest {
  method: string;
  /** The path as sent, without the query string, e.g. /v1/needs/…/publish. */
  path: string;
  /** The raw query string without "?" ('' when none). */
  query: string;
  /** The organisation the call acts for (a key acting for several organisations names one). */
  organisationId: string | null;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
}

/**
 * What makes two requests "the same" for a key: method, path, the query string (parameters in
 * any order), the organisation acted for, and the canonical JSON body, where no body counts as
 * `{}`. SHA-256, hex.
 */
export function requestFingerprint(r: FingerprintedRequest): string {
  const query = canonicalQuery(r.query);
  const canonical = [
    `${r.method.toUpperCase()} ${r.path}${query ? `?${query}` : ''}`,
    `organisation:${r.organisationId ?? ''}`,
    canonicalJson(r.body === undefined ? {} : r.body),
  ].join('\n');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
