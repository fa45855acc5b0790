/**
 * The synthetic dataset of the matching benchmark (test/bench/matching.bench.ts), generated inside
 * PostgreSQL with generate_series / unnest: a district tree around Stuttgart, nonprofits and
 * companies, published needs and offers with German texts and Zipf-distributed tags.
 *
 * Deterministic for a seed: the district layout and the per-district counts come from a fixed
 * PRNG here, every other random choice from PostgreSQL's random() after setseed() in a session
 * without parallel workers; ids are md5 of the row's position, so they repeat between runs.
 */
import { Client } from 'pg';
import { DEMO_DISTRICTS } from '../../src/bin/demo/demo-data';
import { CAUSE_AREAS, COMPANY_LEGAL_FORMS, GIVE_BACK_KINDS, NONPROFIT_LEGAL_FORMS } from '../../src/common/domain/vocabulary';
import { moneyTerm } from '../../src/common/http/validation';
import { Rng } from './harness';

export interface DatasetSize {
  boroughs: number;
  quarters: number;
  nonprofits: number;
  companies: number;
  needs: number;
  offers: number;
}

export interface DatasetSummary {
  districts: number;
  boroughs: number;
  quarters: number;
  nonprofits: number;
  companies: number;
  needs: number;
  offers: number;
  radiusOffers: number;
  boroughOffers: number;
  multiQuarterOffers: number;
  /** Share of all needs in the biggest Quartier, and the Quartier. */
  biggest: { id: string; name: string; needs: number; offers: number; share: number };
  smallestNeeds: number;
  distinctTags: number;
  distinctLexemes: number;
  /** Seconds: inserts (incl. the generated tsvectors and index maintenance), VACUUM ANALYZE. */
  insertS: number;
  vacuumS: number;
  dbSize: string;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: ~200 words for titles and descriptions, ~300 tags
// ---------------------------------------------------------------------------------------------

/** Category order as in the listing_category enum / CATEGORIES. */
const CATEGORY_SQL = ['time', 'skills', 'logistics', 'goods', 'contacts', 'space'];
/** Share of listings per category (needs and offers alike). */
const CATEGORY_SHARE = [0.3, 0.2, 0.15, 0.2, 0.05, 0.1];

/** Words per category: nouns, many of them compounds (so trigram text similarity has work to do). */
const CATEGORY_WORDS: string[][] = [
  // time
  ['Ehrenamtliche', 'Helfer', 'Helferinnen', 'Umzugshelfer', 'Gartenarbeit', 'Gartenpflege', 'Hausaufgabenhilfe', 'Vorlesepaten', 'Besuchsdienst',
    'Begleitung', 'Aufbauhilfe', 'Festhelfer', 'Streichaktion', 'Renovierung', 'Putzaktion', 'Spielplatzpflege', 'Nachmittagsbetreuung',
    'Ferienbetreuung', 'Einkaufshilfe', 'Freizeitangebot', 'Sommerfest', 'Flohmarkt'],
  // skills
  ['Buchhaltung', 'Steuerberatung', 'Rechtsberatung', 'Webseite', 'Webdesign', 'Datenschutz', 'Fotografie', 'Grafikdesign', 'Öffentlichkeitsarbeit',
    'Pressearbeit', 'Projektmanagement', 'Fundraisingberatung', 'Coaching', 'Bewerbungstraining', 'Computerkurs', 'Sprachkurs', 'Elektroinstallation',
    'Schreinerarbeiten', 'Übersetzung', 'Moderation', 'Mediengestaltung', 'Vereinsverwaltung'],
  // logistics
  ['Transporter', 'Lieferwagen', 'Kleinbus', 'Lastenfahrrad', 'Möbeltransport', 'Umzugswagen', 'Fahrdienst', 'Anhänger', 'Lagerfläche',
    'Kühlfahrzeug', 'Sammelfahrt', 'Abholung', 'Lieferung', 'Auslieferung', 'Tourenplanung', 'Paletten', 'Hubwagen', 'Gabelstapler',
    'Spendenlogistik', 'Warenannahme', 'Rollcontainer', 'Lebensmittelrettung'],
  // goods
  ['Laptops', 'Computer', 'Drucker', 'Büromöbel', 'Schreibtische', 'Stühle', 'Bücher', 'Spielsachen', 'Sportgeräte', 'Winterkleidung',
    'Kinderkleidung', 'Schulranzen', 'Schulmaterial', 'Lebensmittel', 'Hygieneartikel', 'Küchengeräte', 'Geschirr', 'Fahrräder', 'Werkzeug',
    'Gartengeräte', 'Bastelmaterial', 'Farbeimer'],
  // contacts
  ['Netzwerk', 'Kontakte', 'Ansprechpartner', 'Kooperation', 'Partnerschaft', 'Mentoring', 'Praktikumsplätze', 'Ausbildungsplätze',
    'Arbeitgeber', 'Unternehmerkreis', 'Stadtverwaltung', 'Presseverteiler', 'Sponsoren', 'Fachleute', 'Berufsorientierung', 'Patenschaft',
    'Vermittlung', 'Türöffner', 'Empfehlung', 'Handwerkskammer', 'Wirtschaftsförderung', 'Quartiersnetzwerk'],
  // space
  ['Räume', 'Raum', 'Seminarraum', 'Besprechungsraum', 'Veranstaltungsraum', 'Werkstatt', 'Lagerraum', 'Proberaum', 'Turnhalle', 'Kantine',
    'Küche', 'Büroraum', 'Gemeinschaftsraum', 'Ausstellungsfläche', 'Parkplatz', 'Garten', 'Dachterrasse', 'Tagungsraum', 'Konferenzraum',
    'Sporthalle', 'Bühne', 'Schulungsraum'],
];

/** Who benefits (nouns and compounds). */
const GROUPS = ['Kinder', 'Jugendliche', 'Senioren', 'Seniorinnen', 'Geflüchtete', 'Familien', 'Alleinerziehende', 'Menschen mit Behinderung',
  'Wohnungslose', 'Schülerinnen', 'Schüler', 'Studierende', 'Nachbarschaft', 'Frauen', 'Neuzugewanderte', 'Auszubildende', 'Kita',
  'Grundschule', 'Jugendtreff', 'Stadtteiltreff', 'Tafel', 'Pflegeheim'];

/** General words: verbs, adjectives, adverbs and nouns of the domain. */
const GENERAL = ['Unterstützung', 'Hilfe', 'gemeinsam', 'regelmäßig', 'dringend', 'kurzfristig', 'langfristig', 'wöchentlich', 'monatlich',
  'einmalig', 'Wochenende', 'abends', 'vormittags', 'Verein', 'Initiative', 'Projekt', 'Angebot', 'Engagement', 'Nachbarschaftshilfe',
  'Stadtteil', 'Quartier', 'Ehrenamt', 'Mitarbeitende', 'Team', 'Teamtag', 'Firmenteam', 'Betriebsausflug', 'Aktion', 'Aktionstag',
  'Spende', 'Sachspende', 'Zeitspende', 'kostenlos', 'unkompliziert', 'zuverlässig', 'freundlich', 'engagiert', 'erfahren', 'motiviert',
  'benötigen', 'suchen', 'bieten', 'unterstützen', 'helfen', 'organisieren', 'begleiten', 'reparieren', 'transportieren', 'einrichten',
  'renovieren', 'streichen', 'aufbauen', 'abholen', 'liefern', 'betreuen', 'schulen', 'beraten', 'vermitteln', 'Zukunft', 'Teilhabe',
  'Integration', 'Inklusion', 'Nachhaltigkeit', 'Umweltschutz', 'Klimaschutz', 'Bildung', 'Gesundheit', 'Begegnung', 'Vielfalt',
  'Zusammenhalt', 'Lebensqualität', 'Bedarf', 'Ausstattung', 'Umbau'];

/** ~300 tags: simple ones and compounds of common prefixes and suffixes. */
const SIMPLE_TAGS = ['hilfe', 'kinder', 'jugend', 'senioren', 'familie', 'umzug', 'transport', 'garten', 'möbel', 'it', 'computer', 'laptop',
  'website', 'buchhaltung', 'steuern', 'recht', 'datenschutz', 'foto', 'grafik', 'presse', 'marketing', 'social media', 'fundraising',
  'coaching', 'bewerbung', 'sprache', 'deutschkurs', 'übersetzung', 'elektrik', 'schreiner', 'malerarbeiten', 'renovierung', 'handwerk',
  'fahrdienst', 'lieferung', 'lager', 'kühlung', 'lebensmittel', 'kleidung', 'bücher', 'spielzeug', 'sport', 'fahrrad', 'werkzeug',
  'schule', 'kita', 'hausaufgaben', 'lesen', 'musik', 'kunst', 'theater', 'tanz', 'kochen', 'backen', 'essen', 'café', 'fest', 'feier',
  'flohmarkt', 'basar', 'tauschbörse', 'ehrenamt', 'teamtag', 'corporate volunteering', 'mentoring', 'praktikum', 'ausbildung', 'beruf',
  'netzwerk', 'kooperation', 'räume', 'seminar', 'veranstaltung', 'werkstatt', 'proberaum', 'halle', 'küche', 'büro', 'parkplatz',
  'inklusion', 'integration', 'geflüchtete', 'migration', 'behinderung', 'rollstuhl', 'barrierefrei', 'pflege', 'gesundheit', 'demenz',
  'einsamkeit', 'besuch', 'begleitung', 'einkauf', 'wohnungslosigkeit', 'armut', 'tafel', 'umwelt', 'klima', 'natur', 'energie',
  'recycling', 'upcycling', 'reparatur', 'nachhaltigkeit', 'quartier', 'nachbarschaft', 'stadtteil', 'frauen', 'mädchen', 'jungen',
  'eltern', 'alleinerziehende', 'studierende', 'digitalisierung', 'smartphone', 'drucker', 'beamer', 'bühne', 'licht', 'ton', 'video',
  'film', 'podcast', 'zeitung', 'newsletter', 'verein', 'vorstand', 'satzung', 'finanzen', 'versicherung', 'hygiene', 'schulmaterial',
  'winter', 'sommer', 'ferien', 'wochenende', 'abends', 'dringend', 'langfristig', 'einmalig', 'regelmäßig', 'logistik', 'anhänger',
  'transporter', 'lastenrad', 'sammelaktion', 'lebensmittelrettung', 'möbelspende', 'sachspende'];
const TAG_PREFIXES = ['kinder', 'jugend', 'senioren', 'familien', 'nachbarschafts', 'garten', 'umwelt', 'sport', 'kultur', 'bildungs', 'stadtteil',
  'sprach', 'computer', 'fahrrad', 'lebensmittel'];
const TAG_SUFFIXES = ['hilfe', 'projekt', 'fest', 'treff', 'arbeit', 'angebot', 'kurs', 'werkstatt', 'beratung', 'aktion'];

export const TAGS: string[] = [...new Set([...SIMPLE_TAGS, ...TAG_PREFIXES.flatMap((p) => TAG_SUFFIXES.map((s) => p + s))])];
// The API refuses tags that name money (422 MONEY_NOT_ALLOWED); the dataset holds none either.
for (const t of TAGS) if (moneyTerm(t)) throw new Error(`tag "${t}" names money`);

/** Units per category (first one most likely) and the quantity range per unit. */
const UNIT_SQL = ['hours', 'persons', 'items', 'trips', 'm2'];
const CATEGORY_UNITS: number[][] = [
  [0, 1], // time: hours, persons
  [0], // skills: hours
  [3, 2], // logistics: trips, items
  [2], // goods: items
  [1, 0], // contacts: persons, hours
  [4, 0], // space: m2, hours
];
const UNIT_MAX = [40, 12, 200, 12, 300]; // hours, persons, items, trips, m2

export const WORDS = { category: CATEGORY_WORDS, groups: GROUPS, general: GENERAL };
export const vocabularySize = () => new Set([...CATEGORY_WORDS.flat(), ...GROUPS, ...GENERAL]).size;

// ---------------------------------------------------------------------------------------------
// Layout: districts and counts (here, with the PRNG), rows (in PostgreSQL)
// ---------------------------------------------------------------------------------------------

interface QuarterPlan {
  idx: number;
  id: string;
  name: string;
  slug: string;
  boroughIdx: number;
  boroughId: string;
  /** Position within its borough (0..quarters per borough - 1). */
  j: number;
  lat: number;
  lon: number;
  needs: number;
  offers: number;
  nonprofits: number;
  companies: number;
}

const uuidOf = (key: string) => {
  // md5-like determinism without SQL: a FNV-based 128-bit id, formatted as a v4 UUID.
  let h = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h = h.map((x, k) => Math.imul(x ^ (c + k * 31), 0x01000193) >>> 0);
  }
  const hex = h.map((x) => x.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** n split over weights w (sum 1): floor of cumulative shares, so the parts add up to n exactly. */
function allocate(n: number, w: number[]): number[] {
  const out: number[] = [];
  let cum = 0;
  for (const x of w) {
    const lo = Math.floor(n * cum + 1e-9);
    cum += x;
    out.push(Math.floor(n * cum + 1e-9) - lo);
  }
  return out;
}

const KM_PER_DEG_LAT = 111.195;
const KM_PER_DEG_LON = 111.195 * Math.cos((48.7758 * Math.PI) / 180);

function plan(rng: Rng, size: DatasetSize): { city: { id: string }; boroughs: Array<{ id: string; name: string; slug: string; lat: number; lon: number }>; quarters: QuarterPlan[] } {
  const templates = DEMO_DISTRICTS.filter((d) => d.level === 'borough');
  if (size.boroughs > templates.length) throw new Error(`at most ${templates.length} boroughs`);
  if (size.quarters % size.boroughs) throw new Error('quarters must be a multiple of boroughs');
  const city = { id: uuidOf('district:city') };
  const boroughs = templates.slice(0, size.boroughs).map((b, i) => ({ id: uuidOf(`district:b${i}`), name: b.name, slug: `bench-${b.slug}`, lat: b.lat, lon: b.lon }));
  const quarters: QuarterPlan[] = [];
  for (let i = 0; i < size.quarters; i++) {
    const bi = i % size.boroughs;
    const j = Math.floor(i / size.boroughs);
    const b = boroughs[bi];
    // Up to ~2 km from the borough's centre.
    const r = 2.0 * Math.sqrt(rng.next());
    const a = rng.next() * 2 * Math.PI;
    quarters.push({
      idx: i, id: uuidOf(`district:q${i}`), name: `${b.name} ${j + 1}`, slug: `${b.slug}-q${j + 1}`, boroughIdx: bi, boroughId: b.id, j,
      lat: Math.round((b.lat + (r * Math.sin(a)) / KM_PER_DEG_LAT) * 1e6) / 1e6,
      lon: Math.round((b.lon + (r * Math.cos(a)) / KM_PER_DEG_LON) * 1e6) / 1e6,
      needs: 0, offers: 0, nonprofits: 0, companies: 0,
    });
  }
  // Skew: the Quartier of rank r gets a share ∝ 1 / (r + 20); ranks are shuffled over the city.
  const ranks = rng.shuffle(quarters.map((q) => q.idx));
  const raw = ranks.map((_, r) => 1 / (r + 20));
  const total = raw.reduce((s, x) => s + x, 0);
  const weightOf = new Map(ranks.map((qi, r) => [qi, raw[r] / total]));
  const w = quarters.map((q) => weightOf.get(q.idx)!);
  const needs = allocate(size.needs, w);
  const offers = allocate(size.offers, w);
  // Organisations follow the same skew, with at least one of each kind per Quartier.
  const nps = allocate(size.nonprofits, w);
  const cos = allocate(size.companies, w);
  quarters.forEach((q, i) => {
    q.needs = needs[i];
    q.offers = offers[i];
    q.nonprofits = Math.max(1, nps[i]);
    q.companies = Math.max(1, cos[i]);
  });
  return { city, boroughs, quarters };
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

/**
 * A deterministic id from a text key: md5 shaped as a version-4 UUID (the API's path ids must be
 * valid UUIDs; a bare md5 has a random version nibble).
 */
export const uuidSql = (key: string) => `overlay(overlay(md5(${key}) placing '4' from 13) placing '8' from 17)::uuid`;

/** A uniformly random element of a 1-based array expression. */
const pickSql = (arr: string) => `(${arr})[1 + floor(random() * cardinality(${arr}))::int]`;

/**
 * A random subset of `arr` of size lo..hi (uniform), correlated to the outer row through `ref`
 * so that PostgreSQL evaluates it per row instead of once.
 */
const subsetSql = (arr: string, lo: number, hi: number, ref: string) =>
  `ARRAY(SELECT x FROM unnest(${arr}) x WHERE ${ref} IS NOT NULL ORDER BY random() LIMIT ${lo} + floor(random() * ${hi - lo + 1})::int)`;

/** A Zipf(1)-distributed tag rank in 0..n-1, rotated per category (so categories prefer different tags). */
const zipfTagSql = (cat: string) => `($tags::text[])[1 + ((floor(exp(random() * ln(cardinality($tags::text[]) + 1)))::int - 1 + ${cat} * 41) % cardinality($tags::text[]))]`;

/**
 * The tail shared by needs and offers: random draws per row (r*), the category (cat) by share, and
 * the row's title, description and tags. Expects rows `s` with columns qname, cat, ntags, nwords.
 */
function textSql(kind: 'need' | 'offer'): { title: string; description: string; tags: string } {
  const catWord = `($catwords::text[])[($catoff::int[])[s.cat + 1] + floor(random() * ($catlen::int[])[s.cat + 1])::int]`;
  const group = pickSql('$groups::text[]');
  const general = pickSql('$general::text[]');
  const title =
    kind === 'need'
      ? `CASE WHEN s.r5 < 0.4 THEN ${catWord} || ' für ' || ${group} WHEN s.r5 < 0.7 THEN ${catWord} || ' gesucht' WHEN s.r5 < 0.85 THEN ${catWord} || ' und ' || ${catWord} ELSE ${catWord} || ' (' || s.qname || ')' END`
      : `CASE WHEN s.r5 < 0.4 THEN ${catWord} || ' für ' || ${group} WHEN s.r5 < 0.7 THEN ${catWord} || ' zu vergeben' WHEN s.r5 < 0.85 THEN ${catWord} || ' und ' || ${catWord} ELSE ${catWord} || ' – ' || s.qname END`;
  // 6-20 words: a category word every third position, a group every fifth, general words between.
  const description = `(SELECT string_agg(CASE WHEN g % 3 = 1 THEN ${catWord} WHEN g % 5 = 0 THEN ${group} ELSE ${general} END, ' ' ORDER BY g)
      FROM generate_series(1, s.nwords) g) || '. ${kind === 'need' ? 'Wir freuen uns über jede Unterstützung in' : 'Gerne auch für Initiativen in'} ' || s.qname || '.'`;
  const tags = `ARRAY(SELECT DISTINCT ${zipfTagSql('s.cat')} FROM generate_series(1, s.ntags) g)`;
  return { title, description, tags };
}

/** Category by CATEGORY_SHARE from a uniform draw. */
const categorySql = (r: string) => {
  let cum = 0;
  const whens = CATEGORY_SHARE.slice(0, -1).map((p, i) => `WHEN ${r} < ${(cum += p).toFixed(4)} THEN ${i}`);
  return `CASE ${whens.join(' ')} ELSE ${CATEGORY_SHARE.length - 1} END`;
};
const ntagsSql = (r: string) => `CASE WHEN ${r} < 0.2 THEN 1 WHEN ${r} < 0.5 THEN 2 WHEN ${r} < 0.75 THEN 3 WHEN ${r} < 0.9 THEN 4 ELSE 5 END`;

/** Named parameters ($name) to positional ones. */
function bind(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const names = Object.keys(params);
  const text = sql.replace(/\$([a-z]+)/g, (m, name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`unknown parameter ${m}`);
    return `$${i + 1}`;
  });
  return { text, values: names.map((n) => params[n]) };
}

/**
 * Creates the dataset in `url` (migrated, empty). Returns a summary; throws on failure (the
 * caller drops the database).
 */
export async function generate(url: string, size: DatasetSize, seed: number, log: (msg: string) => void): Promise<DatasetSummary> {
  const rng = new Rng(seed);
  const layout = plan(rng, size);
  const client = new Client({ connectionString: url, application_name: 'marktplatz-bench-seed' });
  // A cleanup after Ctrl+C drops the database under this connection; the pending query fails with that error.
  client.on('error', () => undefined);
  await client.connect();
  const t0 = Date.now();
  try {
    await client.query(`SET max_parallel_workers_per_gather = 0`); // random() must run in this backend only
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SELECT setseed($1)`, [((seed % 2_000_000) / 1_000_000) - 1]);
    await client.query('BEGIN');

    // Districts: the city, the boroughs, the Quartiere (ancestor_ids from the root to the district itself).
    const { city, boroughs, quarters } = layout;
    const districts = [
      { id: city.id, name: 'Stuttgart', slug: 'bench-stuttgart', parent: null as string | null, level: 'city', lat: 48.7758, lon: 9.1829, anc: `{${city.id}}` },
      ...boroughs.map((b) => ({ id: b.id, name: b.name, slug: b.slug, parent: city.id, level: 'borough', lat: b.lat, lon: b.lon, anc: `{${city.id},${b.id}}` })),
      ...quarters.map((q) => ({ id: q.id, name: q.name, slug: q.slug, parent: q.boroughId, level: 'quarter', lat: q.lat, lon: q.lon, anc: `{${city.id},${q.boroughId},${q.id}}` })),
    ];
    await client.query(
      `INSERT INTO districts (id, name, slug, parent_id, level, lat, lon, ancestor_ids)
       SELECT id, name, slug, parent, level::district_level, lat, lon, anc::uuid[]
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::float8[], $7::float8[], $8::text[]) AS t(id, name, slug, parent, level, lat, lon, anc)`,
      [districts.map((d) => d.id), districts.map((d) => d.name), districts.map((d) => d.slug), districts.map((d) => d.parent), districts.map((d) => d.level), districts.map((d) => d.lat), districts.map((d) => d.lon), districts.map((d) => d.anc)],
    );

    // The plan as a temporary table.
    await client.query(`CREATE TEMP TABLE bq (idx int PRIMARY KEY, id uuid, name text, borough_idx int, borough_id uuid, j int, lat float8, lon float8, n_needs int, n_offers int, n_np int, n_co int) ON COMMIT DROP`);
    await client.query(
      `INSERT INTO bq SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::int[], $5::uuid[], $6::int[], $7::float8[], $8::float8[], $9::int[], $10::int[], $11::int[], $12::int[])`,
      [
        quarters.map((q) => q.idx), quarters.map((q) => q.id), quarters.map((q) => q.name), quarters.map((q) => q.boroughIdx), quarters.map((q) => q.boroughId),
        quarters.map((q) => q.j), quarters.map((q) => q.lat), quarters.map((q) => q.lon), quarters.map((q) => q.needs), quarters.map((q) => q.offers),
        quarters.map((q) => q.nonprofits), quarters.map((q) => q.companies),
      ],
    );
    const perBorough = size.quarters / size.boroughs;

    // Organisations: numbered per Quartier (k), placed within ~500 m of its centre.
    const orgSql = (kind: 'nonprofit' | 'company') => {
      const np = kind === 'nonprofit';
      return bind(
        `CREATE TEMP TABLE b_${np ? 'np' : 'co'} ON COMMIT DROP AS
         SELECT ${uuidSql(`'${kind}:' || q.idx || ':' || g`)} AS id, q.idx AS qidx, g - 1 AS k, q.id AS district_id, q.name AS qname,
                q.lat + (random() - 0.5) * 0.009 AS lat, q.lon + (random() - 0.5) * 0.013 AS lon,
                ${np ? subsetSql('$causes::text[]', 1, 3, 'g') : `CASE WHEN random() < 0.3 THEN '{}'::text[] ELSE ${subsetSql('$causes::text[]', 1, 3, 'g')} END`} AS causes,
                ${np ? subsetSql('$givebacks::text[]', 1, 4, 'g') : `'{}'::text[]`} AS give_backs,
                ${pickSql(np ? '$npforms::text[]' : '$coforms::text[]')} AS legal_form
           FROM bq q, generate_series(1, q.${np ? 'n_np' : 'n_co'}) g`,
        { causes: [...CAUSE_AREAS], ...(np ? { givebacks: [...GIVE_BACK_KINDS], npforms: [...NONPROFIT_LEGAL_FORMS] } : { coforms: [...COMPANY_LEGAL_FORMS] }) },
      );
    };
    for (const kind of ['nonprofit', 'company'] as const) {
      const { text, values } = orgSql(kind);
      await client.query(text, values);
      const t = kind === 'nonprofit' ? 'b_np' : 'b_co';
      await client.query(`CREATE UNIQUE INDEX ON ${t} (qidx, k)`);
      await client.query(
        `INSERT INTO organisations (id, kind, legal_form, name, description, city, lat, lon, district_id, cause_areas, give_backs, engagement_cause_areas, engagement_district_ids, contact_email, created_at, updated_at)
         SELECT o.id, '${kind}', o.legal_form,
                ${kind === 'nonprofit' ? `'Verein ' || o.qname || ' ' || (o.k + 1)` : `'Firma ' || o.qname || ' ' || (o.k + 1) || ' GmbH'`},
                '', 'Stuttgart', o.lat, o.lon, o.district_id,
                ${kind === 'nonprofit' ? 'o.causes' : `'{}'::text[]`}, o.give_backs, ${kind === 'company' ? 'o.causes' : `'{}'::text[]`}, '{}',
                '${kind}-' || o.qidx || '-' || o.k || '@bench.marktplatz.example', now() - interval '400 days', now() - interval '400 days'
           FROM ${t} o`,
      );
    }

    // Quartiere per borough, for offers that serve neighbouring Quartiere.
    await client.query(`CREATE TEMP TABLE bqb ON COMMIT DROP AS SELECT borough_idx, j, id FROM bq`);
    await client.query(`CREATE UNIQUE INDEX ON bqb (borough_idx, j)`);

    const offsets: number[] = [];
    let off = 1;
    for (const ws of CATEGORY_WORDS) {
      offsets.push(off);
      off += ws.length;
    }
    const vocab = {
      catwords: CATEGORY_WORDS.flat(),
      catoff: offsets,
      catlen: CATEGORY_WORDS.map((ws) => ws.length),
      groups: GROUPS,
      general: GENERAL,
      tags: TAGS,
    };
    const unitSql = `CASE s.cat ${CATEGORY_UNITS.map((us, c) => `WHEN ${c} THEN ${us.length === 1 ? us[0] : `CASE WHEN s.r6 < 0.75 THEN ${us[0]} ELSE ${us[1]} END`}`).join(' ')} END`;
    const amountSql = (u: string, scale: number) => `greatest(1, round(${scale} * ($unitmax::int[])[${u} + 1] * power(s.r7, 2))::int)`;

    // Needs: in their nonprofit's Quartier. Timeframes: 15 % open, 10 % open-ended, else starting between 10 days ago
    // and in 80 days and ending 1-60 days after the later of the start and today (published needs have not ended).
    {
      const t = textSql('need');
      const { text, values } = bind(
        `INSERT INTO needs (id, created_at, updated_at, published_at, organisation_id, title, description, category, tags, unit, quantity, starts_at, ends_at, lat, lon, district_id, give_back, status)
         SELECT ${uuidSql(`'need:' || s.idx || ':' || s.g`)}, s.created, s.created, s.created + interval '2 hours', o.id,
                ${t.title}, ${t.description}, ($cats::text[])[s.cat + 1]::listing_category, ${t.tags},
                ($units::text[])[s.unit + 1]::listing_unit, ${amountSql('s.unit', 1)},
                CASE WHEN s.r8 < 0.15 THEN NULL ELSE s.starts END,
                CASE WHEN s.r8 < 0.25 THEN NULL ELSE greatest(s.starts, date_trunc('day', now())) + (1 + floor(s.r9 * 60)) * interval '1 day' END,
                o.lat, o.lon, s.id,
                CASE WHEN s.r9 < 0.5 THEN 'Dankeschön-Fest und Ihr Logo auf unserer Website' ELSE '' END, 'published'
           FROM (SELECT q.idx, q.id, q.name AS qname, q.n_np, g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                        random() AS r6, random() AS r7, random() AS r8, random() AS r9,
                        now() - random() * interval '120 days' AS created,
                        date_trunc('day', now()) + floor(random() * 90 - 10) * interval '1 day' AS starts
                   FROM bq q, generate_series(1, q.n_needs) g) s0
           CROSS JOIN LATERAL (SELECT s0.*, ${categorySql('s0.r1')} AS cat, ${ntagsSql('s0.r2')} AS ntags, 6 + floor(s0.r3 * 15)::int AS nwords) s1
           CROSS JOIN LATERAL (SELECT s1.*, ${unitSql.replaceAll('s.', 's1.')} AS unit) s
           JOIN b_np o ON o.qidx = s.idx AND o.k = floor(s.r4 * s.n_np)::int`,
        { ...vocab, cats: CATEGORY_SQL, units: UNIT_SQL, unitmax: UNIT_MAX },
      );
      await client.query(text, values);
    }

    // Offers: 75 % their home Quartier, 10 % home + 1-2 neighbours, 5 % the borough, 10 % a radius of 1-10 km.
    // Timeframes: 35 % open, 20 % open-ended, else starting between 30 days ago and in 60 days and ending 30-180 days
    // after the later of the start and today (nothing the hourly expiry job would close during a run).
    {
      const t = textSql('offer');
      const { text, values } = bind(
        `INSERT INTO offers (id, created_at, updated_at, published_at, organisation_id, title, description, category, tags, unit, capacity, starts_at, ends_at, lat, lon, district_ids, radius_km, home_district_id, wants_in_return, status)
         SELECT ${uuidSql(`'offer:' || s.idx || ':' || s.g`)}, s.created, s.created, s.created + interval '2 hours', o.id,
                ${t.title}, ${t.description}, ($cats::text[])[s.cat + 1]::listing_category, ${t.tags},
                ($units::text[])[s.unit + 1]::listing_unit, ${amountSql('s.unit', 1.5)},
                CASE WHEN s.r8 < 0.35 THEN NULL ELSE s.starts END,
                CASE WHEN s.r8 < 0.55 THEN NULL ELSE greatest(s.starts, date_trunc('day', now())) + (30 + floor(s.r9 * 150)) * interval '1 day' END,
                o.lat, o.lon,
                CASE WHEN s.r10 < 0.75 THEN ARRAY[s.id]
                     WHEN s.r10 < 0.85 THEN ARRAY[s.id] || ARRAY(SELECT b.id FROM bqb b WHERE b.borough_idx = s.borough_idx
                                                                    AND (b.j = s.sib1 OR (s.r11 < 0.5 AND b.j = s.sib2)) ORDER BY b.j)
                     WHEN s.r10 < 0.90 THEN ARRAY[s.borough_id]
                     ELSE '{}'::uuid[] END,
                CASE WHEN s.r10 >= 0.90 THEN 1 + floor(s.r11 * 10) END,
                s.id,
                CASE WHEN s.r12 < 0.5 THEN '{}'::text[] ELSE ${subsetSql('$givebacks::text[]', 1, 2, 's.g')} END,
                'published'
           FROM (SELECT q.idx, q.id, q.name AS qname, q.n_co, q.borough_idx, q.borough_id, q.j, g, random() AS r1, random() AS r2, random() AS r3,
                        random() AS r4, random() AS r5, random() AS r6, random() AS r7, random() AS r8, random() AS r9, random() AS r10,
                        random() AS r11, random() AS r12,
                        (q.j + 1 + floor(random() * ${perBorough - 1})::int) % ${perBorough} AS sib1,
                        (q.j + 1 + floor(random() * ${perBorough - 1})::int) % ${perBorough} AS sib2,
                        now() - random() * interval '120 days' AS created,
                        date_trunc('day', now()) + floor(random() * 90 - 30) * interval '1 day' AS starts
                   FROM bq q, generate_series(1, q.n_offers) g) s0
           CROSS JOIN LATERAL (SELECT s0.*, ${categorySql('s0.r1')} AS cat, ${ntagsSql('s0.r2')} AS ntags, 6 + floor(s0.r3 * 15)::int AS nwords) s1
           CROSS JOIN LATERAL (SELECT s1.*, ${unitSql.replaceAll('s.', 's1.')} AS unit) s
           JOIN b_co o ON o.qidx = s.idx AND o.k = floor(s.r4 * s.n_co)::int`,
        { ...vocab, cats: CATEGORY_SQL, units: UNIT_SQL, unitmax: UNIT_MAX, givebacks: [...GIVE_BACK_KINDS] },
      );
      await client.query(text, values);
    }
    await client.query('COMMIT');
    const insertS = (Date.now() - t0) / 1000;
    log(`inserted in ${insertS.toFixed(1)} s; VACUUM (ANALYZE) ...`);
    const t1 = Date.now();
    // As in the browse bench: bulk-loaded GIN entries sit in the pending list until a vacuum.
    await client.query('VACUUM (ANALYZE)');
    const vacuumS = (Date.now() - t1) / 1000;

    const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;
    const counts = await one<Record<string, string>>(
      `SELECT (SELECT count(*) FROM districts) AS districts,
              (SELECT count(*) FROM organisations WHERE kind = 'nonprofit') AS nonprofits,
              (SELECT count(*) FROM organisations WHERE kind = 'company') AS companies,
              (SELECT count(*) FROM needs WHERE status = 'published') AS needs,
              (SELECT count(*) FROM offers WHERE status = 'published') AS offers,
              (SELECT count(*) FROM offers WHERE radius_km IS NOT NULL) AS radius,
              (SELECT count(*) FROM offers WHERE cardinality(district_ids) = 1 AND district_ids[1] <> home_district_id) AS borough,
              (SELECT count(*) FROM offers WHERE cardinality(district_ids) > 1) AS multi,
              (SELECT count(DISTINCT t) FROM (SELECT unnest(tags) t FROM needs UNION ALL SELECT unnest(tags) FROM offers) x) AS tags,
              (SELECT count(DISTINCT l) FROM (SELECT unnest(tsvector_to_array(search_vector)) l FROM needs UNION ALL SELECT unnest(tsvector_to_array(search_vector)) FROM offers) x) AS lexemes,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    const big = await one<{ id: string; name: string; needs: number; offers: number }>(
      `SELECT d.id, d.name, count(*)::int AS needs, (SELECT count(*)::int FROM offers f WHERE f.home_district_id = d.id) AS offers
         FROM needs n JOIN districts d ON d.id = n.district_id GROUP BY d.id ORDER BY 3 DESC, 1 LIMIT 1`,
    );
    const small = await one<{ n: number }>(`SELECT min(c)::int AS n FROM (SELECT count(n.id) c FROM districts d LEFT JOIN needs n ON n.district_id = d.id WHERE d.level = 'quarter' GROUP BY d.id) x`);
    return {
      districts: Number(counts.districts),
      boroughs: size.boroughs,
      quarters: size.quarters,
      nonprofits: Number(counts.nonprofits),
      companies: Number(counts.companies),
      needs: Number(counts.needs),
      offers: Number(counts.offers),
      radiusOffers: Number(counts.radius),
      boroughOffers: Number(counts.borough),
      multiQuarterOffers: Number(counts.multi),
      biggest: { ...big, share: big.needs / Number(counts.needs) },
      smallestNeeds: small.n,
      distinctTags: Number(counts.tags),
      distinctLexemes: Number(counts.lexemes),
      insertS,
      vacuumS,
      dbSize: counts.size,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
