/**
 * Grouping: which Quartiere form an event. Maximises the sum over events of
 *   weights.value × value captured − weights.travelPerPersonKm × travel (participant-km to the
 *   group's medoid Quartier) − weights.crossBorough × (boroughs in the event − 1)
 * over partitions into valid groups (see isValidGroup); Quartiere in no group are left out.
 *
 * Connected components of the neighbour graph are independent. A component of at most
 * options.exactMaxQuarters Quartiere is solved exactly: every valid connected group is
 * enumerated, then a dynamic programme over subsets picks the best packing. Larger components
 * use the agglomerative heuristic below. Both are deterministic (quarters are sorted by id and
 * every tie is broken by index).
 */
import { evaluateGroup, isValidGroup, type PlanningContext } from './context';

export interface Grouping {
  groups: number[][];
  objective: number;
  method: 'exact' | 'heuristic' | 'mixed' | 'none';
}

export function components(ctx: PlanningContext): number[][] {
  const seen = new Uint8Array(ctx.n);
  const out: number[][] = [];
  for (let s = 0; s < ctx.n; s++) {
    if (seen[s]) continue;
    const comp: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const q = stack.pop()!;
      comp.push(q);
      for (const r of ctx.neighbours[q]) if (!seen[r]) ((seen[r] = 1), stack.push(r));
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}

export function groupQuarters(ctx: PlanningContext, mode: 'auto' | 'exact' | 'heuristic' = 'auto'): Grouping {
  const groups: number[][] = [];
  let objective = 0;
  let exact = 0;
  let heuristic = 0;
  for (const comp of components(ctx)) {
    const useExact = mode === 'exact' || (mode === 'auto' && comp.length <= ctx.options.exactMaxQuarters);
    const found = useExact ? exactComponent(ctx, comp) : heuristicComponent(ctx, comp);
    if (useExact) exact++;
    else heuristic++;
    for (const g of found) {
      groups.push(g);
      objective += evaluateGroup(ctx, g).objective;
    }
  }
  groups.sort((a, b) => a[0] - b[0]);
  const method = exact + heuristic === 0 ? 'none' : heuristic === 0 ? 'exact' : exact === 0 ? 'heuristic' : 'mixed';
  return { groups, objective, method };
}

/** Exhaustive: all valid connected groups, then the best packing by DP over subsets. */
function exactComponent(ctx: PlanningContext, comp: number[]): number[][] {
  const k = comp.length;
  if (k > 24) throw new Error(`exact grouping refused for ${k} Quartiere`);
  const local = new Map(comp.map((q, i) => [q, i]));
  const nb = comp.map((q) => ctx.neighbours[q].map((r) => local.get(r)!).sort((a, b) => a - b));
  const part = comp.map((q) => ctx.quarters[q].participants);
  const maxQ = ctx.options.maxQuartersPerEvent;
  const { max } = ctx.targetSize;

  // Connected subsets, each found from its lowest member (root) by growing through neighbours > root.
  const byRoot: { mask: number; members: number[]; objective: number }[][] = comp.map(() => []);
  for (let root = 0; root < k; root++) {
    const seen = new Set<number>();
    const grow = (mask: number, members: number[], p: number) => {
      if (seen.has(mask)) return;
      seen.add(mask);
      const global = members.map((i) => comp[i]).sort((a, b) => a - b);
      if (isValidGroup(ctx, global, p)) byRoot[root].push({ mask, members: global, objective: evaluateGroup(ctx, global).objective });
      if (members.length >= maxQ || p > max) return;
      for (const m of members) {
        for (const r of nb[m]) {
          if (r <= root || mask & (1 << r)) continue;
          if (p + part[r] > max) continue; // groups of two or more must stay within the maximum
          grow(mask | (1 << r), [...members, r], p + part[r]);
        }
      }
    };
    grow(1 << root, [root], part[root]);
    byRoot[root].sort((a, b) => a.mask - b.mask);
  }

  const full = (1 << k) - 1;
  const best = new Float64Array(1 << k).fill(NaN);
  const choice = new Int32Array(1 << k).fill(-1); // index into byRoot[root], -1 = root left out
  const solve = (mask: number): number => {
    if (mask === 0) return 0;
    if (!Number.isNaN(best[mask])) return best[mask];
    const root = 31 - Math.clz32(mask & -mask);
    let bestValue = -Infinity;
    let bestChoice = -1;
    const options = byRoot[root];
    for (let c = 0; c < options.length; c++) {
      const g = options[c];
      if ((g.mask & mask) !== g.mask) continue;
      const v = g.objective + solve(mask & ~g.mask);
      if (v > bestValue + 1e-9) ((bestValue = v), (bestChoice = c));
    }
    const skip = solve(mask & ~(1 << root));
    if (skip > bestValue + 1e-9) ((bestValue = skip), (bestChoice = -1));
    best[mask] = bestValue;
    choice[mask] = bestChoice;
    return bestValue;
  };
  solve(full);
  const out: number[][] = [];
  let mask = full;
  while (mask) {
    const root = 31 - Math.clz32(mask & -mask);
    const c = choice[mask];
    if (c < 0) mask &= ~(1 << root);
    else {
      out.push(byRoot[root][c].members);
      mask &= ~byRoot[root][c].mask;
    }
  }
  return out;
}

interface Cluster {
  members: number[];
  participants: number;
  objective: number;
  valid: boolean;
}

/**
 * Agglomerative merging. Starts with every Quartier alone and repeats the best merge of two
 * neighbouring clusters (some members are neighbours) whose union stays within the maximum
 * size, maxQuartersPerEvent and has a venue:
 *  1. while a cluster is below the target minimum: the merge involving such a cluster with the
 *     highest gain for the plan, obj(A ∪ B) − counted(A) − counted(B), where a cluster below the
 *     minimum counts 0 (so completing an event scores its whole value); a union still below the
 *     minimum ranks by obj(A ∪ B) − obj(A) − obj(B) (value between them minus extra travel); a
 *     small cluster joins an event only when that raises the plan's objective;
 *  2. then merges of two events that raise the objective, best gain first.
 * Ties: the smaller merged size, then the lower Quartier ids. Clusters still below the minimum
 * at the end are left out. Finally a repair pass moves single Quartiere between neighbouring
 * events (or adds left-out ones) while that raises the objective.
 */
function heuristicComponent(ctx: PlanningContext, comp: number[]): number[][] {
  const make = (members: number[]): Cluster => {
    const sorted = [...members].sort((a, b) => a - b);
    const e = evaluateGroup(ctx, sorted);
    return { members: sorted, participants: e.participants, objective: e.objective, valid: isValidGroup(ctx, sorted, e.participants) };
  };
  const clusterOf = new Map<number, Cluster>();
  for (const q of comp) clusterOf.set(q, make([q]));
  const counted = (c: Cluster) => (c.valid ? c.objective : 0);
  const { max, min } = ctx.targetSize;

  for (;;) {
    const clusters = [...new Set(clusterOf.values())];
    let best: { a: Cluster; b: Cluster; merged: Cluster; phase: number; gain: number } | null = null;
    for (const a of clusters) {
      const partners = new Set<Cluster>();
      for (const q of a.members) for (const r of ctx.neighbours[q]) {
        const b = clusterOf.get(r)!;
        if (b !== a && b.members[0] > a.members[0]) partners.add(b);
      }
      for (const b of partners) {
        if (a.participants + b.participants > max || a.members.length + b.members.length > ctx.options.maxQuartersPerEvent) continue;
        const small = a.participants < min || b.participants < min;
        const phase = small ? 1 : 2;
        if (best && phase > best.phase) continue;
        const merged = make([...a.members, ...b.members]);
        if (!merged.valid && merged.participants >= min) continue; // big enough but no venue
        // Rank by what the merge adds to the plan (a cluster below the minimum counts 0); a union that
        // stays below the minimum adds nothing yet and is ranked by its promise instead: the value
        // between A and B minus the extra travel.
        const gain = merged.valid ? merged.objective - counted(a) - counted(b) : merged.objective - a.objective - b.objective;
        if (phase === 2 || a.valid || b.valid) {
          const planGain = merged.objective - counted(a) - counted(b);
          if (planGain <= 1e-9) continue;
        }
        const better =
          !best ||
          phase < best.phase ||
          gain > best.gain + 1e-9 ||
          (Math.abs(gain - best.gain) <= 1e-9 &&
            (merged.participants < best.merged.participants ||
              (merged.participants === best.merged.participants && compareMembers(merged.members, best.merged.members) < 0)));
        if (better) best = { a, b, merged, phase, gain };
      }
    }
    if (!best) break;
    for (const q of best.merged.members) clusterOf.set(q, best.merged);
  }

  // Repair: single-Quartier moves that raise the objective (bounded, deterministic order).
  const groups = new Set([...clusterOf.values()].filter((c) => c.valid));
  const inGroup = new Map<number, Cluster>();
  for (const g of groups) for (const q of g.members) inGroup.set(q, g);
  for (let round = 0; round < 3 * comp.length; round++) {
    let moved = false;
    for (const q of comp) {
      const from = inGroup.get(q);
      const targets = new Set<Cluster>();
      for (const r of ctx.neighbours[q]) {
        const t = inGroup.get(r);
        if (t && t !== from) targets.add(t);
      }
      let bestMove: { to: Cluster; newTo: Cluster; newFrom: Cluster | null; gain: number } | null = null;
      const rest = from ? from.members.filter((m) => m !== q) : [];
      const newFrom = from && rest.length ? make(rest) : null;
      if (from && newFrom && !newFrom.valid) continue; // the event left behind must stay valid
      const fromGain = from ? (newFrom ? newFrom.objective : 0) - from.objective : 0;
      for (const to of [...targets].sort((x, y) => compareMembers(x.members, y.members))) {
        const newTo = make([...to.members, q]);
        if (!newTo.valid) continue;
        const gain = fromGain + newTo.objective - to.objective;
        if (gain > 1e-9 && (!bestMove || gain > bestMove.gain + 1e-9)) bestMove = { to, newTo, newFrom, gain };
      }
      if (!bestMove) continue;
      groups.delete(bestMove.to);
      groups.add(bestMove.newTo);
      for (const m of bestMove.newTo.members) inGroup.set(m, bestMove.newTo);
      if (from) {
        groups.delete(from);
        if (bestMove.newFrom) {
          groups.add(bestMove.newFrom);
          for (const m of bestMove.newFrom.members) inGroup.set(m, bestMove.newFrom);
        }
      }
      moved = true;
    }
    if (!moved) break;
  }
  return [...groups].map((g) => g.members);
}

function compareMembers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
