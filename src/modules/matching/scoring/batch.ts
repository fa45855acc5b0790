import { CATEGORIES } from '../../../common/domain/vocabulary';
import { causeFit, distanceFit, giveBackFit, greatCircleKm, quantityFit, tagFit, timeframeFit, timeframesOverlap } from './components';
import type { ListingFeatures } from './features';
import { CATEGORY_FIT, COMPONENTS, round4, type Component, type MatchingWeights } from './model';
import { signatureSimilarity } from './text';

const N_CAT = CATEGORIES.length;

/** The components of one pair and the facts behind them (for the explanation). */
export interface PairBreakdown {
  score: number;
  components: Record<Component, number>;
  distanceKm: number;
  sharedTags: number[];
}

/**
 * Scores one pair. Returns -1 when a hard filter excludes it: incompatible category, no common
 * time, the same organisation, or outside the offer's radius. `out`, when given, receives the
 * components in COMPONENTS order followed by the distance in km.
 */
export function scorePair(n: ListingFeatures, o: ListingFeatures, w: MatchingWeights, weightSum: number, idf: Float64Array, out?: Float64Array): number {
  const category = CATEGORY_FIT[n.category * N_CAT + o.category];
  if (category === 0) return -1;
  if (!timeframesOverlap(n.start, n.end, o.start, o.end)) return -1;
  if (n.org === o.org) return -1;
  const km = greatCircleKm(o.lat, o.lon, o.cosLat, n.lat, n.lon, n.cosLat);
  if (km > o.radiusKm) return -1;
  const tags = tagFit(n.tags, n.tagWeight, o.tags, o.tagWeight, idf);
  const text = signatureSimilarity(n.sig, 0, n.sigBits, o.sig, 0, o.sigBits);
  const distance = distanceFit(km, w.distanceHalfLifeKm);
  const quantity = quantityFit(n.amount, n.unit, o.amount, o.unit);
  const timeframe = timeframeFit(n.start, n.end, o.start, o.end);
  const causes = causeFit(o.causes, n.causes);
  const giveBack = giveBackFit(o.giveBacks, n.giveBacks);
  if (out) {
    out[0] = category;
    out[1] = tags;
    out[2] = text;
    out[3] = distance;
    out[4] = quantity;
    out[5] = timeframe;
    out[6] = causes;
    out[7] = giveBack;
    out[8] = km;
  }
  return round4(
    (w.category * category +
      w.tags * tags +
      w.text * text +
      w.distance * distance +
      w.quantity * quantity +
      w.timeframe * timeframe +
      w.causes * causes +
      w.giveBack * giveBack) /
      weightSum,
  );
}

export const weightSumOf = (w: MatchingWeights) => COMPONENTS.reduce((s, c) => s + w[c], 0);

/** The full breakdown of one pair, or null when a hard filter excludes it. */
export function explainPair(n: ListingFeatures, o: ListingFeatures, w: MatchingWeights, idf: Float64Array): PairBreakdown | null {
  const out = new Float64Array(COMPONENTS.length + 1);
  const score = scorePair(n, o, w, weightSumOf(w), idf, out);
  if (score < 0) return null;
  const components = Object.fromEntries(COMPONENTS.map((c, i) => [c, round4(out[i])])) as Record<Component, number>;
  const shared: number[] = [];
  for (const t of n.tags) if (o.tags.includes(t)) shared.push(t);
  return { score, components, distanceKm: Math.round(out[COMPONENTS.length] * 100) / 100, sharedTags: shared };
}

export interface BatchOptions {
  weights: MatchingWeights;
  idf: Float64Array;
  /** Keep this many best matches per need and per offer. */
  k: number;
  /** Pairs never to keep (one side dismissed them): key need * offers.length + offer. */
  excluded?: ReadonlySet<number>;
  /** Pairs to keep whatever their rank (one side showed interest), if no hard filter excludes them. */
  pinned?: ReadonlySet<number>;
  /** Score only these needs (indices); all when absent. */
  needSubset?: ArrayLike<number>;
  /** Keep each need's top K (default true) / each offer's top K (default true). */
  needTop?: boolean;
  offerTop?: boolean;
  /** Both arrays are already in id order: skip sorting them (large snapshots). */
  sortedById?: boolean;
}

export interface ScoredPair {
  need: number;
  offer: number;
  score: number;
}

export interface BatchResult {
  /** The kept pairs: each need's top K, each offer's top K, and pinned pairs; best first. */
  pairs: ScoredPair[];
  /** Pairs looked at after category pruning, and pairs that passed every hard filter. */
  evaluated: number;
  scored: number;
}

/** The order of arrays already sorted by id. */
function identityOrder(n: number): { rank: Int32Array; at: Int32Array } {
  const at = new Int32Array(n);
  for (let i = 0; i < n; i++) at[i] = i;
  return { rank: at, at };
}

/**
 * A bounded min-heap of (score, item) in typed arrays. "Worse" is a lower score, or the same
 * score and a higher item: items are positions in id order (see idOrder), so ties break by id,
 * the same way in every run and whatever the order of the input.
 */
class TopK {
  readonly score: Float64Array;
  readonly item: Int32Array;
  readonly size: Int32Array;

  constructor(
    readonly heaps: number,
    readonly k: number,
  ) {
    this.score = new Float64Array(heaps * k);
    this.item = new Int32Array(heaps * k);
    this.size = new Int32Array(heaps);
  }

  private worse(base: number, a: number, b: number): boolean {
    const sa = this.score[base + a];
    const sb = this.score[base + b];
    return sa < sb || (sa === sb && this.item[base + a] > this.item[base + b]);
  }

  private swap(base: number, a: number, b: number): void {
    const s = this.score[base + a];
    this.score[base + a] = this.score[base + b];
    this.score[base + b] = s;
    const i = this.item[base + a];
    this.item[base + a] = this.item[base + b];
    this.item[base + b] = i;
  }

  push(heap: number, score: number, item: number): void {
    const k = this.k;
    const base = heap * k;
    const n = this.size[heap];
    if (n < k) {
      this.score[base + n] = score;
      this.item[base + n] = item;
      this.size[heap] = n + 1;
      let c = n;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(base, c, p)) break;
        this.swap(base, c, p);
        c = p;
      }
      return;
    }
    const rootScore = this.score[base];
    if (score < rootScore || (score === rootScore && item > this.item[base])) return;
    this.score[base] = score;
    this.item[base] = item;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= k) break;
      const r = l + 1;
      const m = r < k && this.worse(base, r, l) ? r : l;
      if (!this.worse(base, m, p)) break;
      this.swap(base, m, p);
      p = m;
    }
  }

  clear(heap: number): void {
    this.size[heap] = 0;
  }
}

/** Each listing's position in id order (rank), and the listing at each position (at). */
function idOrder(xs: readonly ListingFeatures[]): { rank: Int32Array; at: Int32Array } {
  const at = Int32Array.from(xs.keys()).sort((a, b) => (xs[a].id < xs[b].id ? -1 : xs[a].id > xs[b].id ? 1 : a - b));
  const rank = new Int32Array(xs.length);
  for (let r = 0; r < at.length; r++) rank[at[r]] = r;
  return { rank, at };
}

/**
 * Scores every need against every offer of a batch (one Quartier, or one need or offer against
 * its candidates) and keeps each need's and each offer's K best pairs. Offers are bucketed by
 * category first, so incompatible pairs are never looked at.
 */
export function scoreBatch(needs: readonly ListingFeatures[], offers: readonly ListingFeatures[], opts: BatchOptions): BatchResult {
  const { weights, idf, k, excluded, pinned } = opts;
  const weightSum = weightSumOf(weights);
  const m = offers.length;
  const buckets: number[][] = Array.from({ length: N_CAT }, () => []);
  for (let o = 0; o < m; o++) buckets[offers[o].category].push(o);
  const compatible: Int32Array[] = Array.from({ length: N_CAT }, (_, c) => {
    const idx: number[] = [];
    for (let d = 0; d < N_CAT; d++) if (CATEGORY_FIT[c * N_CAT + d] > 0) idx.push(...buckets[d]);
    return Int32Array.from(idx).sort();
  });

  const needOrder = opts.sortedById ? identityOrder(needs.length) : idOrder(needs);
  const offerOrder = opts.sortedById ? identityOrder(offers.length) : idOrder(offers);
  const wantNeedTop = opts.needTop !== false;
  const wantOfferTop = opts.offerTop !== false;
  const needTop = new TopK(1, k);
  const offerTop = new TopK(wantOfferTop ? m : 0, k);
  const kept = new Map<number, ScoredPair>();
  const keep = (need: number, offer: number, score: number) => {
    const key = need * m + offer;
    if (!kept.has(key)) kept.set(key, { need, offer, score });
  };
  let evaluated = 0;
  let scored = 0;
  const subset = opts.needSubset;
  const count = subset ? subset.length : needs.length;
  for (let s = 0; s < count; s++) {
    const ni = subset ? subset[s] : s;
    const n = needs[ni];
    const candidates = compatible[n.category];
    needTop.clear(0);
    evaluated += candidates.length;
    for (let c = 0; c < candidates.length; c++) {
      const oi = candidates[c];
      const score = scorePair(n, offers[oi], weights, weightSum, idf);
      if (score < 0) continue;
      const key = ni * m + oi;
      if (excluded !== undefined && excluded.has(key)) continue;
      scored++;
      if (pinned !== undefined && pinned.has(key)) keep(ni, oi, score);
      if (wantNeedTop) needTop.push(0, score, offerOrder.rank[oi]);
      if (wantOfferTop) offerTop.push(oi, score, needOrder.rank[ni]);
    }
    for (let j = 0; j < needTop.size[0]; j++) keep(ni, offerOrder.at[needTop.item[j]], needTop.score[j]);
  }
  for (let oi = 0; oi < m && wantOfferTop; oi++) {
    const base = oi * k;
    for (let j = 0; j < offerTop.size[oi]; j++) keep(needOrder.at[offerTop.item[base + j]], oi, offerTop.score[base + j]);
  }
  const pairs = [...kept.values()].sort(
    (a, b) => b.score - a.score || (needs[a.need].id < needs[b.need].id ? -1 : needs[a.need].id > needs[b.need].id ? 1 : 0) || (offers[a.offer].id < offers[b.offer].id ? -1 : 1),
  );
  return { pairs, evaluated, scored };
}
