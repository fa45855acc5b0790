import fc from 'fast-check';

/**
 * fast-check arbitraries for request bodies, generated from the OpenAPI document's schemas:
 * values a schema allows (`valid`), values that break it or sit on the edges a validator and the
 * database must handle (`hostile`), and whole request cases built from a route's body schema and a
 * known valid body (`bodyCases`). Used by test/e2e/input-fuzz.e2e-spec.ts.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/** An operation of an OpenAPI document, by its operationId (the route table's). */
export interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, unknown>;
}

export function operationOf(doc: { paths: Record<string, unknown> }, operationId: string | undefined): Operation | undefined {
  if (!operationId) return undefined;
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, Operation | undefined>)) if (op?.operationId === operationId) return op;
  }
  return undefined;
}

/** One request of the fuzzer: a JSON body, or raw bytes with a content type (malformed JSON, forms). */
export type FuzzCase =
  | { kind: 'json'; label: string; body: unknown }
  | { kind: 'raw'; label: string; contentType: string; text: string; expect?: { status: number; code: string } };

/** A short, readable description of a value (fast-check prints it for a counterexample; the values can be megabytes). */
export function describeValue(v: unknown, budget = 300): string {
  const seen = (x: unknown, depth: number): string => {
    if (typeof x === 'string') return x.length > 60 ? `${JSON.stringify(x.slice(0, 40))}…(${x.length} chars)` : JSON.stringify(x);
    if (Array.isArray(x)) {
      if (depth > 4) return `[…depth ${nestingDepth(x)}]`;
      const head = x.slice(0, 3).map((e) => seen(e, depth + 1));
      return `[${head.join(',')}${x.length > 3 ? `,…(${x.length} items)` : ''}]`;
    }
    if (x && typeof x === 'object') {
      if (depth > 4) return `{…depth ${nestingDepth(x)}}`;
      const keys = Object.keys(x);
      const head = keys.slice(0, 12).map((k) => `${JSON.stringify(k)}:${seen((x as Record<string, unknown>)[k], depth + 1)}`);
      return `{${head.join(',')}${keys.length > 12 ? `,…(${keys.length} keys)` : ''}}`;
    }
    return String(x);
  };
  const text = seen(v, 0);
  return text.length > budget ? `${text.slice(0, budget)}…` : text;
}

function nestingDepth(x: unknown): number {
  let depth = 0;
  let cur: unknown = x;
  while (cur && typeof cur === 'object') {
    depth++;
    cur = Array.isArray(cur) ? cur[0] : Object.values(cur)[0];
  }
  return depth;
}

const withToString = <T extends object>(value: T, text: string): T => Object.assign(value, { [fc.toStringMethod]: () => text });

/** Strings that have broken validators, drivers and databases before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  ' \t\n\r ',
  '\u0000',
  'Umzug\u0000helfer',
  '\uD800',
  'a\uDFFF\uD800b',
  '\u202Eevil\u202C',
  '\uFEFFBOM',
  'e\u0301'.repeat(400),
  '👩‍👩‍👧‍👦🏳️‍🌈'.repeat(50),
  'Ж'.repeat(3000),
  "'; DROP TABLE needs; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\\',
  '"',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  'true',
  '[]',
  '{}',
  '__proto__',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  'a4e8b2c6-1d3f-4a5b-8c7d-9e0f1a2b3c4d ',
  'https://',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
  'mailto:x@example.com',
  'x@',
  '@example.com',
  'a'.repeat(255) + '@example.com',
];

/** Date and time texts on and past the edges (JavaScript's Date range is ±275,760 years, PostgreSQL's timestamptz 4713 BC to 294,276 AD). */
export const NASTY_DATES = [
  '0000-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00Z',
  '-000001-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-14T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2027-02-30T10:00:00Z',
  '2027-13-01T10:00:00Z',
  '2027-01-01T25:00:00Z',
  '2027-01-01T10:00:00+99:00',
  '2027-03-06',
  '2027-03-06T08:00:00',
  '2027-03-06 08:00',
  '06.03.2027',
  '1700000000000',
  'yesterday',
];

/** Numbers on and past the edges: PostgreSQL's integer (±2^31), JavaScript's safe integers, doubles, subnormals. */
export const NASTY_NUMBERS = [-1, 0, -0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, Number.MAX_VALUE, 5e-324, 1e-7];

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(s: Schema | undefined): Schema | undefined {
    if (!s) return undefined;
    if (s.$ref) return this.resolve(this.components[s.$ref.split('/').pop()!]);
    if (s.allOf?.length === 1) return { ...this.resolve(s.allOf[0]), nullable: s.nullable };
    return s;
  }

  /** A value the schema allows (formats and bounds respected; references to records are random, so mostly unknown ones). */
  valid(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(raw);
    if (!s) return fc.jsonValue({ maxDepth: 2 });
    if (s.oneOf?.length || s.anyOf?.length) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => this.valid(x, depth)));
    if (s.allOf?.length) return this.valid(Object.assign({}, ...s.allOf.map((x) => this.resolve(x))), depth);
    const base = this.validOfType(s, depth);
    return s.nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
  }

  private validOfType(s: Schema, depth: number): fc.Arbitrary<unknown> {
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'string':
        switch (s.format) {
          case 'uuid':
            return fc.uuid();
          case 'date-time':
            return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
          case 'date':
            return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
          case 'email':
            return fc.emailAddress();
          case 'uri':
          case 'url':
            return fc.webUrl();
          default:
            return fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 80, 200) });
        }
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(this.valid(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 6) });
      case 'object':
      default: {
        if (depth > 3) return fc.constant({});
        const props = s.properties ?? {};
        const required = new Set(s.required ?? []);
        const keys = Object.keys(props);
        if (!keys.length) return typeof s.additionalProperties === 'object' ? fc.dictionary(fc.string({ maxLength: 12 }), this.valid(s.additionalProperties, depth + 1), { maxKeys: 4 }) : fc.constant({});
        return fc.record(Object.fromEntries(keys.map((k) => [k, this.valid(props[k], depth + 1)])), { requiredKeys: keys.filter((k) => required.has(k)) });
      }
    }
  }

  /** A value that breaks the schema or sits on an edge: wrong types, nulls, huge or strange strings, extreme numbers and dates, deep nesting, huge arrays. */
  hostile(raw: Schema | undefined): fc.Arbitrary<unknown> {
    const s = this.resolve(raw);
    const type = s?.type;
    const wrongTypes: unknown[] = [true, false, 0, 1, -1, 1.5, 'text', '', [], [null], {}, { value: 1 }].filter((v) => jsonType(v) !== type || (type === 'string' && s?.format));
    const options: Array<fc.WeightedArbitrary<unknown>> = [
      { weight: 3, arbitrary: fc.constantFrom(...wrongTypes) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 2, arbitrary: hugeString(s) },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: deepNesting() },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(JSON.parse('{"__proto__":{"isAdmin":true}}'), { constructor: { prototype: { isAdmin: true } } }) },
    ];
    if (s?.format === 'date-time' || s?.format === 'date') options.push({ weight: 4, arbitrary: fc.constantFrom(...NASTY_DATES) });
    if (type === 'number' || type === 'integer') options.push({ weight: 4, arbitrary: fc.constantFrom(...NASTY_NUMBERS, ...[s?.minimum, s?.maximum].filter((x): x is number => x !== undefined).flatMap((x) => [x - 1, x - 0.5, x + 0.5, x + 1])) });
    if (type === 'array') {
      options.push({ weight: 2, arbitrary: this.valid(s?.items).map((item) => withToString(Array.from({ length: Math.max((s?.maxItems ?? 100) + 1, 10_000) }, () => item), `[${describeValue(item)} × ${Math.max((s?.maxItems ?? 100) + 1, 10_000)}]`)) });
      options.push({ weight: 2, arbitrary: fc.array(this.hostile(s?.items), { minLength: 1, maxLength: 3 }) });
    }
    if (type === 'object' && s?.properties) options.push({ weight: 3, arbitrary: this.valid(s) });
    if (s?.enum) options.push({ weight: 2, arbitrary: fc.constantFrom(...s.enum.map((e) => (typeof e === 'string' ? e.toUpperCase() : e)), 'money', 'geld', 'EUR') });
    return fc.oneof(...options);
  }

  /** The paths into a body the fuzzer replaces (top-level properties, those of nested objects and of the first item of arrays of objects). */
  paths(raw: Schema | undefined, valid: unknown, prefix: string[] = [], depth = 0): Array<{ path: string[]; schema: Schema | undefined }> {
    const s = this.resolve(raw);
    if (!s || depth > 3) return [];
    const out: Array<{ path: string[]; schema: Schema | undefined }> = [];
    const props = s.properties ?? {};
    const keys = new Set([...Object.keys(props), ...(isPlainObject(valid) ? Object.keys(valid) : [])]);
    for (const key of keys) {
      const child = this.resolve(props[key]);
      const path = [...prefix, key];
      out.push({ path, schema: child });
      const value = isPlainObject(valid) ? valid[key] : undefined;
      if (child?.type === 'object' || isPlainObject(value)) out.push(...this.paths(child, value, path, depth + 1));
      if (child?.type === 'array') {
        const item = this.resolve(child.items);
        const first = Array.isArray(value) ? value[0] : undefined;
        out.push({ path: [...path, '0'], schema: item });
        if (item?.type === 'object' || isPlainObject(first)) out.push(...this.paths(item, first, [...path, '0'], depth + 1));
      }
    }
    return out;
  }

  /**
   * Request cases for one route: the valid body with one or several values replaced by hostile ones,
   * a required field dropped, a body generated from the schema alone, a body of the wrong shape,
   * and malformed or mislabelled bytes.
   */
  bodyCases(raw: Schema | undefined, validBody: Record<string, unknown>): fc.Arbitrary<FuzzCase> {
    const schema = this.resolve(raw);
    const paths = this.paths(schema, validBody);
    const replaced = (choices: Array<{ path: string[]; value: unknown }>): FuzzCase => {
      const body = structuredClone(validBody) as Record<string, unknown>;
      for (const { path, value } of choices) setAt(body, path, value);
      return jsonCase(body, `valid body with ${choices.map((c) => `${c.path.join('.')} = ${describeValue(c.value, 120)}`).join(', ')}`);
    };
    const mutation = paths.length ? fc.constantFrom(...paths).chain(({ path, schema: s }) => this.hostile(s).map((value) => ({ path, value }))) : undefined;
    const required = schema?.required?.filter((r) => r in validBody) ?? [];
    const options: Array<fc.WeightedArbitrary<FuzzCase>> = [
      { weight: 2, arbitrary: this.valid(schema).map((body) => jsonCase(body, `generated from the schema: ${describeValue(body)}`)) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>([], [validBody], 'text', 42, true, null, {}).map((body) => jsonCase(body, `body of the wrong shape: ${describeValue(body)}`)) },
      { weight: 1, arbitrary: malformed(validBody) },
    ];
    if (mutation) {
      options.push({ weight: 6, arbitrary: mutation.map((m) => replaced([m])) });
      options.push({ weight: 2, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }).map(replaced) });
    }
    if (required.length)
      options.push({
        weight: 1,
        arbitrary: fc.constantFrom(...required).map((field) => {
          const body = { ...validBody };
          delete body[field];
          return jsonCase(body, `valid body without the required ${field}`);
        }),
      });
    return fc.oneof(...options);
  }
}

/** Malformed JSON, JSON that is too big or too deep, and a body under another content type. */
export function malformed(validBody: unknown = {}): fc.Arbitrary<FuzzCase> {
  const json = JSON.stringify(validBody);
  const bad = { status: 400, code: 'MALFORMED_JSON' };
  const texts: Array<[string, string, { status: number; code: string } | undefined]> = [
    ['{', 'an unclosed object', bad],
    ['{"title": }', 'a missing value', bad],
    ['{"title": "a",}', 'a trailing comma', bad],
    ["{'title': 'a'}", 'single quotes', bad],
    ['{"title": "a"} {"title": "b"}', 'two documents', bad],
    ['nul', 'a truncated literal', bad],
    ['{"title": NaN}', 'NaN', bad],
    ['{"quantity": 1e99999}', 'an infinite number', undefined],
    ['{"title": "\\ud800"}', 'a lone surrogate escape', undefined],
    ['{"title": "\\u0000"}', 'a NUL escape', undefined],
    ['\uFEFF{}', 'a byte order mark', undefined],
    [json.length > 2 ? json.slice(0, Math.floor(json.length / 2)) : '{"', 'the valid body cut in half', bad],
    ['['.repeat(50_000) + ']'.repeat(50_000), 'arrays nested 50,000 deep', undefined],
    ['{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), 'objects nested 20,000 deep', undefined],
    [`{"title": "${'x'.repeat(300 * 1024)}"}`, 'a body over the 256 kB limit', { status: 413, code: 'PAYLOAD_TOO_LARGE' }],
    ['', 'an empty body', undefined],
  ];
  const foreign = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
  return fc.oneof(
    fc.constantFrom(...texts).map(([text, what, expect]): FuzzCase => ({ kind: 'raw', contentType: 'application/json', text, label: `malformed JSON: ${what}`, expect })),
    fc
      .constantFrom<[string, string]>(
        ['text/plain', json],
        ['application/x-www-form-urlencoded', 'title=Umzug&quantity=1&isAdmin=true'],
        ['application/xml', '<need><title>a</title></need>'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\na\r\n--x--'],
        ['application/json; charset=latin1', json],
      )
      .map(([contentType, text]): FuzzCase => ({ kind: 'raw', contentType, text, label: `the body as ${contentType}`, expect: foreign })),
  );
}

function jsonCase(body: unknown, label: string): FuzzCase {
  return withToString({ kind: 'json', body, label } as FuzzCase, label);
}

function hugeString(s: Schema | undefined): fc.Arbitrary<string> {
  const lengths = [...new Set([s?.maxLength !== undefined ? s.maxLength + 1 : 161, 10_000, 250 * 1024])];
  return fc.tuple(fc.constantFrom(...lengths), fc.constantFrom('x', 'ä', '😀', '\u0000', ' ')).map(([n, c]) => c.repeat(Math.ceil(n / c.length)));
}

function deepNesting(): fc.Arbitrary<unknown> {
  return fc.tuple(fc.constantFrom(50, 1_000, 2_000), fc.boolean()).map(([depth, arrays]) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return withToString(arrays ? [v] : { a: v }, `${arrays ? 'arrays' : 'objects'} nested ${depth} deep`);
  });
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cur: Record<string, unknown> | unknown[] = target;
  path.slice(0, -1).forEach((key, i) => {
    const next = (cur as Record<string, unknown>)[key];
    // what the next key needs: an array for an index, an object for a name
    const wantArray = /^\d+$/.test(path[i + 1]);
    if (!next || typeof next !== 'object' || Array.isArray(next) !== wantArray) (cur as Record<string, unknown>)[key] = wantArray ? [] : {};
    cur = (cur as Record<string, unknown>)[key] as Record<string, unknown>;
  });
  (cur as Record<string, unknown>)[path[path.length - 1]] = value;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
