import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, UNITS, type Category, type Unit } from '../../../common/domain/vocabulary';
import { explainPair, scoreBatch, scorePair, weightSumOf, type BatchOptions, type BatchResult } from './batch';
import { Interner, normaliseTag, TagIndex, toFeatures, type ListingFeatures, type ListingSource, type TagStats } from './features';
import { categoryFit, COMPONENTS, DEFAULT_WEIGHTS, type MatchingWeights } from './model';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** Document frequencies over a fixed corpus of 200 listings. */
const STATS: TagStats = {
  total: 200,
  df: new Map(
    (
      [
        ['Hilfe', 120],
        ['Senioren', 40],
        ['Garten', 25],
        ['Umzug', 15],
        ['Transport', 50],
        ['Rollstuhl', 3],
        ['Kinder', 60],
        ['Nachhilfe', 12],
        ['Lebensmittel', 20],
        ['IT', 18],
        ['Möbel', 10],
        ['Räume', 8],
      ] as Array<[string, number]>
    ).map(([t, n]) => [normaliseTag(t), n]),
  ),
};

const W: MatchingWeights = { ...DEFAULT_WEIGHTS };
const HBF = { lat: 48.784, lon: 9.1829 }; // Stuttgart Hauptbahnhof
const CANNSTATT = { lat: 48.8049, lon: 9.215 }; // Bad Cannstatt, ≈ 3.306 km from HBF
const KM_PER_DEG_LON = 111.19508 * Math.cos((HBF.lat * Math.PI) / 180);
/** A point `km` east of the Hauptbahnhof. */
const east = (km: number) => ({ lat: HBF.lat, lon: HBF.lon + km / KM_PER_DEG_LON });

let autoOrg = 0;
function listing(id: string, over: Partial<ListingSource> = {}): ListingSource {
  return {
    id,
    organisationId: `org-${id}-${autoOrg++}`,
    category: 'time',
    unit: 'hours',
    amount: 10,
    startsAt: '2025-06-01T00:00:00Z',
    endsAt: '2025-06-30T00:00:00Z',
    lat: HBF.lat,
    lon: HBF.lon,
    tags: [],
    lexemes: [],
    causeAreas: [],
    giveBacks: [],
    ...over,
  };
}

interface Built {
  needs: ListingFeatures[];
  offers: ListingFeatures[];
  idf: Float64Array;
  tags: TagIndex;
}

function build(needs: readonly ListingSource[], offers: readonly ListingSource[]): Built {
  const tags = new TagIndex(STATS);
  const orgs = new Interner();
  const n = needs.map((s) => toFeatures(s, tags, orgs));
  const o = offers.map((s) => toFeatures(s, tags, orgs));
  return { needs: n, offers: o, idf: tags.idf, tags };
}

const batch = (b: Built, k: number, extra: Partial<BatchOptions> = {}) => scoreBatch(b.needs, b.offers, { weights: W, idf: b.idf, k, ...extra });
const key = (b: Built, need: number, offer: number) => need * b.offers.length + offer;
/** The kept pairs as "needId→offerId" strings, sorted. */
const idPairs = (b: { needs: readonly ListingFeatures[]; offers: readonly ListingFeatures[] }, r: BatchResult) =>
  r.pairs.map((p) => `${b.needs[p.need].id}→${b.offers[p.offer].id}`).sort();

// ---------------------------------------------------------------------------------------------
// Random sources
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(rnd: () => number, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const TAGS = ['Hilfe', 'Senioren', 'Garten', 'Umzug', 'Transport', 'Rollstuhl', 'Kinder', 'Nachhilfe', 'Lebensmittel', 'IT', 'Möbel', 'Räume'];
const LEXEMES = ['gartenarbeit', 'gart', 'senior', 'helf', 'pfleg', 'umzug', 'kart', 'pack', 'computerkur', 'schul', 'nachhilf', 'mathemat', 'kind', 'betreu', 'rollstuhl', 'begleit', 'lebensmittel', 'spend', 'tafel', 'fahr'];

function randomSources(rnd: () => number, nNeeds: number, nOffers: number, opts: { duplicates?: number; orderedIds?: boolean } = {}) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const some = <T>(xs: readonly T[], p: number) => xs.filter(() => rnd() < p);
  const day = (n: number) => new Date(Date.UTC(2025, 5, 1) + n * 86_400_000).toISOString();
  const nonprofits = Array.from({ length: 12 }, (_, i) => `verein-${i}`);
  const companies = Array.from({ length: 16 }, (_, i) => `firma-${i}`);

  const one = (id: string, isOffer: boolean): ListingSource => {
    const start = rnd() < 0.2 ? null : Math.floor(rnd() * 60);
    const end = rnd() < 0.2 ? null : (start ?? 30) + Math.floor(rnd() * 40);
    return {
      id,
      // some organisations both need and offer, so that the same-organisation filter bites
      organisationId: isOffer ? (rnd() < 0.15 ? pick(nonprofits) : pick(companies)) : pick(nonprofits),
      category: rnd() < 0.4 ? 'time' : (pick(CATEGORIES) as Category),
      unit: rnd() < 0.5 ? 'hours' : (pick(UNITS) as Unit),
      amount: Math.floor(rnd() * 20),
      startsAt: start === null ? null : day(start),
      endsAt: end === null ? null : day(end),
      lat: 48.7 + rnd() * 0.15,
      lon: 9.05 + rnd() * 0.25,
      tags: some(TAGS, 0.25),
      lexemes: some(LEXEMES, 0.15),
      causeAreas: some(CAUSE_AREAS, 0.1),
      giveBacks: some(GIVE_BACK_KINDS, 0.15),
      radiusKm: isOffer && rnd() < 0.3 ? 2 + rnd() * 8 : undefined,
    };
  };
  const make = (count: number, prefix: string, isOffer: boolean) => {
    // ids either follow the input order or are a random permutation of it
    const order = Array.from({ length: count }, (_, i) => i);
    const labels = opts.orderedIds === false ? shuffle(rnd, order) : order;
    const out: ListingSource[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${prefix}-${String(labels[i]).padStart(3, '0')}`;
      // duplicates: the same listing under another id, so that scores tie exactly
      if (i > 0 && rnd() < (opts.duplicates ?? 0)) out.push({ ...out[Math.floor(rnd() * out.length)], id });
      else out.push(one(id, isOffer));
    }
    return out;
  };
  return { needs: make(nNeeds, 'need', false), offers: make(nOffers, 'offer', true) };
}

// ---------------------------------------------------------------------------------------------
// explainPair and scorePair
// ---------------------------------------------------------------------------------------------

describe('explainPair', () => {
  // "Begleitung zum Arzt im Rollstuhl" (Hbf) vs a company offering Rollstuhl-Hilfe in Bad Cannstatt.
  const b = build(
    [
      listing('need-rollstuhl', {
        organisationId: 'verein',
        tags: ['Rollstuhl', 'Hilfe', 'Senioren'],
        lexemes: ['arztbesuch', 'rollstuhl', 'begleit'],
        amount: 8,
        causeAreas: ['good-health', 'reduced-inequalities'],
        giveBacks: ['visibility', 'certificate'],
      }),
    ],
    [
      listing('offer-rollstuhl', {
        organisationId: 'firma',
        ...CANNSTATT,
        tags: ['Rollstuhl', 'Transport'],
        lexemes: ['rollstuhl', 'begleit'],
        amount: 4,
        startsAt: '2025-05-01T00:00:00Z',
        endsAt: null,
        causeAreas: ['good-health', 'climate-action'],
        giveBacks: ['visibility', 'press'],
      }),
    ],
  );
  const e = explainPair(b.needs[0], b.offers[0], W, b.idf)!;

  it('is not excluded', () => {
    expect(e).not.toBeNull();
  });

  it.each<[string, number]>([
    ['category', 1],
    ['text', 1], // the offer's lexemes are contained in the need's
    ['distance', 0.4659], // 2^(-3.306/3)
    ['quantity', 0.5], // 4 of 8 hours
    ['timeframe', 1], // offer from May, open-ended, covers June
    ['causes', 0.5], // one of two shared
    ['giveBack', 0.5], // visibility yes, press no
  ])('component %s = %f', (component, expected) => {
    expect(e.components[component as keyof typeof e.components]).toBeCloseTo(expected, 4);
  });

  it('tags: weighted Jaccard of {Rollstuhl, Hilfe, Senioren} and {Rollstuhl, Transport}', () => {
    const idf = (df: number) => Math.log(1 + 201 / (df + 1));
    const expected = idf(3) / (idf(3) + idf(120) + idf(40) + idf(50));
    expect(e.components.tags).toBeCloseTo(expected, 4);
    expect(e.components.tags).toBeCloseTo(0.475, 4);
  });

  it('reports the distance in km (2 decimals) and the shared tags', () => {
    expect(e.distanceKm).toBe(3.31);
    expect(e.sharedTags.map((t) => b.tags.names[t])).toEqual(['rollstuhl']);
  });

  it('recombines to the score: Σ w_i c_i / Σ w_i', () => {
    const sum = COMPONENTS.reduce((s, c) => s + W[c] * e.components[c], 0) / weightSumOf(W);
    expect(Math.abs(sum - e.score)).toBeLessThanOrEqual(1e-4);
    expect(e.score).toBe(0.6813);
  });

  it('agrees with scorePair', () => {
    expect(scorePair(b.needs[0], b.offers[0], W, weightSumOf(W), b.idf)).toBe(e.score);
  });

  it('the score is rounded to 4 decimals', () => {
    expect(Math.round(e.score * 1e4) / 1e4).toBe(e.score);
  });
});

describe('explainPair recombines to the score for other weights', () => {
  const weights: MatchingWeights[] = [
    DEFAULT_WEIGHTS,
    { category: 1, tags: 1, text: 1, distance: 1, quantity: 1, timeframe: 1, causes: 1, giveBack: 1, distanceHalfLifeKm: 3 },
    { category: 0.5, tags: 5, text: 0, distance: 3, quantity: 0.25, timeframe: 2, causes: 0, giveBack: 1.5, distanceHalfLifeKm: 10 },
  ];
  const rnd = mulberry32(4711);
  const { needs, offers } = randomSources(rnd, 25, 25);
  const b = build(needs, offers);

  it.each(weights.map((w, i) => [i, w] as const))('weights #%i', (_i, w) => {
    let checked = 0;
    for (const n of b.needs) {
      for (const o of b.offers) {
        const e = explainPair(n, o, w, b.idf);
        if (!e) continue;
        const sum = COMPONENTS.reduce((s, c) => s + w[c] * e.components[c], 0) / weightSumOf(w);
        expect(Math.abs(sum - e.score)).toBeLessThanOrEqual(1e-4);
        for (const c of COMPONENTS) {
          expect(e.components[c]).toBeGreaterThanOrEqual(0);
          expect(e.components[c]).toBeLessThanOrEqual(1);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------------------------------------
// Hard filters
// ---------------------------------------------------------------------------------------------

describe('categoryFit', () => {
  it.each<[Category, Category, number]>([
    ['time', 'time', 1],
    ['goods', 'goods', 1],
    ['time', 'skills', 0.5],
    ['skills', 'time', 0.5],
    ['logistics', 'space', 0.6],
    ['space', 'logistics', 0.6],
    ['goods', 'logistics', 0.3],
    ['logistics', 'goods', 0.3],
    ['skills', 'contacts', 0.3],
    ['goods', 'skills', 0],
    ['time', 'contacts', 0],
    ['space', 'goods', 0],
  ])('need %s, offer %s → %f', (need, offer, fit) => {
    expect(categoryFit(need, offer)).toBe(fit);
  });
});

describe('hard filters', () => {
  describe.each<[string, Partial<ListingSource>, Partial<ListingSource>, boolean]>([
    // [scenario, need overrides, offer overrides, passes?]
    ['Sachspende (goods) need vs pro bono (skills) offer', { category: 'goods', unit: 'items' }, { category: 'skills' }, false],
    ['time need vs contacts offer', { category: 'time' }, { category: 'contacts' }, false],
    ['goods need vs logistics offer (compatible at 0.3)', { category: 'goods', unit: 'items' }, { category: 'logistics', unit: 'trips' }, true],
    ['no common time: offer ends before the need starts', {}, { startsAt: '2025-04-01T00:00:00Z', endsAt: '2025-05-31T00:00:00Z' }, false],
    ['no common time: offer starts after the need ends', { endsAt: '2025-06-10T00:00:00Z' }, { startsAt: '2025-06-11T00:00:00Z', endsAt: null }, false],
    ['common time of one instant', { endsAt: '2025-06-10T00:00:00Z' }, { startsAt: '2025-06-10T00:00:00Z', endsAt: null }, true],
    ['same organisation on both sides', { organisationId: 'bürgerstiftung' }, { organisationId: 'bürgerstiftung' }, false],
    ['outside the offer’s radius (3.3 km > 3 km)', {}, { ...CANNSTATT, radiusKm: 3 }, false],
    ['inside the offer’s radius (3.3 km ≤ 4 km)', {}, { ...CANNSTATT, radiusKm: 4 }, true],
    ['radius 0 at the very same place', {}, { radiusKm: 0 }, true],
    ['no radius: any distance (Stuttgart → Berlin)', {}, { lat: 52.52, lon: 13.405 }, true],
  ])('%s', (_name, needOver, offerOver, passes) => {
    const b = build([listing('n', needOver)], [listing('o', offerOver)]);
    const r = batch(b, 5, { pinned: new Set([0]) });

    it(`scorePair ${passes ? 'scores it' : 'returns -1'}`, () => {
      const s = scorePair(b.needs[0], b.offers[0], W, weightSumOf(W), b.idf);
      if (passes) expect(s).toBeGreaterThan(0);
      else expect(s).toBe(-1);
    });
    it(`explainPair ${passes ? 'explains it' : 'returns null'}`, () => {
      const e = explainPair(b.needs[0], b.offers[0], W, b.idf);
      if (passes) expect(e).not.toBeNull();
      else expect(e).toBeNull();
    });
    it(`scoreBatch ${passes ? 'keeps it' : 'never keeps it, even pinned'}`, () => {
      expect(r.pairs).toHaveLength(passes ? 1 : 0);
      expect(r.scored).toBe(passes ? 1 : 0);
    });
  });

  it('category pruning: incompatible offers are not even evaluated', () => {
    const b = build(
      [listing('n', { category: 'goods', unit: 'items' })],
      [listing('o-goods', { category: 'goods', unit: 'items' }), listing('o-skills', { category: 'skills' }), listing('o-logistics', { category: 'logistics' }), listing('o-time', { category: 'time' })],
    );
    const r = batch(b, 10);
    expect(r.evaluated).toBe(2);
    expect(r.scored).toBe(2);
    expect(idPairs(b, r)).toEqual(['n→o-goods', 'n→o-logistics']);
  });
});

// ---------------------------------------------------------------------------------------------
// Top K
// ---------------------------------------------------------------------------------------------

describe('scoreBatch top K', () => {
  // Everything equal but the place: the score falls with distance.
  //   needs:  N1 at 0 km, N2 at 0.4 km, N3 at 20 km (east of the Hbf)
  //   offers: O1 at 0 km, O2 at 1 km,   O3 at 22 km
  const needs = [listing('N1', east(0)), listing('N2', east(0.4)), listing('N3', east(20))];
  const offers = [listing('O1', east(0)), listing('O2', east(1)), listing('O3', east(22))];
  const b = build(needs, offers);

  it('K = 1: each need’s best and each offer’s best, nothing else', () => {
    // needs: N1→O1 (0 km), N2→O1 (0.4 km), N3→O3 (2 km); offers: O1→N1, O2→N2 (0.6 km), O3→N3
    const r = batch(b, 1);
    expect(idPairs(b, r)).toEqual(['N1→O1', 'N2→O1', 'N2→O2', 'N3→O3']);
    // N1→O2 (1 km) scores more than N3→O3 (2 km) but is neither N1's nor O2's best
    const s = (n: number, o: number) => explainPair(b.needs[n], b.offers[o], W, b.idf)!.score;
    expect(s(0, 1)).toBeGreaterThan(s(2, 2));
    expect(r.evaluated).toBe(9);
    expect(r.scored).toBe(9);
  });

  it('K = 2: each need’s and each offer’s two best', () => {
    const r = batch(b, 2);
    // needs: N1→{O1,O2}, N2→{O1,O2}, N3→{O3,O2}; offers: O1→{N1,N2}, O2→{N2,N1}, O3→{N3,N2}
    expect(idPairs(b, r)).toEqual(['N1→O1', 'N1→O2', 'N2→O1', 'N2→O2', 'N2→O3', 'N3→O2', 'N3→O3']);
  });

  it('K = 3 keeps all 9 pairs', () => {
    expect(batch(b, 3).pairs).toHaveLength(9);
  });

  it('K = 0 keeps nothing', () => {
    expect(batch(b, 0).pairs).toHaveLength(0);
  });

  it('pairs come best first, with their explainPair score', () => {
    const r = batch(b, 2);
    for (let i = 1; i < r.pairs.length; i++) expect(r.pairs[i - 1].score).toBeGreaterThanOrEqual(r.pairs[i].score);
    for (const p of r.pairs) expect(p.score).toBe(explainPair(b.needs[p.need], b.offers[p.offer], W, b.idf)!.score);
    expect(r.pairs[0]).toEqual({ need: 0, offer: 0, score: r.pairs[0].score });
  });

  it('an offer’s top K counts even when no need ranks it', () => {
    // O3 is far from N1 and N2; with K = 1 it is kept only through its own top 1 (N3)
    const r = batch(b, 1);
    expect(r.pairs.filter((p) => p.offer === 2).map((p) => b.needs[p.need].id)).toEqual(['N3']);
  });

  describe('excluded pairs', () => {
    it('never appear, and the next best takes their place', () => {
      const r = batch(b, 1, { excluded: new Set([key(b, 0, 0)]) }); // N1 dismissed O1
      const pairs = idPairs(b, r);
      expect(pairs).not.toContain('N1→O1');
      // N1's best is now O2; O1's best is now N2
      expect(pairs).toEqual(['N1→O2', 'N2→O1', 'N2→O2', 'N3→O3']);
      expect(r.scored).toBe(8);
    });

    it('never appear even where every other pair is kept', () => {
      const excluded = new Set([key(b, 0, 0), key(b, 2, 1), key(b, 1, 2)]);
      const r = batch(b, 5, { excluded });
      expect(r.pairs).toHaveLength(6);
      for (const p of r.pairs) expect(excluded.has(key(b, p.need, p.offer))).toBe(false);
    });

    it('win over pinned', () => {
      const k0 = key(b, 0, 0);
      const r = batch(b, 1, { excluded: new Set([k0]), pinned: new Set([k0]) });
      expect(idPairs(b, r)).not.toContain('N1→O1');
    });
  });

  describe('pinned pairs', () => {
    it('appear even when below top K, with their real score', () => {
      const pin = key(b, 2, 0); // N3→O1: 20 km apart, nobody's best
      const r = batch(b, 1, { pinned: new Set([pin]) });
      expect(idPairs(b, r)).toEqual(['N1→O1', 'N2→O1', 'N2→O2', 'N3→O1', 'N3→O3']);
      const p = r.pairs.find((x) => x.need === 2 && x.offer === 0)!;
      expect(p.score).toBe(explainPair(b.needs[2], b.offers[0], W, b.idf)!.score);
      expect(r.pairs[r.pairs.length - 1]).toBe(p); // the worst pair comes last
    });

    it('appear even with K = 0', () => {
      const r = batch(b, 0, { pinned: new Set([key(b, 1, 2)]) });
      expect(idPairs(b, r)).toEqual(['N2→O3']);
    });

    it('do not displace the top K', () => {
      const r = batch(b, 1, { pinned: new Set([key(b, 2, 0), key(b, 2, 1)]) });
      expect(idPairs(b, r)).toEqual(['N1→O1', 'N2→O1', 'N2→O2', 'N3→O1', 'N3→O2', 'N3→O3']);
    });

    it('are not duplicated when also in the top K', () => {
      const r = batch(b, 1, { pinned: new Set([key(b, 0, 0)]) });
      expect(idPairs(b, r)).toEqual(['N1→O1', 'N2→O1', 'N2→O2', 'N3→O3']);
    });
  });

  it('needSubset scores only those needs', () => {
    const r = batch(b, 1, { needSubset: [2] });
    // N3 alone: N3→O3 is its best; every offer's best among {N3} is N3
    expect(idPairs(b, r)).toEqual(['N3→O1', 'N3→O2', 'N3→O3']);
    expect(r.evaluated).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

describe('scoreBatch determinism', () => {
  it('same input twice → deep-equal output', () => {
    const rnd = mulberry32(99);
    const { needs, offers } = randomSources(rnd, 30, 40);
    const b = build(needs, offers);
    const opts = { excluded: new Set([3, 17, 250]), pinned: new Set([5, 400, 999]) };
    const r1 = batch(b, 3, opts);
    const r2 = batch(b, 3, opts);
    expect(r2).toEqual(r1);
    expect(r1.pairs.length).toBeGreaterThan(0);
    // rebuilt from the same sources: the same again
    expect(batch(build(needs, offers), 3, opts)).toEqual(r1);
  });

  describe('equal scores: ties are broken by id, whatever the input order', () => {
    // Four identical needs and four identical offers: every pair scores the same.
    const needIds = ['n-a', 'n-b', 'n-c', 'n-d'];
    const offerIds = ['o-a', 'o-b', 'o-c', 'o-d'];
    const same = { tags: ['Umzug', 'Transport'], lexemes: ['umzug', 'kart'] };
    const expected = ['n-a→o-a', 'n-a→o-b', 'n-a→o-c', 'n-a→o-d', 'n-b→o-a', 'n-c→o-a', 'n-d→o-a'];

    it.each<[string, number[], number[]]>([
      ['in id order', [0, 1, 2, 3], [0, 1, 2, 3]],
      ['needs reversed', [3, 2, 1, 0], [0, 1, 2, 3]],
      ['offers reversed', [0, 1, 2, 3], [3, 2, 1, 0]],
      ['both shuffled', [2, 0, 3, 1], [1, 3, 0, 2]],
      ['both shuffled differently', [1, 3, 2, 0], [3, 0, 2, 1]],
    ])('%s', (_name, needOrder, offerOrder) => {
      const b = build(
        needOrder.map((i) => listing(needIds[i], same)),
        offerOrder.map((i) => listing(offerIds[i], same)),
      );
      const r = batch(b, 1);
      const scores = new Set(r.pairs.map((p) => p.score));
      expect(scores.size).toBe(1);
      // K = 1: every need keeps o-a (the smallest offer id), every offer keeps n-a
      expect(idPairs(b, r)).toEqual(expected);
      // and the output order is by need id, then offer id
      expect(r.pairs.map((p) => `${b.needs[p.need].id}→${b.offers[p.offer].id}`)).toEqual(expected);
    });
  });

  it('shuffling a random batch keeps the same pairs (by id) and the same order', () => {
    const rnd = mulberry32(2024);
    const { needs, offers } = randomSources(rnd, 40, 50, { duplicates: 0.3 });
    const b = build(needs, offers);
    const r = batch(b, 2);
    const asIds = (bb: Built, rr: BatchResult) => rr.pairs.map((p) => [bb.needs[p.need].id, bb.offers[p.offer].id, p.score]);

    const shuffledNeeds = shuffle(rnd, needs);
    const shuffledOffers = shuffle(rnd, offers);
    const s = build(shuffledNeeds, shuffledOffers);
    expect(asIds(s, batch(s, 2))).toEqual(asIds(b, r));
  });
});

// ---------------------------------------------------------------------------------------------
// Brute force
// ---------------------------------------------------------------------------------------------

/** The kept set, computed naively from explainPair: per-need top K ∪ per-offer top K ∪ pinned. */
function naive(b: Built, k: number, excluded: ReadonlySet<number>, pinned: ReadonlySet<number>): Map<string, number> {
  const m = b.offers.length;
  const eligible: Array<{ need: number; offer: number; score: number }> = [];
  for (let n = 0; n < b.needs.length; n++) {
    for (let o = 0; o < m; o++) {
      if (excluded.has(n * m + o)) continue;
      const e = explainPair(b.needs[n], b.offers[o], W, b.idf);
      if (e) eligible.push({ need: n, offer: o, score: e.score });
    }
  }
  const byId = (a: string, c: string) => (a < c ? -1 : a > c ? 1 : 0);
  const kept = new Map<string, number>();
  const add = (p: { need: number; offer: number; score: number }) => kept.set(`${b.needs[p.need].id}→${b.offers[p.offer].id}`, p.score);
  for (let n = 0; n < b.needs.length; n++) {
    eligible
      .filter((p) => p.need === n)
      .sort((x, y) => y.score - x.score || byId(b.offers[x.offer].id, b.offers[y.offer].id))
      .slice(0, k)
      .forEach(add);
  }
  for (let o = 0; o < m; o++) {
    eligible
      .filter((p) => p.offer === o)
      .sort((x, y) => y.score - x.score || byId(b.needs[x.need].id, b.needs[y.need].id))
      .slice(0, k)
      .forEach(add);
  }
  for (const p of eligible) if (pinned.has(p.need * m + p.offer)) add(p);
  return kept;
}

describe('scoreBatch equals the naive top-K union (60 needs × 80 offers)', () => {
  describe.each<[number, number, boolean]>([
    // [seed, K, ids in input order?]
    [1, 1, true],
    [2, 3, true],
    [3, 5, true],
    [4, 3, false],
    [5, 2, false],
  ])('seed %i, K = %i, ids in input order: %s', (seed, k, ordered) => {
    const rnd = mulberry32(seed);
    const { needs, offers } = randomSources(rnd, 60, 80, { duplicates: 0.15, orderedIds: ordered });
    const b = build(needs, offers);
    const total = b.needs.length * b.offers.length;
    const excluded = new Set<number>();
    const pinned = new Set<number>();
    for (let i = 0; i < total; i++) {
      const x = rnd();
      if (x < 0.05) excluded.add(i);
      else if (x < 0.08) pinned.add(i);
    }
    if (seed === 4) for (let i = 0; i < 200; i++) pinned.add(Math.floor(rnd() * total)); // some pinned and excluded
    const r = batch(b, k, { excluded, pinned });
    const expected = naive(b, k, excluded, pinned);

    it('keeps exactly the naive set, with the same scores', () => {
      const actual = new Map(r.pairs.map((p) => [`${b.needs[p.need].id}→${b.offers[p.offer].id}`, p.score]));
      expect(actual.size).toBe(r.pairs.length); // no duplicates
      expect(actual).toEqual(expected);
    });

    it('is a meaningful test (enough pairs, some hard-filtered, some ties)', () => {
      expect(r.scored).toBeGreaterThan(500);
      expect(r.scored).toBeLessThan(total);
      expect(r.pairs.length).toBeGreaterThan(60);
      expect(r.pairs.length).toBeLessThan(r.scored);
      const scores = r.pairs.map((p) => p.score);
      expect(new Set(scores).size).toBeLessThan(scores.length);
    });

    it('counts evaluated (category-compatible) and scored (passing every filter, not excluded) pairs', () => {
      let evaluated = 0;
      let scored = 0;
      for (let n = 0; n < b.needs.length; n++) {
        for (let o = 0; o < b.offers.length; o++) {
          if (categoryFit(CATEGORIES[b.needs[n].category], CATEGORIES[b.offers[o].category]) > 0) evaluated++;
          if (!excluded.has(key(b, n, o)) && explainPair(b.needs[n], b.offers[o], W, b.idf)) scored++;
        }
      }
      expect(r.evaluated).toBe(evaluated);
      expect(r.scored).toBe(scored);
    });

    it('orders pairs by score, then need id, then offer id', () => {
      for (let i = 1; i < r.pairs.length; i++) {
        const a = r.pairs[i - 1];
        const c = r.pairs[i];
        const ak = [-a.score, b.needs[a.need].id, b.offers[a.offer].id];
        const ck = [-c.score, b.needs[c.need].id, b.offers[c.offer].id];
        expect(ak[0] < ck[0] || (ak[0] === ck[0] && (ak[1] < ck[1] || (ak[1] === ck[1] && ak[2] < ck[2])))).toBe(true);
      }
    });
  });
});
