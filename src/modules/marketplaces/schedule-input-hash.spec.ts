import { scheduleInputHash, type SlotSettings } from './schedules.service';
import type { MeetingRequest, Participant } from './scheduling';

const SETTINGS: SlotSettings = { slotCount: 6, slotMinutes: 15, firstSlotAt: new Date('2031-03-12T16:15:00Z'), tables: 8 };
const P: Participant[] = [
  { id: 'a1', side: 'nonprofit', unavailableSlots: [2, 0] },
  { id: 'b2', side: 'company' },
  { id: 'c3', side: 'company', unavailableSlots: [] },
];
const R: MeetingRequest[] = [
  { id: 'r1', nonprofitId: 'a1', companyId: 'b2', nonprofitWish: 'must', companyWish: 'accepted', matchScore: 0.5 },
  { id: 'r2', nonprofitId: 'a1', companyId: 'c3', nonprofitWish: 'would', companyWish: 'would', matchScore: 0 },
];
const base = scheduleInputHash(SETTINGS, { participants: P, requests: R });

describe('the schedule input hash', () => {
  it('does not depend on the order of participants, requests or unavailable slots', () => {
    expect(scheduleInputHash(SETTINGS, { participants: [...P].reverse(), requests: [...R].reverse() })).toBe(base);
    expect(scheduleInputHash(SETTINGS, { participants: [{ ...P[0], unavailableSlots: [0, 2, 2] }, P[1], P[2]], requests: R })).toBe(base);
    // no unavailable slots and an empty list are the same input
    expect(scheduleInputHash(SETTINGS, { participants: [P[0], P[1], { id: 'c3', side: 'company' }], requests: R })).toBe(base);
  });

  it.each([
    ['a slot more', { settings: { ...SETTINGS, slotCount: 7 } }],
    ['longer slots', { settings: { ...SETTINGS, slotMinutes: 20 } }],
    ['a later first slot', { settings: { ...SETTINGS, firstSlotAt: new Date('2031-03-12T16:30:00Z') } }],
    ['a table less', { settings: { ...SETTINGS, tables: 7 } }],
    ['a participant less', { participants: P.slice(0, 2) }],
    ['another unavailable slot', { participants: [{ ...P[0], unavailableSlots: [0] }, P[1], P[2]] }],
    ['another wish', { requests: [{ ...R[0], companyWish: 'would' as const }, R[1]] }],
    ['another score', { requests: [R[0], { ...R[1], matchScore: 0.25 }] }],
    ['a request less', { requests: R.slice(1) }],
  ])('changes with %s', (_, change: { settings?: SlotSettings; participants?: Participant[]; requests?: MeetingRequest[] }) => {
    expect(scheduleInputHash(change.settings ?? SETTINGS, { participants: change.participants ?? P, requests: change.requests ?? R })).not.toBe(base);
  });
});
