import { AppError } from '../../common/errors/error-codes';
import { addMonths, parseDay, resolvePeriod, todayIn } from './report-period';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('todayIn Europe/Berlin', () => {
  it.each<[string, string]>([
    ['2026-06-30T22:30:00Z', '2026-07-01'], // 00:30 CEST: already tomorrow in Berlin
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    ['2026-12-31T23:00:00Z', '2027-01-01'], // 00:00 CET
    ['2026-12-31T22:59:59Z', '2026-12-31'],
  ])('%s → %s', (now, day) => expect(todayIn('Europe/Berlin', new Date(now))).toBe(day));
});

describe('calendar arithmetic', () => {
  it.each<[string, number, string]>([
    ['2026-11-21', -12, '2025-11-21'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-15', 60, '2031-01-15'],
  ])('%s + %d months = %s', (day, months, expected) => expect(addMonths(day, months)).toBe(expected));

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])('%j is no calendar day', (v) => expect(parseDay(v)).toBeUndefined());
});

describe('resolvePeriod', () => {
  const today = '2026-11-20';

  describe.each<[string, { from?: string; to?: string }, { from: string; to: string }]>([
    ['default: the last 12 months, today included', {}, { from: '2025-11-21', to: '2026-11-21' }],
    ['a calendar year', { from: '2026-01-01', to: '2027-01-01' }, { from: '2026-01-01', to: '2027-01-01' }],
    ['only from: up to today', { from: '2026-06-01' }, { from: '2026-06-01', to: '2026-11-21' }],
    ['only to: the 12 months before', { to: '2026-01-01' }, { from: '2025-01-01', to: '2026-01-01' }],
    ['one day', { from: '2026-03-29', to: '2026-03-30' }, { from: '2026-03-29', to: '2026-03-30' }],
    ['exactly the maximum span', { from: '2021-01-01', to: '2026-01-01' }, { from: '2021-01-01', to: '2026-01-01' }],
  ])('%s', (_, query, expected) => {
    it(`→ [${expected.from}, ${expected.to})`, () => expect(resolvePeriod(query, today)).toEqual(expected));
  });

  describe.each<[string, { from?: string; to?: string }, string, string]>([
    ['not a date', { from: 'gestern' }, 'from', 'isDate'],
    ['no such day', { to: '2026-02-30' }, 'to', 'isDate'],
    ['a timestamp instead of a day', { from: '2026-01-01T00:00:00Z' }, 'from', 'isDate'],
    ['reversed', { from: '2026-05-01', to: '2026-04-01' }, 'to', 'periodOrder'],
    ['empty: from = to', { from: '2026-05-01', to: '2026-05-01' }, 'to', 'periodOrder'],
    ['only from, in the future', { from: '2027-01-01' }, 'to', 'periodOrder'],
    ['longer than 5 years', { from: '2021-01-01', to: '2026-01-02' }, 'to', 'periodTooLong'],
  ])('refuses %s', (_, query, field, reason) => {
    it(`400 ${field}: ${reason}`, () => {
      const err = thrown(() => resolvePeriod(query, today));
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.errors).toEqual([expect.objectContaining({ field, reason })]);
    });
  });
});
