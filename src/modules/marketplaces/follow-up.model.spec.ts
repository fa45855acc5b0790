import { agreementOutcome, followUpDueAt, isStageOpen, type FollowUpAnswer, type FollowUpStage } from './follow-up.model';

const OFFSETS = { firstDays: 14, secondMonths: 3 };

describe('followUpDueAt (Berlin wall clock)', () => {
  describe.each<[string, string, FollowUpStage, string]>([
    ['Marktplatz Hallschlag im Winter, zwei Wochen später', '2031-01-15T18:00:00.000Z', 'first', '2031-01-29T18:00:00.000Z'],
    ['drei Monate später, über den Beginn der Sommerzeit: 19:00 bleibt 19:00', '2031-01-15T18:00:00.000Z', 'second', '2031-04-15T17:00:00.000Z'],
    ['zwei Wochen über die Zeitumstellung im März (30. März 2031)', '2031-03-20T18:00:00.000Z', 'first', '2031-04-03T17:00:00.000Z'],
    ['im Oktober zurück zur Winterzeit', '2031-10-20T17:00:00.000Z', 'first', '2031-11-03T18:00:00.000Z'],
    ['Monatsende: 30. November + 3 Monate = letzter Februartag', '2030-11-30T18:00:00.000Z', 'second', '2031-02-28T18:00:00.000Z'],
    ['Schaltjahr: 30. November 2031 + 3 Monate = 29. Februar 2032', '2031-11-30T18:00:00.000Z', 'second', '2032-02-29T18:00:00.000Z'],
    ['über den Jahreswechsel', '2031-12-10T18:30:00.000Z', 'second', '2032-03-10T18:30:00.000Z'],
    ['kurz nach Mitternacht in Berlin: der Berliner Tag (1. Februar) zählt, nicht der UTC-Tag (31. Januar)', '2031-01-31T23:30:00.000Z', 'second', '2031-04-30T22:30:00.000Z'],
    ['Sekunden und Millisekunden bleiben', '2031-05-05T17:45:12.345Z', 'first', '2031-05-19T17:45:12.345Z'],
  ])('%s', (_, endsAt, stage, expected) => {
    it(`${endsAt} ${stage} → ${expected}`, () => {
      expect(followUpDueAt(new Date(endsAt), stage, OFFSETS).toISOString()).toBe(expected);
    });
  });

  it('uses the configured offsets', () => {
    const end = new Date('2031-01-15T18:00:00.000Z');
    expect(followUpDueAt(end, 'first', { firstDays: 7, secondMonths: 6 }).toISOString()).toBe('2031-01-22T18:00:00.000Z');
    expect(followUpDueAt(end, 'second', { firstDays: 7, secondMonths: 6 }).toISOString()).toBe('2031-07-15T17:00:00.000Z');
    expect(followUpDueAt(end, 'second', { firstDays: 7, secondMonths: 12 }).toISOString()).toBe('2032-01-15T18:00:00.000Z');
  });

  it('the second stage always comes after the first with the defaults', () => {
    for (let day = 0; day < 366; day += 3) {
      const end = new Date(Date.UTC(2031, 0, 1, 17) + day * 86400_000);
      expect(followUpDueAt(end, 'second', OFFSETS).getTime()).toBeGreaterThan(followUpDueAt(end, 'first', OFFSETS).getTime());
    }
  });
});

describe('isStageOpen', () => {
  const now = new Date('2031-02-01T12:00:00Z');
  it.each<[string, { dueAt: Date; sentAt: Date | null } | undefined, boolean]>([
    ['not scheduled (the event has not finished)', undefined, false],
    ['due later, reminder not sent', { dueAt: new Date('2031-02-10T00:00:00Z'), sentAt: null }, false],
    ['due now', { dueAt: now, sentAt: null }, true],
    ['due time passed (job still on its way)', { dueAt: new Date('2031-01-30T00:00:00Z'), sentAt: null }, true],
    ['reminder sent early (job promoted by hand)', { dueAt: new Date('2031-02-10T00:00:00Z'), sentAt: new Date('2031-01-31T00:00:00Z') }, true],
  ])('%s → %s', (_, row, expected) => expect(isStageOpen(row, now)).toBe(expected));
});

describe('agreementOutcome', () => {
  const a = (stage: FollowUpStage, outcome: FollowUpAnswer['outcome']): FollowUpAnswer => ({ stage, outcome });
  describe.each<[string, FollowUpAnswer[], ReturnType<typeof agreementOutcome>]>([
    ['noch keine Antwort', [], 'no_answer'],
    ['das Unternehmen meldet „umgesetzt“ nach zwei Wochen', [a('first', 'carried_out')], 'carried_out'],
    ['eine Seite „umgesetzt“, die andere „nicht umgesetzt“: eine Seite genügt', [a('first', 'carried_out'), a('first', 'not_carried_out')], 'carried_out'],
    ['nach zwei Wochen „umgesetzt“, nach drei Monaten „nicht umgesetzt“: bleibt umgesetzt', [a('first', 'carried_out'), a('second', 'not_carried_out')], 'carried_out'],
    ['beide „in Arbeit“ nach zwei Wochen', [a('first', 'in_progress'), a('first', 'in_progress')], 'in_progress'],
    ['„in Arbeit“, dann nach drei Monaten „nicht umgesetzt“: die spätere Stufe zählt', [a('first', 'in_progress'), a('second', 'not_carried_out')], 'not_carried_out'],
    ['„nicht umgesetzt“, dann nach drei Monaten doch „in Arbeit“', [a('first', 'not_carried_out'), a('second', 'in_progress')], 'in_progress'],
    ['auf derselben Stufe „in Arbeit“ und „nicht umgesetzt“: in Arbeit', [a('second', 'not_carried_out'), a('second', 'in_progress')], 'in_progress'],
    ['beide „nicht umgesetzt“', [a('first', 'not_carried_out'), a('first', 'not_carried_out')], 'not_carried_out'],
    ['nur die zweite Stufe, „umgesetzt“', [a('second', 'carried_out')], 'carried_out'],
  ])('%s', (_, answers, expected) => {
    it(`→ ${expected}`, () => expect(agreementOutcome(answers)).toBe(expected));
  });
});
