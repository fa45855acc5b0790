import { distanceKm } from '../../listings/geo';
import {
  causeFit,
  distanceFit,
  giveBackFit,
  greatCircleKm,
  inverseDocumentFrequency,
  popcount,
  quantityFit,
  tagFit,
  timeframeFit,
  timeframesOverlap,
} from './components';
import { normaliseTag, TagIndex, type TagStats } from './features';
import { causeMask, giveBackMask, UNIT_CODE } from './model';

const DAY = 24 * 60 * 60 * 1000;
/** Day n of June 2025 (UTC midnight), in ms. */
const d = (n: number) => Date.UTC(2025, 5, 1) + n * DAY;
const OPEN_START = -Infinity;
const OPEN_END = Infinity;

describe('timeframesOverlap and timeframeFit', () => {
  describe.each<[string, [number, number], [number, number], boolean, number]>([
    // [scenario, need [start, end], offer [start, end], overlap?, fit]
    ['Ferienbetreuung fully inside the offer', [d(1), d(10)], [d(0), d(20)], true, 1],
    ['offer exactly the need', [d(0), d(10)], [d(0), d(10)], true, 1],
    ['offer covers the second half', [d(0), d(10)], [d(5), d(20)], true, 0.5],
    ['offer covers the first 30 %', [d(0), d(10)], [d(-5), d(3)], true, 0.3],
    ['offer covers two days in the middle', [d(0), d(10)], [d(2), d(4)], true, 0.2],
    ['touching at one instant', [d(0), d(10)], [d(10), d(20)], true, 0],
    ['offer starts the day after the need ends', [d(0), d(10)], [d(11), d(20)], false, 0],
    ['offer ended before the need starts', [d(10), d(20)], [d(0), d(9)], false, 0],
    ['Umzugstag (a point in time) inside the offer', [d(5), d(5)], [d(0), d(10)], true, 1],
    ['Umzugstag (a point in time) outside the offer', [d(15), d(15)], [d(0), d(10)], false, 0],
    ['Umzugstag on the offer’s last day', [d(10), d(10)], [d(0), d(10)], true, 1],
    // open ends
    ['finite need, offer open on both sides', [d(0), d(10)], [OPEN_START, OPEN_END], true, 1],
    ['finite need, offer open at the start, ends mid-need', [d(0), d(10)], [OPEN_START, d(5)], true, 0.5],
    ['finite need, offer open at the end, starts mid-need', [d(0), d(10)], [d(8), OPEN_END], true, 0.2],
    ['need open at the end, offer open at the end too', [d(0), OPEN_END], [d(0), OPEN_END], true, 1],
    ['need open at the end, offer open at the end and starting later', [d(0), OPEN_END], [d(30), OPEN_END], true, 1],
    ['need open at the end, offer open on both sides', [d(0), OPEN_END], [OPEN_START, OPEN_END], true, 1],
    ['need open at the end, offer with a finite end', [d(0), OPEN_END], [d(0), d(100)], true, 0.5],
    ['need open at the start, offer open at the start', [OPEN_START, d(10)], [OPEN_START, d(10)], true, 1],
    // Open on the same side counts as full cover; the finite side is not compared (documented rule).
    ['need open at the start, offer open at the start and ending earlier', [OPEN_START, d(10)], [OPEN_START, d(5)], true, 1],
    ['need open at the start, offer with a finite start', [OPEN_START, d(10)], [d(0), d(20)], true, 0.5],
    ['need open on both sides, offer open on both sides', [OPEN_START, OPEN_END], [OPEN_START, OPEN_END], true, 1],
    ['need open on both sides, offer open at the end only', [OPEN_START, OPEN_END], [d(0), OPEN_END], true, 0.5],
    ['need open on both sides, finite offer', [OPEN_START, OPEN_END], [d(0), d(10)], true, 0.5],
    ['need open at the end, offer ended before the need starts', [d(10), OPEN_END], [OPEN_START, d(5)], false, 0],
    ['need open at the start, offer starts after the need ends', [OPEN_START, d(5)], [d(10), OPEN_END], false, 0],
  ])('%s', (_name, [ns, ne], [os, oe], overlaps, fit) => {
    it(`overlap is ${overlaps}`, () => {
      expect(timeframesOverlap(ns, ne, os, oe)).toBe(overlaps);
    });
    it(`fit is ${fit}`, () => {
      expect(timeframeFit(ns, ne, os, oe)).toBeCloseTo(fit, 12);
    });
    it('fit lies in [0, 1] and is 0 exactly when there is no overlap', () => {
      const f = timeframeFit(ns, ne, os, oe);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
      if (!overlaps) expect(f).toBe(0);
    });
    it('overlap is symmetric', () => {
      expect(timeframesOverlap(os, oe, ns, ne)).toBe(overlaps);
    });
  });
});

describe('distanceFit', () => {
  it.each<[string, number, number, number]>([
    // [scenario, km, half-life km, expected]
    ['next door', 0, 3, 1],
    ['exactly at the half-life (3 km)', 3, 3, 0.5],
    ['exactly at the half-life (10 km)', 10, 10, 0.5],
    ['twice the half-life', 6, 3, 0.25],
    ['three half-lives', 9, 3, 0.125],
    ['half a half-life', 1.5, 3, Math.SQRT1_2],
    ['Hbf to Bad Cannstatt, 3.306 km at 3 km', 3.306020200384642, 3, 0.4659],
  ])('%s', (_name, km, halfLife, expected) => {
    expect(distanceFit(km, halfLife)).toBeCloseTo(expected, 4);
  });

  it('is exactly 0.5 at the half-life (no rounding slack)', () => {
    expect(distanceFit(3, 3)).toBe(0.5);
    expect(distanceFit(7.25, 7.25)).toBe(0.5);
  });

  it('decreases strictly with distance', () => {
    let prev = distanceFit(0, 3);
    for (let km = 0.5; km <= 30; km += 0.5) {
      const f = distanceFit(km, 3);
      expect(f).toBeLessThan(prev);
      prev = f;
    }
  });
});

describe('greatCircleKm (twin of geo.distanceKm)', () => {
  const RAD = Math.PI / 180;
  const gc = (lat1: number, lon1: number, lat2: number, lon2: number) =>
    greatCircleKm(lat1 * RAD, lon1 * RAD, Math.cos(lat1 * RAD), lat2 * RAD, lon2 * RAD, Math.cos(lat2 * RAD));

  const HBF: [number, number] = [48.784, 9.1829]; // Stuttgart Hauptbahnhof
  const CANNSTATT: [number, number] = [48.8049, 9.215]; // Bad Cannstatt
  const VAIHINGEN: [number, number] = [48.7296, 9.1077]; // Stuttgart-Vaihingen
  const ZUFFENHAUSEN: [number, number] = [48.8327, 9.1667]; // Zuffenhausen
  const DEGERLOCH: [number, number] = [48.7485, 9.1694]; // Degerloch
  const BERLIN: [number, number] = [52.52, 13.405];

  it('Hauptbahnhof to Bad Cannstatt is about 3.3 km', () => {
    expect(gc(...HBF, ...CANNSTATT)).toBeCloseTo(3.306, 3);
  });

  it.each<[string, [number, number], [number, number]]>([
    ['Hauptbahnhof → Bad Cannstatt', HBF, CANNSTATT],
    ['Bad Cannstatt → Hauptbahnhof', CANNSTATT, HBF],
    ['Hauptbahnhof → Vaihingen', HBF, VAIHINGEN],
    ['Zuffenhausen → Degerloch', ZUFFENHAUSEN, DEGERLOCH],
    ['Vaihingen → Bad Cannstatt', VAIHINGEN, CANNSTATT],
    ['Hauptbahnhof → Berlin', HBF, BERLIN],
    ['a few metres (Hauptbahnhof → 10 m north)', HBF, [HBF[0] + 0.00009, HBF[1]]],
  ])('%s agrees with distanceKm to 1e-6 relative', (_name, a, b) => {
    const expected = distanceKm(a[0], a[1], b[0], b[1]);
    const actual = gc(a[0], a[1], b[0], b[1]);
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(1e-6);
  });

  it('is 0 for the same point', () => {
    expect(gc(...HBF, ...HBF)).toBe(0);
  });

  it('does not return NaN near the antipode', () => {
    const x = gc(45, 0, -45, 180);
    expect(Number.isNaN(x)).toBe(false);
    expect(x).toBeCloseTo(distanceKm(45, 0, -45, 180), 6);
  });
});

describe('quantityFit', () => {
  const { hours, persons, items, trips, m2 } = UNIT_CODE;
  it.each<[string, number, number, number, number, number]>([
    // [scenario, need quantity, need unit, offer capacity, offer unit, expected]
    ['10 Stunden gebraucht, 10 angeboten', 10, hours, 10, hours, 1],
    ['10 Stunden gebraucht, 20 angeboten (capped at 1)', 10, hours, 20, hours, 1],
    ['10 Stunden gebraucht, 5 angeboten', 10, hours, 5, hours, 0.5],
    ['4 Helfer gebraucht, 1 angeboten', 4, persons, 1, persons, 0.25],
    ['3 Fahrten gebraucht, 2 angeboten', 3, trips, 2, trips, 2 / 3],
    ['40 m² gebraucht, 0 angeboten', 40, m2, 0, m2, 0],
    ['no quantity given (0)', 0, items, 5, items, 1],
    ['Stunden vs. Personen (different units)', 10, hours, 1, persons, 0.5],
    ['Sachspenden vs. Fahrten (different units, huge capacity)', 5, items, 1000, trips, 0.5],
    ['different units, zero capacity', 5, items, 0, m2, 0.5],
  ])('%s', (_name, nq, nu, oc, ou, expected) => {
    expect(quantityFit(nq, nu, oc, ou)).toBeCloseTo(expected, 12);
  });
});

describe('popcount', () => {
  it.each<[number, number]>([
    [0, 0],
    [1, 1],
    [0b1011, 3],
    [0xff, 8],
    [0x80000000, 1],
    [1 << 31, 1], // negative as int32
    [0xffffffff, 32],
    [-1, 32],
    [0x55555555, 16],
  ])('popcount(%i) = %i', (x, n) => {
    expect(popcount(x)).toBe(n);
  });
});

describe('causeFit', () => {
  it.each<[string, string[], string[], number]>([
    // [scenario, company's preferred causes, nonprofit's causes, expected]
    ['company named none: neutral', [], ['quality-education', 'good-health'], 0.5],
    ['nonprofit named none: neutral', ['climate-action'], [], 0.5],
    ['neither named any: neutral', [], [], 0.5],
    ['unknown cause names count as none: neutral', ['Umweltschutz'], ['climate-action'], 0.5],
    ['same single cause', ['zero-hunger'], ['zero-hunger'], 1],
    ['company’s one cause within the nonprofit’s three', ['good-health'], ['no-poverty', 'good-health', 'reduced-inequalities'], 1],
    ['one of two shared (smaller list has 2)', ['good-health', 'climate-action'], ['good-health', 'no-poverty', 'quality-education'], 0.5],
    ['two of three shared', ['no-poverty', 'zero-hunger', 'life-on-land'], ['no-poverty', 'zero-hunger', 'partnerships', 'peace-justice'], 2 / 3],
    ['disjoint', ['clean-energy'], ['quality-education', 'gender-equality'], 0],
    ['the 17th goal works (bit 16)', ['partnerships'], ['partnerships'], 1],
  ])('%s', (_name, company, nonprofit, expected) => {
    expect(causeFit(causeMask(company), causeMask(nonprofit))).toBeCloseTo(expected, 12);
  });

  it('is symmetric', () => {
    const a = causeMask(['good-health', 'climate-action']);
    const b = causeMask(['good-health', 'no-poverty', 'quality-education']);
    expect(causeFit(a, b)).toBe(causeFit(b, a));
  });
});

describe('giveBackFit', () => {
  it.each<[string, string[], string[], number]>([
    // [scenario, what the company asked for in return, the nonprofit's Gegenleistungen, expected]
    ['company asks nothing, nonprofit offers nothing', [], [], 1],
    ['company asks nothing, nonprofit offers a lot', [], ['visibility', 'press', 'certificate'], 1],
    ['company wants Sichtbarkeit, nonprofit offers it', ['visibility'], ['visibility', 'thank_you_event'], 1],
    ['company wants Sichtbarkeit und Pressearbeit, nonprofit offers Sichtbarkeit', ['visibility', 'press'], ['visibility'], 0.5],
    ['company wants three, nonprofit fulfils two', ['team_event', 'certificate', 'report'], ['certificate', 'report', 'networking'], 2 / 3],
    ['company wants Urkunde, nonprofit offers nothing', ['certificate'], [], 0],
    ['company wants Schulung, nonprofit offers something else', ['training'], ['thank_you_event', 'visibility'], 0],
  ])('%s', (_name, wanted, offered, expected) => {
    expect(giveBackFit(giveBackMask(wanted), giveBackMask(offered))).toBeCloseTo(expected, 12);
  });
});

describe('inverseDocumentFrequency', () => {
  it.each<[number, number, number]>([
    [0, 0, Math.LN2],
    [0, 100, Math.log(1 + 101)],
    [2, 100, Math.log(1 + 101 / 3)],
    [60, 100, Math.log(1 + 101 / 61)],
    [100, 100, Math.LN2],
  ])('idf(df=%i, total=%i) = %f', (df, total, expected) => {
    expect(inverseDocumentFrequency(df, total)).toBeCloseTo(expected, 12);
  });

  it('is positive and falls as a tag gets more common', () => {
    let prev = Infinity;
    for (let df = 0; df <= 500; df += 10) {
      const w = inverseDocumentFrequency(df, 500);
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThan(prev);
      prev = w;
    }
  });
});

describe('tagFit (IDF-weighted Jaccard)', () => {
  // 100 listings: "Hilfe" is on 60 of them, "Rollstuhl" on 2.
  const stats: TagStats = {
    total: 100,
    df: new Map([
      ['hilfe', 60],
      ['rollstuhl', 2],
      ['senioren', 20],
      ['garten', 10],
      ['umzug', 5],
      ['transport', 30],
    ]),
  };
  const IDF_ROLLSTUHL = Math.log(1 + 101 / 3); // 3.5458
  const IDF_HILFE = Math.log(1 + 101 / 61); // 0.9767

  const tagSet = (index: TagIndex, tags: string[]) => {
    const ids = Int32Array.from(new Set(tags.map((t) => index.id(t)))).sort();
    let w = 0;
    for (const id of ids) w += index.weightOf(id);
    return { ids, w };
  };
  const fit = (need: string[], offer: string[]) => {
    const index = new TagIndex(stats);
    const a = tagSet(index, need);
    const b = tagSet(index, offer);
    return tagFit(a.ids, a.w, b.ids, b.w, index.idf);
  };

  it('the TagIndex gives "Rollstuhl" and "Hilfe" their idf', () => {
    const index = new TagIndex(stats);
    expect(index.weightOf(index.id('Rollstuhl'))).toBeCloseTo(IDF_ROLLSTUHL, 12);
    expect(index.weightOf(index.id('Hilfe'))).toBeCloseTo(IDF_HILFE, 12);
    expect(index.weightOf(index.id('Unbekannt'))).toBeCloseTo(Math.log(1 + 101), 12);
  });

  it('a shared rare tag counts more than a shared common one', () => {
    const rare = fit(['Rollstuhl', 'Hilfe'], ['Rollstuhl']);
    const common = fit(['Rollstuhl', 'Hilfe'], ['Hilfe']);
    expect(rare).toBeGreaterThan(common);
    expect(rare).toBeCloseTo(IDF_ROLLSTUHL / (IDF_ROLLSTUHL + IDF_HILFE), 12); // 0.7840
    expect(common).toBeCloseTo(IDF_HILFE / (IDF_ROLLSTUHL + IDF_HILFE), 12); // 0.2160
    expect(rare).toBeCloseTo(0.784, 3);
    expect(common).toBeCloseTo(0.216, 3);
  });

  it.each<[string, string[], string[], number]>([
    // [scenario, need tags, offer tags, expected]
    ['identical', ['Rollstuhl', 'Hilfe'], ['Hilfe', 'Rollstuhl'], 1],
    ['identical up to case and blanks', ['Rollstuhl', ' hilfe '], ['ROLLSTUHL', 'Hilfe'], 1],
    ['duplicates do not count twice', ['Umzug', 'umzug', 'Transport'], ['Umzug', 'Transport'], 1],
    ['disjoint', ['Garten', 'Senioren'], ['Umzug', 'Transport'], 0],
    ['need without tags', [], ['Umzug'], 0],
    ['offer without tags', ['Umzug'], [], 0],
    ['both without tags', [], [], 0],
    ['{Umzug, Transport} vs {Umzug}', ['Umzug', 'Transport'], ['Umzug'], Math.log(1 + 101 / 6) / (Math.log(1 + 101 / 6) + Math.log(1 + 101 / 31))],
    [
      'one shared of three in the union',
      ['Garten', 'Senioren'],
      ['Garten', 'Hilfe'],
      Math.log(1 + 101 / 11) / (Math.log(1 + 101 / 11) + Math.log(1 + 101 / 21) + IDF_HILFE),
    ],
  ])('%s', (_name, need, offer, expected) => {
    expect(fit(need, offer)).toBeCloseTo(expected, 12);
  });

  it('is symmetric', () => {
    expect(fit(['Rollstuhl', 'Hilfe', 'Senioren'], ['Rollstuhl', 'Garten'])).toBeCloseTo(fit(['Rollstuhl', 'Garten'], ['Rollstuhl', 'Hilfe', 'Senioren']), 12);
  });

  it('works on raw sorted id arrays with a given idf table', () => {
    const idf = Float64Array.from([1, 2, 4, 8]);
    // {0,1,2} vs {1,2,3}: shared 2+4 = 6, union 1+2+4+8 = 15
    expect(tagFit(Int32Array.from([0, 1, 2]), 7, Int32Array.from([1, 2, 3]), 14, idf)).toBeCloseTo(6 / 15, 12);
    // {3} vs {0,3}: shared 8, union 9
    expect(tagFit(Int32Array.from([3]), 8, Int32Array.from([0, 3]), 9, idf)).toBeCloseTo(8 / 9, 12);
  });

  it('normaliseTag lower-cases in German and trims', () => {
    expect(normaliseTag('  Straße ')).toBe('straße');
    expect(normaliseTag('ÜBUNGSLEITER')).toBe('übungsleiter');
  });
});
