import { constrainedColouring, equitableColouring, type ColouringGraph } from './colouring';
import {
  slotLowerBound,
  type Assignment,
  type ScheduleChanges,
  type ScheduleDiagnostics,
  type ScheduleInput,
  type ScheduleResult,
  type Unplaced,
} from './model';
import { byId, prepare, type Prepared } from './prepare';
import { selectMaxWeight } from './selection';

/**
 * Schedules the 1:1 meetings of an event: chooses which meetings to hold (selection.ts, exact),
 * then a slot (colouring.ts) and a table for each.
 *
 * - Without unavailable slots and without a previous version: the selection fits in exactly
 *   lowerBound = max(Δ, ⌈m / tables⌉) slots (equitable bipartite edge colouring), slots 0..k−1.
 * - With unavailable slots: the selection respects each participant's available slot count; the
 *   slots are then placed most-constrained-first with Kempe-chain repair; what does not fit is
 *   reported as `no-free-slot`, and `gapToLowerBound` says how far the slot count is from the bound.
 * - With a previous version (`input.previous`), see `reschedule` below.
 *
 * Deterministic and idempotent: the input is put in canonical order (ids) first, so the same input
 * in any order gives the same result, and scheduling the same input twice gives the same result.
 */
export function scheduleMeetings(input: ScheduleInput): ScheduleResult {
  const pre = prepare(input);
  const m = pre.u.length;
  const prevById = new Map<string, Assignment>();
  for (const a of input.previous ?? []) prevById.set(a.requestId, a);
  const prevSlot = new Int32Array(m).fill(-1);
  const prevTable = new Int32Array(m).fill(-1);
  let prevCount = 0;
  pre.requests.forEach((r, e) => {
    const a = prevById.get(r.id);
    if (a) {
      prevSlot[e] = a.slot;
      prevTable[e] = a.table;
      prevCount++;
    }
  });
  const hasPrevious = input.previous !== undefined && input.previous.length > 0;

  // 1. Selection. With a previous version: maximum value first, then as many announced meetings as
  // possible (weight value · (announced + 1) + 1 for an announced one: the bonus of all announced
  // meetings together is smaller than one unit of value).
  const factor = hasPrevious ? prevCount + 1 : 1;
  const edges = Array.from({ length: m }, (_, e) => ({
    u: pre.u[e],
    v: pre.v[e],
    weight: pre.value[e] * factor + (hasPrevious && prevSlot[e] >= 0 ? 1 : 0),
  }));
  const sel = selectMaxWeight(pre.participantIds.length, (p) => pre.isNonprofit[p] === 1, edges, pre.availableSlots, pre.slots * pre.tables);

  const selected: number[] = [];
  // Left out by the selection or not placed, in id order (pre.requests is sorted by id).
  const leftOut = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    if (sel.chosen[e]) selected.push(e);
    else leftOut[e] = 1;
  }
  const n = selected.length;
  const g: ColouringGraph = {
    vertices: pre.participantIds.length,
    eu: Int32Array.from(selected, (e) => pre.u[e]),
    ev: Int32Array.from(selected, (e) => pre.v[e]),
  };
  const degree = new Int32Array(g.vertices);
  for (let i = 0; i < n; i++) {
    degree[g.eu[i]]++;
    degree[g.ev[i]]++;
  }
  let maxDegree = 0;
  for (let p = 0; p < g.vertices; p++) if (degree[p] > maxDegree) maxDegree = degree[p];
  const lowerBound = slotLowerBound(n, maxDegree, pre.tables);

  // 2. Slots.
  const S = pre.slots;
  const allowed = (i: number, c: number) => !pre.unavailable[g.eu[i] * S + c] && !pre.unavailable[g.ev[i] * S + c];
  // Placement order: value first, then id (selected is in id order).
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => pre.value[selected[y]] - pre.value[selected[x]] || x - y);
  const fixed = Int32Array.from(selected, (e) => prevSlot[e]);
  let colour: Int32Array;
  let method: ScheduleDiagnostics['method'];
  let kempeFlips = 0;
  let balancingSwaps = 0;
  if (!hasPrevious && !pre.anyUnavailable) {
    const r = equitableColouring(g, lowerBound);
    colour = r.colour;
    kempeFlips = r.kempeFlips;
    balancingSwaps = r.balancingSwaps;
    method = 'equitable-colouring';
  } else if (!hasPrevious) {
    // Two greedy orders, the better one kept (more value held, then fewer slots, then the first).
    const r1 = constrainedColouring(g, { slots: S, tables: pre.tables, allowed, order });
    const r2 = constrainedColouring(g, { slots: S, tables: pre.tables, allowed, order, mostConstrainedFirst: false });
    const score = (col: Int32Array): [number, number] => {
      let v = 0;
      const used = new Set<number>();
      col.forEach((c, i) => {
        if (c >= 0) {
          v += pre.value[selected[i]];
          used.add(c);
        }
      });
      return [v, used.size];
    };
    const [v1, s1] = score(r1.colour);
    const [v2, s2] = score(r2.colour);
    const r = v2 > v1 || (v2 === v1 && s2 < s1) ? r2 : r1;
    colour = r.colour;
    kempeFlips = r.kempeFlips;
    method = 'constrained';
  } else {
    const r = constrainedColouring(g, { slots: S, tables: pre.tables, allowed, order, fixed });
    colour = r.colour;
    kempeFlips = r.kempeFlips;
    method = 'stable-constrained';
    const missing = colour.reduce((s, c) => s + (c < 0 ? 1 : 0), 0);
    if (missing > 0 && !pre.anyUnavailable) {
      // The stable placement left meetings out, the exact colouring never does: take it, with its
      // colours relabelled to keep as many meetings as possible in their announced slots.
      const q = equitableColouring(g, lowerBound);
      colour = relabel(q.colour, lowerBound, fixed, S);
      kempeFlips += q.kempeFlips;
      balancingSwaps = q.balancingSwaps;
      method = 'stable-recoloured';
    }
  }

  // 3. Tables, per slot: an announced meeting keeps its table where it is free, the others take
  // the lowest free table in the order of their ids.
  const table = new Int32Array(n).fill(-1);
  const taken = new Uint8Array(S * (pre.tables + 1));
  const claim = (i: number, t: number) => {
    table[i] = t;
    taken[colour[i] * (pre.tables + 1) + t] = 1;
  };
  for (const i of order) {
    const t = prevTable[selected[i]];
    if (colour[i] >= 0 && t >= 1 && t <= pre.tables && !taken[colour[i] * (pre.tables + 1) + t]) claim(i, t);
  }
  const next = new Int32Array(S).fill(1);
  for (let i = 0; i < n; i++) {
    if (colour[i] < 0 || table[i] > 0) continue;
    const c = colour[i];
    while (taken[c * (pre.tables + 1) + next[c]]) next[c]++;
    claim(i, next[c]);
  }

  const assignments: Assignment[] = [];
  let valueHeld = 0;
  const usedSlot = new Uint8Array(S);
  for (let i = 0; i < n; i++) {
    const e = selected[i];
    if (colour[i] < 0) {
      leftOut[e] = 2;
      continue;
    }
    assignments.push({ requestId: pre.requests[e].id, slot: colour[i], table: table[i] });
    valueHeld += pre.value[e];
    usedSlot[colour[i]] = 1;
  }
  assignments.sort((a, b) => a.slot - b.slot || a.table - b.table);
  // Merge the two id-ordered lists (invalid requests, valid ones left out) without sorting again.
  const unplaced: Unplaced[] = [];
  let j = 0;
  for (let e = 0; e < m; e++) {
    if (!leftOut[e]) continue;
    const id = pre.requests[e].id;
    while (j < pre.invalid.length && byId(pre.invalid[j].requestId, id) < 0) unplaced.push(pre.invalid[j++]);
    unplaced.push({ requestId: id, reason: leftOut[e] === 1 ? 'not-selected' : 'no-free-slot' });
  }
  while (j < pre.invalid.length) unplaced.push(pre.invalid[j++]);
  const slotsUsed = usedSlot.reduce((s, x) => s + x, 0);
  let valueRequested = 0;
  for (let e = 0; e < m; e++) valueRequested += pre.value[e];

  return {
    assignments,
    unplaced,
    lowerBound,
    slotsUsed,
    valueHeld,
    valueRequested,
    ...(input.previous !== undefined ? { changes: changesFrom(input.previous, assignments) } : {}),
    diagnostics: {
      method,
      requests: pre.requestCount,
      validRequests: m,
      selected: n,
      held: assignments.length,
      maxDegree,
      augmentations: sel.augmentations,
      kempeFlips,
      balancingSwaps,
      gapToLowerBound: slotsUsed - lowerBound,
    },
  };
}

/**
 * Maps the k colours of a fresh colouring to slots so that as many meetings as possible keep their
 * announced slot: greedily by the number of meetings a colour shares with a slot (largest first,
 * ties by colour, then slot), the remaining colours to the remaining slots in ascending order.
 */
function relabel(colour: Int32Array, k: number, fixed: Int32Array, slots: number): Int32Array {
  const overlap = new Int32Array(k * slots);
  for (let i = 0; i < colour.length; i++) if (fixed[i] >= 0 && fixed[i] < slots) overlap[colour[i] * slots + fixed[i]]++;
  const pairs: [number, number, number][] = [];
  for (let c = 0; c < k; c++) for (let s = 0; s < slots; s++) if (overlap[c * slots + s] > 0) pairs.push([overlap[c * slots + s], c, s]);
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const map = new Int32Array(k).fill(-1);
  const usedSlot = new Uint8Array(slots);
  for (const [, c, s] of pairs) {
    if (map[c] >= 0 || usedSlot[s]) continue;
    map[c] = s;
    usedSlot[s] = 1;
  }
  let s = 0;
  for (let c = 0; c < k; c++) {
    if (map[c] >= 0) continue;
    while (usedSlot[s]) s++;
    map[c] = s;
    usedSlot[s] = 1;
  }
  return colour.map((c) => map[c]);
}

function changesFrom(previous: readonly Assignment[], now: readonly Assignment[]): ScheduleChanges {
  const nowById = new Map(now.map((a) => [a.requestId, a]));
  const prevIds = new Set<string>();
  const kept: string[] = [];
  const moved: { requestId: string; from: { slot: number; table: number }; to: { slot: number; table: number } }[] = [];
  const dropped: string[] = [];
  for (const p of [...previous].sort((a, b) => byId(a.requestId, b.requestId))) {
    if (prevIds.has(p.requestId)) continue;
    prevIds.add(p.requestId);
    const a = nowById.get(p.requestId);
    if (!a) dropped.push(p.requestId);
    else if (a.slot === p.slot && a.table === p.table) kept.push(p.requestId);
    else moved.push({ requestId: p.requestId, from: { slot: p.slot, table: p.table }, to: { slot: a.slot, table: a.table } });
  }
  const added = now.filter((a) => !prevIds.has(a.requestId)).map((a) => a.requestId).sort(byId);
  return { kept, moved, dropped, added };
}


