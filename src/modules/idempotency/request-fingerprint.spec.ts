import { canonicalJson, canonicalQuery, isValidIdempotencyKey, principalOf, requestFingerprint, type FingerprintedRequest } from './request-fingerprint';

const ORG = '7d5b1c2e-3f4a-4b6c-8d9e-0a1b2c3d4e5f';
const base: FingerprintedRequest = {
  method: 'POST',
  path: '/v1/needs',
  query: '',
  organisationId: ORG,
  body: { title: 'Umzugshelfer für unseren Jugendtreff', tags: ['umzug', 'jugend'], quantity: 12, location: { lat: 48.8135, lon: 9.2105 } },
};
const fp = (over: Partial<FingerprintedRequest>) => requestFingerprint({ ...base, ...over });

describe('requestFingerprint: what counts as the same request', () => {
  describe.each<[string, Partial<FingerprintedRequest>, boolean]>([
    ['derselbe Bedarf, Felder in anderer Reihenfolge', { body: { quantity: 12, location: { lon: 9.2105, lat: 48.8135 }, tags: ['umzug', 'jugend'], title: 'Umzugshelfer für unseren Jugendtreff' } }, true],
    ['12 und 12.0 sind dieselbe Zahl (JSON)', { body: { ...(base.body as object), quantity: 12.0 } }, true],
    ['Methode klein geschrieben', { method: 'post' }, true],
    ['Tags in anderer Reihenfolge: Arrays zählen geordnet', { body: { ...(base.body as object), tags: ['jugend', 'umzug'] } }, false],
    ['andere Menge', { body: { ...(base.body as object), quantity: 13 } }, false],
    ['"12" als Text statt Zahl', { body: { ...(base.body as object), quantity: '12' } }, false],
    ['ein Feld mehr', { body: { ...(base.body as object), unit: 'hours' } }, false],
    ['ein Feld null statt fehlend', { body: { ...(base.body as object), unit: null } }, false],
    ['Umlaut anders geschrieben (keine Unicode-Normalisierung)', { body: { ...(base.body as object), title: 'Umzugshelfer fuer unseren Jugendtreff' } }, false],
    ['anderer Pfad', { path: '/v1/offers' }, false],
    ['anderer Pfad: Aktion auf einem Bedarf', { path: '/v1/needs/2b8f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/publish' }, false],
    ['andere Methode', { method: 'PUT' }, false],
    ['mit Query-String', { query: 'dryRun=true' }, false],
    ['für eine andere Organisation', { organisationId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }, false],
    ['ohne Organisation', { organisationId: null }, false],
  ])('%s', (_, over, same) => {
    it(same ? 'is the same request' : 'is a different request', () => {
      expect(fp(over) === fp({})).toBe(same);
    });
  });

  it('query parameters count, in any order, repeated names in their order', () => {
    const q = (query: string) => fp({ query });
    expect(q('a=1&b=2')).toBe(q('b=2&a=1'));
    expect(q('tag=umzug&tag=jugend')).not.toBe(q('tag=jugend&tag=umzug'));
    expect(q('a=1')).not.toBe(q('a=2'));
  });

  it('no body is the same as an empty object, and different from null or an array', () => {
    expect(fp({ body: undefined })).toBe(fp({ body: {} }));
    expect(fp({ body: undefined })).not.toBe(fp({ body: [] }));
    expect(fp({ body: {} })).not.toBe(fp({ body: null }));
  });

  it('is a SHA-256 in hex', () => {
    expect(fp({})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sortiert Schlüssel rekursiv', { b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'ß' } }, '{"a":{"c":"ß","d":[3,{"e":2,"f":1}]},"b":1}'],
    ['Zahlen wie JSON.stringify', { menge: 1e21, anteil: 0.1 }, '{"anteil":0.1,"menge":1e+21}'],
    ['Zeichen werden wie von JSON.stringify maskiert', { text: 'Zeile 1\n"Zitat"' }, '{"text":"Zeile 1\\n\\"Zitat\\""}'],
    ['null bleibt null', null, 'null'],
  ])('%s', (_, value, expected) => expect(canonicalJson(value)).toBe(expected));
});

describe('canonicalQuery', () => {
  it.each<[string, string]>([
    ['b=2&a=1', 'a=1&b=2'],
    ['', ''],
    ['q=Umz%C3%BCge&a=1', 'a=1&q=Umz%C3%BCge'],
  ])('%s → %s', (raw, expected) => expect(canonicalQuery(raw)).toBe(expected));
});

describe('isValidIdempotencyKey', () => {
  it.each<[string, boolean]>([
    ['0b6f4d3e-2c1a-4f7b-9e8d-5a4c3b2a1f0e', true],
    ['bestellung-4711', true],
    ['x', true],
    ['!~', true],
    ['a'.repeat(255), true],
    ['a'.repeat(256), false],
    ['', false],
    ['mit leerzeichen', false],
    ['tab\tdrin', false],
    ['umlaut-ä', false],
    ['a, b', false],
  ])('%j → %s', (key, ok) => expect(isValidIdempotencyKey(key)).toBe(ok));
});

describe('principalOf: whose key it is', () => {
  const userId = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
  const client = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Freiwilligenagentur Stuttgart', keyPrefix: 'k3y9x2ab', scopes: ['needs:write'], organisationIds: [ORG] };
  it.each<[string, Parameters<typeof principalOf>[0], string]>([
    ['ein Mitglied mit Token', { userId }, `user:${userId}`],
    ['ein API-Client: der Client, nicht die Person, die ihn angelegt hat', { userId, apiClient: client }, `client:${client.id}`],
  ])('%s', (_, actor, expected) => expect(principalOf(actor)).toBe(expected));
});
