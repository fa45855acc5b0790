/**
 * The naive baseline of the matching benchmark's scoring section: what a first, straightforward
 * implementation would do. Plain objects (strings, Sets, degrees), one nested loop over every
 * need × offer of a batch with no category buckets and no typed arrays, and top-K lists built by
 * collecting and sorting. It computes the same components with the same formulas as
 * src/modules/matching/scoring (reusing its pure component functions where they take plain
 * values), so its kept pairs and scores can be compared with scoreBatch's.
 */
import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, UNITS, type Category, type Unit } from '../../src/common/domain/vocabulary';
import { distanceFit, quantityFit, timeframeFit, timeframesOverlap } from '../../src/modules/matching/scoring/components';
import type { ListingFeatures } from '../../src/modules/matching/scoring/features';
import { categoryFit, COMPONENTS, round4, UNIT_CODE, type MatchingWeights } from '../../src/modules/matching/scoring/model';
import { SIGNATURE_BITS, SIGNATURE_WORDS } from '../../src/modules/matching/scoring/text';

export interface NaiveListing {
  id: string;
  org: string;
  category: Category;
  unit: Unit;
  amount: number;
  /** ms since the epoch; null when open. */
  start: number | null;
  end: number | null;
  /** Degrees. */
  lat: number;
  lon: number;
  tags: Set<string>;
  /** Set bits of the trigram signature (the same hashing as the real scorer). */
  textBits: Set<number>;
  causes: Set<string>;
  giveBacks: Set<string>;
  /** Offers: only within this many km; Infinity when the offer serves the need's district. */
  radiusKm: number;
}

export interface NaivePair {
  need: number;
  offer: number;
  score: number;
}

/**
 * A plain object from a listing's features (bench preparation, not timed): names instead of
 * codes, Sets instead of typed arrays, degrees instead of radians. `deg` supplies the original
 * coordinates, `tagNames` the tag names of the feature's tag ids.
 */
export function toNaive(f: ListingFeatures, org: string, deg: { lat: number; lon: number }, tagNames: readonly string[], radiusKm: number): NaiveListing {
  const textBits = new Set<number>();
  for (let w = 0; w < SIGNATURE_WORDS; w++) for (let b = 0; b < 32; b++) if (f.sig[w] & (1 << b)) textBits.add(w * 32 + b);
  const maskToSet = (mask: number, names: readonly string[]) => new Set(names.filter((_, i) => mask & (1 << i)));
  return {
    id: f.id,
    org,
    category: CATEGORIES[f.category],
    unit: UNITS[f.unit],
    amount: f.amount,
    start: f.start === -Infinity ? null : f.start,
    end: f.end === Infinity ? null : f.end,
    lat: deg.lat,
    lon: deg.lon,
    tags: new Set([...f.tags].map((t) => tagNames[t])),
    textBits,
    causes: maskToSet(f.causes, CAUSE_AREAS),
    giveBacks: maskToSet(f.giveBacks, GIVE_BACK_KINDS),
    radiusKm,
  };
}

/** Haversine on degrees (the formula of marktplatz_distance_km). */
function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 12742.0176 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function weightedJaccard(a: Set<string>, b: Set<string>, idf: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  let aw = 0;
  let bw = 0;
  for (const t of a) {
    aw += idf.get(t)!;
    if (b.has(t)) shared += idf.get(t)!;
  }
  for (const t of b) bw += idf.get(t)!;
  if (shared === 0) return 0;
  return shared / (aw + bw - shared);
}

function textSimilarity(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const bit of a) if (b.has(bit)) shared++;
  const smaller = Math.min(a.size, b.size);
  const chance = (a.size * b.size) / SIGNATURE_BITS;
  if (shared <= chance || smaller <= chance) return 0;
  return Math.min(1, (shared - chance) / (smaller - chance));
}

function overlapShare(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared;
}

/** One pair's score, or -1 when a hard filter excludes it. */
export function naiveScore(n: NaiveListing, o: NaiveListing, w: MatchingWeights, idf: Map<string, number>): number {
  const category = categoryFit(n.category, o.category);
  if (category === 0) return -1;
  const ns = n.start ?? -Infinity;
  const ne = n.end ?? Infinity;
  const os = o.start ?? -Infinity;
  const oe = o.end ?? Infinity;
  if (!timeframesOverlap(ns, ne, os, oe)) return -1;
  if (n.org === o.org) return -1;
  const km = haversineKm(o.lat, o.lon, n.lat, n.lon);
  if (km > o.radiusKm) return -1;
  const components: Record<(typeof COMPONENTS)[number], number> = {
    category,
    tags: weightedJaccard(n.tags, o.tags, idf),
    text: textSimilarity(n.textBits, o.textBits),
    distance: distanceFit(km, w.distanceHalfLifeKm),
    quantity: quantityFit(n.amount, UNIT_CODE[n.unit], o.amount, UNIT_CODE[o.unit]),
    timeframe: timeframeFit(ns, ne, os, oe),
    causes: o.causes.size === 0 || n.causes.size === 0 ? 0.5 : overlapShare(o.causes, n.causes) / Math.min(o.causes.size, n.causes.size),
    giveBack: o.giveBacks.size === 0 ? 1 : overlapShare(o.giveBacks, n.giveBacks) / o.giveBacks.size,
  };
  let sum = 0;
  let weights = 0;
  for (const c of COMPONENTS) {
    sum += w[c] * components[c];
    weights += w[c];
  }
  return round4(sum / weights);
}

/**
 * Every need against every offer; each need's K best and (unless `offerTop` is false) each
 * offer's K best (ties by id), best first. `evaluated` counts every pair, `scored` the pairs that
 * passed the hard filters.
 */
export function naiveBatch(
  needs: NaiveListing[],
  offers: NaiveListing[],
  w: MatchingWeights,
  idf: Map<string, number>,
  k: number,
  offerTop = true,
): { pairs: NaivePair[]; evaluated: number; scored: number } {
  const byOffer: NaivePair[][] = offers.map(() => []);
  const kept = new Map<string, NaivePair>();
  let scored = 0;
  for (let i = 0; i < needs.length; i++) {
    const mine: NaivePair[] = [];
    for (let j = 0; j < offers.length; j++) {
      const score = naiveScore(needs[i], offers[j], w, idf);
      if (score < 0) continue;
      scored++;
      const pair = { need: i, offer: j, score };
      mine.push(pair);
      if (offerTop) byOffer[j].push(pair);
    }
    mine.sort((a, b) => b.score - a.score || (offers[a.offer].id < offers[b.offer].id ? -1 : 1));
    for (const p of mine.slice(0, k)) kept.set(`${p.need}:${p.offer}`, p);
  }
  for (const list of byOffer) {
    list.sort((a, b) => b.score - a.score || (needs[a.need].id < needs[b.need].id ? -1 : 1));
    for (const p of list.slice(0, k)) kept.set(`${p.need}:${p.offer}`, p);
  }
  const pairs = [...kept.values()].sort(
    (a, b) => b.score - a.score || (needs[a.need].id < needs[b.need].id ? -1 : needs[a.need].id > needs[b.need].id ? 1 : 0) || (offers[a.offer].id < offers[b.offer].id ? -1 : 1),
  );
  return { pairs, evaluated: needs.length * offers.length, scored };
}
