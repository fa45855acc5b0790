import { AppError, type FieldError } from '../../common/errors/error-codes';

/** Report days are calendar days in Berlin: a period starts and ends at midnight there. */
export const REPORT_TIME_ZONE = 'Europe/Berlin';

/** The longest period one report covers (to − from), in years. */
export const MAX_SPAN_YEARS = 5;

/** The default period: the last 12 months, today included. */
export const DEFAULT_MONTHS = 12;

/**
 * A half-open period [from, to) of calendar days: `from` is the first day counted, `to` the first
 * day no longer counted (from=2026-01-01&to=2027-01-01 is the year 2026). Both are midnight in
 * Europe/Berlin when compared with timestamps; dates (deliveries) compare as dates.
 */
export interface ReportPeriod {
  from: string;
  to: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD, as a UTC midnight Date; undefined otherwise (2026-02-30 too). */
export function parseDay(value: string): Date | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : undefined;
}

export const formatDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Today's date in Berlin (at 00:30 Berlin time it is already the next day there, though not in UTC). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, days: number): string {
  const d = parseDay(day)!;
  d.setUTCDate(d.getUTCDate() + days);
  return formatDay(d);
}

/** Calendar months; the 31st clamps to the last day of a shorter month (2026-03-31 − 1 month = 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const d = parseDay(day)!;
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return formatDay(target);
}

const fail = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });

/**
 * The period a request asks for. Defaults: `to` = tomorrow in Berlin (today counts), `from` =
 * `to` − 12 months; with only `from`, up to today; with only `to`, the 12 months before it.
 * Refuses (400 VALIDATION_FAILED): a value that is not a real YYYY-MM-DD date, an empty or
 * reversed period (from ≥ to), and a period longer than MAX_SPAN_YEARS.
 */
export function resolvePeriod(query: { from?: string; to?: string }, today: string): ReportPeriod {
  const errors: FieldError[] = [];
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !parseDay(value)) errors.push({ field, reason: 'isDate', message: `${field} must be a calendar date YYYY-MM-DD (Europe/Berlin)` });
  }
  if (errors.length) throw fail(errors);
  const to = query.to ?? addDays(today, 1);
  const from = query.from ?? addMonths(to, -DEFAULT_MONTHS);
  if (from >= to) {
    throw fail([{ field: 'to', reason: 'periodOrder', message: `to (${to}) must be after from (${from}): the period [from, to) includes from and excludes to` }]);
  }
  if (to > addMonths(from, MAX_SPAN_YEARS * 12)) {
    throw fail([{ field: 'to', reason: 'periodTooLong', message: `a report covers at most ${MAX_SPAN_YEARS} years (to ≤ from + ${MAX_SPAN_YEARS} years)` }]);
  }
  return { from, to };
}
