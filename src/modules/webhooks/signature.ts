import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, for the service and for partners (no Nest, no database: copy this file).
 *
 * Every delivery carries `Marktplatz-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the
 * HMAC's key is the subscription's secret (the whole `whsec_…` string, UTF-8) and its message is
 * `<t>.<raw body>`. During a secret rotation's grace period there are two `v1` entries, one per
 * secret. A receiver recomputes the HMAC over the raw bytes it received (before any JSON parsing),
 * compares in constant time, refuses timestamps more than 5 minutes off (replays), and drops
 * duplicates by the `Marktplatz-Event-Id` header (delivery is at least once).
 */
export const SIGNATURE_HEADER = 'Marktplatz-Signature';
export const EVENT_ID_HEADER = 'Marktplatz-Event-Id';
export const EVENT_TYPE_HEADER = 'Marktplatz-Event-Type';
export const DELIVERY_ID_HEADER = 'Marktplatz-Delivery-Id';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, rawBody: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/** The header value for a body signed at `timestamp` (unix seconds) with each secret (new first). */
export function signWebhook(secrets: readonly string[], rawBody: string | Buffer, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error('signWebhook(): timestamp must be unix seconds');
  if (!secrets.length) throw new Error('signWebhook(): no secret');
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmac(s, timestamp, rawBody)}`)].join(',');
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: 'missing' | 'malformed' | 'timestamp' | 'mismatch' };

/** Splits `t=…,v1=…,v1=…` into the timestamp and the v1 signatures; unknown schemes are ignored. */
export function parseSignatureHeader(header: string | undefined | null): { timestamp: number; signatures: string[] } | null {
  if (typeof header !== 'string' || header.length > 2000) return null;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return null;
      signatures.push(value);
    }
  }
  if (timestamp === undefined || !signatures.length) return null;
  return { timestamp, signatures };
}

/**
 * Checks a delivery's signature: says why not (missing header, malformed, timestamp outside the
 * tolerance either way, no signature matching the secret). `now` is a Date or epoch milliseconds.
 */
export function checkWebhookSignature(
  secret: string,
  header: string | undefined | null,
  rawBody: string | Buffer,
  now: Date | number = Date.now(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (header === undefined || header === null || header === '') return { valid: false, reason: 'missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { valid: false, reason: 'malformed' };
  const nowSeconds = Math.floor((now instanceof Date ? now.getTime() : now) / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp' };
  const expected = Buffer.from(hmac(secret, parsed.timestamp, rawBody), 'hex');
  const ok = parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return ok ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: 'mismatch' };
}

/**
 * True when `header` (the Marktplatz-Signature value) signs `rawBody` with `secret` and its
 * timestamp lies within `toleranceSeconds` (default 300) of `now` (a Date or epoch milliseconds).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined | null,
  rawBody: string | Buffer,
  now: Date | number = Date.now(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  return checkWebhookSignature(secret, header, rawBody, now, toleranceSeconds).valid;
}
