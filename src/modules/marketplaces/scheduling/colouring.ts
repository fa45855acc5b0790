/**
 * Slot assignment as bipartite edge colouring: participants are vertices, held meetings are edges,
 * slots are colours. A proper colouring = no participant twice in a slot; at most `tables` edges per
 * colour = no table twice in a slot.
 *
 * - `equitableColouring`: exact, for the case without unavailability. König: a bipartite graph of
 *   maximum degree Δ has a proper edge colouring with any k ≥ Δ colours; each edge is coloured
 *   with a colour a free at one end, after flipping the a/b alternating path (Kempe chain) at the
 *   other end if a is taken there (the path cannot reach the first end, the graph being bipartite).
 *   Then the colour classes are evened out: while the largest class a and the smallest b differ by
 *   more than one, the a/b subgraph (paths and even cycles) holds more paths that start and end
 *   with an a-edge than with a b-edge; swapping a and b on one of them moves one edge from a to b.
 *   The result: every class holds ⌊m/k⌋ or ⌈m/k⌉ edges. With k = max(Δ, ⌈m/tables⌉),
 *   ⌈m/k⌉ ≤ tables, so k slots suffice: the lower bound is attained.
 * - `constrainedColouring`: with unavailable slots (NP-hard in general) and for a new version of a
 *   published schedule. Edges keep a fixed colour where given; the others are placed most
 *   constrained first (fewest allowed slots, then the caller's order) in the first slot free at
 *   both ends with a table left; failing that, an a/b Kempe chain is flipped if every edge on it may
 *   take its new colour and both classes keep within `tables`, preferring chains that move no
 *   fixed edge. What still does not fit is reported by the caller. (The caller also runs it in
 *   plain value order and keeps the better of the two.)
 */

export interface ColouringGraph {
  /** Number of vertices (participants). */
  readonly vertices: number;
  /** Endpoints of each edge; eu[e] and ev[e] are on different sides. */
  readonly eu: Int32Array;
  readonly ev: Int32Array;
}

class State {
  /** at[v * k + c] = edge of colour c at v, or −1. */
  readonly at: Int32Array;
  readonly colour: Int32Array;
  readonly size: Int32Array;
  kempeFlips = 0;

  constructor(
    readonly g: ColouringGraph,
    readonly k: number,
  ) {
    this.at = new Int32Array(g.vertices * k).fill(-1);
    this.colour = new Int32Array(g.eu.length).fill(-1);
    this.size = new Int32Array(k);
  }

  set(e: number, c: number): void {
    this.colour[e] = c;
    this.at[this.g.eu[e] * this.k + c] = e;
    this.at[this.g.ev[e] * this.k + c] = e;
    this.size[c]++;
  }

  unset(e: number): void {
    const c = this.colour[e];
    this.at[this.g.eu[e] * this.k + c] = -1;
    this.at[this.g.ev[e] * this.k + c] = -1;
    this.size[c]--;
    this.colour[e] = -1;
  }

  free(v: number, c: number): boolean {
    return this.at[v * this.k + c] === -1;
  }

  firstFree(v: number): number {
    const base = v * this.k;
    for (let c = 0; c < this.k; c++) if (this.at[base + c] === -1) return c;
    return -1;
  }

  other(e: number, v: number): number {
    return this.g.eu[e] === v ? this.g.ev[e] : this.g.eu[e];
  }

  /** The alternating path of colours a, b, a, … that starts at v with its a-edge. */
  path(v: number, a: number, b: number): number[] {
    const edges: number[] = [];
    let cur = v;
    let col = a;
    for (;;) {
      const e = this.at[cur * this.k + col];
      if (e === -1) break;
      edges.push(e);
      cur = this.other(e, cur);
      col = col === a ? b : a;
    }
    return edges;
  }

  /** Swap colours a and b on the given path edges. */
  flip(edges: readonly number[], a: number, b: number): void {
    const old = edges.map((e) => this.colour[e]);
    for (const e of edges) this.unset(e);
    edges.forEach((e, i) => this.set(e, old[i] === a ? b : a));
  }
}

export interface EquitableResult {
  readonly colour: Int32Array;
  readonly kempeFlips: number;
  readonly balancingSwaps: number;
}

/** Proper edge colouring with exactly k ≥ Δ colours, classes of ⌊m/k⌋ or ⌈m/k⌉ edges. */
export function equitableColouring(g: ColouringGraph, k: number): EquitableResult {
  const m = g.eu.length;
  if (m === 0) return { colour: new Int32Array(0), kempeFlips: 0, balancingSwaps: 0 };
  const s = new State(g, k);
  for (let e = 0; e < m; e++) {
    const u = g.eu[e];
    const v = g.ev[e];
    // The smallest class free at both ends (fewer balancing swaps later), else a Kempe flip.
    let best = -1;
    for (let c = 0; c < k; c++) if (s.free(u, c) && s.free(v, c) && (best < 0 || s.size[c] < s.size[best])) best = c;
    if (best >= 0) {
      s.set(e, best);
      continue;
    }
    const a = s.firstFree(u);
    const b = s.firstFree(v);
    if (a < 0 || b < 0) throw new Error(`equitableColouring: k=${k} is below the maximum degree`);
    {
      s.flip(s.path(v, a, b), a, b);
      s.kempeFlips++;
      s.set(e, a);
    }
  }

  let swaps = 0;
  for (;;) {
    let big = 0;
    let small = 0;
    for (let c = 1; c < k; c++) {
      if (s.size[c] > s.size[big]) big = c;
      if (s.size[c] < s.size[small]) small = c;
    }
    if (s.size[big] - s.size[small] <= 1) break;
    swaps += balancePair(s, big, small);
  }
  return { colour: s.colour, kempeFlips: s.kempeFlips, balancingSwaps: swaps };
}

/** Move edges from class a to class b along a-heavy alternating paths until they differ by ≤ 1. */
function balancePair(s: State, a: number, b: number): number {
  let swaps = 0;
  const V = s.g.vertices;
  for (let x = 0; x < V && s.size[a] - s.size[b] > 1; x++) {
    if (s.free(x, a) || !s.free(x, b)) continue; // a path end that starts with an a-edge
    const p = s.path(x, a, b);
    if (p.length % 2 === 1) {
      s.flip(p, a, b);
      swaps++;
    }
  }
  if (swaps === 0) throw new Error('balancePair: no a-heavy path (cannot happen in a proper colouring)');
  return swaps;
}

export interface ConstrainedOptions {
  readonly slots: number;
  readonly tables: number;
  /** May edge e use slot c? (Both participants available.) */
  readonly allowed: (e: number, c: number) => boolean;
  /** Edges in the order to place them (ties of "fewest allowed slots" keep this order). */
  readonly order: readonly number[];
  /** fixed[e] ≥ 0: try to keep edge e in that slot (placed first, in `order`). */
  readonly fixed?: Int32Array;
  /** Place the edges with the fewest allowed slots first (default), or strictly in `order`. */
  readonly mostConstrainedFirst?: boolean;
}

export interface ConstrainedResult {
  /** colour[e] = slot, or −1 when the edge could not be placed. */
  readonly colour: Int32Array;
  readonly kempeFlips: number;
}

export function constrainedColouring(g: ColouringGraph, o: ConstrainedOptions): ConstrainedResult {
  const k = o.slots;
  const s = new State(g, k);
  const m = g.eu.length;
  const isFixed = new Uint8Array(m);
  const rest: number[] = [];
  for (const e of o.order) {
    const f = o.fixed ? o.fixed[e] : -1;
    if (f >= 0 && f < k && o.allowed(e, f) && s.free(g.eu[e], f) && s.free(g.ev[e], f) && s.size[f] < o.tables) {
      s.set(e, f);
      isFixed[e] = 1;
    } else rest.push(e);
  }
  const allowedCount = new Int32Array(m);
  for (const e of rest) for (let c = 0; c < k; c++) if (o.allowed(e, c)) allowedCount[e]++;
  const rank = new Int32Array(m);
  rest.forEach((e, i) => (rank[e] = i));
  if (o.mostConstrainedFirst !== false) rest.sort((x, y) => allowedCount[x] - allowedCount[y] || rank[x] - rank[y]);

  for (const e of rest) {
    const u = g.eu[e];
    const v = g.ev[e];
    let placed = false;
    for (let c = 0; c < k && !placed; c++) {
      if (s.size[c] < o.tables && o.allowed(e, c) && s.free(u, c) && s.free(v, c)) {
        s.set(e, c);
        placed = true;
      }
    }
    if (placed) continue;
    // Kempe repair: a free at u (and allowed for e), b free at v; flip the a/b chain from v (or
    // b/a from u). First pass avoids moving fixed edges, second allows it.
    for (let pass = 0; pass < 2 && !placed; pass++) {
      for (let a = 0; a < k && !placed; a++) {
        if (!o.allowed(e, a)) continue;
        for (const [end, far] of [[v, u], [u, v]] as const) {
          if (placed || !s.free(far, a) || s.free(end, a)) continue;
          for (let b = 0; b < k && !placed; b++) {
            if (b === a || !s.free(end, b)) continue;
            const p = s.path(end, a, b);
            if (!chainOk(s, p, a, b, o, pass === 0 ? isFixed : undefined)) continue;
            s.flip(p, a, b);
            s.kempeFlips++;
            s.set(e, a);
            placed = true;
          }
        }
      }
    }
  }
  return { colour: s.colour, kempeFlips: s.kempeFlips };
}

function chainOk(s: State, p: readonly number[], a: number, b: number, o: ConstrainedOptions, avoid: Uint8Array | undefined): boolean {
  let na = 0;
  for (let i = 0; i < p.length; i++) {
    const e = p[i];
    const now = i % 2 === 0 ? a : b;
    if (now === a) na++;
    if (avoid && avoid[e]) return false;
    if (!o.allowed(e, now === a ? b : a)) return false;
  }
  const nb = p.length - na;
  // After the flip class a has size − na + nb, then + 1 for the new edge; class b size − nb + na.
  return s.size[a] - na + nb + 1 <= o.tables && s.size[b] - nb + na <= o.tables;
}
