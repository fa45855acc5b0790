/**
 * Round planning benchmark (`npm run bench:round-planning`), issue 5's second figure: plan a round
 * for a city of 100 Quartiere with 20,000 open needs and offers. Pure and in memory: a synthetic
 * city and match graph from a fixed-seed PRNG, then planRound(); no database, no queue.
 *
 * Prints the planning time and the share of all match value that lands inside a planned event,
 * against two baselines computed in the same run: every Quartier alone (those that reach the
 * minimum size) and one event per borough (Stadtbezirk), the latter ignoring size and venues.
 */
import { performance } from 'node:perf_hooks';
import { distanceKm } from '../../src/modules/listings/geo';
import { planRound, type PlanningDistrict, type PlanningVenue, type RoundPlanningInput } from '../../src/modules/marketplaces/planning';
import { envInt, mulberry32 } from './harness';

const SEED = envInt('BENCH_SEED', 20260515, 0);
const QUARTERS_PER_BOROUGH = 10;
const BOROUGHS = 10;
const LISTINGS = envInt('BENCH_LISTINGS', 20000); // half needs, half offers
const RUNS = envInt('BENCH_RUNS', 7);
const TARGET = { min: 40, max: 120 };
const DATES = ['2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'];
const LISTINGS_PER_ORGANISATION = 5;
const CANDIDATES_PER_NEED = 3;
const SHARE_MUTUAL_OR_STRONG = 0.35;

interface City {
  input: RoundPlanningInput;
  needs: number;
  offers: number;
  pairs: number;
  generateMs: number;
  aggregateMs: number;
}

function makeCity(seed: number): City {
  const t0 = performance.now();
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const pad = (i: number) => String(i).padStart(3, '0');

  const districts: PlanningDistrict[] = [{ id: 'stadt', name: 'Musterstadt', level: 'city', parentId: null, lat: 48.775, lon: 9.18 }];
  const quarters: PlanningDistrict[] = [];
  for (let b = 0; b < BOROUGHS; b++) {
    const lat = 48.72 + Math.floor(b / 5) * 0.05;
    const lon = 9.04 + (b % 5) * 0.065;
    districts.push({ id: `bezirk-${pad(b)}`, name: `Stadtbezirk ${b + 1}`, level: 'borough', parentId: 'stadt', lat, lon });
    for (let q = 0; q < QUARTERS_PER_BOROUGH; q++) {
      const quarter: PlanningDistrict = {
        id: `quartier-${pad(b * QUARTERS_PER_BOROUGH + q)}`,
        name: `Quartier ${b + 1}.${q + 1}`,
        level: 'quarter',
        parentId: `bezirk-${pad(b)}`,
        lat: lat + (rnd() - 0.5) * 0.04,
        lon: lon + (rnd() - 0.5) * 0.056,
      };
      districts.push(quarter);
      quarters.push(quarter);
    }
  }
  const n = quarters.length;

  // Listings per Quartier: lognormal weights (a few busy Quartiere, many quiet ones).
  const weights = quarters.map(() => Math.exp(0.8 * gauss()));
  const cumulative: number[] = [];
  weights.reduce((s, w, i) => (cumulative[i] = s + w), 0);
  const pick = () => {
    const x = rnd() * cumulative[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const needsIn = new Array<number>(n).fill(0);
  const offersIn: number[][] = quarters.map(() => []); // offer ids per Quartier
  const needQuarter: number[] = [];
  let offerCount = 0;
  for (let i = 0; i < LISTINGS; i++) {
    const q = pick();
    if (i % 2 === 0) {
      needsIn[q]++;
      needQuarter.push(q);
    } else offersIn[q].push(offerCount++);
  }
  const near = quarters.map((a, i) =>
    quarters.map((b, j) => j).filter((j) => j !== i && distanceKm(a.lat, a.lon, quarters[j].lat, quarters[j].lon) <= 3),
  );
  const withOffers = quarters.map((_, j) => j).filter((j) => offersIn[j].length > 0);

  // Match graph: each need gets candidate offers (60 % in its Quartier, 30 % within 3 km, 10 % anywhere);
  // about a third of them are mutual or strong matches with a score in 0.5..1.
  const pairs: { need: number; offerQuarter: number; score: number }[] = [];
  for (const q of needQuarter) {
    for (let c = 0; c < CANDIDATES_PER_NEED; c++) {
      const r = rnd();
      const options = r < 0.6 ? [q] : r < 0.9 && near[q].length ? near[q] : withOffers;
      const oq = options[Math.floor(rnd() * options.length)];
      if (offersIn[oq].length === 0) continue;
      if (rnd() >= SHARE_MUTUAL_OR_STRONG) continue;
      pairs.push({ need: q, offerQuarter: oq, score: 0.5 + 0.5 * rnd() });
    }
  }
  const t1 = performance.now();

  // What the plan-round job would aggregate from the matches table.
  const internal = new Array<number>(n).fill(0);
  const crossMap = new Map<number, number>();
  for (const p of pairs) {
    if (p.need === p.offerQuarter) internal[p.need] += p.score;
    else {
      const key = Math.min(p.need, p.offerQuarter) * n + Math.max(p.need, p.offerQuarter);
      crossMap.set(key, (crossMap.get(key) ?? 0) + p.score);
    }
  }
  const pools = quarters.map((q, i) => {
    const listings = needsIn[i] + offersIn[i].length;
    return { districtId: q.id, openNeeds: needsIn[i], openOffers: offersIn[i].length, organisations: Math.ceil(listings / LISTINGS_PER_ORGANISATION), matchValue: internal[i] };
  });
  const crossValues = [...crossMap].map(([key, value]) => ({ districtIds: [quarters[Math.floor(key / n)].id, quarters[key % n].id] as [string, string], value }));
  const t2 = performance.now();

  // Venues: two halls per borough (at its centre), and a room in about a third of the Quartiere.
  const venues: PlanningVenue[] = [];
  for (const d of districts) {
    if (d.level === 'borough') {
      for (const k of [1, 2]) venues.push({ id: `${d.id}-halle-${k}`, name: `Bürgerhalle ${d.name} ${k}`, districtId: d.id, capacity: 100 + Math.floor(rnd() * 61), tables: 16 });
    } else if (d.level === 'quarter' && rnd() < 0.35) {
      venues.push({ id: `${d.id}-saal`, name: `Gemeindesaal ${d.name}`, districtId: d.id, capacity: 50 + Math.floor(rnd() * 41), tables: 9 });
    }
  }
  return {
    input: { districts, pools, crossValues, candidateDates: DATES, venues, targetSize: TARGET },
    needs: needQuarter.length,
    offers: offerCount,
    pairs: pairs.length,
    generateMs: t1 - t0,
    aggregateMs: t2 - t1,
  };
}

function baselines(input: RoundPlanningInput) {
  const byId = new Map(input.districts.map((d) => [d.id, d]));
  const total = input.pools.reduce((s, p) => s + p.matchValue, 0) + input.crossValues.reduce((s, c) => s + c.value, 0);
  // Every Quartier alone: those that reach the minimum get an event (venues ignored, in their favour).
  const alone = input.pools.filter((p) => p.organisations >= TARGET.min);
  const aloneValue = alone.reduce((s, p) => s + p.matchValue, 0);
  // One event per borough: all its Quartiere, whatever the size (venues ignored).
  const boroughOf = (id: string) => byId.get(id)!.parentId!;
  const boroughValue =
    input.pools.reduce((s, p) => s + p.matchValue, 0) +
    input.crossValues.filter((c) => boroughOf(c.districtIds[0]) === boroughOf(c.districtIds[1])).reduce((s, c) => s + c.value, 0);
  const sizes = new Map<string, number>();
  let personKm = 0;
  let people = 0;
  for (const p of input.pools) {
    const q = byId.get(p.districtId)!;
    const b = byId.get(q.parentId!)!;
    sizes.set(b.id, (sizes.get(b.id) ?? 0) + p.organisations);
    personKm += p.organisations * distanceKm(q.lat, q.lon, b.lat, b.lon);
    people += p.organisations;
  }
  const boroughEvents = [...sizes.values()];
  return {
    total,
    alone: { events: alone.length, share: aloneValue / total, participants: alone.reduce((s, p) => s + p.organisations, 0) },
    borough: {
      events: boroughEvents.length,
      share: boroughValue / total,
      aboveMax: boroughEvents.filter((s) => s > TARGET.max).length,
      meanSize: boroughEvents.reduce((s, x) => s + x, 0) / boroughEvents.length,
      travelKm: personKm / people,
    },
  };
}

function main() {
  const city = makeCity(SEED);
  const { input } = city;
  const times: number[] = [];
  let plan = planRound(input); // warm-up, also the plan reported
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const again = planRound(input);
    times.push(performance.now() - t);
    if (JSON.stringify(again) !== JSON.stringify(plan)) throw new Error('planRound is not deterministic');
    plan = again;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const base = baselines(input);
  const participants = input.pools.reduce((s, p) => s + p.organisations, 0);
  const travel = plan.events.reduce((s, e) => s + e.averageTravelKm * e.expectedParticipants, 0) / Math.max(1, plan.totals.participantsPlanned);
  const reasons = new Map<string, number>();
  for (const l of plan.leftOut) reasons.set(l.reason, (reasons.get(l.reason) ?? 0) + 1);
  const sizes = plan.events.map((e) => e.expectedParticipants).sort((a, b) => a - b);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

  console.log(`round planning bench (seed ${SEED})`);
  console.log(`city: ${input.districts.filter((d) => d.level === 'quarter').length} Quartiere in ${BOROUGHS} Stadtbezirke, ${city.needs} open needs + ${city.offers} open offers, ${participants} organisations, ${city.pairs} mutual/strong matches, ${input.crossValues.length} Quartier pairs with value, ${input.venues.length} venues, ${DATES.length} dates`);
  const insideQuarters = input.pools.reduce((s, p) => s + p.matchValue, 0) / base.total;
  const crossCaptured = plan.events.reduce((s, e) => s + e.crossValueCaptured, 0) / base.total;
  console.log(`match value: ${pct(insideQuarters)} inside single Quartiere, ${pct(1 - insideQuarters)} between two; the plan captures ${pct(crossCaptured)} of the total from between-Quartier pairs`);
  console.log(`generate ${city.generateMs.toFixed(1)} ms, aggregate pools ${city.aggregateMs.toFixed(1)} ms`);
  console.log(`planRound: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${RUNS} runs (grouping ${plan.totals.method})`);
  console.log('');
  console.log('                        events   value inside an event   participants planned   notes');
  console.log(`plan                   ${String(plan.totals.events).padStart(7)}   ${pct(plan.totals.valueCapturedShare).padStart(21)}   ${String(plan.totals.participantsPlanned).padStart(20)}   sizes ${sizes[0]}..${sizes[sizes.length - 1]} (median ${sizes[Math.floor(sizes.length / 2)]}), mean travel ${travel.toFixed(2)} km, ${plan.totals.quartersLeftOut} Quartiere left out (${[...reasons].map(([r, c]) => `${r} ${c}`).join(', ')})`);
  console.log(`every Quartier alone   ${String(base.alone.events).padStart(7)}   ${pct(base.alone.share).padStart(21)}   ${String(base.alone.participants).padStart(20)}   only Quartiere with ≥ ${TARGET.min}; venues ignored`);
  console.log(`one per Stadtbezirk    ${String(base.borough.events).padStart(7)}   ${pct(base.borough.share).padStart(21)}   ${String(participants).padStart(20)}   mean size ${base.borough.meanSize.toFixed(0)}, ${base.borough.aboveMax} above ${TARGET.max}; venues ignored; mean travel ${base.borough.travelKm.toFixed(2)} km`);
  console.log('');
  console.log(`ratios: plan / alone ${(plan.totals.valueCapturedShare / base.alone.share).toFixed(2)}, plan / one per Stadtbezirk ${(plan.totals.valueCapturedShare / base.borough.share).toFixed(2)}`);
  if (plan.warnings.length) console.log(`warnings: ${[...new Set(plan.warnings.map((w) => w.code))].join(', ')}`);
}

main();
