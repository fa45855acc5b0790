import { createHmac } from 'node:crypto';
import { checkWebhookSignature, parseSignatureHeader, signWebhook, verifyWebhookSignature } from './signature';

const SECRET = 'whsec_Freiwilligenagentur-Stuttgart-0123456789abcdef';
const OLD_SECRET = 'whsec_vorher-0000000000000000000000000000000000';
const BODY = '{"id":"6f1c9e0a-0000-4000-8000-000000000001","type":"need.published","data":{"title":"Umzugshelfer für unseren Jugendtreff"}}';
const T = 1_795_000_000; // unix seconds
const AT = (seconds: number) => new Date((T + seconds) * 1000);

describe('webhook signatures', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in hex, as the README recipe recomputes it', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signWebhook([SECRET], BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('carries one v1 per secret during a rotation, the new one first', () => {
    const header = signWebhook([SECRET, OLD_SECRET], BODY, T);
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
    expect(verifyWebhookSignature(SECRET, header, BODY, AT(0))).toBe(true);
    expect(verifyWebhookSignature(OLD_SECRET, header, BODY, AT(0))).toBe(true);
  });

  const good = signWebhook([SECRET], BODY, T);

  describe.each<[string, { secret?: string; header?: string | undefined; body?: string | Buffer; now?: Date | number; tolerance?: number }, ReturnType<typeof checkWebhookSignature>]>([
    ['the untouched delivery', {}, { valid: true, timestamp: T }],
    ['the body as the raw bytes received', { body: Buffer.from(BODY, 'utf8') }, { valid: true, timestamp: T }],
    ['now as epoch milliseconds', { now: (T + 10) * 1000 }, { valid: true, timestamp: T }],
    ['4 minutes 59 seconds later', { now: AT(299) }, { valid: true, timestamp: T }],
    ['exactly 5 minutes later', { now: AT(300) }, { valid: true, timestamp: T }],
    ['a tampered body (Umzugshelfer → Umzugshelferin)', { body: BODY.replace('Umzugshelfer', 'Umzugshelferin') }, { valid: false, reason: 'mismatch' }],
    ['the body re-serialised with spaces', { body: JSON.stringify(JSON.parse(BODY), null, 1) }, { valid: false, reason: 'mismatch' }],
    ['another secret', { secret: 'whsec_someone-else' }, { valid: false, reason: 'mismatch' }],
    ['an old timestamp (a replay 10 minutes later)', { now: AT(600) }, { valid: false, reason: 'timestamp' }],
    ['a timestamp in the future', { now: AT(-301) }, { valid: false, reason: 'timestamp' }],
    ['an old timestamp with a tolerance of an hour', { now: AT(600), tolerance: 3600 }, { valid: true, timestamp: T }],
    ['the timestamp changed to a fresh one', { header: good.replace(`t=${T}`, `t=${T + 500}`), now: AT(500) }, { valid: false, reason: 'mismatch' }],
    ['no header', { header: undefined }, { valid: false, reason: 'missing' }],
    ['an empty header', { header: '' }, { valid: false, reason: 'missing' }],
    ['no timestamp', { header: good.replace(/^t=\d+,/, '') }, { valid: false, reason: 'malformed' }],
    ['no v1', { header: `t=${T}` }, { valid: false, reason: 'malformed' }],
    ['a v1 that is not hex', { header: `t=${T},v1=${'z'.repeat(64)}` }, { valid: false, reason: 'malformed' }],
    ['a short v1', { header: `t=${T},v1=abcdef` }, { valid: false, reason: 'malformed' }],
    ['two timestamps', { header: `t=${T},${good}` }, { valid: false, reason: 'malformed' }],
    ['a timestamp that is no number', { header: good.replace(`t=${T}`, 't=gestern') }, { valid: false, reason: 'malformed' }],
    ['an unknown scheme besides v1 (ignored)', { header: `${good},v0=abc` }, { valid: true, timestamp: T }],
    ['spaces after the commas', { header: good.replace(',', ', ') }, { valid: true, timestamp: T }],
  ])('%s', (_name, given, expected) => {
    it(`is ${expected.valid ? 'accepted' : `refused (${(expected as { reason: string }).reason})`}`, () => {
      const header = 'header' in given ? given.header : good;
      const result = checkWebhookSignature(given.secret ?? SECRET, header, given.body ?? BODY, given.now ?? AT(0), given.tolerance);
      expect(result).toEqual(expected);
      expect(verifyWebhookSignature(given.secret ?? SECRET, header, given.body ?? BODY, given.now ?? AT(0), given.tolerance)).toBe(expected.valid);
    });
  });

  it('refuses timestamps that are not unix seconds when signing', () => {
    expect(() => signWebhook([SECRET], BODY, 1.5)).toThrow(/unix seconds/);
    expect(() => signWebhook([], BODY, T)).toThrow(/no secret/);
  });
});
