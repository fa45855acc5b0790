/**
 * Which meetings to hold: a maximum-weight degree-constrained subgraph of the bipartite request
 * graph (each participant in at most `capacity[p]` meetings, at most `total` meetings in all),
 * solved exactly as a min-cost flow:
 *
 *   source → nonprofit (capacity[p], cost 0) → company (1, −weight) → hub (capacity[p], 0) → sink (total, 0)
 *
 * Successive shortest paths: each step sends one unit along the cheapest source–sink path of the
 * residual network (Dijkstra on reduced costs, integer costs, potentials from the DAG at the start,
 * no Bellman-Ford), which may reroute earlier meetings. It stops when the cheapest path no longer
 * has negative cost (holding one more meeting would not add value), or the sink is unreachable, or
 * `total` is reached. After k steps the flow is a maximum-weight selection of k meetings; the
 * marginal gains are non-increasing, so stopping at the first non-negative path is optimal.
 * Polynomial: at most min(total, edges) Dijkstra runs of O(E log V).
 *
 * Deterministic: nodes and arcs are numbered in the order given (the caller sorts by id) and the
 * heap breaks ties of distance by node number.
 */

export interface SelectionEdge {
  /** Index of the nonprofit in the participant numbering. */
  readonly u: number;
  /** Index of the company in the participant numbering. */
  readonly v: number;
  /** Positive integer weight. */
  readonly weight: number;
}

export interface SelectionResult {
  /** chosen[e] = 1 when edge e is held. */
  readonly chosen: Uint8Array;
  readonly count: number;
  readonly weight: number;
  /** Shortest-path augmentations (phase 2). */
  readonly augmentations: number;
  /** Meetings taken by the exact greedy phase (phase 1). */
  readonly greedy: number;
}

/**
 * Potentials for the residual network after phase 1: shortest distances from the source (queue-based
 * Bellman-Ford, run once; the residual network of an optimal k-selection has no negative cycle).
 * Nodes the source cannot reach keep their DAG potential; no augmenting path ever touches them.
 */
function residualPotentials(
  N: number, S: number, start: Int32Array, adj: Int32Array, to: Int32Array, cap: Int32Array, cost: Float64Array, pi: Float64Array,
): void {
  const dist = new Float64Array(N).fill(Infinity);
  const inQueue = new Uint8Array(N);
  const queue = new Int32Array(N);
  let head = 0;
  let tail = 0;
  let queued = 0;
  dist[S] = 0;
  queue[tail++ % N] = S;
  inQueue[S] = 1;
  queued = 1;
  while (queued > 0) {
    const x = queue[head++ % N];
    queued--;
    inQueue[x] = 0;
    for (let k = start[x], end = start[x + 1]; k < end; k++) {
      const a = adj[k];
      if (cap[a] <= 0) continue;
      const y = to[a];
      const nd = dist[x] + cost[a];
      if (nd < dist[y]) {
        dist[y] = nd;
        if (!inQueue[y]) {
          inQueue[y] = 1;
          queue[tail++ % N] = y;
          queued++;
        }
      }
    }
  }
  for (let x = 0; x < N; x++) if (dist[x] !== Infinity) pi[x] = dist[x];
}

export function selectMaxWeight(
  participants: number,
  isNonprofit: (p: number) => boolean,
  edges: readonly SelectionEdge[],
  capacity: ArrayLike<number>,
  total: number,
): SelectionResult {
  const m = edges.length;
  // Node numbers: the sink first, so that among nodes of equal distance Dijkstra settles the sink
  // first and stops early; then the hub, the source, participant p as p + 3.
  const T = 0;
  const HUB = 1;
  const S = 2;
  const N = participants + 3;
  const P0 = 3;

  // Arcs: 2 per link (forward, backward). Links: source arcs, middle arcs, hub arcs, hub→sink.
  const maxArcs = 2 * (participants + m + 1);
  const to = new Int32Array(maxArcs);
  const cap = new Int32Array(maxArcs);
  const cost = new Float64Array(maxArcs);
  const from = new Int32Array(maxArcs);
  let arcs = 0;
  const addLink = (a: number, b: number, c: number, w: number): number => {
    const id = arcs;
    from[arcs] = a; to[arcs] = b; cap[arcs] = c; cost[arcs] = w; arcs++;
    from[arcs] = b; to[arcs] = a; cap[arcs] = 0; cost[arcs] = -w; arcs++;
    return id;
  };
  for (let p = 0; p < participants; p++) {
    const c = Math.max(0, Math.floor(capacity[p]));
    if (isNonprofit(p)) addLink(S, P0 + p, c, 0);
    else addLink(P0 + p, HUB, c, 0);
  }
  const middle = new Int32Array(m);
  for (let e = 0; e < m; e++) middle[e] = addLink(P0 + edges[e].u, P0 + edges[e].v, 1, -edges[e].weight);
  addLink(HUB, T, Math.max(0, Math.floor(total)), 0);

  // CSR adjacency in arc order (deterministic).
  const start = new Int32Array(N + 1);
  for (let a = 0; a < arcs; a++) start[from[a] + 1]++;
  for (let i = 0; i < N; i++) start[i + 1] += start[i];
  const adj = new Int32Array(arcs);
  const fill = start.slice(0, N);
  for (let a = 0; a < arcs; a++) adj[fill[from[a]]++] = a;

  // Phase 1, greedy (exact): while the heaviest unused edge has room at both ends, holding it is
  // what the next shortest path would do. Proof: let X be a best selection of k meetings and e* the
  // heaviest edge not in X, with room at both ends. A best selection Y of k + 1 meetings holds an
  // edge e' not in X; Y − e' has k meetings, so w(Y) − w(e') ≤ w(X), and w(e') ≤ w(e*): X + e* is
  // feasible and at least as good as Y. On balanced events (tables bind, not participants) this
  // phase selects everything and phase 2 does not run.
  const limit = Math.min(Math.max(0, Math.floor(total)), m);
  const w = Float64Array.from(edges, (x) => x.weight);
  const byWeight = Array.from({ length: m }, (_, e) => e).sort((x, y) => w[y] - w[x] || x - y);
  const sourceArc = (p: number) => 2 * p; // addLink order: one link per participant first
  let count = 0;
  let weight = 0;
  for (const e of byWeight) {
    if (count >= limit) break;
    const a = sourceArc(edges[e].u);
    const b = sourceArc(edges[e].v);
    if (cap[a] <= 0 || cap[b] <= 0) break;
    for (const arc of [a, middle[e], b, arcs - 2]) {
      cap[arc] -= 1;
      cap[arc ^ 1] += 1;
    }
    count++;
    weight += edges[e].weight;
  }
  const greedy = count;

  // Initial potentials: shortest distances in the DAG source → nonprofits → companies → hub → sink
  // over the arcs with capacity (nonprofits 0, a company the cheapest incoming arc, the hub the
  // cheapest company). Reduced costs cost + π(from) − π(to) are then ≥ 0 on every residual arc.
  const pi = new Float64Array(N);
  for (let e = 0; e < m; e++) {
    const v = P0 + edges[e].v;
    if (-edges[e].weight < pi[v]) pi[v] = -edges[e].weight;
  }
  let hub = 0;
  for (let p = 0; p < participants; p++) if (!isNonprofit(p) && pi[P0 + p] < hub) hub = pi[P0 + p];
  pi[HUB] = hub;
  pi[T] = hub;
  if (count > 0 && count < limit) residualPotentials(N, S, start, adj, to, cap, cost, pi);

  // Dijkstra state, reset lazily by a stamp.
  const dist = new Float64Array(N);
  const seen = new Int32Array(N); // stamp when dist is valid
  const done = new Int32Array(N); // stamp when settled
  const prev = new Int32Array(N);
  const settled = new Int32Array(N);
  // Binary heap of (dist, node), lazy deletion.
  let heapD = new Float64Array(1024);
  let heapN = new Int32Array(1024);
  let size = 0;
  const less = (i: number, j: number) => heapD[i] < heapD[j] || (heapD[i] === heapD[j] && heapN[i] < heapN[j]);
  const push = (d: number, n: number) => {
    if (size === heapD.length) {
      const d2 = new Float64Array(size * 2); d2.set(heapD); heapD = d2;
      const n2 = new Int32Array(size * 2); n2.set(heapN); heapN = n2;
    }
    let i = size++;
    heapD[i] = d; heapN[i] = n;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(i, p)) break;
      const td = heapD[i]; heapD[i] = heapD[p]; heapD[p] = td;
      const tn = heapN[i]; heapN[i] = heapN[p]; heapN[p] = tn;
      i = p;
    }
  };
  const pop = () => {
    size--;
    heapD[0] = heapD[size]; heapN[0] = heapN[size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && less(r, l) ? r : l;
      if (!less(c, i)) break;
      const td = heapD[i]; heapD[i] = heapD[c]; heapD[c] = td;
      const tn = heapN[i]; heapN[i] = heapN[c]; heapN[c] = tn;
      i = c;
    }
  };

  let stamp = 0;
  while (count < limit) {
    stamp++;
    size = 0;
    let nSettled = 0;
    dist[S] = 0; seen[S] = stamp; prev[S] = -1;
    push(0, S);
    let reached = false;
    while (size > 0) {
      const d = heapD[0];
      const x = heapN[0];
      pop();
      if (done[x] === stamp || d > dist[x]) continue;
      done[x] = stamp;
      settled[nSettled++] = x;
      if (x === T) { reached = true; break; }
      const px = pi[x];
      for (let k = start[x], end = start[x + 1]; k < end; k++) {
        const a = adj[k];
        if (cap[a] <= 0) continue;
        const y = to[a];
        if (done[y] === stamp) continue;
        const nd = d + cost[a] + px - pi[y];
        if (seen[y] !== stamp || nd < dist[y]) {
          seen[y] = stamp; dist[y] = nd; prev[y] = a;
          push(nd, y);
        }
      }
    }
    if (!reached) break;
    const dT = dist[T];
    const pathCost = dT - pi[S] + pi[T];
    if (pathCost >= 0) break;
    // Potentials: π(v) += min(d(v), d(T)) − d(T) (a uniform shift does not change reduced costs).
    for (let i = 0; i < nSettled; i++) {
      const x = settled[i];
      if (dist[x] < dT) pi[x] += dist[x] - dT;
    }
    for (let y = T; y !== S; ) {
      const a = prev[y];
      cap[a] -= 1;
      cap[a ^ 1] += 1;
      y = from[a];
    }
    count++;
    weight -= pathCost;
  }

  const chosen = new Uint8Array(m);
  for (let e = 0; e < m; e++) if (cap[middle[e]] === 0) chosen[e] = 1;
  return { chosen, count, weight, augmentations: count - greedy, greedy };
}
