import { createHash } from 'node:crypto';
import { agreementProblems, canonicalJson, contentHash, endOfDayBerlin, isCalendarDate, normaliseContent, type AgreementContent } from './agreement-content';

const base: AgreementContent = {
  nonprofitContact: { name: 'Anna Schneider', email: 'anna@nachbarschaftshilfe.example', phone: null },
  companyContact: { name: 'Jonas Weber', email: 'jonas@weber-logistik.example', phone: '+49 711 1234' },
  contribution: { category: 'time', quantity: 40, unit: 'hours', description: 'Acht Mitarbeitende helfen beim Umzug des Jugendtreffs.' },
  giveBack: { kind: 'thank_you_event', description: 'Dankeschön-Fest mit den Jugendlichen und Logo auf unserer Website.' },
  startsOn: '2027-03-01',
  endsOn: '2027-03-31',
  place: 'Jugendtreff Hallschlag, Stuttgart',
  estimatedHours: 40,
  estimatedValueEur: 1200,
};
const over = (patch: (c: AgreementContent) => void): AgreementContent => {
  const c = structuredClone(base);
  patch(c);
  return c;
};

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: 1, x: [3, { d: 1, c: 2 }] } }, '{"z":{"x":[3,{"c":2,"d":1}],"y":1}}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    ['Grüße „Umzug“', '"Grüße „Umzug“"'],
    [null, 'null'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('contentHash', () => {
  it('is sha256 (hex) over the canonical JSON of the normalised content', () => {
    const expected = createHash('sha256').update(canonicalJson(normaliseContent(base))).digest('hex');
    expect(contentHash(base)).toBe(expected);
    expect(contentHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (c: AgreementContent) => void]>([
    ['key order of the input', (c) => (c.giveBack = { description: c.giveBack.description, kind: c.giveBack.kind })],
    ['numbers as the database returns them (numeric strings)', (c) => ((c.contribution.quantity = '40.00'), (c.estimatedHours = '40.00'), (c.estimatedValueEur = '1200.00'))],
    ['surrounding spaces', (c) => ((c.place = `  ${c.place} `), (c.contribution.description = `${c.contribution.description}\n`))],
    ['a missing optional contact field (null)', (c) => (c.nonprofitContact = { name: 'Anna Schneider', email: 'anna@nachbarschaftshilfe.example' })],
  ])('does not change with %s', (_what, patch) => {
    expect(contentHash(over(patch))).toBe(contentHash(base));
  });

  it.each<[string, (c: AgreementContent) => void]>([
    ['the quantity', (c) => (c.contribution.quantity = 41)],
    ['the unit', (c) => (c.contribution.unit = 'persons')],
    ['the Gegenleistung', (c) => (c.giveBack.kind = 'visibility')],
    ['the Gegenleistung text', (c) => (c.giveBack.description = 'Logo auf der Website.')],
    ['the end date', (c) => (c.endsOn = '2027-04-01')],
    ['the place', (c) => (c.place = 'Rathaus')],
    ['a contact person', (c) => (c.companyContact.name = 'Jana Weber')],
    ['the estimated hours (set to none)', (c) => (c.estimatedHours = null)],
    ['the euro equivalent', (c) => (c.estimatedValueEur = 1300)],
  ])('changes with %s', (_what, patch) => {
    expect(contentHash(over(patch))).not.toBe(contentHash(base));
  });
});

describe('agreementProblems', () => {
  it('accepts a complete agreement', () => {
    expect(agreementProblems(base)).toEqual([]);
  });

  it.each<[string, (c: AgreementContent) => void, string, string]>([
    ['end before start', (c) => (c.endsOn = '2027-02-28'), 'endsOn', 'endsBeforeStart'],
    ['no Gegenleistung', (c) => ((c as unknown as { giveBack: undefined }).giveBack = undefined), 'giveBack', 'giveBackRequired'],
    ['an empty Gegenleistung text', (c) => (c.giveBack.description = '   '), 'giveBack', 'giveBackRequired'],
    ['an amount of money in the Leistung', (c) => (c.contribution.description = 'Wir zahlen 500 Euro für Material.'), 'contribution.description', 'moneyNotAllowed'],
    ['money as Gegenleistung', (c) => (c.giveBack.description = 'Geldspende an den Verein'), 'giveBack.description', 'moneyNotAllowed'],
    ['euros in the place', (c) => (c.place = '€ 50 Saalmiete'), 'place', 'moneyNotAllowed'],
    ['money as a unit', (c) => ((c.contribution as { unit: string }).unit = 'euro'), 'contribution.unit', 'moneyNotAllowed'],
  ])('refuses %s', (_what, patch, field, reason) => {
    expect(agreementProblems(over(patch))).toEqual([expect.objectContaining({ field, reason })]);
  });

  it.each<[string, (c: AgreementContent) => void]>([
    ['a one-day agreement', (c) => (c.endsOn = c.startsOn)],
    ['"kein Geld" in a text', (c) => (c.contribution.description = 'Es fließt kein Geld: wir packen mit an.')],
    ['Sachspenden', (c) => (c.contribution.description = 'Sachspenden für die Kleiderkammer')],
  ])('allows %s', (_what, patch) => {
    expect(agreementProblems(over(patch))).toEqual([]);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2027-02-28', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-13-01', false],
    ['2027-3-1', false],
    ['2027-03-01T00:00:00Z', false],
    ['1899-12-31', false],
    [20270301, false],
  ])('%s → %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
  });
});

describe('endOfDayBerlin', () => {
  it.each([
    ['winter (CET, +01:00)', '2027-01-15', '2027-01-15T23:00:00.000Z'],
    ['summer (CEST, +02:00)', '2027-06-30', '2027-06-30T22:00:00.000Z'],
    ['the day before summer time begins (clocks go forward that night)', '2027-03-27', '2027-03-27T23:00:00.000Z'],
    ['the day summer time begins', '2027-03-28', '2027-03-28T22:00:00.000Z'],
    ['the day before summer time ends', '2027-10-30', '2027-10-30T22:00:00.000Z'],
    ['the day summer time ends', '2027-10-31', '2027-10-31T23:00:00.000Z'],
    ['new year\'s eve', '2027-12-31', '2027-12-31T23:00:00.000Z'],
  ])('%s: %s ends at %s', (_what, day, instant) => {
    expect(endOfDayBerlin(day).toISOString()).toBe(instant);
  });

  it('refuses what is not a date', () => {
    expect(() => endOfDayBerlin('2027-02-30')).toThrow(/not a date/);
  });
});
