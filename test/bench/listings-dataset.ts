/**
 * The browse benchmark's synthetic Stuttgart, shared by bench:browse and bench:load: the city, its
 * boroughs and quarters from the demo data, 300 organisations (half nonprofits, half companies),
 * 10,000 published offers and 10,000 published needs recombined from the demo needs and offers.
 * Deterministic for a seed (mulberry32): every run gets the same rows and the same ids.
 * See test/bench/README.md (browse benchmark, "What it does").
 */
import { Client } from 'pg';
import { DEMO_DISTRICTS, DEMO_NEEDS, DEMO_OFFERS, DEMO_ORGANISATIONS, type DemoOffer } from '../../src/bin/demo/demo-data';
import { CATEGORIES, type Category } from '../../src/common/domain/vocabulary';
import { Rng } from './harness';

export const N_ORGANISATIONS = 300;
export const N_OFFERS = 10_000;
export const N_NEEDS = 10_000;

/** Words the browse benchmark chooses its search from; they all occur in the generated texts. */
export const SEARCH_WORDS = ['Umzug', 'Transport', 'Verein', 'Workshop', 'Jugendliche', 'Kinder', 'Möbel', 'Raum', 'Team', 'Beratung', 'Werkstatt', 'Mitarbeitende', 'Fahrer', 'Garten', 'Reparatur', 'Lebensmittel', 'Fest'];

export interface District {
  id: string;
  slug: string;
  name: string;
  level: 'city' | 'borough' | 'quarter';
  parentId: string | null;
  lat: number;
  lon: number;
  ancestorIds: string[];
}
export interface Org {
  id: string;
  kind: 'nonprofit' | 'company';
  quarter: District;
  lat: number;
  lon: number;
}
export type Row = unknown[];

export interface Dataset {
  districts: District[];
  /** The organisations as generated (ids, kinds, quarters), in the order of `organisations`. */
  orgs: Org[];
  organisations: Row[];
  offers: Row[];
  needs: Row[];
}

const DAY = 86_400_000;

const OFFER_CLOSINGS = [
  (q: District, b: District) => `Einsatzgebiet: ${q.name} und der Stadtbezirk ${b.name}.`,
  () => 'Terminabsprache flexibel, gerne auch kurzfristig.',
  () => 'Bitte melden Sie sich mit einer kurzen Beschreibung Ihres Vorhabens.',
  (_q: District, b: District) => `Gerne auch für kleinere Vereine und Initiativen in ${b.name}.`,
  () => 'Abholung oder Lieferung nach Absprache.',
  (q: District) => `Unser Team in ${q.name} freut sich auf Ihre Anfrage.`,
  () => 'Wir stimmen Umfang und Zeitraum vorab gemeinsam mit Ihnen ab.',
];
const NEED_CLOSINGS = [
  (q: District) => `Wir sind in ${q.name} gut mit Bus und Bahn erreichbar.`,
  () => 'Über jede Unterstützung, auch für einen Teil davon, freuen wir uns sehr.',
  (_q: District, b: District) => `Gerne mit einem Unternehmen aus ${b.name} oder der Nachbarschaft.`,
  () => 'Der genaue Termin lässt sich flexibel vereinbaren.',
  () => 'Unsere Ehrenamtlichen stehen für Rückfragen jederzeit bereit.',
];
const RADII_KM = [2, 3, 5, 8, 10, 15];

const firstSentence = (text: string) => (text.match(/^.*?[.!?](\s|$)/)?.[0] ?? text).trim();

function buildDataset(rng: Rng, now: number): Dataset {
  // Districts, ancestor_ids = ids from the root to the district itself.
  const bySlug = new Map<string, District>();
  for (const d of DEMO_DISTRICTS) {
    const parent = d.parentSlug ? bySlug.get(d.parentSlug) : undefined;
    if (d.parentSlug && !parent) throw new Error(`district ${d.slug}: parent ${d.parentSlug} comes later or is missing`);
    const id = rng.uuid();
    bySlug.set(d.slug, { id, slug: d.slug, name: d.name, level: d.level, parentId: parent?.id ?? null, lat: d.lat, lon: d.lon, ancestorIds: [...(parent?.ancestorIds ?? []), id] });
  }
  const districts = [...bySlug.values()];
  const byId = new Map(districts.map((d) => [d.id, d]));
  const quarters = districts.filter((d) => d.level === 'quarter');
  const boroughOf = (q: District) => byId.get(q.parentId!)!;
  const siblings = new Map<string, District[]>();
  for (const q of quarters) siblings.set(q.parentId!, [...(siblings.get(q.parentId!) ?? []), q]);

  // Organisations: half nonprofits, half companies; each kind covers every quarter (shuffled), so
  // listings are spread across the whole city.
  const templates = {
    nonprofit: DEMO_ORGANISATIONS.filter((o) => o.kind === 'nonprofit'),
    company: DEMO_ORGANISATIONS.filter((o) => o.kind === 'company'),
  };
  const placement = { nonprofit: rng.shuffle(quarters), company: rng.shuffle(quarters) };
  const orgs: Org[] = [];
  const organisations: Row[] = [];
  for (let i = 0; i < N_ORGANISATIONS; i++) {
    const kind = i % 2 === 0 ? 'nonprofit' : 'company';
    const k = Math.floor(i / 2);
    const quarter = placement[kind][k % quarters.length];
    const t = rng.pick(templates[kind]);
    const org: Org = { id: rng.uuid(), kind, quarter, lat: rng.jitter(quarter.lat, 0.004), lon: rng.jitter(quarter.lon, 0.004) };
    orgs.push(org);
    const created = new Date(now - (400 + rng.int(400)) * DAY);
    organisations.push([
      org.id, created, created, kind, t.legalForm, `${t.name} – ${quarter.name}`, t.description, t.street, t.postalCode, 'Stuttgart',
      org.lat, org.lon, quarter.id, t.causeAreas, null, t.contactName, `kontakt-${i}@bench.marktplatz.example`,
      kind === 'nonprofit' ? t.giveBacks : [],
      t.engagement?.causeAreas ?? [],
      kind === 'company' ? [boroughOf(quarter).id] : [],
      t.engagement?.yearlyHours ?? null,
    ]);
  }
  const companies = orgs.filter((o) => o.kind === 'company');
  const nonprofits = orgs.filter((o) => o.kind === 'nonprofit');

  const offersByCategory = new Map<Category, DemoOffer[]>();
  for (const o of DEMO_OFFERS) offersByCategory.set(o.category, [...(offersByCategory.get(o.category) ?? []), o]);
  const dates = (startsInDays: number, durationDays: number) => {
    const created = new Date(now - rng.int(180 * 24) * 3_600_000);
    const published = new Date(created.getTime() + (1 + rng.int(48)) * 3_600_000);
    const startsAt = new Date(Math.max(published.getTime(), now + (startsInDays - rng.int(30)) * DAY));
    const endsAt = new Date(Math.max(startsAt.getTime() + durationDays * DAY, now + 14 * DAY));
    return { created, published, startsAt, endsAt };
  };
  const title = (base: string, q: District, b: District) => {
    const r = rng.next();
    return r < 0.2 ? `${base} (${q.name})` : r < 0.35 ? `${base} – ${b.name}` : base;
  };

  // Offers: a demo offer's title, text, category and tags, a sentence from another offer of the
  // same category and a closing; served quarters, the borough, or a radius.
  const offers: Row[] = [];
  for (let i = 0; i < N_OFFERS; i++) {
    const org = rng.pick(companies);
    const q = org.quarter;
    const b = boroughOf(q);
    const t = rng.pick(DEMO_OFFERS);
    const category: Category = rng.chance(0.1) ? rng.pick(CATEGORIES) : t.category;
    const extra = rng.pick(offersByCategory.get(t.category) ?? DEMO_OFFERS);
    const description = [t.description, extra !== t && rng.chance(0.5) ? firstSentence(extra.description) : '', rng.pick(OFFER_CLOSINGS)(q, b)]
      .filter(Boolean)
      .join(' ');
    const tags = [...new Set([...t.tags, ...(rng.chance(0.3) ? [rng.pick(extra.tags)] : [])])];
    let districtIds: string[] = [];
    let radiusKm: number | null = null;
    const serve = rng.next();
    if (serve < 0.65) {
      const others = rng.shuffle((siblings.get(b.id) ?? []).filter((s) => s.id !== q.id)).slice(0, rng.int(3));
      districtIds = [q.id, ...others.map((s) => s.id)];
    } else if (serve < 0.85) {
      districtIds = [b.id];
    } else {
      radiusKm = rng.pick(RADII_KM);
    }
    const d = dates(t.startsInDays, t.durationDays);
    offers.push([
      rng.uuid(), d.created, d.published, org.id, title(t.title, q, b), description, category, tags, t.unit, d.startsAt, d.endsAt,
      org.lat, org.lon, d.published, t.capacity, districtIds, radiusKm, q.id, 'published',
    ]);
  }

  // Needs: a demo need's text in the nonprofit's quarter (or a neighbouring quarter of its borough).
  const needs: Row[] = [];
  for (let i = 0; i < N_NEEDS; i++) {
    const org = rng.pick(nonprofits);
    const b = boroughOf(org.quarter);
    const q = rng.chance(0.75) ? org.quarter : rng.pick(siblings.get(b.id) ?? [org.quarter]);
    const t = rng.pick(DEMO_NEEDS);
    const extra = rng.pick(DEMO_NEEDS);
    const description = [t.description, extra !== t && extra.category === t.category && rng.chance(0.5) ? firstSentence(extra.description) : '', rng.pick(NEED_CLOSINGS)(q, b)]
      .filter(Boolean)
      .join(' ');
    const here = q.id === org.quarter.id ? { lat: org.lat, lon: org.lon } : { lat: q.lat, lon: q.lon };
    const d = dates(t.startsInDays, t.durationDays);
    needs.push([
      rng.uuid(), d.created, d.published, org.id, title(t.title, q, b), description, rng.chance(0.1) ? rng.pick(CATEGORIES) : t.category, t.tags, t.unit,
      d.startsAt, d.endsAt, here.lat, here.lon, d.published, t.quantity, q.id, t.giveBack, 'published',
    ]);
  }
  return { districts, orgs, organisations, offers, needs };
}

/** Multi-row INSERTs in batches below PostgreSQL's 65535-parameter limit. */
export async function insertRows(client: Client, table: string, columns: string[], rows: Row[]): Promise<void> {
  const perBatch = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      if (row.length !== columns.length) throw new Error(`${table}: row has ${row.length} values for ${columns.length} columns`);
      const slots = row.map((v) => `$${values.push(v)}`);
      return `(${slots.join(',')})`;
    });
    await client.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, values);
  }
}

/**
 * Generates the dataset for `seed` and inserts it in one transaction; `extra` may add rows of its
 * own before the COMMIT (they are vacuumed and analysed with the rest).
 */
export async function seedListings(url: string, seed: number, extra?: (client: Client, data: Dataset) => Promise<void>): Promise<Dataset> {
  const data = buildDataset(new Rng(seed), Date.now());
  const client = new Client({ connectionString: url });
  // A cleanup after Ctrl+C drops the database under this connection; the pending query fails with that error.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    await insertRows(
      client,
      'districts',
      ['id', 'name', 'slug', 'parent_id', 'level', 'lat', 'lon', 'ancestor_ids'],
      data.districts.map((d) => [d.id, d.name, d.slug, d.parentId, d.level, d.lat, d.lon, d.ancestorIds]),
    );
    await insertRows(
      client,
      'organisations',
      ['id', 'created_at', 'updated_at', 'kind', 'legal_form', 'name', 'description', 'street', 'postal_code', 'city', 'lat', 'lon', 'district_id', 'cause_areas', 'website', 'contact_name', 'contact_email', 'give_backs', 'engagement_cause_areas', 'engagement_district_ids', 'engagement_yearly_hours'],
      data.organisations,
    );
    await insertRows(
      client,
      'offers',
      ['id', 'created_at', 'updated_at', 'organisation_id', 'title', 'description', 'category', 'tags', 'unit', 'starts_at', 'ends_at', 'lat', 'lon', 'published_at', 'capacity', 'district_ids', 'radius_km', 'home_district_id', 'status'],
      data.offers,
    );
    await insertRows(
      client,
      'needs',
      ['id', 'created_at', 'updated_at', 'organisation_id', 'title', 'description', 'category', 'tags', 'unit', 'starts_at', 'ends_at', 'lat', 'lon', 'published_at', 'quantity', 'district_id', 'give_back', 'status'],
      data.needs,
    );
    if (extra) await extra(client, data);
    await client.query('COMMIT');
    // VACUUM as well as ANALYZE: rows bulk-loaded into GIN indexes (fastupdate) sit in the pending
    // list until a vacuum, and every search scans that list linearly (offers_district_ids_gin:
    // ~3 ms per query for 10,000 pending rows). A live database is autovacuumed, so this is the
    // steady state, and no autovacuum can change the plans in the middle of a run.
    await client.query('VACUUM (ANALYZE)');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  return data;
}
