/**
 * Calendar days and wall-clock times in an IANA time zone (the service's people live in
 * Europe/Berlin): the one place that turns instants into local dates and times and back, so that
 * reports, agreements, rounds, agendas and follow-ups agree across summer-time changes. Pure.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A real calendar date in YYYY-MM-DD, as a UTC midnight Date; undefined otherwise (2026-02-30 too). */
export function parseDay(value: string): Date | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : undefined;
}

export const formatDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Whether a string names a real calendar day YYYY-MM-DD. */
export const isRealDate = (s: string): boolean => parseDay(s) !== undefined;

/** Whether an IANA time zone is known. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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

/** Today's date in the time zone (at 00:30 Berlin time it is already the next day there, though not in UTC). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function partsIn(at: Date, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The time zone's offset from UTC at an instant, in minutes (Berlin: 60 in winter, 120 in summer). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** What a wall clock in the time zone shows at an instant: the date, HH:MM, and the seconds and milliseconds past the minute. */
export function wallClock(at: Date, timeZone: string): { date: string; time: string; msInMinute: number } {
  const p = partsIn(at, timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}`, msInMinute: at.getTime() - Math.floor(at.getTime() / 60_000) * 60_000 };
}

/** The instant of a local date and time (HH:MM) in the time zone. */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Guess with the offset at the wall time read as UTC, then correct once (the offset cannot change twice so close together).
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}
