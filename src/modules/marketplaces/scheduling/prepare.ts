import { meetingValue, type MeetingRequest, type ScheduleInput, type Unplaced } from './model';

/** Code-point order (locale-independent, so the schedule does not depend on the machine). */
export const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The input in canonical form: participants and requests sorted by id, the invalid requests set
 * aside with their reason. Everything downstream numbers things in this order, which makes the
 * schedule independent of the order of the input.
 */
export interface Prepared {
  readonly slots: number;
  readonly tables: number;
  readonly participantIds: readonly string[];
  readonly isNonprofit: Uint8Array;
  /** unavailable[p * slots + c] = 1 when participant p cannot meet in slot c. */
  readonly unavailable: Uint8Array;
  readonly availableSlots: Int32Array;
  readonly anyUnavailable: boolean;
  /** Valid requests, sorted by id. */
  readonly requests: readonly MeetingRequest[];
  readonly u: Int32Array;
  readonly v: Int32Array;
  readonly value: Float64Array;
  readonly invalid: readonly Unplaced[];
  readonly requestCount: number;
}

export function prepare(input: ScheduleInput): Prepared {
  const { slots, tables } = input;
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
  if (!Number.isInteger(tables) || tables < 1) throw new RangeError(`tables must be a positive integer, got ${tables}`);

  const participants = [...input.participants].sort((a, b) => byId(a.id, b.id));
  const index = new Map<string, number>();
  participants.forEach((p, i) => {
    if (index.has(p.id)) throw new RangeError(`duplicate participant id ${p.id}`);
    index.set(p.id, i);
  });
  const P = participants.length;
  const isNonprofit = new Uint8Array(P);
  const unavailable = new Uint8Array(P * slots);
  const availableSlots = new Int32Array(P).fill(slots);
  let anyUnavailable = false;
  participants.forEach((p, i) => {
    isNonprofit[i] = p.side === 'nonprofit' ? 1 : 0;
    for (const c of p.unavailableSlots ?? []) {
      if (Number.isInteger(c) && c >= 0 && c < slots && !unavailable[i * slots + c]) {
        unavailable[i * slots + c] = 1;
        availableSlots[i]--;
        anyUnavailable = true;
      }
    }
  });

  const sorted = [...input.requests].sort((a, b) => byId(a.id, b.id));
  const invalid: Unplaced[] = [];
  const valueOf = new Float64Array(sorted.length);
  const keep = new Uint8Array(sorted.length);
  const endA = new Int32Array(sorted.length);
  const endB = new Int32Array(sorted.length);
  const bestOfPair = new Map<number, number>(); // a · P + b → index in sorted of the request kept
  let m = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (i > 0 && sorted[i - 1].id === r.id) throw new RangeError(`duplicate request id ${r.id}`);
    const a = index.get(r.nonprofitId);
    const b = index.get(r.companyId);
    if (a === undefined || b === undefined) {
      invalid.push({ requestId: r.id, reason: 'unknown-participant' });
      continue;
    }
    if (!isNonprofit[a] || isNonprofit[b]) {
      invalid.push({ requestId: r.id, reason: 'wrong-sides' });
      continue;
    }
    let common = false;
    for (let c = 0; c < slots && !common; c++) common = !unavailable[a * slots + c] && !unavailable[b * slots + c];
    if (!common) {
      invalid.push({ requestId: r.id, reason: 'no-common-slot' });
      continue;
    }
    const value = meetingValue(r);
    valueOf[i] = value;
    endA[i] = a;
    endB[i] = b;
    const key = a * P + b;
    const held = bestOfPair.get(key);
    if (held === undefined) {
      bestOfPair.set(key, i);
      keep[i] = 1;
      m++;
    } else if (value > valueOf[held]) {
      invalid.push({ requestId: sorted[held].id, reason: 'duplicate-pair' });
      keep[held] = 0;
      bestOfPair.set(key, i);
      keep[i] = 1;
    } else invalid.push({ requestId: r.id, reason: 'duplicate-pair' });
  }
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  const value = new Float64Array(m);
  const requests: MeetingRequest[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (!keep[i]) continue;
    const e = requests.length;
    u[e] = endA[i];
    v[e] = endB[i];
    value[e] = valueOf[i];
    requests.push(sorted[i]);
  }
  invalid.sort((x, y) => byId(x.requestId, y.requestId));
  return {
    slots,
    tables,
    participantIds: participants.map((p) => p.id),
    isNonprofit,
    unavailable,
    availableSlots,
    anyUnavailable,
    requests,
    u,
    v,
    value,
    invalid,
    requestCount: sorted.length,
  };
}
