import { addTally, emptyTally, figures, mean, money, rate, rollUp, type Tally } from './report-figures';

describe('rate', () => {
  describe.each<[string, number, number, number | null]>([
    ['Umsetzungsquote wie auf den Marktplätzen: 7 von 10', 7, 10, 0.7],
    ['zwei von drei angenommen', 2, 3, 0.6667],
    ['eine von drei', 1, 3, 0.3333],
    ['alle', 4, 4, 1],
    ['keine von fünf', 0, 5, 0],
    ['nichts entschieden: kein Nenner', 0, 0, null],
    ['große Zahlen', 12_345, 67_890, 0.1818],
  ])('%s', (_, numerator, denominator, expected) => {
    it(`${numerator}/${denominator} → ${expected}`, () => {
      expect(rate(numerator, denominator)).toEqual({ numerator, denominator, rate: expected });
    });
  });
});

describe('mean and money', () => {
  it.each<[number, number, number | null]>([
    [9, 2, 4.5],
    [13, 3, 4.33],
    [5, 1, 5],
    [0, 0, null],
  ])('mean(%d, %d) = %s', (sum, count, expected) => expect(mean(sum, count)).toBe(expected));

  it('keeps sums to cents without float noise', () => {
    expect(money(0.1 + 0.2)).toBe(0.3);
    expect(money(1234.565 + 0.005)).toBe(1234.57);
  });
});

describe('figures', () => {
  const tally = (over: Partial<Tally>): Tally => addTally(emptyTally(), over);

  it('acceptance: accepted / (accepted + declined + expired); pending and withdrawn ones do not count', () => {
    const f = figures(tally({ proposals: 9, proposalsPending: 2, proposalsAccepted: 3, proposalsDeclined: 2, proposalsExpired: 1, proposalsWithdrawn: 1 }));
    expect(f.proposals).toEqual({ total: 9, pending: 2, accepted: 3, declined: 2, expired: 1, withdrawn: 1, acceptance: { numerator: 3, denominator: 6, rate: 0.5 } });
  });

  it('realisation: realised / agreements; give back delivered / agreements with a Gegenleistung', () => {
    const f = figures(tally({ agreements: 4, agreementsRealised: 3, agreementsCompleted: 2, agreementsWithGiveBack: 4, giveBackDelivered: 1, estimatedHours: 40.5, estimatedValueEur: 1500.25 }));
    expect(f.agreements).toEqual({
      total: 4,
      realisation: { numerator: 3, denominator: 4, rate: 0.75 },
      completed: 2,
      estimatedHours: 40.5,
      estimatedValueEur: 1500.25,
      giveAndTake: { withGiveBack: 4, giveBackDelivered: { numerator: 1, denominator: 4, rate: 0.25 } },
    });
  });

  it('an empty district: every count 0, every rate and the mean rating null', () => {
    const f = figures(emptyTally());
    expect(f.proposals.acceptance.rate).toBeNull();
    expect(f.agreements.realisation.rate).toBeNull();
    expect(f.agreements.giveAndTake.giveBackDelivered.rate).toBeNull();
    expect(f.evaluations).toEqual({ count: 0, meanRating: null, wouldCooperateAgain: { numerator: 0, denominator: 0, rate: null }, peopleReached: 0 });
    expect(f.deliveries).toEqual({ count: 0, hours: 0, goods: [], giveBackCount: 0, giveBackHours: 0 });
  });

  it('evaluations: mean rating and the share who would cooperate again', () => {
    const f = figures(tally({ evaluations: 3, ratingSum: 13, wouldCooperateAgain: 2, peopleReached: 120 }));
    expect(f.evaluations).toEqual({ count: 3, meanRating: 4.33, wouldCooperateAgain: { numerator: 2, denominator: 3, rate: 0.6667 }, peopleReached: 120 });
  });

  it('goods per unit, sorted by unit', () => {
    const f = figures(tally({ goodsDelivered: { trips: 3, items: 20.5 } }));
    expect(f.deliveries.goods).toEqual([
      { unit: 'items', quantity: 20.5 },
      { unit: 'trips', quantity: 3 },
    ]);
  });
});

describe('rollUp', () => {
  // Teststadt → Bad Cannstatt (Hallschlag, Neckarvorstadt), Vaihingen (Rohr)
  const parentChild: Record<string, string | undefined> = { hallschlag: 'cannstatt', neckarvorstadt: 'cannstatt', cannstatt: 'cannstatt', rohr: 'vaihingen', vaihingen: 'vaihingen', stadt: undefined };
  const rows: Array<{ districtId: string; tally: Partial<Tally> }> = [
    { districtId: 'hallschlag', tally: { needsPublished: 3, proposals: 2, goodsDelivered: { items: 10 } } },
    { districtId: 'neckarvorstadt', tally: { needsPublished: 1, proposalsAccepted: 1, goodsDelivered: { items: 5, trips: 1 } } },
    { districtId: 'hallschlag', tally: { evaluations: 2, ratingSum: 9 } },
    { districtId: 'rohr', tally: { needsPublished: 2 } },
    { districtId: 'stadt', tally: { offersPublished: 4 } },
  ];

  it('the total holds every row, also those on the district itself', () => {
    const { total } = rollUp(rows, (id) => parentChild[id]);
    expect(total).toMatchObject({ needsPublished: 6, proposals: 2, proposalsAccepted: 1, evaluations: 2, ratingSum: 9, offersPublished: 4, goodsDelivered: { items: 15, trips: 1 } });
  });

  it('each child holds the rows below it; rows on the district itself are in no child', () => {
    const { buckets } = rollUp(rows, (id) => parentChild[id]);
    expect([...buckets.keys()].sort()).toEqual(['cannstatt', 'vaihingen']);
    expect(buckets.get('cannstatt')).toMatchObject({ needsPublished: 4, proposals: 2, proposalsAccepted: 1, evaluations: 2, offersPublished: 0, goodsDelivered: { items: 15, trips: 1 } });
    expect(buckets.get('vaihingen')).toMatchObject({ needsPublished: 2, goodsDelivered: {} });
  });

  it('does not share the goods objects between the total and the children', () => {
    const { total, buckets } = rollUp(rows, (id) => parentChild[id]);
    total.goodsDelivered.items = 0;
    expect(buckets.get('cannstatt')!.goodsDelivered.items).toBe(15);
    expect(rows[0].tally.goodsDelivered).toEqual({ items: 10 });
  });
});
