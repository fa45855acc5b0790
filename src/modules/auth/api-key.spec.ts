import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key';

describe('API keys', () => {
  it('generates mpk_<8 hex>_<43 base64url> keys whose secret matches the stored hash', () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(/^mpk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`mpk_${prefix}_`)).toBe(true);
    const parsed = parseApiKey(key)!;
    expect(parsed.prefix).toBe(prefix);
    expect(secretMatches(parsed.secret, secretHash)).toBe(true);
    expect(secretHash).toBe(hashSecret(parsed.secret));
    expect(secretHash).not.toContain(parsed.secret);
  });

  it('gives every key its own prefix and secret', () => {
    const keys = Array.from({ length: 50 }, generateApiKey);
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
    expect(new Set(keys.map((k) => k.secretHash)).size).toBe(50);
  });

  it('refuses a changed secret', () => {
    const { key, secretHash } = generateApiKey();
    const { secret } = parseApiKey(key)!;
    const changed = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(secretMatches(changed, secretHash)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['no scheme', 'abcdef12_' + 'a'.repeat(43)],
    ['upper-case prefix', 'mpk_ABCDEF12_' + 'a'.repeat(43)],
    ['short prefix', 'mpk_abcdef1_' + 'a'.repeat(43)],
    ['short secret', 'mpk_abcdef12_' + 'a'.repeat(42)],
    ['long secret', 'mpk_abcdef12_' + 'a'.repeat(44)],
    ['bad characters', 'mpk_abcdef12_' + '+'.repeat(43)],
    ['a bearer token', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('does not parse %s', (_name, raw) => {
    expect(parseApiKey(raw)).toBeUndefined();
  });
});
