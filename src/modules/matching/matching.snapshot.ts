import type { ListingFeatures, ListingSource, TagIndex } from './scoring/features';
import { greatCircleKm } from './scoring/components';
import type { VersionedWeights } from './weights.service';

export interface NeedRow extends ListingSource {
  version: number;
  districtId: string;
}

export interface OfferRow extends Omit<ListingSource, 'radiusKm'> {
  version: number;
  districtIds: string[];
  radiusKm: number | null;
}

/** Where a district's needs are: their centre and the farthest need's distance from it. */
interface Spread {
  lat: number;
  lon: number;
  cosLat: number;
  extentKm: number;
}

/**
 * Every published need and offer of one rematch-all run, as scoring features, with the indexes
 * the two phases need: needs by district, offers by the districts they serve by name, radius
 * offers. Arrays are in id order. One worker process builds it once per run, so that 400 district
 * jobs and the offer jobs do not each read the same offers from PostgreSQL again.
 */
export class MatchingSnapshot {
  readonly needsByDistrict = new Map<string, number[]>();
  readonly offersByDistrict = new Map<string, number[]>();
  readonly radiusOffers: number[] = [];
  /** Offer features as served by district list (no distance limit) and as served by radius. */
  readonly offerByList: ListingFeatures[];
  readonly offerByRadius: ListingFeatures[];
  private readonly spreads = new Map<string, Spread>();
  /** The weights of each need district's city, fixed for the run. */
  readonly weightsByDistrict = new Map<string, VersionedWeights>();
  private needIds?: Map<string, number>;
  private offerIds?: Map<string, number>;

  constructor(
    readonly runId: string,
    readonly needRows: NeedRow[],
    readonly needs: ListingFeatures[],
    readonly offerRows: OfferRow[],
    offerFeatures: ListingFeatures[],
    readonly tags: TagIndex,
    readonly idf: Float64Array,
    /** Districts an offer naming district X serves: X, its descendants and its ancestors. */
    servedBy: (districtId: string) => readonly string[],
  ) {
    this.offerByList = offerFeatures.map((f) => ({ ...f, radiusKm: Infinity }));
    this.offerByRadius = offerFeatures.map((f, i) => ({ ...f, radiusKm: offerRows[i].radiusKm ?? -1 }));
    needRows.forEach((n, i) => push(this.needsByDistrict, n.districtId, i));
    offerRows.forEach((o, i) => {
      const served = new Set<string>();
      for (const x of o.districtIds) for (const d of servedBy(x)) served.add(d);
      for (const d of served) push(this.offersByDistrict, d, i);
      if (o.radiusKm != null) this.radiusOffers.push(i);
    });
    for (const [districtId, idx] of this.needsByDistrict) this.spreads.set(districtId, spreadOf(idx.map((i) => needs[i])));
  }

  weightsOfNeed(need: number): VersionedWeights {
    const w = this.weightsByDistrict.get(this.needRows[need].districtId);
    if (!w) throw new Error(`no weights for district ${this.needRows[need].districtId}`);
    return w;
  }

  needIndex(): Map<string, number> {
    return (this.needIds ??= new Map(this.needRows.map((n, i) => [n.id, i])));
  }

  offerIndex(): Map<string, number> {
    return (this.offerIds ??= new Map(this.offerRows.map((o, i) => [o.id, i])));
  }

  /** The district's needs (indices into `needs`, in id order). */
  needsIn(districtId: string): number[] {
    return this.needsByDistrict.get(districtId) ?? [];
  }

  /**
   * The offers serving a district, each as the features to score with: by name (no distance
   * limit) or by radius (the distance checked per pair). Sorted by id.
   */
  offersFor(districtId: string): { index: number[]; features: ListingFeatures[] } {
    const byList = new Set(this.offersByDistrict.get(districtId) ?? []);
    const spread = this.spreads.get(districtId);
    const index = [...byList];
    if (spread) {
      for (const i of this.radiusOffers) {
        if (byList.has(i)) continue;
        const o = this.offerByRadius[i];
        if (greatCircleKm(spread.lat, spread.lon, spread.cosLat, o.lat, o.lon, o.cosLat) <= o.radiusKm + spread.extentKm) index.push(i);
      }
    }
    index.sort((a, b) => a - b);
    return { index, features: index.map((i) => (byList.has(i) ? this.offerByList[i] : this.offerByRadius[i])) };
  }

  /**
   * The districts (with needs) an offer serves: by name (all their needs) and by radius (the
   * distance checked per pair). Each district's needs are in id order; the lists are not merged,
   * since the top-K heaps break ties by id whatever the order they see pairs in.
   */
  districtsFor(offer: number): { byList: string[]; byRadius: string[] } {
    const row = this.offerRows[offer];
    const byList: string[] = [];
    for (const [districtId, offers] of this.offersByDistrict) {
      if (this.needsByDistrict.has(districtId) && binaryHas(offers, offer)) byList.push(districtId);
    }
    const byRadius: string[] = [];
    if (row.radiusKm != null) {
      const listed = new Set(byList);
      const o = this.offerByRadius[offer];
      for (const [districtId, spread] of this.spreads) {
        if (listed.has(districtId)) continue;
        if (greatCircleKm(spread.lat, spread.lon, spread.cosLat, o.lat, o.lon, o.cosLat) <= o.radiusKm + spread.extentKm) byRadius.push(districtId);
      }
    }
    return { byList, byRadius };
  }

  /** The needs an offer serves, by name and by radius (indices into `needs`; see districtsFor). */
  needsFor(offer: number): { byList: number[]; byRadius: number[] } {
    const { byList, byRadius } = this.districtsFor(offer);
    return { byList: byList.flatMap((d) => this.needsIn(d)), byRadius: byRadius.flatMap((d) => this.needsIn(d)) };
  }

  /** Published offers serving at least one of these districts (by name or radius), in id order. */
  offersServing(districtIds: Iterable<string>): number[] {
    const out = new Set<number>();
    for (const d of districtIds) for (const i of this.offersFor(d).index) out.add(i);
    return [...out].sort((a, b) => a - b);
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Offer index lists are built in increasing order, so membership is a binary search. */
function binaryHas(sorted: number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === x) return true;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Features hold radians: the centre of a set of points and the farthest point's distance. */
function spreadOf(points: ListingFeatures[]): Spread {
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
  const cosLat = Math.cos(lat);
  let extentKm = 0;
  for (const p of points) extentKm = Math.max(extentKm, greatCircleKm(lat, lon, cosLat, p.lat, p.lon, p.cosLat));
  return { lat, lon, cosLat, extentKm: extentKm + 0.01 };
}
