/**
 * The score components, each a pure function with a value in [0, 1]. The batch scorer and the
 * explanation of a single pair call exactly these, so a breakdown always adds up to its score.
 */

/** Do [needStart, needEnd] and [offerStart, offerEnd] share at least one instant? ±Infinity is open. */
export function timeframesOverlap(ns: number, ne: number, os: number, oe: number): boolean {
  return (ns > os ? ns : os) <= (ne < oe ? ne : oe);
}

/**
 * How much of the need's timeframe the offer covers. An open-ended need is fully covered by an
 * offer that is open on the same side, half otherwise.
 */
export function timeframeFit(ns: number, ne: number, os: number, oe: number): number {
  if (!timeframesOverlap(ns, ne, os, oe)) return 0;
  if (ns === -Infinity || ne === Infinity) {
    const coversStart = ns !== -Infinity || os === -Infinity;
    const coversEnd = ne !== Infinity || oe === Infinity;
    return coversStart && coversEnd ? 1 : 0.5;
  }
  const length = ne - ns;
  if (length <= 0) return 1; // a point in time inside the offer's timeframe
  const overlap = (ne < oe ? ne : oe) - (ns > os ? ns : os);
  return overlap / length;
}

/** Distance decay: 1 next door, ½ at the half-life, ¼ at twice the half-life. */
export function distanceFit(km: number, halfLifeKm: number): number {
  return Math.pow(2, -km / halfLifeKm);
}

/** Great-circle distance (haversine) from precomputed radians and cos(lat). Twin of geo.distanceKm. */
export function greatCircleKm(lat1: number, lon1: number, cosLat1: number, lat2: number, lon2: number, cosLat2: number): number {
  const sLat = Math.sin((lat2 - lat1) / 2);
  const sLon = Math.sin((lon2 - lon1) / 2);
  const a = sLat * sLat + cosLat1 * cosLat2 * sLon * sLon;
  return 12742.0176 * Math.asin(a < 1 ? Math.sqrt(a) : 1);
}

/** How much of the need the offer covers, when both count in the same unit; ½ when units differ. */
export function quantityFit(needQuantity: number, needUnit: number, offerCapacity: number, offerUnit: number): number {
  if (needUnit !== offerUnit) return 0.5;
  if (needQuantity <= 0) return 1;
  const r = offerCapacity / needQuantity;
  return r >= 1 ? 1 : r;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The company's preferred cause areas against the nonprofit's: the share of the smaller list
 * found in the other. ½ (neutral) when either side named none.
 */
export function causeFit(companyMask: number, nonprofitMask: number): number {
  if (companyMask === 0 || nonprofitMask === 0) return 0.5;
  const shared = popcount(companyMask & nonprofitMask);
  const a = popcount(companyMask);
  const b = popcount(nonprofitMask);
  return shared / (a < b ? a : b);
}

/**
 * The nonprofit's Gegenleistungen against what the company asked for in return: the share of the
 * wishes the nonprofit can fulfil; 1 when the company asked for nothing in particular.
 */
export function giveBackFit(wantedMask: number, offeredMask: number): number {
  if (wantedMask === 0) return 1;
  return popcount(wantedMask & offeredMask) / popcount(wantedMask);
}

/**
 * Tag overlap weighted by rarity: the weighted Jaccard index Σidf(shared) / Σidf(either). A
 * shared rare tag ("Rollstuhl") counts more than a shared common one ("Hilfe"). Tag id arrays are
 * sorted ascending; weights are the precomputed Σidf of each side.
 */
export function tagFit(a: Int32Array, aWeight: number, b: Int32Array, bWeight: number, idf: Float64Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared += idf[x];
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (shared === 0) return 0;
  return shared / (aWeight + bWeight - shared);
}

/** Inverse document frequency of a tag used by `df` of `total` listings (smoothed, > 0). */
export function inverseDocumentFrequency(df: number, total: number): number {
  return Math.log(1 + (total + 1) / (df + 1));
}
