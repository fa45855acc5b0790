import { addEventTally, addSignedAgreement, emptyEventTally, eventFigures, sumEventTallies, type EventTally, type SignedAgreement } from './event-report-figures';

const signed = (over: Partial<SignedAgreement> = {}): SignedAgreement => ({
  category: 'time',
  quantity: 40,
  unit: 'hours',
  giveBackKind: 'thank_you_event',
  estimatedHours: 40,
  estimatedValueEur: 1200,
  outcome: 'no_answer',
  ...over,
});

/** An event: participants by kind, meetings, agreements recorded; then its signed agreements added one by one. */
function event(over: Partial<Omit<EventTally, 'participants'>> & { np?: Partial<EventTally['participants']['nonprofit']>; co?: Partial<EventTally['participants']['company']> }, agreements: SignedAgreement[] = []): EventTally {
  const t = emptyEventTally();
  const { np, co, ...rest } = over;
  Object.assign(t, rest);
  Object.assign(t.participants.nonprofit, np);
  Object.assign(t.participants.company, co);
  for (const a of agreements) addSignedAgreement(t, a);
  return t;
}

describe('eventFigures', () => {
  describe.each<[string, EventTally, (f: ReturnType<typeof eventFigures>) => void]>([
    [
      'ein leerer Marktplatz: alles 0, jede Quote null',
      emptyEventTally(),
      (f) => {
        expect(f.participants.registered).toEqual({ nonprofit: 0, company: 0, total: 0 });
        expect(f.participants.attendance).toEqual({ numerator: 0, denominator: 0, rate: null });
        expect(f.meetings.heldShare.rate).toBeNull();
        expect(f.agreements.signing.rate).toBeNull();
        expect(f.followUps.realisation.rate).toBeNull();
        expect(f.followUps.response.rate).toBeNull();
        expect(f.giveAndTake).toEqual({ give: [], giveBack: [] });
      },
    ],
    [
      'Teilnehmende nach Art: 12 Vereine und 8 Firmen angemeldet, 15 gekommen',
      event({ np: { registered: 12, checkedIn: 9, noShows: 3, waitlisted: 2, cancelled: 1, invited: 4 }, co: { registered: 8, checkedIn: 6, noShows: 2, cancelled: 2 } }),
      (f) => {
        expect(f.participants.registered).toEqual({ nonprofit: 12, company: 8, total: 20 });
        expect(f.participants.checkedIn).toEqual({ nonprofit: 9, company: 6, total: 15 });
        expect(f.participants.noShows).toEqual({ nonprofit: 3, company: 2, total: 5 });
        expect(f.participants.waitlisted).toEqual({ nonprofit: 2, company: 0, total: 2 });
        expect(f.participants.cancelled).toEqual({ nonprofit: 1, company: 2, total: 3 });
        expect(f.participants.invited).toEqual({ nonprofit: 4, company: 0, total: 4 });
        expect(f.participants.attendance).toEqual({ numerator: 15, denominator: 20, rate: 0.75 });
      },
    ],
    [
      'Gespräche: 30 gewünscht, 24 geplant, 18 geführt',
      event({ meetingsRequested: 30, meetingsScheduled: 24, meetingsHeld: 18 }),
      (f) => expect(f.meetings).toEqual({ requested: 30, scheduled: 24, held: 18, heldShare: { numerator: 18, denominator: 24, rate: 0.75 } }),
    ],
    [
      'Umsetzungsquote wie auf echten Marktplätzen: 7 von 10 unterschriebenen umgesetzt',
      event({ agreementsRecorded: 12 }, [
        ...Array.from({ length: 7 }, () => signed({ outcome: 'carried_out' })),
        signed({ outcome: 'in_progress' }),
        signed({ outcome: 'not_carried_out' }),
        signed({ outcome: 'no_answer' }),
      ]),
      (f) => {
        expect(f.agreements).toMatchObject({ recorded: 12, signed: 10, signing: { numerator: 10, denominator: 12, rate: 0.8333 }, estimatedHours: 400, estimatedValueEur: 12000 });
        expect(f.followUps).toMatchObject({ realisation: { numerator: 7, denominator: 10, rate: 0.7 }, carriedOut: 7, inProgress: 1, notCarriedOut: 1, noAnswer: 1 });
      },
    ],
    [
      'Rücklauf: 3 von 4 erbetenen Rückmeldungen',
      event({ followUpAnswers: 3, followUpAsked: 4 }),
      (f) => expect(f.followUps.response).toEqual({ numerator: 3, denominator: 4, rate: 0.75 }),
    ],
    [
      'Geben und Nehmen: Leistung nach Kategorie mit Mengen und Stunden, Gegenleistung nach Art, in der Reihenfolge des Vokabulars',
      event({ agreementsRecorded: 4 }, [
        signed({ category: 'logistics', quantity: 3, unit: 'trips', estimatedHours: 12.5, estimatedValueEur: null, giveBackKind: 'visibility' }),
        signed({ category: 'time', quantity: 40, unit: 'hours', estimatedHours: 40, giveBackKind: 'thank_you_event' }),
        signed({ category: 'logistics', quantity: 2, unit: 'persons', estimatedHours: null, estimatedValueEur: 300.25, giveBackKind: 'thank_you_event' }),
        signed({ category: 'logistics', quantity: 1.5, unit: 'trips', estimatedHours: 4, giveBackKind: 'press' }),
      ]),
      (f) => {
        expect(f.giveAndTake.give).toEqual([
          { category: 'time', agreements: 1, estimatedHours: 40, quantities: [{ unit: 'hours', quantity: 40 }] },
          {
            category: 'logistics',
            agreements: 3,
            estimatedHours: 16.5,
            quantities: [
              { unit: 'persons', quantity: 2 },
              { unit: 'trips', quantity: 4.5 },
            ],
          },
        ]);
        expect(f.giveAndTake.giveBack).toEqual([
          { kind: 'thank_you_event', agreements: 2 },
          { kind: 'visibility', agreements: 1 },
          { kind: 'press', agreements: 1 },
        ]);
        expect(f.agreements.estimatedHours).toBe(56.5);
        expect(f.agreements.estimatedValueEur).toBe(1200 + 300.25 + 1200);
      },
    ],
    [
      'Beträge ohne Gleitkomma-Rauschen (auf Cent)',
      event({ agreementsRecorded: 3 }, [signed({ estimatedHours: 0.1, estimatedValueEur: 0.1 }), signed({ estimatedHours: 0.2, estimatedValueEur: 0.2 })]),
      (f) => expect(f.agreements).toMatchObject({ estimatedHours: 0.3, estimatedValueEur: 0.3 }),
    ],
  ])('%s', (_, tally, check) => {
    it('has the figures', () => check(eventFigures(tally)));
  });
});

describe('sumEventTallies (round report)', () => {
  const hallschlag = event(
    { np: { registered: 10, checkedIn: 8 }, co: { registered: 10, checkedIn: 9 }, meetingsScheduled: 10, meetingsHeld: 9, agreementsRecorded: 4, followUpAnswers: 4, followUpAsked: 8 },
    [signed({ outcome: 'carried_out' }), signed({ outcome: 'carried_out' }), signed({ outcome: 'carried_out' }), signed({ outcome: 'no_answer', category: 'goods', quantity: 20, unit: 'items' })],
  );
  const rohr = event({ np: { registered: 2, checkedIn: 1 }, co: { registered: 2, checkedIn: 1 }, meetingsScheduled: 2, meetingsHeld: 0, agreementsRecorded: 1, followUpAnswers: 0, followUpAsked: 2 }, [signed({ outcome: 'not_carried_out' })]);

  it('adds every count and sum; rates come from the summed parts, never from averaging the events\' rates', () => {
    const f = eventFigures(sumEventTallies([hallschlag, rohr]));
    expect(f.participants.attendance).toEqual({ numerator: 19, denominator: 24, rate: 0.7917 });
    // the mean of 17/20 and 2/4 would be 0.675
    expect(f.meetings.heldShare).toEqual({ numerator: 9, denominator: 12, rate: 0.75 });
    // the mean of 9/10 and 0/2 would be 0.45
    expect(f.followUps.realisation).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    // the mean of 3/4 and 0/1 would be 0.375
    expect(f.followUps.response).toEqual({ numerator: 4, denominator: 10, rate: 0.4 });
    expect(f.agreements).toMatchObject({ recorded: 5, signed: 5, estimatedHours: 200, estimatedValueEur: 6000 });
    expect(f.giveAndTake.give).toEqual([
      { category: 'time', agreements: 4, estimatedHours: 160, quantities: [{ unit: 'hours', quantity: 160 }] },
      { category: 'goods', agreements: 1, estimatedHours: 40, quantities: [{ unit: 'items', quantity: 20 }] },
    ]);
    expect(f.giveAndTake.giveBack).toEqual([{ kind: 'thank_you_event', agreements: 5 }]);
  });

  it('the sum of no events is the empty tally; adding does not change the parts', () => {
    expect(sumEventTallies([])).toEqual(emptyEventTally());
    const before = JSON.stringify(hallschlag);
    addEventTally(emptyEventTally(), hallschlag);
    sumEventTallies([hallschlag, hallschlag]);
    expect(JSON.stringify(hallschlag)).toBe(before);
  });

  it('summing is the same in any order', () => {
    expect(eventFigures(sumEventTallies([rohr, hallschlag]))).toEqual(eventFigures(sumEventTallies([hallschlag, rohr])));
  });
});
