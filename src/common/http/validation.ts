import { ValidationError, ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { buildMessage, registerDecorator, ValidateBy, ValidationOptions } from 'class-validator';
import { AppError, FieldError } from '../errors/error-codes';

export const MONEY_RULE =
  'Marktplatz rule: everything but money. Needs and offers trade time, skills, logistics, goods, contacts or space; ' +
  'cash, euros and money donations are not accepted (Marktplatz für Gute Geschäfte: "alles außer Geld").';

/** Cyrillic and Greek letters that look like Latin ones ("gеld" with a Cyrillic е). */
const LOOKALIKES: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ο: 'o', α: 'a', ε: 'e' };
const normalise = (value: string) =>
  value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[аеорсхуіοαε]/g, (c) => LOOKALIKES[c] ?? c);

/** A single term (category, unit, a tag's words) that names money. A bare "Spende" counts; "Sachspenden" (in kind) is fine. */
const MONEY_WORD = /^(money|cash|geld\w*|\w*geld(er)?|bargeld|euros?|eur|usd|dollars?|€|\$|überweisung(en)?|spenden?|finanzspenden?|donations?)$/;
/** In free text: an amount of money, or a word that can only mean money. */
const MONEY_IN_TEXT = [
  /\d[\d.,' ]*\s*(€|eur\b|euros?\b|dollars?\b|usd\b|\$)/,
  /(€|\$|\beur\b|\beuros?\b)\s*\d[\d.,]*/,
  /\b(geldspenden?|bargeld|spendengeld(er)?|geldbetrag|geldbeträge|geldzuwendung(en)?|finanzspenden?)\b/,
];

/** The money term found in a category, unit or tag, or undefined. */
export function moneyTerm(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = normalise(value);
  if (/[€$]/.test(text)) return value;
  return text.split(/[\s\-_/.,;:]+/).find((word) => word && MONEY_WORD.test(word));
}

/** The money phrase found in free text (title, description, Gegenleistung), or undefined. */
export function moneyInText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = normalise(value);
  for (const pattern of MONEY_IN_TEXT) {
    const match = pattern.exec(text);
    if (match) return match[0].trim();
  }
  return undefined;
}

/**
 * Fails with reason `moneyNotAllowed` (mapped to 422 MONEY_NOT_ALLOWED) when a value names money:
 * `term` for categories, units and tags, `text` for free text, where only amounts and words that
 * can only mean money count ("kein Geld nötig" stays allowed, "500 Euro" does not).
 */
export function IsNotMoney(kind: 'term' | 'text' = 'term', options?: ValidationOptions) {
  const find = kind === 'term' ? moneyTerm : moneyInText;
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'moneyNotAllowed',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => (Array.isArray(value) ? value.every((v) => !find(v)) : !find(value)),
        defaultMessage: (args) => {
          const values = Array.isArray(args?.value) ? args.value : [args?.value];
          const found = values.map(find).find(Boolean);
          return `${propertyName} names money${found ? ` ("${found}")` : ''}. ${MONEY_RULE}`;
        },
      },
    });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [reason, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, reason: reason === 'whitelistValidation' ? 'unknownField' : reason, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationException(errors: ValidationError[]): AppError {
  const fields = flattenValidationErrors(errors);
  // The money rule wins: it is a domain refusal (422), not a malformed request. Nest's enum
  // check runs on the same field, so only the money entries are reported then.
  const money = fields.filter((f) => f.reason === 'moneyNotAllowed');
  if (money.length) {
    return new AppError('MONEY_NOT_ALLOWED', MONEY_RULE, { errors: money, rule: 'everything-but-money' });
  }
  return new AppError('VALIDATION_FAILED', `${fields.length} field(s) failed validation: ${fields.map((f) => f.field).join(', ')}`, {
    errors: fields,
  });
}

/**
 * Text no field can hold: the NUL character (PostgreSQL's text cannot store it) and lone UTF-16
 * surrogates (JSON allows the escape "\ud800"; no UTF-8 text can hold it, and validator.js's
 * isEmail throws a URIError on it: a 500 the input fuzzer found).
 */
const BAD_TEXT: Array<{ test: (s: string) => boolean; reason: string; message: (field: string) => string }> = [
  { test: (s) => s.includes('\u0000'), reason: 'nulCharacter', message: (f) => `${f} must not contain the NUL character (U+0000)` },
  { test: (s) => /\p{Cs}/u.test(s), reason: 'loneSurrogate', message: (f) => `${f} must be well-formed Unicode (it holds a lone surrogate)` },
];

/** No body of this API nests deeper than a few levels; a deeper one would only exhaust the transformer's stack. */
export const MAX_BODY_DEPTH = 32;

type BadText = { path: string; rule: (typeof BAD_TEXT)[number] };

/**
 * One walk over a body or query (iterative: a deep value cannot overflow the stack here): whether
 * objects and arrays nest deeper than `maxDepth`, and else the first string holding bad text, with
 * its path and the rule it breaks (depth first, in key order).
 */
function inspectInput(value: unknown, maxDepth: number): { tooDeep: true } | { tooDeep: false; bad?: BadText } {
  let bad: BadText | undefined;
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length) {
    const [current, depth, path] = stack.pop()!;
    if (typeof current === 'string') {
      const rule = bad ? undefined : BAD_TEXT.find((r) => r.test(current));
      if (rule) bad = { path, rule };
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { tooDeep: true };
    const children = Object.entries(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][1], depth + 1, path ? `${path}.${children[i][0]}` : children[i][0]]);
  }
  return { tooDeep: false, bad };
}

/** Nest's ValidationPipe, refusing bodies nested too deeply, and NUL characters and lone surrogates anywhere in bodies and query strings, first. */
class MarktplatzValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const found = inspectInput(value, MAX_BODY_DEPTH);
      if (found.tooDeep) {
        throw new AppError('VALIDATION_FAILED', `The request ${metadata.type} nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels.`, {
          errors: [{ field: metadata.type, reason: 'tooDeep', message: `${metadata.type} must not nest deeper than ${MAX_BODY_DEPTH} levels` }],
        });
      }
      if (found.bad) {
        const name = found.bad.path || metadata.type;
        const message = found.bad.rule.message(name);
        throw new AppError('VALIDATION_FAILED', `${message}.`, { errors: [{ field: name, reason: found.bad.rule.reason, message }] });
      }
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe; with `expectedType` for bodies whose declared type is erased (generic controllers). */
export const createValidationPipe = (expectedType?: Type<unknown>) =>
  new MarktplatzValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });

/**
 * A finite number with at most `places` decimals (reason `isNumber`, as IsNumber's). Instead of
 * class-validator's IsNumber({ maxDecimalPlaces }), which throws on a number JavaScript prints in
 * exponent notation (1e-7 has no '.': typestack/class-validator#1705, still open), so that such a
 * body was answered with a 500; found by the input fuzzer (test/e2e/input-fuzz.e2e-spec.ts).
 */
export function IsNumberWithDecimals(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumber',
      constraints: [places],
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: buildMessage((each) => `${each}$property must be a number with at most $constraint1 decimal places`, options),
      },
    },
    options,
  );
}

/**
 * With ValidateNested (which alone accepts [] and [[]]: it validates an array's items, and there
 * are none): the value is an object, not an array or a scalar. A missing or null value passes here
 * and is IsDefined's or Optional's to refuse (ValidateNested refuses null), so that a missing nested
 * object gets one clear error, not two.
 */
export function IsNestedObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isObject',
      validator: {
        validate: (value: unknown) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value)),
        defaultMessage: buildMessage((each) => `${each}$property must be an object`, options),
      },
    },
    options,
  );
}
