import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, type Category, type Unit } from '../../src/common/domain/vocabulary';
import type { MatchingRun } from '../../src/modules/matching/matching.engine';
import { MatchingProcessor, type RematchAllResult } from '../../src/modules/matching/matching.processor';
import { JOB_ID, JOB_OPTIONS, JobName, JobPayloads, QueueName } from '../../src/queue/jobs';
import { uid } from '../factories';
import { ChildApp } from '../utils/child-app';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { currentTestRun } from '../utils/test-env';
import { waitFor } from '../utils/wait-for';

/**
 * Matching with real worker processes (`node dist/main.js`, MARKTPLATZ_ROLE=worker): a
 * rematch-all run spread over two workers writes the same rows as one worker alone, and a worker
 * killed in the middle of a district's transaction leaves no trace: the job stalls, goes back to
 * the queue and completes on another worker. The in-process app runs as role api: it only seeds
 * data and enqueues jobs, it processes none.
 *
 * Needs `npm run build` first. The workers use a queue prefix of their own under the run's (so no
 * job of another suite reaches them, and global teardown still deletes the keys), and every run
 * is scoped to this suite's city.
 */

const run = currentTestRun();
const QUEUE_PREFIX = `${run.queuePrefix}-workers`;
/** The engine's advisory-lock namespace of the per-district matching lock (matching.engine.ts). */
const DISTRICT_LOCK = 7301;
/**
 * Short lock and stalled-check intervals, so that a dead worker's job is back within seconds. All
 * workers get them: one stalled check (by any worker) blocks the next for the checker's interval.
 */
const LOCK_MS = 5000;
const STALLED_MS = 1000;

type Row = { need_id: string; offer_id: string; district_id: string; score: number; breakdown: unknown; weights_version: string };
type DistrictResult = MatchingRun & { worker: string };

let api: TestApp;
let queue: Queue;
let redis: Redis;
/** A connection of the test's own that holds locks the workers run into. */
let locker: Client;
let lockerPid: number;
let city: string;
/** Quarters with published needs, sorted: one rematch-district job each. */
let districts: string[];

function startWorker(label: string): ChildApp {
  return ChildApp.start(label, {
    NODE_ENV: 'test',
    MARKTPLATZ_ROLE: 'worker',
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'info',
    MATCHING_CONCURRENCY: '1',
    MATCHING_LOCK_MS: String(LOCK_MS),
    MATCHING_STALLED_MS: String(STALLED_MS),
    DATABASE_POOL_MAX: '4',
    OUTBOX_POLL_MS: '100',
    // no scheduled job may start during the test
    MATCHING_CRON: '0 0 1 1 *',
    EXPIRY_CRON: '0 0 1 1 *',
  });
}

async function startWorkers(...labels: string[]): Promise<ChildApp[]> {
  const workers = labels.map(startWorker);
  await Promise.all(workers.map((w) => w.waitForOutput('worker started')));
  return workers;
}

const tails = (workers: ChildApp[]) => workers.map((w) => w.tail()).join('\n');

/** Adds a rematch-all run over this suite's city; returns the parent job's id. */
async function rematchAll(runId: string): Promise<string> {
  const data: JobPayloads[JobName.RematchAll] = { runId, scopeDistrictId: city, reason: 'admin' };
  const jobId = JOB_ID[JobName.RematchAll](data);
  await queue.add(JobName.RematchAll, data, { ...JOB_OPTIONS[JobName.RematchAll], jobId });
  return jobId;
}

const districtJobId = (districtId: string, runId: string) => JOB_ID[JobName.RematchDistrict]({ districtId, runId });

/** Waits until the job completed; fails at once when it failed or a worker that should run it died. */
async function completed(jobId: string, workers: ChildApp[], timeoutMs = 60_000): Promise<Job> {
  try {
    return await waitFor(
      async () => {
        const dead = workers.find((w) => w.exit);
        if (dead) throw new Error(`${dead.label} exited while ${jobId} was running`);
        const job = await queue.getJob(jobId);
        const state = job ? await job.getState() : 'missing';
        if (state === 'failed') throw new Error(`${jobId} failed: ${job!.failedReason}`);
        // Read the job again once it is completed: the copy read before the state may predate its return value.
        return state === 'completed' ? ((await queue.getJob(jobId)) as Job) : undefined;
      },
      `${jobId} to complete`,
      timeoutMs,
    );
  } catch (err) {
    (err as Error).message += `\n${tails(workers)}`;
    throw err;
  }
}

/** Nothing for the workers to do but what the test adds (a whole-suite run may leave events behind). */
async function idle(): Promise<void> {
  await waitFor(
    async () => {
      const [{ n }] = (await api.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`)) as [{ n: number }];
      const counts = await queue.getJobCounts('wait', 'active', 'prioritized', 'waiting-children');
      return n === 0 && Object.values(counts).every((c) => c === 0);
    },
    'the outbox and the matching queue to be idle',
    30_000,
  );
}

async function rows(ids: string[] = districts): Promise<Row[]> {
  return api.ds.query(
    `SELECT need_id, offer_id, district_id, score, breakdown, weights_version FROM matches WHERE district_id = ANY($1::uuid[]) ORDER BY need_id, offer_id`,
    [ids],
  );
}

async function deleteMatches(): Promise<void> {
  await api.ds.query(`DELETE FROM matches WHERE district_id = ANY($1::uuid[])`, [districts]);
}

/** Every district of the run had exactly one job, which completed on its first attempt on one of `workers`. */
async function expectEachDistrictDoneOnce(parent: Job, runId: string, workers: ChildApp[]): Promise<void> {
  const expected = districts.map((d) => districtJobId(d, runId)).sort();
  // the need side: one child per district (the offer-side children follow them)
  const children = Object.keys((await parent.getChildrenValues()) ?? {})
    .map((key) => key.split(':').pop()!)
    .filter((id) => id.startsWith(`${JobName.RematchDistrict}.`));
  expect(children.sort()).toEqual(expected);
  const ofRun = (await queue.getJobs(['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized', 'waiting-children']))
    .filter((j) => j.name === JobName.RematchDistrict && (j.data as JobPayloads[JobName.RematchDistrict]).runId === runId)
    .map((j) => j.id!);
  expect(ofRun.sort()).toEqual(expected);
  const names = workers.map((w) => w.workerName);
  for (const districtId of districts) {
    const job = (await queue.getJob(districtJobId(districtId, runId)))!;
    expect({ id: job.id, state: await job.getState(), attemptsStarted: job.attemptsStarted, attemptsMade: job.attemptsMade, stalledCounter: job.stalledCounter }).toEqual({
      id: job.id,
      state: 'completed',
      attemptsStarted: 1,
      attemptsMade: 1,
      stalledCounter: 0,
    });
    const value = job.returnvalue as DistrictResult;
    expect(value.scope).toBe(`district ${districtId} (needs)`);
    expect(names).toContain(value.worker);
  }
}

/**
 * Reads one district's rows again and again until stopped, and records which of the named states
 * each read showed (in order, repeats folded) and every read that matched none.
 */
function watch(districtId: string, states: Record<string, Row[]>) {
  const known = Object.entries(states).map(([name, value]) => [name, JSON.stringify(value)] as const);
  const seen: string[] = [];
  const other: Row[][] = [];
  let reads = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now = await rows([districtId]);
      reads++;
      const name = known.find(([, v]) => v === JSON.stringify(now))?.[0];
      if (!name) other.push(now);
      else if (seen.at(-1) !== name) seen.push(name);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { seen, other, reads };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Data: one city, 3 boroughs, 14 quarters with 12 published needs each, 40 offers (city-wide,
// borough-wide, a few quarters, or by radius). Inserted with SQL: fast, and no outbox events. The
// city lies far from the other suites' (Stuttgart, offers with radii up to 500 km), so that no
// listing of one reaches the other, and it is deleted again after the suite.

const ORIGIN = { lat: 60.3913, lon: 5.3221 };

const UNIT_OF: Record<Category, Unit> = { time: 'hours', skills: 'hours', logistics: 'trips', goods: 'items', contacts: 'persons', space: 'm2' };
const TAGS = ['umzug', 'jugend', 'garten', 'senioren', 'bildung', 'computer', 'transport', 'lebensmittel', 'sprache', 'handwerk', 'buchhaltung', 'webseite', 'möbel', 'kultur', 'sport', 'inklusion'];
const NEED_TITLES = [
  'Helfende Hände für unser Sommerfest',
  'Umzug unseres Jugendtreffs',
  'Laptops für die Hausaufgabenhilfe',
  'Beratung zur Buchhaltung des Vereins',
  'Transporter für die Tafel',
  'Räume für Deutschkurse am Abend',
  'Kontakte zu Handwerksbetrieben im Quartier',
  'Gartenarbeit im Gemeinschaftsgarten',
  'Fahrdienst für Seniorinnen und Senioren',
  'Möbel für die Unterkunft',
  'Neue Webseite für unseren Verein',
  'Trainerinnen für den Sporttreff',
];
const OFFER_TITLES = [
  'Unser Team packt beim Umzug mit an',
  'Ausgemusterte Laptops und Bildschirme',
  'Steuerfachleute beraten Vereine',
  'Transporter mit Fahrer am Wochenende',
  'Besprechungsraum für Gruppen',
  'Azubis helfen im Garten',
  'Webentwicklung pro bono',
  'Kontakte in die Wirtschaft',
];
const PHRASES = [
  'Wir suchen Unterstützung für Kinder und Jugendliche im Stadtteil.',
  'Gemeinsam mit Ehrenamtlichen organisieren wir Angebote für ältere Menschen.',
  'Kräftige Hände für Möbel, Kisten und Transporte sind gefragt.',
  'Computer und Software helfen beim Lernen und bei der Verwaltung.',
  'Im Garten wachsen Gemüse und Blumen für die Nachbarschaft.',
  'Fachwissen zu Buchhaltung, Steuern und Finanzen ist willkommen.',
  'Sprachkurse und Bildung öffnen Türen für Geflüchtete.',
  'Sport und Bewegung verbinden Menschen mit und ohne Behinderung.',
];

/** A small deterministic random source (mulberry32). */
function random(seed: number) {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const some = <T>(xs: readonly T[], min: number, max: number) => [...new Set(Array.from({ length: min + int(max - min + 1) }, () => pick(xs)))];
  return { next, int, pick, some };
}

async function insert(ds: DataSource, table: string, columns: string, records: object[]): Promise<void> {
  const names = columns
    .split(',')
    .map((c) => c.trim().split(' ')[0])
    .join(', ');
  await ds.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})`, [JSON.stringify(records)]);
}

async function seed(ds: DataSource): Promise<{ city: string; districts: string[] }> {
  const r = random(7301);
  const tag = uid();
  const district = (name: string, level: string, parent: { id: string; ancestor_ids: string[] } | null, lat: number, lon: number) => {
    const id = randomUUID();
    return { id, name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${tag}`, level, parent_id: parent?.id ?? null, lat, lon, ancestor_ids: [...(parent?.ancestor_ids ?? []), id] };
  };
  const cityRow = district('Workerstadt', 'city', null, ORIGIN.lat, ORIGIN.lon);
  const boroughs = [0, 1, 2].map((b) => district(`Bezirk ${b + 1}`, 'borough', cityRow, ORIGIN.lat + (b - 1) * 0.03, ORIGIN.lon + (b - 1) * 0.04));
  const quarters = Array.from({ length: 14 }, (_, q) => {
    const b = boroughs[q % 3];
    return district(`Quartier ${q + 1}`, 'quarter', b, b.lat + ((q % 5) - 2) * 0.006, b.lon + (Math.floor(q / 5) - 1) * 0.009);
  });
  await insert(ds, 'districts', 'id uuid, name text, slug text, level district_level, parent_id uuid, lat float8, lon float8, ancestor_ids uuid[]', [cityRow, ...boroughs, ...quarters]);

  const nonprofits = quarters.flatMap((q, i) =>
    [0, 1].map((k) => ({ id: randomUUID(), kind: 'nonprofit', name: `Verein ${i + 1}.${k + 1} ${tag}`, district_id: q.id, cause_areas: r.some(CAUSE_AREAS, 1, 3), give_backs: r.some(GIVE_BACK_KINDS, 1, 4) })),
  );
  const companies = Array.from({ length: 8 }, (_, i) => ({
    id: randomUUID(),
    kind: 'company',
    name: `Firma ${i + 1} ${tag} GmbH`,
    district_id: r.pick(quarters).id,
    engagement_cause_areas: r.some(CAUSE_AREAS, 1, 4),
  }));
  await insert(ds, 'organisations', 'id uuid, kind organisation_kind, name text, district_id uuid, cause_areas text[], give_backs text[]', nonprofits);
  await insert(ds, 'organisations', 'id uuid, kind organisation_kind, name text, district_id uuid, engagement_cause_areas text[]', companies);

  const publishedAt = new Date().toISOString();
  const window = () => (r.next() < 0.3 ? { starts_at: '2031-03-01T00:00:00Z', ends_at: `2031-0${4 + r.int(5)}-15T00:00:00Z` } : { starts_at: null, ends_at: null });
  const needs = quarters.flatMap((q, i) =>
    Array.from({ length: 12 }, () => {
      const category = r.pick(CATEGORIES);
      return {
        id: randomUUID(),
        organisation_id: nonprofits[2 * i + r.int(2)].id,
        title: r.pick(NEED_TITLES),
        description: `${r.pick(PHRASES)} ${r.pick(PHRASES)}`,
        category,
        tags: r.some(TAGS, 1, 3),
        unit: UNIT_OF[category],
        quantity: 1 + r.int(40),
        lat: q.lat + (r.next() - 0.5) * 0.006,
        lon: q.lon + (r.next() - 0.5) * 0.009,
        district_id: q.id,
        give_back: 'Dankeschön-Fest und Logo auf unserer Website',
        status: 'published',
        published_at: publishedAt,
        ...window(),
      };
    }),
  );
  await insert(
    ds,
    'needs',
    'id uuid, organisation_id uuid, title text, description text, category listing_category, tags text[], unit listing_unit, quantity int, lat float8, lon float8, district_id uuid, give_back text, status need_status, published_at timestamptz, starts_at timestamptz, ends_at timestamptz',
    needs,
  );

  const offers = Array.from({ length: 40 }, (_, i) => {
    // one city-wide offer per category, so that every quarter has matches
    const category = i < CATEGORIES.length ? CATEGORIES[i] : r.pick(CATEGORIES);
    const home = r.pick(quarters);
    const reach = i < CATEGORIES.length ? 0 : r.int(4);
    const served = [[cityRow.id], [r.pick(boroughs).id], r.some(quarters, 1, 3).map((q) => q.id), []][reach];
    return {
      id: randomUUID(),
      organisation_id: r.pick(companies).id,
      title: r.pick(OFFER_TITLES),
      description: `${r.pick(PHRASES)} ${r.pick(PHRASES)}`,
      category,
      tags: r.some(TAGS, 1, 3),
      unit: UNIT_OF[category],
      capacity: 5 + r.int(60),
      lat: home.lat + (r.next() - 0.5) * 0.006,
      lon: home.lon + (r.next() - 0.5) * 0.009,
      district_ids: served,
      radius_km: reach === 3 ? 1 + r.int(4) : null,
      home_district_id: home.id,
      wants_in_return: r.some(GIVE_BACK_KINDS, 0, 2),
      status: 'published',
      published_at: publishedAt,
      ...window(),
    };
  });
  await insert(
    ds,
    'offers',
    'id uuid, organisation_id uuid, title text, description text, category listing_category, tags text[], unit listing_unit, capacity int, lat float8, lon float8, district_ids uuid[], radius_km float8, home_district_id uuid, wants_in_return text[], status offer_status, published_at timestamptz, starts_at timestamptz, ends_at timestamptz',
    offers,
  );
  return { city: cityRow.id, districts: quarters.map((q) => q.id).sort() };
}

/** Deletes the seeded city and everything in it (matches go with their needs and offers). */
async function unseed(ds: DataSource, cityId: string): Promise<void> {
  const inCity = `district_id IN (SELECT id FROM districts WHERE $1 = ANY(ancestor_ids))`;
  await ds.query(`DELETE FROM needs WHERE ${inCity}`, [cityId]);
  await ds.query(`DELETE FROM offers WHERE ${inCity.replace('district_id', 'home_district_id')}`, [cityId]);
  await ds.query(`DELETE FROM organisations WHERE ${inCity}`, [cityId]);
  for (const level of ['quarter', 'borough', 'city']) await ds.query(`DELETE FROM districts WHERE $1 = ANY(ancestor_ids) AND level = $2`, [cityId, level]);
}

// ---------------------------------------------------------------------------------------------

describe('matching with worker processes', () => {
  beforeAll(async () => {
    api = await createTestApp({ MARKTPLATZ_ROLE: 'api', QUEUE_PREFIX });
    queue = api.app.get<Queue>(getQueueToken(QueueName.Matching));
    redis = new Redis(run.redisUrl, { maxRetriesPerRequest: 1 });
    locker = new Client({ connectionString: run.databaseUrl });
    await locker.connect();
    [{ pid: lockerPid }] = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    ({ city, districts } = await seed(api.ds));
  }, 60_000);

  afterAll(async () => {
    await ChildApp.killAll();
    await locker?.end().catch(() => undefined);
    redis?.disconnect();
    if (api && city && process.env.KEEP_TEST_DB !== '1') await unseed(api.ds, city);
    await api?.close();
  });

  it('seeds at least 12 districts with needs, and the API process processes no jobs', async () => {
    expect(() => api.app.get(MatchingProcessor, { strict: false })).toThrow();
    const withNeeds = (await api.ds.query(`SELECT DISTINCT district_id AS id FROM needs WHERE status = 'published' AND district_id = ANY($1::uuid[]) ORDER BY 1`, [districts])) as Array<{ id: string }>;
    expect(withNeeds.map((d) => d.id)).toEqual(districts);
    expect(districts.length).toBeGreaterThanOrEqual(12);
  });

  it('two workers share a rematch-all run, each district job completes once, and one worker alone writes the same rows', async () => {
    const [a, b] = await startWorkers('worker A', 'worker B');
    await idle();
    // Hold every district's matching lock: each worker takes one district job and then waits in
    // its transaction, so both workers must have taken a district job of the run.
    await locker.query(`SELECT count(pg_advisory_lock($1::int, hashtext(d))) FROM unnest($2::text[]) d`, [DISTRICT_LOCK, districts]);
    const runId = `two-${uid()}`;
    const parentId = await rematchAll(runId);
    await waitFor(
      async () => {
        const waiting = (await api.ds.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND $1 = ANY(pg_blocking_pids(pid))`,
          [lockerPid],
        )) as unknown[];
        return waiting.length === 2;
      },
      'both workers to wait for a district lock',
      30_000,
    ).catch((err: Error) => {
      err.message += `\n${tails([a, b])}`;
      throw err;
    });
    const active = (await queue.getActive()).filter((j) => j.name === JobName.RematchDistrict);
    expect(active).toHaveLength(2);
    await locker.query('SELECT pg_advisory_unlock_all()');

    const parent = await completed(parentId, [a, b]);
    const result = parent.returnvalue as RematchAllResult;
    expect(result).toMatchObject({ districts: districts.length, completed: districts.length, failed: [] });
    expect(Object.keys(result.workers).sort()).toEqual([a.workerName, b.workerName].sort());
    expect(Object.values(result.workers).reduce((s, n) => s + n, 0)).toBe(districts.length);
    await expectEachDistrictDoneOnce(parent, runId, [a, b]);

    const twoWorkers = await rows();
    expect(new Set(twoWorkers.map((m) => m.district_id)).size).toBe(districts.length); // every quarter has matches
    expect(result.kept).toBe(twoWorkers.length);
    expect(result.written).toBeGreaterThanOrEqual(twoWorkers.length); // both sides write; a row kept by both counts twice

    // The same run with one worker, from an empty table.
    const exitB = await b.stop();
    expect(exitB.signal).not.toBe('SIGKILL'); // shut down gracefully
    await deleteMatches();
    expect(await rows()).toEqual([]);
    const runId2 = `one-${uid()}`;
    const parent2 = await completed(await rematchAll(runId2), [a]);
    expect(parent2.returnvalue as RematchAllResult).toMatchObject({ completed: districts.length, failed: [], workers: { [a.workerName]: districts.length } });
    await expectEachDistrictDoneOnce(parent2, runId2, [a]);
    expect(await rows()).toEqual(twoWorkers);
    await a.stop();
  }, 120_000);

  it('a worker killed in the middle of a district transaction leaves the old rows; the job stalls and completes on a new worker', async () => {
    const [w1] = await startWorkers('worker 1');
    await idle();

    // What a clean run writes.
    await deleteMatches();
    const clean = await completed(await rematchAll(`clean-${uid()}`), [w1]);
    expect(clean.returnvalue as RematchAllResult).toMatchObject({ completed: districts.length, failed: [] });
    const expected = await rows();
    const target = districts[Math.floor(districts.length / 2)];
    const expectedTarget = expected.filter((m) => m.district_id === target);
    expect(expectedTarget.length).toBeGreaterThanOrEqual(3);

    // The old state of the target district: a third of its rows missing, a third with another
    // score, a third as they will be, and pairs that do not belong. Other districts: empty.
    await deleteMatches();
    const kept = new Set(expectedTarget.map((m) => `${m.need_id}/${m.offer_id}`));
    const targetNeeds = (await api.ds.query(`SELECT id FROM needs WHERE district_id = $1 ORDER BY id`, [target])) as Array<{ id: string }>;
    const allOffers = (await api.ds.query(`SELECT id FROM offers WHERE home_district_id = ANY($1::uuid[]) ORDER BY id`, [districts])) as Array<{ id: string }>;
    const strays = targetNeeds
      .flatMap((n) => allOffers.map((o) => ({ need_id: n.id, offer_id: o.id })))
      .filter((p) => !kept.has(`${p.need_id}/${p.offer_id}`))
      .slice(0, 5)
      .map((p) => ({ ...p, score: 0.01, breakdown: {}, weights_version: 'stale.v0' }));
    const old = [
      ...expectedTarget.flatMap((m, i) => (i % 3 === 0 ? [] : i % 3 === 1 ? [{ ...m, score: m.score / 2, weights_version: 'stale.v0' }] : [m])),
      ...strays,
    ];
    await api.ds.query(
      `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version, for_need)
       SELECT md5(r.n::text || r.o::text)::uuid, r.n, r.o, $1, n.organisation_id, f.organisation_id, r.s, r.b, r.v, true
         FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::jsonb[], $6::text[]) AS r(n, o, s, b, v)
         JOIN needs n ON n.id = r.n JOIN offers f ON f.id = r.o`,
      [target, old.map((m) => m.need_id), old.map((m) => m.offer_id), old.map((m) => m.score), old.map((m) => JSON.stringify(m.breakdown)), old.map((m) => m.weights_version)],
    );
    const oldRows = await rows([target]);
    expect(oldRows).toHaveLength(old.length);
    const newRows = expectedTarget;
    const watcher = watch(target, { old: oldRows, new: newRows });

    // Lock one row the job will upsert: it deletes the strays, then waits for the row in its upsert.
    const locked = expectedTarget[2];
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM matches WHERE need_id = $1 AND offer_id = $2 FOR UPDATE', [locked.need_id, locked.offer_id]);
    const runId = `killed-${uid()}`;
    const parentId = await rematchAll(runId);
    const targetJob = districtJobId(target, runId);
    const backend = await waitFor(
      async () => {
        const [row] = (await api.ds.query(
          `SELECT pid, backend_xid IS NOT NULL AS wrote FROM pg_stat_activity
            WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%INSERT INTO matches%'`,
          [lockerPid],
        )) as Array<{ pid: number; wrote: boolean }>;
        return row;
      },
      `${targetJob} to wait for the locked row`,
      30_000,
    ).catch((err: Error) => {
      err.message += `\n${w1.tail()}`;
      throw err;
    });
    expect(backend.wrote).toBe(true); // its DELETE of the strays ran, not committed
    expect(await (await queue.getJob(targetJob))!.getState()).toBe('active');
    const lockTtl = await redis.pttl(`${QUEUE_PREFIX}:${QueueName.Matching}:${targetJob}:lock`);
    expect(lockTtl).toBeGreaterThan(0);
    expect(lockTtl).toBeLessThanOrEqual(LOCK_MS); // MATCHING_LOCK_MS reached the worker
    expect(await rows([target])).toEqual(oldRows);

    w1.kill('SIGKILL');
    expect(await w1.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await rows([target])).toEqual(oldRows);
    // Let the dead worker's session go on: it finds its client gone and rolls back.
    await locker.query('ROLLBACK');
    await waitFor(async () => ((await api.ds.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend.pid])) as unknown[]).length === 0, "the dead worker's database session to end", 15_000).catch(async (err: Error) => {
      err.message += `\n${JSON.stringify(await api.ds.query('SELECT state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blockers, left(query, 200) AS query FROM pg_stat_activity WHERE pid = $1', [backend.pid]))}`;
      throw err;
    });
    expect(await rows([target])).toEqual(oldRows);
    expect(await (await queue.getJob(targetJob))!.getState()).toBe('active'); // until its lock expires

    const [w2] = await startWorkers('worker 2');
    const parent = await completed(parentId, [w2]);
    const watched = await watcher.stop();
    const result = parent.returnvalue as RematchAllResult;
    expect(result).toMatchObject({ districts: districts.length, completed: districts.length, failed: [] });
    expect(Object.values(result.workers).reduce((s, n) => s + n, 0)).toBe(districts.length);
    expect(Object.keys(result.workers)).toContain(w2.workerName);
    expect(Object.keys(result.workers).every((w) => [w1.workerName, w2.workerName].includes(w))).toBe(true);

    const job = (await queue.getJob(targetJob))!;
    expect((job.returnvalue as DistrictResult).worker).toBe(w2.workerName);
    // started twice, stalled once (the kill), completed once: no failed attempt, no backoff
    expect({ attemptsStarted: job.attemptsStarted, stalledCounter: job.stalledCounter, attemptsMade: job.attemptsMade }).toEqual({ attemptsStarted: 2, stalledCounter: 1, attemptsMade: 1 });

    expect(await rows()).toEqual(expected);
    // Every read of the district showed the old rows or the new ones, never a mix.
    expect(watched.other).toEqual([]);
    expect(watched.seen).toEqual(['old', 'new']);
    await w2.stop();
  }, 120_000);
});
