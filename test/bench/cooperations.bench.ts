/**
 * Cooperations benchmark (issue 4): the read paths organisers and members hit, at a city's size.
 *
 *   1. GET /v1/reports/districts/{id} for 12 months (the city, its busiest borough and Quartier),
 *      JSON and CSV through the API, and ReportsService called directly; against a naive report
 *      in this file that loads the rows and aggregates them in JS (both must give the same figures).
 *   2. GET /v1/organisations/{id}/journey for a nonprofit with many cooperations and a typical one,
 *      through the API and JourneyService directly; against a naive version that asks one query
 *      per fact and three per cooperation (both must give the same journey).
 *   3. GET /v1/cooperations, an organisation's and an organiser's list, page by page; against the
 *      same page query sent straight to PostgreSQL (both must give the same pages).
 *
 * Self-contained like the other benches: its own database (marktplatz_bench_coop_<pid>), the real
 * migrations, a dataset generated in SQL (cooperations-dataset.ts), its own queue prefix; all
 * removed again, on failure too. See test/bench/README.md.
 *
 *   npm run bench:cooperations                (the full size: 60,000 cooperations)
 *   BENCH_SMALL=1 npm run bench:cooperations  (a tenth, for a quick run)
 */
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import type { Actor } from '../../src/modules/auth/actor';
import { hashPassword } from '../../src/modules/auth/password';
import { District } from '../../src/modules/districts/district.entity';
import { DistrictsService } from '../../src/modules/districts/districts.service';
import { journeyOf, type Journey, type JourneyFacts } from '../../src/modules/journey/journey';
import { JourneyService } from '../../src/modules/journey/journey.service';
import { completenessOf } from '../../src/modules/organisations/completeness';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { OrganisationsService } from '../../src/modules/organisations/organisations.service';
import { ReadinessCheck, ReadinessQuestionnaire } from '../../src/modules/readiness/readiness.entity';
import { ReadinessService } from '../../src/modules/readiness/readiness.service';
import { emptyTally, figures, rollUp, type Figures, type Tally } from '../../src/modules/reports/report-figures';
import { REPORT_TIME_ZONE, resolvePeriod, todayIn, type ReportPeriod } from '../../src/modules/reports/report-period';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { ShortlistService } from '../../src/modules/shortlist/shortlist.service';
import { generateCooperations, type CooperationsSize, type CooperationsSummary } from './cooperations-dataset';
import { benchResult, BenchRun, envFlag, envInt, envPhases, fmt, measure, round, table, timing, type Timing } from './harness';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const SMALL = envFlag('BENCH_SMALL');
const COOPERATIONS = envInt('BENCH_COOPERATIONS', SMALL ? 6_000 : 60_000);
const SIZE: CooperationsSize = {
  quarters: envInt('BENCH_QUARTERS', SMALL ? 100 : 400),
  organisations: envInt('BENCH_ORGS', Math.round(COOPERATIONS / 3)),
  needs: envInt('BENCH_NEEDS', Math.ceil((COOPERATIONS * 4) / 3)),
  offers: envInt('BENCH_OFFERS', Math.ceil((COOPERATIONS * 2) / 3)),
  cooperations: COOPERATIONS,
  years: envInt('BENCH_YEARS', 3),
  heavyCooperations: envInt('BENCH_HEAVY', SMALL ? 200 : 500),
  matchesPerNeed: envInt('BENCH_MATCHES_PER_NEED', 5),
};
const SEED = envInt('BENCH_SEED', 20260315);
const REPS = envInt('BENCH_REPS', 20);
const NAIVE_REPS = envInt('BENCH_NAIVE_REPS', 3);
const LIST_PAGES = envInt('BENCH_LIST_PAGES', 10);
const PAGE = 20; // the list's default page size
const ALL_PHASES = ['reports', 'journey', 'list'] as const;
const PHASES = envPhases(ALL_PHASES);
const EXPLAIN_FULL = envFlag('BENCH_EXPLAIN');
const WATCHDOG_MS = envInt('BENCH_TIMEOUT_S', 3600) * 1000;
const PASSWORD = 'bench horse battery staple';

/** The compiled app, copied at the start (dist-bench/app-coop-<pid>) so that a rebuild of dist/ during the run cannot break it. */
const bench = new BenchRun({ database: `marktplatz_bench_coop_${process.pid}`, queuePrefix: `bench-coop-${process.pid}`, appCopy: `app-coop-${process.pid}` });
const { dbUrl, log } = bench;
const APP_ENV = { NODE_ENV: 'production', JWT_SECRET: 'bench-cooperations-jwt-secret-0123456789abcdef' };

/** One warm-up call, then `reps` timed calls one after the other (ms). */
const time = async (reps: number, fn: () => Promise<unknown>): Promise<Timing> => (await measure(fn, { reps, warmups: 1 })).timing;

/** CPU share the machine spent while `fn` ran (all cores; Linux only), to flag noisy runs. */
function machineBusyMs(): number | undefined {
  try {
    return cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  } catch {
    return undefined;
  }
}

const pool = (applicationName: string, max = 4): Pool => bench.pool(applicationName, max);

// ---------------------------------------------------------------------------------------------
// Capturing the SQL a service sends (for EXPLAIN), without copying it
// ---------------------------------------------------------------------------------------------

interface Captured {
  sql: string;
  params: unknown[];
}

/** A DataSource whose query() and transaction managers' query() record what they send. */
function capturing(ds: DataSource, into: Captured[]): DataSource {
  const wrapManager = (m: EntityManager): EntityManager =>
    new Proxy(m, {
      get(target, prop) {
        if (prop === 'query') return (sql: string, params: unknown[] = []) => (into.push({ sql, params }), target.query(sql, params));
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  return new Proxy(ds, {
    get(target, prop) {
      if (prop === 'query') return (sql: string, params: unknown[] = []) => (into.push({ sql, params }), target.query(sql, params));
      if (prop === 'manager') return wrapManager(target.manager);
      if (prop === 'transaction') {
        return (level: never, fn: (m: EntityManager) => Promise<unknown>) => target.transaction(level, (m) => fn(wrapManager(m)));
      }
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

interface PlanSummary {
  label: string;
  ms: number;
  indexes: string[];
  seqScans: string[];
  plan: string;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement: its time, the indexes it uses, the tables it reads whole. */
async function explain(p: Pool, label: string, sql: string, params: unknown[]): Promise<PlanSummary> {
  const client = await p.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    await client.query('ROLLBACK');
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const indexes = [...new Set([...plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]))];
    const seqScans = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))];
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    return { label, ms, indexes, seqScans, plan };
  } finally {
    client.release();
  }
}

function printPlans(title: string, plans: PlanSummary[]): void {
  console.log(`\n${title}`);
  table(
    ['statement', 'ms', 'indexes used', 'seq scans'],
    plans.map((p) => [p.label, fmt(p.ms), p.indexes.join(', ') || '-', p.seqScans.join(', ') || '-']),
  );
  if (EXPLAIN_FULL) for (const p of plans) console.log(`\n--- ${p.label} ---\n${p.plan}`);
}

// ---------------------------------------------------------------------------------------------
// Baseline 1: the district report, naively (load the rows, aggregate in JS)
// ---------------------------------------------------------------------------------------------

interface ReportFigures {
  figures: Figures;
  children: Array<{ id: string; figures: Figures }>;
}

const ACCEPTED_OR_LATER = new Set(['accepted', 'agreed', 'active', 'completed', 'evaluated']);

/**
 * The same figures as ReportsService, the way one might first write it: read every relevant row
 * of the subtree (needs and offers of the period, all its cooperations, their matches,
 * agreements, deliveries and evaluations) with plain SELECTs, and count in JS. Shares only the
 * arithmetic of report-figures.ts (figures(), rollUp()) with the service.
 */
async function naiveReport(p: Pool, districtId: string, period: ReportPeriod): Promise<ReportFigures> {
  const q = async <T>(sql: string, params: unknown[]) => (await p.query(sql, params)).rows as T[];
  const [inst] = await q<{ f: Date; t: Date }>(
    `SELECT ($1::date::timestamp AT TIME ZONE '${REPORT_TIME_ZONE}') AS f, ($2::date::timestamp AT TIME ZONE '${REPORT_TIME_ZONE}') AS t`,
    [period.from, period.to],
  );
  const inPeriod = (d: Date | null) => !!d && d >= inst.f && d < inst.t;
  const districts = await q<{ id: string; parent_id: string | null; name: string; bucket: string | null }>(
    `SELECT id, parent_id, name, ancestor_ids[array_position(ancestor_ids, $1::uuid) + 1] AS bucket FROM districts WHERE $1::uuid = ANY(ancestor_ids)`,
    [districtId],
  );
  const ids = districts.map((d) => d.id);
  const rows: Array<{ districtId: string; tally: Partial<Tally> }> = [];

  const needs = await q<{ id: string; district_id: string }>(
    `SELECT id, district_id FROM needs WHERE district_id = ANY($1::uuid[]) AND published_at >= $2 AND published_at < $3`,
    [ids, inst.f, inst.t],
  );
  const needIds = needs.map((n) => n.id);
  const matches = await q<{ need_id: string; offer_id: string }>(`SELECT need_id, offer_id FROM matches WHERE need_id = ANY($1::uuid[])`, [needIds]);
  const reactions = await q<{ need_id: string; offer_id: string; need_side: string | null; offer_side: string | null }>(
    `SELECT need_id, offer_id, need_side, offer_side FROM match_reactions WHERE need_id = ANY($1::uuid[])`,
    [needIds],
  );
  const mutual = new Set(reactions.filter((r) => r.need_side === 'interested' && r.offer_side === 'interested').map((r) => `${r.need_id}|${r.offer_id}`));
  const pairs = new Map<string, { pairs: number; mutual: number }>();
  for (const m of matches) {
    const e = pairs.get(m.need_id) ?? { pairs: 0, mutual: 0 };
    e.pairs++;
    if (mutual.has(`${m.need_id}|${m.offer_id}`)) e.mutual++;
    pairs.set(m.need_id, e);
  }
  for (const n of needs) {
    const e = pairs.get(n.id);
    rows.push({ districtId: n.district_id, tally: { needsPublished: 1, matches: e?.pairs ?? 0, needsMatched: e?.pairs ? 1 : 0, matchesMutual: e?.mutual ?? 0 } });
  }

  const offers = await q<{ home_district_id: string }>(
    `SELECT home_district_id FROM offers WHERE home_district_id = ANY($1::uuid[]) AND published_at >= $2 AND published_at < $3`,
    [ids, inst.f, inst.t],
  );
  for (const f of offers) rows.push({ districtId: f.home_district_id, tally: { offersPublished: 1 } });

  const coops = await q<{ id: string; district_id: string; status: string; created_at: Date; decided_at: Date | null; agreed_at: Date | null }>(
    `SELECT id, district_id, status, created_at, decided_at, agreed_at FROM cooperations WHERE district_id = ANY($1::uuid[])`,
    [ids],
  );
  const coopById = new Map(coops.map((c) => [c.id, c]));
  for (const c of coops) {
    if (!inPeriod(c.created_at)) continue;
    const afterAcceptance = ACCEPTED_OR_LATER.has(c.status) || (c.status === 'cancelled' && (c.decided_at !== null || c.agreed_at !== null));
    rows.push({
      districtId: c.district_id,
      tally: {
        proposals: 1,
        proposalsPending: c.status === 'proposed' ? 1 : 0,
        proposalsAccepted: afterAcceptance ? 1 : 0,
        proposalsDeclined: c.status === 'declined' ? 1 : 0,
        proposalsExpired: c.status === 'expired' ? 1 : 0,
        proposalsWithdrawn: c.status === 'cancelled' && c.decided_at === null && c.agreed_at === null ? 1 : 0,
      },
    });
  }

  const allIds = coops.map((c) => c.id);
  const deliveries = await q<{ cooperation_id: string; side: string; unit: string | null; hours: string | null; quantity: string | null; delivered_on: string }>(
    `SELECT cooperation_id, side, unit, hours, quantity, delivered_on::text AS delivered_on FROM cooperation_deliveries WHERE cooperation_id = ANY($1::uuid[])`,
    [allIds],
  );
  const delivered = new Map<string, { company: boolean; nonprofit: boolean }>();
  for (const d of deliveries) {
    const e = delivered.get(d.cooperation_id) ?? { company: false, nonprofit: false };
    e[d.side as 'company' | 'nonprofit'] = true;
    delivered.set(d.cooperation_id, e);
    if (d.delivered_on < period.from || d.delivered_on >= period.to) continue;
    const districtOf = coopById.get(d.cooperation_id)!.district_id;
    rows.push({
      districtId: districtOf,
      tally:
        d.side === 'company'
          ? { deliveries: 1, hoursDelivered: Number(d.hours ?? 0), goodsDelivered: d.unit ? { [d.unit]: Number(d.quantity ?? 0) } : {} }
          : { giveBackDeliveries: 1, giveBackHours: Number(d.hours ?? 0) },
    });
  }

  const agreedIds = coops.filter((c) => inPeriod(c.agreed_at)).map((c) => c.id);
  const agreements = await q<{ cooperation_id: string; version: number; give_back_description: string; estimated_hours: string | null; estimated_value_eur: string | null }>(
    `SELECT cooperation_id, version, give_back_description, estimated_hours, estimated_value_eur FROM agreements WHERE cooperation_id = ANY($1::uuid[]) AND signed_at IS NOT NULL`,
    [agreedIds],
  );
  const latest = new Map<string, (typeof agreements)[number]>();
  for (const a of agreements) if ((latest.get(a.cooperation_id)?.version ?? -1) < a.version) latest.set(a.cooperation_id, a);
  for (const [id, a] of latest) {
    const c = coopById.get(id)!;
    const dl = delivered.get(id);
    const withGiveBack = a.give_back_description.trim().length > 0;
    rows.push({
      districtId: c.district_id,
      tally: {
        agreements: 1,
        agreementsRealised: dl?.company ? 1 : 0,
        agreementsCompleted: c.status === 'completed' || c.status === 'evaluated' ? 1 : 0,
        agreementsWithGiveBack: withGiveBack ? 1 : 0,
        giveBackDelivered: withGiveBack && dl?.nonprofit ? 1 : 0,
        estimatedHours: Number(a.estimated_hours ?? 0),
        estimatedValueEur: Number(a.estimated_value_eur ?? 0),
      },
    });
  }

  const evaluations = await q<{ cooperation_id: string; rating: number; would_cooperate_again: boolean; people_reached: number | null; created_at: Date }>(
    `SELECT cooperation_id, rating, would_cooperate_again, people_reached, created_at FROM cooperation_evaluations WHERE cooperation_id = ANY($1::uuid[])`,
    [allIds],
  );
  for (const e of evaluations) {
    if (!inPeriod(e.created_at)) continue;
    rows.push({
      districtId: coopById.get(e.cooperation_id)!.district_id,
      tally: { evaluations: 1, ratingSum: e.rating, wouldCooperateAgain: e.would_cooperate_again ? 1 : 0, peopleReached: e.people_reached ?? 0 },
    });
  }

  const bucketOf = new Map(districts.map((d) => [d.id, d.bucket ?? undefined]));
  const { total, buckets } = rollUp(rows, (id) => bucketOf.get(id));
  const children = districts.filter((d) => d.parent_id === districtId).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  return { figures: figures(total), children: children.map((c) => ({ id: c.id, figures: figures(buckets.get(c.id) ?? emptyTally()) })) };
}

// ---------------------------------------------------------------------------------------------
// Baseline 2: the journey, naively (one query per fact, three per cooperation)
// ---------------------------------------------------------------------------------------------

async function naiveJourney(p: Pool, orgs: Repository<Organisation>, organisationId: string): Promise<Journey> {
  const count = async (sql: string, params: unknown[]) => Number((await p.query<{ n: string }>(sql, params)).rows[0].n);
  const exists = async (sql: string, params: unknown[]) => (await p.query(sql, params)).rowCount! > 0;
  const org = await orgs.findOneByOrFail({ id: organisationId });
  const listings = org.kind === 'nonprofit' ? 'needs' : 'offers';
  const drafts = await count(`SELECT count(*) AS n FROM ${listings} WHERE organisation_id = $1 AND status = 'draft'`, [org.id]);
  const published = await count(`SELECT count(*) AS n FROM ${listings} WHERE organisation_id = $1 AND published_at IS NOT NULL`, [org.id]);
  const matches = await count(`SELECT count(*) AS n FROM matches WHERE ${org.kind === 'nonprofit' ? 'need_organisation_id' : 'offer_organisation_id'} = $1`, [org.id]);
  const mine = (
    await p.query<{ id: string; status: string; proposed_by_organisation_id: string; agreed_at: Date | null }>(
      `SELECT id, status, proposed_by_organisation_id, agreed_at FROM cooperations WHERE nonprofit_id = $1 OR company_id = $1`,
      [org.id],
    )
  ).rows;
  const proposals = { pendingSent: 0, pendingReceived: 0, accepted: 0, closedWithoutAcceptance: 0 };
  const cooperations = { agreed: 0, active: 0, delivered: 0, awaitingEvaluation: 0, evaluated: 0 };
  for (const c of mine) {
    const wasAccepted = await exists(`SELECT 1 FROM cooperation_events WHERE cooperation_id = $1 AND to_status = 'accepted' LIMIT 1`, [c.id]);
    const hasDelivery = await exists(`SELECT 1 FROM cooperation_deliveries WHERE cooperation_id = $1 LIMIT 1`, [c.id]);
    const evaluatedByMe = await exists(`SELECT 1 FROM cooperation_evaluations WHERE cooperation_id = $1 AND organisation_id = $2`, [c.id, org.id]);
    if (c.status === 'proposed') proposals[c.proposed_by_organisation_id === org.id ? 'pendingSent' : 'pendingReceived']++;
    if (wasAccepted) proposals.accepted++;
    else if (['declined', 'expired', 'cancelled'].includes(c.status)) proposals.closedWithoutAcceptance++;
    if (c.agreed_at) cooperations.agreed++;
    if (c.status === 'active') cooperations.active++;
    if (hasDelivery) cooperations.delivered++;
    if (c.status === 'completed' && !evaluatedByMe) cooperations.awaitingEvaluation++;
    if (c.status === 'evaluated' || evaluatedByMe) cooperations.evaluated++;
  }
  const readinessDone = await exists(`SELECT 1 FROM readiness_checks WHERE organisation_id = $1 LIMIT 1`, [org.id]);
  const saved = (await p.query<{ item: string }>(`SELECT COALESCE(need_id, offer_id) AS item FROM shortlist_entries WHERE organisation_id = $1`, [org.id])).rows.map((r) => r.item);
  const interestedNeedSide = (
    await p.query<{ item: string }>(`SELECT r.offer_id AS item FROM match_reactions r JOIN needs n ON n.id = r.need_id WHERE n.organisation_id = $1 AND r.need_side = 'interested'`, [org.id])
  ).rows.map((r) => r.item);
  const interestedOfferSide = (
    await p.query<{ item: string }>(`SELECT r.need_id AS item FROM match_reactions r JOIN offers f ON f.id = r.offer_id WHERE f.organisation_id = $1 AND r.offer_side = 'interested'`, [org.id])
  ).rows.map((r) => r.item);
  const interested = [...interestedNeedSide, ...interestedOfferSide];
  const facts: JourneyFacts = {
    organisationId: org.id,
    kind: org.kind,
    completeness: completenessOf(org),
    listings: { drafts, published },
    readiness: { done: readinessDone },
    shortlist: { saved: saved.length, interested: interested.length, total: new Set([...saved, ...interested]).size } as JourneyFacts['shortlist'],
    matches,
    proposals,
    cooperations,
  };
  return journeyOf(facts);
}

// ---------------------------------------------------------------------------------------------
// Baseline 3: the list page, straight to PostgreSQL
// ---------------------------------------------------------------------------------------------

/** The page query CooperationsService.list() builds (members: their organisation; organisers: district ids), LIMIT page + 1. */
function listSql(kind: 'member' | 'districts', cursor: boolean): string {
  const where = kind === 'member' ? '(c.nonprofit_id = $1 OR c.company_id = $1)' : 'c.district_id = ANY($1::uuid[])';
  return `SELECT c.* FROM cooperations c WHERE ${where}${cursor ? ' AND (c.created_at, c.id) < ($2, $3)' : ''} ORDER BY c.created_at DESC, c.id DESC LIMIT ${PAGE + 1}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

let baseUrl = '';

async function http(path: string, token: string, accept = 'application/json'): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(baseUrl + path, { headers: { Authorization: `Bearer ${token}`, Accept: accept }, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
}

async function getJson<T>(path: string, token: string): Promise<T> {
  const r = await http(path, token);
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.text.slice(0, 500)}`);
  return JSON.parse(r.text) as T;
}

async function login(email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${email} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return `${path || '(root)'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (!sameJson(x, y)) return firstDifference(x, y, `${path}.${k}`);
  }
  return `${path}: equal`;
}

interface Row {
  label: string;
  ours: Timing;
  baseline?: Timing;
}

async function main(): Promise<void> {
  log(`database ${dbUrl}, queue prefix ${bench.queuePrefix}, seed ${SEED}, ${REPS} reps (naive ${NAIVE_REPS}), phases ${[...PHASES].join(',')}`);
  log(`size: ${SIZE.cooperations} cooperations, ${SIZE.organisations} organisations, ${SIZE.needs} needs, ${SIZE.offers} offers, ${SIZE.quarters} Quartiere, ${SIZE.years} years, heavy nonprofit ${SIZE.heavyCooperations}`);
  bench.prepareApp();
  await bench.createDatabase();

  const t0 = Date.now();
  const data: CooperationsSummary = await generateCooperations(dbUrl, SIZE, SEED, log);
  log(`dataset ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${data.dbSize})`);
  log(`cooperations by status: ${Object.entries(data.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  log(`also: ${Object.entries(data.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  log(`scopes: city, borough ${data.borough.name} (${data.borough.cooperations} cooperations), Quartier ${data.quarter.name} (${data.quarter.cooperations}); heavy nonprofit ${data.heavy.cooperations}, typical ${data.typical.cooperations}`);

  // Users: organisers of the city and of the busiest borough, members of the heavy and the typical nonprofit.
  const raw = pool('marktplatz-bench', 4);
  const hash = await hashPassword(PASSWORD);
  const users = {
    cityOrganiser: { email: 'city-organiser@bench.example', organisationId: null, districts: [data.cityId] },
    boroughOrganiser: { email: 'borough-organiser@bench.example', organisationId: null, districts: [data.borough.id] },
    heavyMember: { email: 'heavy@bench.example', organisationId: data.heavy.organisationId, districts: [] },
    typicalMember: { email: 'typical@bench.example', organisationId: data.typical.organisationId, districts: [] },
  };
  for (const u of Object.values(users)) {
    await raw.query(`INSERT INTO users (email, password_hash, display_name, organisation_id, organiser_district_ids) VALUES ($1, $2, 'Bench', $3, $4::uuid[])`, [
      u.email, hash, u.organisationId, u.districts,
    ]);
  }

  // The services, in this process, on their own DataSource.
  const ds = new DataSource(dataSourceOptions(dbUrl, 4));
  bench.onCleanup('closing the DataSource', async () => (ds.isInitialized ? ds.destroy() : undefined));
  await ds.initialize();
  const districts = new DistrictsService(ds.getRepository(District));
  const reports = new ReportsService(ds, districts);
  const organisations = new OrganisationsService(ds.getRepository(Organisation), districts, undefined as never);
  const readiness = new ReadinessService(ds.getRepository(ReadinessQuestionnaire), ds.getRepository(ReadinessCheck), organisations, districts);
  const journeyService = (source: DataSource) => new JourneyService(source, organisations, districts, readiness, new ShortlistService(source));
  const journeys = journeyService(ds);
  const admin: Actor = { userId: '00000000-0000-4000-8000-000000000000', email: 'admin@bench.example', organisationId: null, organisationKind: null, isAdmin: true, organiserDistrictIds: [], roles: ['admin'] };
  const naive = pool('marktplatz-bench-naive', 4);

  const started = await bench.startApi(APP_ENV, 60_000);
  const port = started.port;
  baseUrl = started.baseUrl;
  const tokens = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await login(u.email)] as const))) as Record<keyof typeof users, string>;
  log(`API ready on port ${port}; logged in ${Object.keys(tokens).length} users`);

  const busyBefore = machineBusyMs();
  const measuredFrom = Date.now();
  const results: Record<string, unknown> = {};
  const checks: string[] = [];
  const check = (ok: boolean, what: string, detail = '') => {
    checks.push(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
    if (!ok) process.exitCode = 1;
  };

  // ---- 1. reports ---------------------------------------------------------------------------
  const reportRows: Row[] = [];
  if (PHASES.has('reports')) {
    const period = resolvePeriod({}, todayIn(REPORT_TIME_ZONE));
    const scopes = [
      { name: 'city', id: data.cityId },
      { name: `borough (${data.borough.name})`, id: data.borough.id },
      { name: `Quartier (${data.quarter.name})`, id: data.quarter.id },
    ];
    const qs = `?from=${period.from}&to=${period.to}`;
    for (const scope of scopes) {
      log(`report ${scope.name}, ${period.from} .. ${period.to}`);
      const service = await reports.districtReport(admin, scope.id, period);
      const mine: ReportFigures = { figures: service.figures, children: service.children.map((c) => ({ id: c.district.id, figures: c.figures })) };
      const base = await naiveReport(naive, scope.id, period);
      check(sameJson(mine, base), `report ${scope.name}: service = naive`, firstDifference(mine, base));
      const api = await getJson<typeof service>(`/v1/reports/districts/${scope.id}${qs}`, tokens.cityOrganiser);
      const viaApi: ReportFigures = { figures: api.figures, children: api.children.map((c) => ({ id: c.district.id, figures: c.figures })) };
      check(sameJson(mine, viaApi), `report ${scope.name}: API = service`, firstDifference(mine, viaApi));
      const csv = await http(`/v1/reports/districts/${scope.id}${qs}&format=csv`, tokens.cityOrganiser);
      check(csv.status === 200 && csv.type.startsWith('text/csv') && csv.text.split('\r\n').length > 2, `report ${scope.name}: CSV 200 text/csv`, `${csv.status} ${csv.type}`);
      if (scope.name === 'city') {
        const f = service.figures;
        log(`  city figures: ${f.needsPublished} needs, ${f.offersPublished} offers, ${f.matches.pairs} matches, ${f.proposals.total} proposals (acceptance ${f.proposals.acceptance.rate}), ${f.agreements.total} agreements (realisation ${f.agreements.realisation.rate}), ${f.deliveries.count} deliveries, ${f.evaluations.count} evaluations`);
      }

      const svc = await time(REPS, () => reports.districtReport(admin, scope.id, period));
      const json = await time(REPS, async () => {
        const r = await http(`/v1/reports/districts/${scope.id}${qs}`, tokens.cityOrganiser);
        if (r.status !== 200) throw new Error(`report answered ${r.status}`);
      });
      const csvT = await time(REPS, async () => {
        const r = await http(`/v1/reports/districts/${scope.id}${qs}&format=csv`, tokens.cityOrganiser);
        if (r.status !== 200) throw new Error(`report CSV answered ${r.status}`);
      });
      const nv = await time(NAIVE_REPS, () => naiveReport(naive, scope.id, period));
      reportRows.push({ label: `${scope.name}: ReportsService`, ours: svc, baseline: nv });
      reportRows.push({ label: `${scope.name}: GET JSON`, ours: json, baseline: nv });
      reportRows.push({ label: `${scope.name}: GET CSV`, ours: csvT, baseline: nv });
      reportRows.push({ label: `${scope.name}: naive (baseline)`, ours: nv });
    }
    // The service's own statements for the city and the Quartier, through EXPLAIN ANALYZE.
    for (const scope of [scopes[0], scopes[2]]) {
      const captured: Captured[] = [];
      await new ReportsService(capturing(ds, captured), districts).districtReport(admin, scope.id, period);
      const statements = captured.filter((c) => /GROUP BY/.test(c.sql));
      const label = (sql: string) => {
        const from = /FROM (\w+) (\w+)/.exec(sql)?.[1] ?? '?';
        if (from !== 'cooperations') return from;
        if (/JOIN cooperation_deliveries d ON/.test(sql)) return 'cooperations × deliveries';
        if (/JOIN cooperation_evaluations/.test(sql)) return 'cooperations × evaluations';
        if (/agreed_at/.test(sql) && /JOIN LATERAL/.test(sql)) return 'cooperations (agreements)';
        return 'cooperations (proposals)';
      };
      const plans: PlanSummary[] = [];
      for (const s of statements) plans.push(await explain(raw, label(s.sql), s.sql, s.params));
      results[scope === scopes[0] ? 'reportPlansCity' : 'reportPlansQuartier'] = plans.map(({ plan: _plan, ...rest }) => rest);
      printPlans(`EXPLAIN ANALYZE of the report's ${plans.length} aggregate statements (${scope.name}, 12 months):`, plans);
    }
  }

  // ---- 2. journey ---------------------------------------------------------------------------
  const journeyRows: Row[] = [];
  if (PHASES.has('journey')) {
    const orgRepo = ds.getRepository(Organisation);
    const cases = [
      { name: `heavy nonprofit (${data.heavy.cooperations} cooperations)`, id: data.heavy.organisationId, token: tokens.heavyMember },
      { name: `typical nonprofit (${data.typical.cooperations} cooperations)`, id: data.typical.organisationId, token: tokens.typicalMember },
    ];
    for (const c of cases) {
      log(`journey ${c.name}`);
      const service = await journeys.forOrganisation(admin, c.id);
      const base = await naiveJourney(naive, orgRepo, c.id);
      check(sameJson(service, base), `journey ${c.name}: service = naive`, firstDifference(service, base));
      const api = await getJson<Journey>(`/v1/organisations/${c.id}/journey`, c.token);
      check(sameJson(JSON.parse(JSON.stringify(service)), api), `journey ${c.name}: API = service`, firstDifference(JSON.parse(JSON.stringify(service)), api));
      const svc = await time(REPS, () => journeys.forOrganisation(admin, c.id));
      const viaHttp = await time(REPS, async () => {
        const r = await http(`/v1/organisations/${c.id}/journey`, c.token);
        if (r.status !== 200) throw new Error(`journey answered ${r.status}`);
      });
      const nv = await time(REPS, () => naiveJourney(naive, orgRepo, c.id));
      journeyRows.push({ label: `${c.name}: JourneyService`, ours: svc, baseline: nv });
      journeyRows.push({ label: `${c.name}: GET`, ours: viaHttp, baseline: nv });
      journeyRows.push({ label: `${c.name}: naive (baseline)`, ours: nv });
    }
    const captured: Captured[] = [];
    await journeyService(capturing(ds, captured)).forOrganisation(admin, data.heavy.organisationId);
    const plans: PlanSummary[] = [];
    for (const s of captured) plans.push(await explain(raw, /WITH mine/.test(s.sql) ? 'journey counts' : /shortlist_entries/.test(s.sql) ? 'shortlist count' : 'other', s.sql, s.params));
    results.journeyPlans = plans.map(({ plan: _plan, ...rest }) => rest);
    printPlans('EXPLAIN ANALYZE of the journey statements (heavy nonprofit):', plans);
  }

  // ---- 3. cooperation lists -----------------------------------------------------------------
  const listRows: Row[] = [];
  if (PHASES.has('list')) {
    const subtree = async (id: string) => (await raw.query<{ id: string }>(`SELECT id FROM districts WHERE $1::uuid = ANY(ancestor_ids)`, [id])).rows.map((r) => r.id);
    const cases = [
      { name: `heavy member, all pages`, token: tokens.heavyMember, query: '', kind: 'member' as const, key: data.heavy.organisationId as string | string[], pages: 1000 },
      { name: 'typical member, page 1', token: tokens.typicalMember, query: '', kind: 'member' as const, key: data.typical.organisationId as string | string[], pages: 1 },
      { name: `city organiser, ${LIST_PAGES} pages`, token: tokens.cityOrganiser, query: '', kind: 'districts' as const, key: await subtree(data.cityId), pages: LIST_PAGES },
      { name: `borough organiser, ${LIST_PAGES} pages`, token: tokens.boroughOrganiser, query: '', kind: 'districts' as const, key: await subtree(data.borough.id), pages: LIST_PAGES },
      { name: `city organiser ?districtId=borough, ${LIST_PAGES} pages`, token: tokens.cityOrganiser, query: `districtId=${data.borough.id}`, kind: 'districts' as const, key: await subtree(data.borough.id), pages: LIST_PAGES },
    ];
    for (const c of cases) {
      log(`list ${c.name}`);
      /** Walks the API's pages; returns every page's ids and each request's time. */
      const walkApi = async () => {
        const ids: string[][] = [];
        const ms: number[] = [];
        let cursor: string | null = null;
        do {
          const path = `/v1/cooperations?limit=${PAGE}${c.query ? `&${c.query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const t = performance.now();
          const r = await http(path, c.token);
          ms.push(performance.now() - t);
          if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
          const body = JSON.parse(r.text) as { items: Array<{ id: string }>; nextCursor: string | null };
          ids.push(body.items.map((i) => i.id));
          cursor = body.nextCursor;
        } while (cursor && ids.length < c.pages);
        return { ids, ms };
      };
      const walkRaw = async () => {
        const ids: string[][] = [];
        const ms: number[] = [];
        let last: { created_at: Date; id: string } | undefined;
        let more = true;
        while (more && ids.length < c.pages) {
          const t = performance.now();
          const r = await raw.query<{ created_at: Date; id: string }>(listSql(c.kind, !!last), last ? [c.key, last.created_at, last.id] : [c.key]);
          ms.push(performance.now() - t);
          const page = r.rows.slice(0, PAGE);
          ids.push(page.map((x) => x.id));
          more = r.rows.length > PAGE;
          last = page[page.length - 1];
        }
        return { ids, ms };
      };
      const a = await walkApi();
      const b = await walkRaw();
      check(sameJson(a.ids, b.ids), `list ${c.name}: API pages = raw pages (${a.ids.length} pages)`, `${a.ids.length} vs ${b.ids.length} pages`);
      const reps = Math.max(1, Math.ceil(REPS / a.ids.length));
      const apiMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < reps; i++) apiMs.push(...(await walkApi()).ms);
      for (let i = 0; i < reps; i++) rawMs.push(...(await walkRaw()).ms);
      listRows.push({ label: `${c.name} (${a.ids.length} pages)`, ours: timing(apiMs), baseline: timing(rawMs) });
      if (c.kind === 'districts' && c.name.startsWith('city organiser,')) {
        const plans = [await explain(raw, 'city list, page 1', listSql('districts', false), [c.key])];
        const deep = (await raw.query<{ created_at: Date; id: string }>(`${listSql('districts', false).replace(`LIMIT ${PAGE + 1}`, `OFFSET ${PAGE * (LIST_PAGES - 1) - 1} LIMIT 1`)}`, [c.key])).rows[0];
        if (deep) plans.push(await explain(raw, `city list, page ${LIST_PAGES}`, listSql('districts', true), [c.key, deep.created_at, deep.id]));
        results.listPlans = plans.map(({ plan: _plan, ...rest }) => rest);
        printPlans('EXPLAIN ANALYZE of the list query (city organiser):', plans);
      }
    }
  }

  const busyAfter = machineBusyMs();
  const seconds = (Date.now() - measuredFrom) / 1000;
  const busyPct = busyBefore !== undefined && busyAfter !== undefined ? ((busyAfter - busyBefore) / (seconds * 1000 * availableParallelism())) * 100 : undefined;

  // ---- summary --------------------------------------------------------------------------------
  const b = data.base;
  console.log('');
  console.log(`Dataset: ${b.districts} districts (${b.quarters} Quartiere), ${b.nonprofits} nonprofits, ${b.companies} companies, ${b.needs} needs, ${b.offers} offers over ${SIZE.years} years; ${Object.values(data.byStatus).reduce((s, n) => s + n, 0)} cooperations (${Object.entries(data.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}); ${Object.entries(data.counts).map(([k, n]) => `${k} ${n}`).join(', ')} (${data.dbSize})`);
  console.log(`Timing: one request at a time, ${REPS} repetitions after a warm-up (naive report: ${NAIVE_REPS}); ms; speed-up = baseline p50 / p50. Machine: ${availableParallelism()} cores, ${fmt(busyPct, 0)}% busy while measuring (everything, this run included).`);
  const rows = (rs: Row[], baselineName: string) =>
    table(
      ['', 'n', 'p50 ms', 'p95 ms', `${baselineName} p50`, 'speed-up'],
      rs.map((r) => [r.label, String(r.ours.n), fmt(r.ours.p50), fmt(r.ours.p95), r.baseline ? fmt(r.baseline.p50) : '', r.baseline ? `${fmt(r.baseline.p50 / r.ours.p50, 1)}×` : '']),
    );
  if (reportRows.length) {
    console.log('\n1. District report, 12 months (baseline: naive, rows loaded and counted in JS)');
    rows(reportRows, 'naive');
  }
  if (journeyRows.length) {
    console.log('\n2. Journey (baseline: naive, one query per fact and three per cooperation)');
    rows(journeyRows, 'naive');
  }
  if (listRows.length) {
    console.log(`\n3. GET /v1/cooperations, pages of ${PAGE} (baseline: the page query alone, straight to PostgreSQL; API/raw = p50 ratio)`);
    table(
      ['', 'requests', 'API p50', 'API p95', 'raw p50', 'raw p95', 'API/raw'],
      listRows.map((r) => [r.label, String(r.ours.n), fmt(r.ours.p50), fmt(r.ours.p95), fmt(r.baseline!.p50), fmt(r.baseline!.p95), fmt(r.ours.p50 / r.baseline!.p50)]),
    );
  }
  console.log('\nChecks:');
  for (const c of checks) console.log(`  ${c}`);
  const t = (x: Timing | undefined) => x && { n: x.n, p50Ms: round(x.p50), p95Ms: round(x.p95) };
  const json = (rs: Row[]) => rs.map((r) => ({ label: r.label, ours: t(r.ours), baseline: t(r.baseline), speedUp: r.baseline ? round(r.baseline.p50 / r.ours.p50, 2) : null }));
  benchResult({
    bench: 'cooperations',
    seed: SEED,
    size: SIZE,
    dataset: { byStatus: data.byStatus, counts: data.counts, dbSize: data.dbSize, generateS: round(data.generateS, 1), heavy: data.heavy.cooperations, typical: data.typical.cooperations },
    machine: { cores: availableParallelism(), busyPct: round(busyPct, 1) },
    reports: json(reportRows),
    journey: json(journeyRows),
    list: listRows.map((r) => ({ label: r.label, api: t(r.ours), raw: t(r.baseline), ratio: round(r.ours.p50 / r.baseline!.p50, 2) })),
    checks: { passed: checks.filter((c) => c.startsWith('ok')).length, failed: checks.filter((c) => !c.startsWith('ok')).length },
    ...results,
  });
  if (process.exitCode) console.error('\nSome checks FAILED (see above): the figures compare different things.');
}

bench.run(main, { watchdogMs: WATCHDOG_MS });
