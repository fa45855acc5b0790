import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `mpk_<prefix>_<secret>`, the prefix 8 lowercase hex characters (shown in lists and
 * the audit log, the lookup key), the secret 32 random bytes in base64url (43 characters).
 * Only sha256(secret) is stored: the secret has 256 bits of entropy, so no slow password hash is
 * needed (nobody can guess it, and a stolen hash cannot be reversed); a fast hash keeps the
 * lookup on every request cheap.
 */
export const API_KEY_HEADER = 'x-api-key';
export const ORGANISATION_HEADER = 'x-organisation-id';

const KEY = /^mpk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** The whole key, shown once. */
  key: string;
  prefix: string;
  secretHash: string;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `mpk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** The prefix and secret of a well-formed key; undefined for anything else. */
export function parseApiKey(raw: string): { prefix: string; secret: string } | undefined {
  const m = KEY.exec(raw.trim());
  return m ? { prefix: m[1], secret: m[2] } : undefined;
}

/** Whether the secret matches the stored hash (constant time). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
