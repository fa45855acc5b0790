import { seesOtherEvaluation, summariseDeliveries, type AgreedTerms, type DeliveryFacts } from './implementation-summary';

const agreement: AgreedTerms = { version: 2, contributionQuantity: '40.00', contributionUnit: 'hours', estimatedHours: '40.00', giveBackKind: 'thank_you_event' };
const d = (side: DeliveryFacts['side'], hours: number | null, quantity: number | null, unit: DeliveryFacts['unit'], confirmed = false): DeliveryFacts => ({
  side,
  hours: hours === null ? null : hours.toFixed(2),
  quantity: quantity === null ? null : quantity.toFixed(2),
  unit,
  confirmedAt: confirmed ? new Date('2027-03-10T10:00:00Z') : null,
});

describe('summariseDeliveries', () => {
  it.each<[string, AgreedTerms | null, DeliveryFacts[], { hours: number; quantity: number; confirmedQuantity: number; realisation: number | null; giveBack: [boolean, boolean] }]>([
    ['nothing delivered yet', agreement, [], { hours: 0, quantity: 0, confirmedQuantity: 0, realisation: 0, giveBack: [false, false] }],
    ['hours only, one confirmed', agreement, [d('company', 16, null, null, true), d('company', 12, null, null)], { hours: 28, quantity: 28, confirmedQuantity: 16, realisation: 0.7, giveBack: [false, false] }],
    ['quantity in hours counts once (not hours plus quantity)', agreement, [d('company', 8, 8, 'hours')], { hours: 8, quantity: 8, confirmedQuantity: 0, realisation: 0.2, giveBack: [false, false] }],
    ['another unit does not count towards hours', agreement, [d('company', null, 3, 'trips')], { hours: 0, quantity: 0, confirmedQuantity: 0, realisation: 0, giveBack: [false, false] }],
    ['more than agreed', agreement, [d('company', 50, null, null)], { hours: 50, quantity: 50, confirmedQuantity: 0, realisation: 1.25, giveBack: [false, false] }],
    ['Gegenleistung recorded, not confirmed', agreement, [d('nonprofit', null, null, null)], { hours: 0, quantity: 0, confirmedQuantity: 0, realisation: 0, giveBack: [true, false] }],
    ['Gegenleistung confirmed; its hours are not the company\'s', agreement, [d('nonprofit', 3, null, null, true)], { hours: 0, quantity: 0, confirmedQuantity: 0, realisation: 0, giveBack: [true, true] }],
    ['no agreement in force', null, [d('company', 5, null, null)], { hours: 5, quantity: 0, confirmedQuantity: 0, realisation: null, giveBack: [false, false] }],
  ])('%s', (_what, terms, deliveries, expected) => {
    const s = summariseDeliveries(terms, deliveries);
    expect(s.delivered).toMatchObject({ hours: expected.hours, quantity: expected.quantity, confirmedQuantity: expected.confirmedQuantity });
    expect(s.realisation).toBe(expected.realisation);
    expect([s.giveBack.delivered, s.giveBack.confirmed]).toEqual(expected.giveBack);
  });

  it('counts items in the agreed unit', () => {
    const s = summariseDeliveries({ ...agreement, contributionUnit: 'items', contributionQuantity: '200.00', estimatedHours: null }, [
      d('company', 2, 120, 'items', true),
      d('company', null, 30, 'items'),
      d('company', 4, null, null),
    ]);
    expect(s.agreed).toEqual({ hours: null, quantity: 200, unit: 'items', giveBackKind: 'thank_you_event' });
    expect(s.delivered).toEqual({ hours: 6, quantity: 150, confirmedHours: 2, confirmedQuantity: 120, records: 3 });
    expect(s.realisation).toBe(0.75);
  });
});

describe('seesOtherEvaluation', () => {
  it.each([
    ['an organiser or admin', null, false, false, true],
    ['a party that has not answered, window open', 'company', false, false, false],
    ['a party that answered', 'company', true, false, true],
    ['a party that did not answer, window closed', 'nonprofit', false, true, true],
  ] as const)('%s', (_what, side, answered, closed, sees) => {
    expect(seesOtherEvaluation(side, answered, closed)).toBe(sees);
  });
});
