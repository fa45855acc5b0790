import { createHash } from 'node:crypto';
import type { Category, GiveBackKind, Unit } from '../../common/domain/vocabulary';
import type { FieldError } from '../../common/errors/error-codes';
import { MONEY_RULE, moneyInText, moneyTerm } from '../../common/http/validation';
import { addDays, parseDay, zonedTime } from '../../common/time/calendar';
import type { ContactPerson } from './agreement.entity';

/**
 * The content of an Engagement-Vereinbarung: what both parties sign. Pure: no Nest, no database.
 * Everything else on an agreement row (who drafted it, signatures, timestamps) is not content.
 */
export interface AgreementContent {
  nonprofitContact: ContactPerson;
  companyContact: ContactPerson;
  /** What the company gives (Leistung). */
  contribution: { category: Category; quantity: number | string; unit: Unit; description: string };
  /** What the nonprofit gives back (Gegenleistung). */
  giveBack: { kind: GiveBackKind; description: string };
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD, not before startsOn */
  endsOn: string;
  place: string;
  estimatedHours: number | string | null;
  /** A euro equivalent for reporting only: no money changes hands. */
  estimatedValueEur: number | string | null;
}

/** Decimal amounts as the database stores them (numeric, 2 places): 12, "12", 12.0 and "12.00" are the same content. */
const amount = (value: number | string | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : Number(value).toFixed(2);

const contact = (c: ContactPerson) => ({ name: c.name.trim(), email: c.email?.trim() || null, phone: c.phone?.trim() || null });

/** The content in one normal form: trimmed texts, amounts as decimal strings, absent optional values as null. */
export function normaliseContent(c: AgreementContent) {
  return {
    nonprofitContact: contact(c.nonprofitContact),
    companyContact: contact(c.companyContact),
    contribution: {
      category: c.contribution.category,
      quantity: amount(c.contribution.quantity),
      unit: c.contribution.unit,
      description: c.contribution.description.trim(),
    },
    giveBack: { kind: c.giveBack.kind, description: c.giveBack.description.trim() },
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    place: c.place.trim(),
    estimatedHours: amount(c.estimatedHours),
    estimatedValueEur: amount(c.estimatedValueEur),
  };
}

/** JSON with object keys sorted at every level, no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What a signature confirms: sha256 (hex) over the canonical JSON of the normalised content. */
export function contentHash(content: AgreementContent): string {
  return createHash('sha256').update(canonicalJson(normaliseContent(content)), 'utf8').digest('hex');
}


/** A real calendar day written YYYY-MM-DD (no 30 February), years 1900-9999. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const d = parseDay(value);
  return d !== undefined && d.getUTCFullYear() >= 1900;
}

/**
 * The rules an agreement's content must meet beyond the shape of each field: the dates in
 * order, a Gegenleistung named, and no money anywhere in the free texts (the Marktplatz rule:
 * everything but money; the euro equivalent is for reporting only). Field errors, empty when fine.
 */
export function agreementProblems(c: AgreementContent): FieldError[] {
  const problems: FieldError[] = [];
  if (isCalendarDate(c.startsOn) && isCalendarDate(c.endsOn) && c.endsOn < c.startsOn) {
    problems.push({ field: 'endsOn', reason: 'endsBeforeStart', message: `endsOn (${c.endsOn}) must not be before startsOn (${c.startsOn})` });
  }
  if (!c.giveBack || !c.giveBack.kind || !c.giveBack.description?.trim()) {
    problems.push({
      field: 'giveBack',
      reason: 'giveBackRequired',
      message: 'giveBack is required: every Engagement-Vereinbarung names what the nonprofit gives back (Gegenleistung), with a kind and a description',
    });
  }
  const texts: Array<[string, unknown]> = [
    ['contribution.description', c.contribution?.description],
    ['giveBack.description', c.giveBack?.description],
    ['place', c.place],
    ['nonprofitContact.name', c.nonprofitContact?.name],
    ['companyContact.name', c.companyContact?.name],
  ];
  for (const [field, value] of texts) {
    const found = moneyInText(value);
    if (found) problems.push({ field, reason: 'moneyNotAllowed', message: `${field} names money ("${found}"). ${MONEY_RULE}` });
  }
  for (const [field, value] of [['contribution.category', c.contribution?.category], ['contribution.unit', c.contribution?.unit]] as const) {
    const found = moneyTerm(value);
    if (found) problems.push({ field, reason: 'moneyNotAllowed', message: `${field} names money ("${found}"). ${MONEY_RULE}` });
  }
  return problems;
}

/**
 * The end of a calendar day in Berlin: the instant the following day begins there (midnight,
 * Europe/Berlin, summer time included). An agreement ending on 2027-06-30 is over at
 * 2027-06-30T22:00:00Z; then both sides are asked to evaluate.
 */
export function endOfDayBerlin(day: string): Date {
  if (!isCalendarDate(day)) throw new Error(`endOfDayBerlin: not a date: ${day}`);
  return zonedTime(addDays(day, 1), '00:00', 'Europe/Berlin');
}
