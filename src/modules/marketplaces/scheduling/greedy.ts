import type { Assignment, ScheduleInput } from './model';
import { prepare } from './prepare';

export interface GreedyResult {
  readonly assignments: readonly Assignment[];
  readonly unplaced: number;
  readonly slotsUsed: number;
  readonly valueHeld: number;
}

/**
 * The baseline: what event platforms commonly do. Requests in order (most valuable first, then by
 * id: a generous order for a greedy), each into the first slot in which both participants are free
 * and available and a table is left; requests that find none are dropped. `slots` may be raised
 * (e.g. to Infinity-like values) to measure how many slots first-fit needs for a given set.
 */
export function greedyFirstFreeSlot(input: ScheduleInput): GreedyResult {
  const pre = prepare(input);
  const S = pre.slots;
  const m = pre.u.length;
  const order = Array.from({ length: m }, (_, e) => e).sort((x, y) => pre.value[y] - pre.value[x] || x - y);
  const busy = new Uint8Array(pre.participantIds.length * S);
  const load = new Int32Array(S);
  const assignments: Assignment[] = [];
  let valueHeld = 0;
  let slotsUsed = 0;
  for (const e of order) {
    const a = pre.u[e] * S;
    const b = pre.v[e] * S;
    for (let c = 0; c < S; c++) {
      if (load[c] >= pre.tables || busy[a + c] || busy[b + c] || pre.unavailable[a + c] || pre.unavailable[b + c]) continue;
      busy[a + c] = 1;
      busy[b + c] = 1;
      load[c]++;
      assignments.push({ requestId: pre.requests[e].id, slot: c, table: load[c] });
      valueHeld += pre.value[e];
      if (c + 1 > slotsUsed) slotsUsed = c + 1;
      break;
    }
  }
  return { assignments, unplaced: m - assignments.length, slotsUsed, valueHeld };
}
