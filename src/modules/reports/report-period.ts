import { AppError, type FieldError } from '../../common/errors/error-codes';
import { addDays, addMonths, parseDay } from '../../common/time/calendar';

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

export { addDays, addMonths, formatDay, parseDay, todayIn } from '../../common/time/calendar';

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
