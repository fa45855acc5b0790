import { offsetMinutes, wallClock, zonedTime } from './calendar';

const TZ = 'Europe/Berlin';

describe('calendar: wall clocks in Europe/Berlin', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 60, '2026-01-15', '13:00'],
    ['2026-07-15T12:00:00Z', 120, '2026-07-15', '14:00'],
    // the night summer time begins (29 March 2026, 02:00 → 03:00)
    ['2026-03-29T00:59:00Z', 60, '2026-03-29', '01:59'],
    ['2026-03-29T01:00:00Z', 120, '2026-03-29', '03:00'],
    // 23:30 UTC on New Year's Eve is already next year in Berlin
    ['2026-12-31T23:30:00Z', 60, '2027-01-01', '00:30'],
  ])('%s: offset %i minutes, wall clock %s %s', (iso, offset, date, time) => {
    const at = new Date(iso);
    expect(offsetMinutes(at, TZ)).toBe(offset);
    expect(wallClock(at, TZ)).toMatchObject({ date, time });
    expect(zonedTime(date, time, TZ).toISOString()).toBe(at.toISOString());
  });

  it('keeps seconds and milliseconds past the minute', () => {
    expect(wallClock(new Date('2026-05-01T10:15:42.123Z'), TZ).msInMinute).toBe(42_123);
  });
});
