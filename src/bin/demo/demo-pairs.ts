/**
 * Which demo nonprofits and companies cooperate in the demo: picked from the demo data, not
 * typed in by hand. Pure: no Nest, no database.
 *
 * A pair fits when the offer's category serves the need's (the matching engine's category
 * table, categoryFit > 0) and the offer serves the need's Quartier: by name (the Quartier or a
 * district above it) or by radius around the company. The best pairs come first (category fit,
 * same unit, shared tags, distance, then the order of the data), and each organisation takes
 * part in one demo cooperation at most, so the demo shows many different organisations.
 */
import { distanceKm } from '../../modules/listings/geo';
import { categoryFit } from '../../modules/matching/scoring/model';
import { DEMO_DISTRICTS, DEMO_NEEDS, DEMO_OFFERS, DEMO_ORGANISATIONS, type DemoDistrict, type DemoNeed, type DemoOffer, type DemoOrganisation } from './demo-data';

export interface DemoPair {
  need: DemoNeed;
  offer: DemoOffer;
  nonprofit: DemoOrganisation;
  company: DemoOrganisation;
  /** categoryFit(need, offer): 1 for the same category, less for a related one. */
  fit: number;
  sameUnit: boolean;
  sharedTags: number;
  /** From the company to the need's place. */
  km: number;
  /** How the offer serves the need's Quartier. */
  servedBy: 'district' | 'radius';
}

const districtBySlug = new Map<string, DemoDistrict>(DEMO_DISTRICTS.map((d) => [d.slug, d]));
const orgByKey = new Map<string, DemoOrganisation>(DEMO_ORGANISATIONS.map((o) => [o.key, o]));

/** The district and every district above it (Quartier → Stadtbezirk → Stadt). */
export function withAncestors(slug: string): string[] {
  const out: string[] = [];
  for (let d = districtBySlug.get(slug); d; d = d.parentSlug ? districtBySlug.get(d.parentSlug) : undefined) out.push(d.slug);
  return out;
}

/** Where a need is: the nonprofit's address in its home Quartier, else the Quartier's centroid (like placeOf). */
export function needPlace(need: DemoNeed, nonprofit: DemoOrganisation): { lat: number; lon: number } {
  if (need.districtSlug === nonprofit.districtSlug) return { lat: nonprofit.lat, lon: nonprofit.lon };
  const d = districtBySlug.get(need.districtSlug);
  if (!d) throw new Error(`demo need ${need.title}: unknown district ${need.districtSlug}`);
  return { lat: d.lat, lon: d.lon };
}

/** The pair's facts, or null when the offer does not fit the need. */
export function pairOf(need: DemoNeed, offer: DemoOffer): DemoPair | null {
  const nonprofit = orgByKey.get(need.orgKey);
  const company = orgByKey.get(offer.orgKey);
  if (!nonprofit || !company || nonprofit.kind !== 'nonprofit' || company.kind !== 'company') return null;
  const fit = categoryFit(need.category, offer.category);
  if (!(fit > 0)) return null;
  const place = needPlace(need, nonprofit);
  const km = distanceKm(company.lat, company.lon, place.lat, place.lon);
  const byName = withAncestors(need.districtSlug).some((s) => offer.districtSlugs.includes(s));
  const byRadius = offer.radiusKm !== null && km <= offer.radiusKm;
  if (!byName && !byRadius) return null;
  const tags = new Set(need.tags);
  return {
    need,
    offer,
    nonprofit,
    company,
    fit,
    sameUnit: need.unit === offer.unit,
    sharedTags: offer.tags.filter((t) => tags.has(t)).length,
    km: Math.round(km * 100) / 100,
    servedBy: byName ? 'district' : 'radius',
  };
}

/** Every fitting pair of the demo data, best first (deterministic). */
export function fittingPairs(needs: readonly DemoNeed[] = DEMO_NEEDS, offers: readonly DemoOffer[] = DEMO_OFFERS): DemoPair[] {
  const ranked: Array<{ pair: DemoPair; n: number; o: number }> = [];
  needs.forEach((need, n) =>
    offers.forEach((offer, o) => {
      const pair = pairOf(need, offer);
      if (pair) ranked.push({ pair, n, o });
    }),
  );
  ranked.sort(
    (a, b) =>
      b.pair.fit - a.pair.fit ||
      Number(b.pair.sameUnit) - Number(a.pair.sameUnit) ||
      b.pair.sharedTags - a.pair.sharedTags ||
      a.pair.km - b.pair.km ||
      a.n - b.n ||
      a.o - b.o,
  );
  return ranked.map((r) => r.pair);
}

/**
 * The demo cooperations' pairs: the best fitting pairs in which no nonprofit and no company
 * appears twice. Only pairs with the need's unit (so that agreed and delivered compare); throws
 * when the demo data cannot give `count` of them.
 */
export function pickDemoPairs(count: number, needs: readonly DemoNeed[] = DEMO_NEEDS, offers: readonly DemoOffer[] = DEMO_OFFERS): DemoPair[] {
  const picked: DemoPair[] = [];
  const used = new Set<string>();
  for (const pair of fittingPairs(needs, offers)) {
    if (picked.length === count) break;
    if (!pair.sameUnit || used.has(pair.nonprofit.key) || used.has(pair.company.key)) continue;
    used.add(pair.nonprofit.key);
    used.add(pair.company.key);
    picked.push(pair);
  }
  if (picked.length < count) throw new Error(`the demo data gives only ${picked.length} fitting pairs of different organisations, ${count} wanted`);
  return picked;
}
