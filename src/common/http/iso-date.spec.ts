import { parseIsoDateTime } from './iso-date';

describe('parseIsoDateTime', () => {
  it.each([
    ['2027-03-01T09:00:00Z', '2027-03-01T09:00:00.000Z'],
    ['2027-03-01T09:00:00.123Z', '2027-03-01T09:00:00.123Z'],
    ['2027-03-01T10:00:00+01:00', '2027-03-01T09:00:00.000Z'],
    ['2028-02-29T00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('accepts %s', (input, iso) => {
    expect(parseIsoDateTime(input)?.toISOString()).toBe(iso);
  });

  it.each([
    ['30 February', '2024-02-30T00:00:00Z'],
    ['29 February of a common year', '2027-02-29T00:00:00Z'],
    ['month 13', '2027-13-01T00:00:00Z'],
    ['hour 24', '2027-03-01T24:00:00Z'],
    ['no time zone', '2027-03-01T09:00:00'],
    ['a date only', '2027-03-01'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['an extended year', '-271821-04-20T00:00:00.000Z'],
    ['a boolean', true],
    ['a number', 1700000000000],
    ['German words', 'gestern'],
  ])('refuses %s', (_, input) => {
    expect(parseIsoDateTime(input)).toBeUndefined();
  });
});
