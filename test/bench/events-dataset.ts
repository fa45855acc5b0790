import type { MeetingRequest, Participant, WishLevel } from '../../src/modules/marketplaces/scheduling/model';
import { mulberry32 } from './harness';

export interface EventSize {
  readonly participants: number;
  readonly requests: number;
  /** Share of participants with 1–3 unavailable slots at the start or end (0 = none). */
  readonly unavailableShare?: number;
  readonly slots: number;
}

/**
 * A balanced event: half nonprofits, half companies, requests between uniformly random distinct
 * pairs (every participant has about the same number of requests). The asking side wishes `must`
 * (20 %) or `would`; the other side accepted (60 %), would (30 %) or must (10 %) meet too.
 * Match scores uniform in 0.2..1.
 */
export function makeEvent(size: EventSize, seed: number): { participants: Participant[]; requests: MeetingRequest[] } {
  const r = mulberry32(seed); // every run schedules the same event
  const half = Math.floor(size.participants / 2);
  const participants: Participant[] = [];
  for (let i = 0; i < size.participants; i++) {
    const side = i < half ? 'nonprofit' : 'company';
    let unavailableSlots: number[] | undefined;
    if (size.unavailableShare && r() < size.unavailableShare) {
      const n = 1 + Math.floor(r() * 3);
      unavailableSlots = r() < 0.5 ? Array.from({ length: n }, (_, k) => k) : Array.from({ length: n }, (_, k) => size.slots - 1 - k);
    }
    participants.push({ id: `${side === 'nonprofit' ? 'np' : 'co'}-${String(i).padStart(5, '0')}`, side, ...(unavailableSlots ? { unavailableSlots } : {}) });
  }
  const companies = size.participants - half;
  if (size.requests > half * companies) throw new RangeError(`${size.requests} requests do not fit ${half} × ${companies} pairs`);
  const seen = new Set<number>();
  const requests: MeetingRequest[] = [];
  const ask = (): WishLevel => (r() < 0.2 ? 'must' : 'would');
  const answer = (): WishLevel => {
    const x = r();
    return x < 0.6 ? 'accepted' : x < 0.9 ? 'would' : 'must';
  };
  while (requests.length < size.requests) {
    const a = Math.floor(r() * half);
    const b = Math.floor(r() * companies);
    const key = a * companies + b;
    if (seen.has(key)) continue;
    seen.add(key);
    const nonprofitAsks = r() < 0.5;
    requests.push({
      id: `req-${String(requests.length).padStart(6, '0')}`,
      nonprofitId: participants[a].id,
      companyId: participants[half + b].id,
      nonprofitWish: nonprofitAsks ? ask() : answer(),
      companyWish: nonprofitAsks ? answer() : ask(),
      matchScore: 0.2 + 0.8 * r(),
    });
  }
  return { participants, requests };
}
