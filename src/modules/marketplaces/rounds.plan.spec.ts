import type { RoundPlanningInput } from './planning';
import { isRealDate, zonedTime } from '../../common/time/calendar';
import { applyPlanEdit, planInputHash, type StoredPlan } from './rounds.plan';

describe('zonedTime', () => {
  it.each([
    ['2031-03-20', '17:00', 'Europe/Berlin', '2031-03-20T16:00:00.000Z'], // CET
    ['2031-07-10', '17:00', 'Europe/Berlin', '2031-07-10T15:00:00.000Z'], // CEST
    ['2031-03-30', '17:00', 'Europe/Berlin', '2031-03-30T15:00:00.000Z'], // the day summer time starts
    ['2031-10-26', '19:00', 'Europe/Berlin', '2031-10-26T18:00:00.000Z'], // the day it ends
    ['2031-03-20', '09:30', 'UTC', '2031-03-20T09:30:00.000Z'],
    ['2031-03-20', '17:00', 'America/New_York', '2031-03-20T21:00:00.000Z'],
  ])('%s %s %s → %s', (date, time, tz, iso) => {
    expect(zonedTime(date, time, tz).toISOString()).toBe(iso);
  });
});

describe('isRealDate', () => {
  it.each([
    ['2031-02-28', true],
    ['2032-02-29', true],
    ['2031-02-29', false],
    ['2031-13-01', false],
    ['2031-1-01', false],
  ])('%s → %s', (s, ok) => expect(isRealDate(s)).toBe(ok));
});

describe('planInputHash', () => {
  const input: RoundPlanningInput = {
    districts: [
      { id: 'c', name: 'C', level: 'city', parentId: null, lat: 48, lon: 9 },
      { id: 'q1', name: 'Q1', level: 'quarter', parentId: 'c', lat: 48.1, lon: 9.1 },
      { id: 'q2', name: 'Q2', level: 'quarter', parentId: 'c', lat: 48.2, lon: 9.2 },
    ],
    pools: [
      { districtId: 'q1', openNeeds: 1, openOffers: 1, organisations: 2, matchValue: 0.8 },
      { districtId: 'q2', openNeeds: 1, openOffers: 0, organisations: 1, matchValue: 0 },
    ],
    crossValues: [{ districtIds: ['q2', 'q1'], value: 0.7 }],
    candidateDates: ['2031-03-20', '2031-04-17'],
    venues: [{ id: 'v', name: 'V', districtId: 'q1', capacity: 50, tables: 5, dates: ['2031-04-17', '2031-03-20'] }],
    targetSize: { min: 3, max: 10 },
  };
  it('ignores the order of rows, pairs and dates', () => {
    const shuffled: RoundPlanningInput = {
      ...input,
      districts: [...input.districts].reverse(),
      pools: [...input.pools].reverse(),
      crossValues: [{ districtIds: ['q1', 'q2'], value: 0.7 }],
      candidateDates: [...input.candidateDates].reverse(),
      venues: [{ ...input.venues[0], dates: ['2031-03-20', '2031-04-17'] }],
    };
    expect(planInputHash(shuffled)).toBe(planInputHash(input));
  });
  it.each([
    ['a match value', { pools: [{ ...input.pools[0], matchValue: 0.9 }, input.pools[1]] }],
    ['a venue capacity', { venues: [{ ...input.venues[0], capacity: 51 }] }],
    ['the target', { targetSize: { min: 3, max: 11 } }],
    ['a candidate date', { candidateDates: ['2031-03-20'] }],
  ])('changes with %s', (_what, change) => {
    expect(planInputHash({ ...input, ...change })).not.toBe(planInputHash(input));
  });
});

describe('applyPlanEdit', () => {
  const plan: StoredPlan = {
    events: [],
    leftOut: [],
    totals: { totalValue: 2, valueCaptured: 0, valueCapturedShare: 0, events: 0, quartersPlanned: 0, quartersLeftOut: 3, participantsPlanned: 0, groupingObjective: 0, method: 'none' },
    warnings: [],
    quarters: [
      { id: 'q1', name: 'Eins', boroughId: 'b', participants: 4, matchValue: 0.5, lat: 48.8, lon: 9.2 },
      { id: 'q2', name: 'Zwei', boroughId: 'b', participants: 3, matchValue: 0.25, lat: 48.81, lon: 9.2 },
      { id: 'q3', name: 'Drei', boroughId: 'b2', participants: 9, matchValue: 1, lat: 48.7, lon: 9.1 },
    ],
    crossValues: [{ districtIds: ['q2', 'q1'], value: 0.25 }],
    edited: false,
  };
  const round = { candidateDates: ['2031-03-20', '2031-04-17'], targetMin: 3, targetMax: 8 };
  const venues = [
    { id: 'v1', name: 'Saal', capacity: 50, tables: 5, availableDates: [], lat: 48.8, lon: 9.2 },
    { id: 'v2', name: 'Halle', capacity: 50, tables: 5, availableDates: ['2031-04-17'], lat: 48.7, lon: 9.1 },
    { id: 'v3', name: 'Stube', capacity: 6, tables: 1, availableDates: [], lat: 48.8, lon: 9.2 },
  ];

  it('recomputes the figures of the events and leaves the rest out', () => {
    const { plan: out, errors } = applyPlanEdit(plan, [{ quarterIds: ['q2', 'q1'], venueId: 'v1', date: '2031-03-20' }], round, venues);
    expect(errors).toEqual([]);
    expect(out!.events).toEqual([
      expect.objectContaining({ quarterIds: ['q1', 'q2'], quarterNames: ['Eins', 'Zwei'], boroughIds: ['b'], venueId: 'v1', venueName: 'Saal', expectedParticipants: 7, valueCaptured: 1, crossValueCaptured: 0.25, sizeStatus: 'within-target' }),
    ]);
    expect(out!.leftOut.map((l) => l.districtId)).toEqual(['q3']);
    expect(out!.totals).toMatchObject({ valueCaptured: 1, valueCapturedShare: 0.5, events: 1, quartersPlanned: 2, quartersLeftOut: 1, participantsPlanned: 7 });
    expect(out!.edited).toBe(true);
  });

  it('travel: participant-weighted distance from the Quartier centroids to the venue', () => {
    const { plan: out } = applyPlanEdit(plan, [{ quarterIds: ['q1', 'q2'], venueId: 'v1', date: '2031-03-20' }], round, venues);
    // q1 at the venue (0 km), q2 1.11 km north: (4 × 0 + 3 × 1.112) / 7
    expect(out!.events[0].averageTravelKm).toBeCloseTo((3 * 1.112) / 7, 2);
  });

  it('warns (does not refuse) when the venue is too small, tables are short or the event is below the target', () => {
    const { plan: out, errors } = applyPlanEdit(
      plan,
      [
        { quarterIds: ['q1', 'q2', 'q3'], venueId: 'v3', date: '2031-03-20' },
      ],
      { ...round, targetMax: 30 },
      venues,
    );
    expect(errors).toEqual([]);
    expect(out!.warnings.map((w) => w.code)).toEqual(['VENUE_TOO_SMALL', 'TOO_FEW_TABLES']);
    const small = applyPlanEdit(plan, [{ quarterIds: ['q2'], venueId: 'v1', date: '2031-03-20' }], { ...round, targetMin: 4 }, venues);
    expect(small.plan!.warnings.map((w) => w.code)).toEqual(['EVENT_BELOW_TARGET']);
    // A later edit that fits clears them.
    const fits = applyPlanEdit(out!, [{ quarterIds: ['q1'], venueId: 'v1', date: '2031-03-20' }], round, venues);
    expect(fits.plan!.warnings).toEqual([]);
  });

  it('marks an event above the target', () => {
    const { plan: out } = applyPlanEdit(plan, [{ quarterIds: ['q3'], venueId: 'v2', date: '2031-04-17' }], round, venues);
    expect(out!.events[0].sizeStatus).toBe('above-target');
  });

  it.each([
    ['an unknown Quartier', [{ quarterIds: ['qx'], venueId: 'v1', date: '2031-03-20' }], ['events[0].quarterIds[0]:notInArea']],
    [
      'a Quartier twice',
      [
        { quarterIds: ['q1'], venueId: 'v1', date: '2031-03-20' },
        { quarterIds: ['q1', 'q2'], venueId: 'v1', date: '2031-04-17' },
      ],
      ['events[1].quarterIds[0]:duplicate'],
    ],
    ['an unknown venue', [{ quarterIds: ['q1'], venueId: 'vx', date: '2031-03-20' }], ['events[0].venueId:unknownVenue']],
    ['a date outside the candidates', [{ quarterIds: ['q1'], venueId: 'v1', date: '2031-03-21' }], ['events[0].date:notCandidateDate']],
    ['a date the venue does not have', [{ quarterIds: ['q1'], venueId: 'v2', date: '2031-03-20' }], ['events[0].date:venueUnavailable']],
    [
      'a venue twice on a date',
      [
        { quarterIds: ['q1'], venueId: 'v1', date: '2031-03-20' },
        { quarterIds: ['q2'], venueId: 'v1', date: '2031-03-20' },
      ],
      ['events[1].venueId:venueTaken'],
    ],
  ])('refuses %s', (_what, edits, expected) => {
    const { plan: out, errors } = applyPlanEdit(plan, edits, round, venues);
    expect(out).toBeUndefined();
    expect(errors.map((e) => `${e.field}:${e.reason}`)).toEqual(expected);
  });
});
