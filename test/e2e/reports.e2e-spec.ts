import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, signup, Tree } from '../factories';
import { acceptedCooperation, agreementBody } from '../factories/cooperations';

/**
 * District reports against a hand-built city. Listings, matches and cooperations are written
 * straight into the tables (with the timestamps a test needs; no job runs on them), so every
 * figure below is computed by hand from the fixture.
 *
 * Teststadt ─ Bad Cannstatt (B) ─ Hallschlag (H)
 *           │                   └ Neckarvorstadt (N)
 *           └ Vaihingen (V) ───── Rohr (R)
 *
 * Organisations: npH (nonprofit, H, verified), npN (nonprofit, N), npR (nonprofit, R, verified),
 * coH (company, H, verified), coR (company, R).
 *
 * Period P = from 2026-01-01 to 2026-07-01 (half-open) in Berlin days:
 *   [2025-12-31T23:00:00.000Z, 2026-06-30T22:00:00.000Z)   (CET in January, CEST in July)
 *
 * Needs (district, published_at, org)          in P?
 *   n1 H 2026-02-10            npH                yes
 *   n2 H 2025-12-31T23:00:00Z  npH                yes (exactly the start)
 *   n3 H 2025-12-31T22:59:59.999Z npH             no  (1 ms before)
 *   n4 N 2026-06-30T21:59:59.999Z npN             yes (1 ms before the end)
 *   n5 N 2026-06-30T22:00:00Z  npN                no  (exactly the end)
 *   n6 N draft (never published) npN              no
 *   n7 R 2026-03-01            npR                yes
 *   n8 H 2026-04-01            npH                yes
 * Offers (home district): o1 H 2026-03-15 coH yes; o2 H 2025-06-01 coH no; o3 R 2026-05-05 coR yes
 * Matches: n1-o1 (both interested), n1-o3, n4-o1, n3-o1 (n3 not in P), n7-o3
 *
 * Cooperations (district, parties, need, created_at, status, agreed_at):
 *   c1  H npH+coH n1 2026-01-10 evaluated      agreed 2026-01-20, v1 40 h / 1200 €
 *   c2  H npH+coH n8 2026-02-01 active         agreed 2026-02-15, v1 10 h / 300 € superseded by v2 (2026-05-01) 20 h / 600 €
 *   c3  N npN+coH n4 2026-03-01 agreed         agreed 2026-06-30T21:59:59.999Z, v1 12 h / no € value
 *   c4  N npN+coR n4 2026-03-05 declined
 *   c5  H npH+coR n1 2026-04-01 expired
 *   c6  H npH+coR n8 2026-05-01 proposed (pending)
 *   c7  H npH+coH n2 2026-05-10 cancelled before an answer (withdrawn)
 *   c8  H npH+coH n2 2026-05-20 cancelled after being accepted
 *   c9  H npH+coH n3 2025-11-01 completed      agreed 2026-01-05, v1 8 h / 240 €
 *   c10 H npH+coH n1 2026-06-30T22:00:00Z proposed (not in P)
 *   c11 R npR+coR n7 2026-02-02 active         agreed 2026-02-20, v1 30 h / 900 €
 *   c13 H npH+coH n3 2025-10-01 active         agreed 2025-10-10 (v1), v2 signed 2026-03-01: not a new agreement
 *   c14 H npH+coR n2 2026-06-10 accepted       v1 signed by the nonprofit only (not an agreement)
 * Deliveries (side, delivered_on, hours, quantity unit):
 *   c1  company 2026-02-01 16 h; company 2026-03-01 8 h + 20 items; nonprofit 2026-03-20 3 h
 *   c2  company 2026-06-30 2 trips (last day in P); company 2026-07-01 5 h (not in P)
 *   c9  company 2025-12-31 4 h (not in P); nonprofit 2026-01-01 2 h (first day in P)
 *   c11 company 2026-03-03 10 h + 5 persons
 *   c13 company 2026-02-02 6 h
 * Evaluations: c1 npH 2026-04-05 ★5 again, 40 people; c1 coH 2026-04-08 ★4 again;
 *   c11 npR 2026-06-01 ★2 not again, 10 people; c9 npH 2026-07-02 ★1 (not in P)
 *
 * Hand-computed figures for P:
 *
 * | figure                        | H      | N    | B (H+N) | R = V | City   | City verifiedOnly |
 * |-------------------------------|--------|------|---------|-------|--------|-------------------|
 * | needs published               | 3      | 1    | 4       | 1     | 5      | 4 (n1 n2 n8 n7)   |
 * | offers published              | 1      | 0    | 1       | 1     | 2      | 1 (o1)            |
 * | match pairs                   | 2      | 1    | 3       | 1     | 4      | 1 (n1-o1)         |
 * | needs matched                 | 1      | 1    | 2       | 1     | 3      | 1                 |
 * | mutual                        | 1      | 0    | 1       | 0     | 1      | 1                 |
 * | proposals                     | 7      | 2    | 9       | 1     | 10     | 4 (c1 c2 c7 c8)   |
 * |   pending                     | 1 c6   | 0    | 1       | 0     | 1      | 0                 |
 * |   accepted                    | 4 c1 c2 c8 c14 | 1 c3 | 5 | 1 c11 | 6     | 3                 |
 * |   declined                    | 0      | 1 c4 | 1       | 0     | 1      | 0                 |
 * |   expired                     | 1 c5   | 0    | 1       | 0     | 1      | 0                 |
 * |   withdrawn                   | 1 c7   | 0    | 1       | 0     | 1      | 1                 |
 * | acceptance rate               | 4/5 .8 | 1/2  | 5/7 .7143 | 1/1 | 6/8 .75 | 3/3 1            |
 * | agreements (c1 c2 c9 | c3 | c11) | 3   | 1    | 4       | 1     | 5      | 3                 |
 * | realised (company delivery)   | 3      | 0    | 3       | 1     | 4      | 3                 |
 * | realisation rate              | 1      | 0    | .75     | 1     | .8     | 1                 |
 * | completed                     | 2 c1 c9| 0    | 2       | 0     | 2      | 2                 |
 * | estimated hours               | 68     | 12   | 80      | 30    | 110    | 68                |
 * | estimated value €             | 2040   | 0    | 2040    | 900   | 2940   | 2040              |
 * | with give back                | 3      | 1    | 4       | 1     | 5      | 3                 |
 * | give back delivered (c1 c9)   | 2      | 0    | 2       | 0     | 2      | 2                 |
 * | give back delivery rate       | .6667  | 0    | .5      | 0     | .4     | .6667             |
 * | company deliveries in P       | 4      | 0    | 4       | 1     | 5      | 4                 |
 * | hours delivered               | 30     | 0    | 30      | 10    | 40     | 30                |
 * | goods                         | items 20, trips 2 | – | = H | persons 5 | items 20, persons 5, trips 2 | items 20, trips 2 |
 * | give back deliveries / hours  | 2 / 5  | 0/0  | 2 / 5   | 0/0   | 2 / 5  | 2 / 5             |
 * | evaluations                   | 2      | 0    | 2       | 1     | 3      | 2                 |
 * | mean rating                   | 4.5    | null | 4.5     | 2     | 3.67   | 4.5               |
 * | would cooperate again         | 2/2    | 0/0  | 2/2     | 0/1   | 2/3 .6667 | 2/2            |
 * | people reached                | 40     | 0    | 40      | 10    | 50     | 40                |
 */

const FROM = '2026-01-01';
const TO = '2026-07-01';
const PERIOD = `from=${FROM}&to=${TO}`;
const UNKNOWN_ID = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

const rate = (numerator: number, denominator: number, value: number | null) => ({ numerator, denominator, rate: value });

/** The expected figures of each scope (from the table above). */
const EXPECTED = {
  H: {
    needsPublished: 3,
    offersPublished: 1,
    matches: { pairs: 2, needsMatched: 1, mutual: 1 },
    proposals: { total: 7, pending: 1, accepted: 4, declined: 0, expired: 1, withdrawn: 1, acceptance: rate(4, 5, 0.8) },
    agreements: { total: 3, realisation: rate(3, 3, 1), completed: 2, estimatedHours: 68, estimatedValueEur: 2040, giveAndTake: { withGiveBack: 3, giveBackDelivered: rate(2, 3, 0.6667) } },
    deliveries: { count: 4, hours: 30, goods: [{ unit: 'items', quantity: 20 }, { unit: 'trips', quantity: 2 }], giveBackCount: 2, giveBackHours: 5 },
    evaluations: { count: 2, meanRating: 4.5, wouldCooperateAgain: rate(2, 2, 1), peopleReached: 40 },
  },
  N: {
    needsPublished: 1,
    offersPublished: 0,
    matches: { pairs: 1, needsMatched: 1, mutual: 0 },
    proposals: { total: 2, pending: 0, accepted: 1, declined: 1, expired: 0, withdrawn: 0, acceptance: rate(1, 2, 0.5) },
    agreements: { total: 1, realisation: rate(0, 1, 0), completed: 0, estimatedHours: 12, estimatedValueEur: 0, giveAndTake: { withGiveBack: 1, giveBackDelivered: rate(0, 1, 0) } },
    deliveries: { count: 0, hours: 0, goods: [], giveBackCount: 0, giveBackHours: 0 },
    evaluations: { count: 0, meanRating: null, wouldCooperateAgain: rate(0, 0, null), peopleReached: 0 },
  },
  B: {
    needsPublished: 4,
    offersPublished: 1,
    matches: { pairs: 3, needsMatched: 2, mutual: 1 },
    proposals: { total: 9, pending: 1, accepted: 5, declined: 1, expired: 1, withdrawn: 1, acceptance: rate(5, 7, 0.7143) },
    agreements: { total: 4, realisation: rate(3, 4, 0.75), completed: 2, estimatedHours: 80, estimatedValueEur: 2040, giveAndTake: { withGiveBack: 4, giveBackDelivered: rate(2, 4, 0.5) } },
    deliveries: { count: 4, hours: 30, goods: [{ unit: 'items', quantity: 20 }, { unit: 'trips', quantity: 2 }], giveBackCount: 2, giveBackHours: 5 },
    evaluations: { count: 2, meanRating: 4.5, wouldCooperateAgain: rate(2, 2, 1), peopleReached: 40 },
  },
  V: {
    needsPublished: 1,
    offersPublished: 1,
    matches: { pairs: 1, needsMatched: 1, mutual: 0 },
    proposals: { total: 1, pending: 0, accepted: 1, declined: 0, expired: 0, withdrawn: 0, acceptance: rate(1, 1, 1) },
    agreements: { total: 1, realisation: rate(1, 1, 1), completed: 0, estimatedHours: 30, estimatedValueEur: 900, giveAndTake: { withGiveBack: 1, giveBackDelivered: rate(0, 1, 0) } },
    deliveries: { count: 1, hours: 10, goods: [{ unit: 'persons', quantity: 5 }], giveBackCount: 0, giveBackHours: 0 },
    evaluations: { count: 1, meanRating: 2, wouldCooperateAgain: rate(0, 1, 0), peopleReached: 10 },
  },
  City: {
    needsPublished: 5,
    offersPublished: 2,
    matches: { pairs: 4, needsMatched: 3, mutual: 1 },
    proposals: { total: 10, pending: 1, accepted: 6, declined: 1, expired: 1, withdrawn: 1, acceptance: rate(6, 8, 0.75) },
    agreements: { total: 5, realisation: rate(4, 5, 0.8), completed: 2, estimatedHours: 110, estimatedValueEur: 2940, giveAndTake: { withGiveBack: 5, giveBackDelivered: rate(2, 5, 0.4) } },
    deliveries: {
      count: 5,
      hours: 40,
      goods: [{ unit: 'items', quantity: 20 }, { unit: 'persons', quantity: 5 }, { unit: 'trips', quantity: 2 }],
      giveBackCount: 2,
      giveBackHours: 5,
    },
    evaluations: { count: 3, meanRating: 3.67, wouldCooperateAgain: rate(2, 3, 0.6667), peopleReached: 50 },
  },
  CityVerified: {
    needsPublished: 4,
    offersPublished: 1,
    matches: { pairs: 1, needsMatched: 1, mutual: 1 },
    proposals: { total: 4, pending: 0, accepted: 3, declined: 0, expired: 0, withdrawn: 1, acceptance: rate(3, 3, 1) },
    agreements: { total: 3, realisation: rate(3, 3, 1), completed: 2, estimatedHours: 68, estimatedValueEur: 2040, giveAndTake: { withGiveBack: 3, giveBackDelivered: rate(2, 3, 0.6667) } },
    deliveries: { count: 4, hours: 30, goods: [{ unit: 'items', quantity: 20 }, { unit: 'trips', quantity: 2 }], giveBackCount: 2, giveBackHours: 5 },
    evaluations: { count: 2, meanRating: 4.5, wouldCooperateAgain: rate(2, 2, 1), peopleReached: 40 },
  },
};

/** RFC 4180 parser for the test (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe('reports (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;
  let npH: Member, npN: Member, npR: Member, coH: Member, coR: Member;
  let cityOrganiser: Member, boroughOrganiser: Member, quarterOrganiser: Member, otherBoroughOrganiser: Member;

  const q = (sql: string, params: unknown[] = []) => t.ds.query(sql, params);

  const makeOrganiser = async (districtIds: string[]) => {
    const m = await signup(t.http, 'nonprofit', tree.quarter2.id);
    await t.http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
    return m;
  };

  async function need(org: Member, districtId: string, publishedAt: string | null): Promise<string> {
    const id = randomUUID();
    await q(
      `INSERT INTO needs (id, organisation_id, title, description, category, unit, quantity, district_id, give_back, status, lat, lon, published_at)
       VALUES ($1, $2, 'Umzugshelfer gesucht', 'Wir brauchen Hilfe beim Umzug unseres Jugendtreffs.', 'time', 'hours', 10, $3, 'Dankeschön-Fest', $4, 48.81, 9.21, $5)`,
      [id, org.organisationId, districtId, publishedAt ? 'published' : 'draft', publishedAt],
    );
    return id;
  }

  async function offer(org: Member, homeDistrictId: string, publishedAt: string): Promise<string> {
    const id = randomUUID();
    await q(
      `INSERT INTO offers (id, organisation_id, title, description, category, unit, capacity, district_ids, home_district_id, status, lat, lon, published_at)
       VALUES ($1, $2, 'Team hilft beim Umzug', 'Unser Team packt einen Tag lang mit an.', 'time', 'hours', 40, $3, $4, 'published', 48.81, 9.21, $5)`,
      [id, org.organisationId, [homeDistrictId], homeDistrictId, publishedAt],
    );
    return id;
  }

  async function match(needId: string, offerId: string, districtId: string, needOrg: Member, offerOrg: Member, mutual = false): Promise<void> {
    const id = randomUUID();
    await q(
      `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version, for_need, for_offer)
       VALUES ($1, $2, $3, $4, $5, $6, 0.8, '{"components":{},"distanceKm":1,"sharedTags":[]}', 'default.v1', true, true)`,
      [id, needId, offerId, districtId, needOrg.organisationId, offerOrg.organisationId],
    );
    if (mutual) {
      await q(
        `INSERT INTO match_reactions (id, need_id, offer_id, need_side, need_side_at, offer_side, offer_side_at) VALUES ($1, $2, $3, 'interested', now(), 'interested', now())`,
        [id, needId, offerId],
      );
    }
  }

  interface CoopSpec {
    districtId: string;
    np: Member;
    co: Member;
    needId: string;
    createdAt: string;
    status: string;
    decidedAt?: string;
    agreedAt?: string;
    completedAt?: string;
    cancelledAt?: string;
  }

  async function coop(s: CoopSpec): Promise<string> {
    const id = randomUUID();
    await q(
      `INSERT INTO cooperations (id, created_at, updated_at, status, district_id, nonprofit_id, company_id, need_id, proposed_by_organisation_id, message,
                                 decided_at, agreed_at, completed_at, cancelled_at)
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $5, 'Wir würden gern mit Ihnen zusammenarbeiten.', $8, $9, $10, $11)`,
      [id, s.createdAt, s.status, s.districtId, s.np.organisationId, s.co.organisationId, s.needId, s.decidedAt ?? null, s.agreedAt ?? null, s.completedAt ?? null, s.cancelledAt ?? null],
    );
    return id;
  }

  interface AgreementSpec {
    version?: number;
    /** both signed at this instant (null: only the nonprofit signed) */
    signedAt: string | null;
    hours: number | null;
    eur: number | null;
    supersededAt?: string;
  }

  async function agreement(cooperationId: string, org: { np: Member; co: Member }, a: AgreementSpec): Promise<void> {
    const contact = JSON.stringify({ name: 'Anna Schneider' });
    await q(
      `INSERT INTO agreements (cooperation_id, version, nonprofit_contact, company_contact, contribution_category, contribution_quantity, contribution_unit,
                               contribution_description, give_back_kind, give_back_description, starts_on, ends_on, place, estimated_hours, estimated_value_eur,
                               content_hash, created_by_organisation_id, nonprofit_signed_at, company_signed_at, signed_at, superseded_at)
       VALUES ($1, $2, $3, $3, 'time', 20, 'hours', 'Umzugshilfe', 'thank_you_event', 'Dankeschön-Fest mit den Jugendlichen', '2026-01-01', '2026-12-31',
               'Jugendtreff Hallschlag', $4, $5, 'hash', $6, $7, $8, $8, $9)`,
      [cooperationId, a.version ?? 1, contact, a.hours, a.eur, org.np.organisationId, a.signedAt ?? '2026-06-11T10:00:00Z', a.signedAt, a.supersededAt ?? null],
    );
  }

  async function delivery(cooperationId: string, side: 'company' | 'nonprofit', deliveredOn: string, hours: number | null, quantity?: number, unit?: string): Promise<void> {
    await q(
      `INSERT INTO cooperation_deliveries (cooperation_id, side, description, hours, quantity, unit, delivered_on) VALUES ($1, $2, 'Geleistet', $3, $4, $5, $6)`,
      [cooperationId, side, hours, quantity ?? null, unit ?? null, deliveredOn],
    );
  }

  async function evaluation(cooperationId: string, org: Member, side: 'company' | 'nonprofit', createdAt: string, rating: number, again: boolean, people: number | null): Promise<void> {
    await q(
      `INSERT INTO cooperation_evaluations (cooperation_id, organisation_id, side, rating, what_worked, would_cooperate_again, people_reached, created_at)
       VALUES ($1, $2, $3, $4, 'Gute Absprachen', $5, $6, $7)`,
      [cooperationId, org.organisationId, side, rating, again, people, createdAt],
    );
  }

  const verifyOrg = (m: Member, basis: string) => q(`UPDATE organisations SET verified_at = now(), verification_basis = $2 WHERE id = $1`, [m.organisationId, basis]);

  const report = async (m: Member, districtId: string, query = PERIOD) => (await t.http.get(`/v1/reports/districts/${districtId}?${query}`).set(m.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t.ds, t.http);
    tree = await makeTree(t.ds);
    [npH, npN, npR, coH, coR] = [
      await signup(t.http, 'nonprofit', tree.quarter.id),
      await signup(t.http, 'nonprofit', tree.quarter2.id),
      await signup(t.http, 'nonprofit', tree.otherQuarter.id),
      await signup(t.http, 'company', tree.quarter.id),
      await signup(t.http, 'company', tree.otherQuarter.id),
    ];
    await verifyOrg(npH, 'charitable_status');
    await verifyOrg(npR, 'charitable_status');
    await verifyOrg(coH, 'commercial_register');
    cityOrganiser = await makeOrganiser([tree.city.id]);
    boroughOrganiser = await makeOrganiser([tree.borough.id]);
    quarterOrganiser = await makeOrganiser([tree.quarter.id]);
    otherBoroughOrganiser = await makeOrganiser([tree.otherBorough.id]);

    const H = tree.quarter.id;
    const N = tree.quarter2.id;
    const R = tree.otherQuarter.id;

    const n1 = await need(npH, H, '2026-02-10T09:00:00Z');
    const n2 = await need(npH, H, '2025-12-31T23:00:00.000Z');
    const n3 = await need(npH, H, '2025-12-31T22:59:59.999Z');
    const n4 = await need(npN, N, '2026-06-30T21:59:59.999Z');
    await need(npN, N, '2026-06-30T22:00:00.000Z');
    await need(npN, N, null);
    const n7 = await need(npR, R, '2026-03-01T09:00:00Z');
    const n8 = await need(npH, H, '2026-04-01T09:00:00Z');

    const o1 = await offer(coH, H, '2026-03-15T09:00:00Z');
    await offer(coH, H, '2025-06-01T09:00:00Z');
    const o3 = await offer(coR, R, '2026-05-05T09:00:00Z');

    await match(n1, o1, H, npH, coH, true);
    await match(n1, o3, H, npH, coR);
    await match(n4, o1, N, npN, coH);
    await match(n3, o1, H, npH, coH);
    await match(n7, o3, R, npR, coR);

    const hh = { np: npH, co: coH };
    const c1 = await coop({ districtId: H, ...hh, needId: n1, createdAt: '2026-01-10T10:00:00Z', status: 'evaluated', decidedAt: '2026-01-12T10:00:00Z', agreedAt: '2026-01-20T10:00:00Z', completedAt: '2026-03-31T10:00:00Z' });
    await agreement(c1, hh, { signedAt: '2026-01-20T10:00:00Z', hours: 40, eur: 1200 });
    await delivery(c1, 'company', '2026-02-01', 16);
    await delivery(c1, 'company', '2026-03-01', 8, 20, 'items');
    await delivery(c1, 'nonprofit', '2026-03-20', 3);
    await evaluation(c1, npH, 'nonprofit', '2026-04-05T10:00:00Z', 5, true, 40);
    await evaluation(c1, coH, 'company', '2026-04-08T10:00:00Z', 4, true, null);

    const c2 = await coop({ districtId: H, ...hh, needId: n8, createdAt: '2026-02-01T10:00:00Z', status: 'active', decidedAt: '2026-02-03T10:00:00Z', agreedAt: '2026-02-15T10:00:00Z' });
    await agreement(c2, hh, { version: 1, signedAt: '2026-02-15T10:00:00Z', hours: 10, eur: 300, supersededAt: '2026-05-01T10:00:00Z' });
    await agreement(c2, hh, { version: 2, signedAt: '2026-05-01T10:00:00Z', hours: 20, eur: 600 });
    await delivery(c2, 'company', '2026-06-30', null, 2, 'trips');
    await delivery(c2, 'company', '2026-07-01', 5);

    const nh = { np: npN, co: coH };
    const c3 = await coop({ districtId: N, ...nh, needId: n4, createdAt: '2026-03-01T10:00:00Z', status: 'agreed', decidedAt: '2026-03-02T10:00:00Z', agreedAt: '2026-06-30T21:59:59.999Z' });
    await agreement(c3, nh, { signedAt: '2026-06-30T21:59:59.999Z', hours: 12, eur: null });

    await coop({ districtId: N, np: npN, co: coR, needId: n4, createdAt: '2026-03-05T10:00:00Z', status: 'declined', decidedAt: '2026-03-07T10:00:00Z' });
    await coop({ districtId: H, np: npH, co: coR, needId: n1, createdAt: '2026-04-01T10:00:00Z', status: 'expired', decidedAt: '2026-04-15T10:00:00Z' });
    await coop({ districtId: H, np: npH, co: coR, needId: n8, createdAt: '2026-05-01T10:00:00Z', status: 'proposed' });
    await coop({ districtId: H, ...hh, needId: n2, createdAt: '2026-05-10T10:00:00Z', status: 'cancelled', cancelledAt: '2026-05-11T10:00:00Z' });
    await coop({ districtId: H, ...hh, needId: n2, createdAt: '2026-05-20T10:00:00Z', status: 'cancelled', decidedAt: '2026-05-22T10:00:00Z', cancelledAt: '2026-06-01T10:00:00Z' });

    const c9 = await coop({ districtId: H, ...hh, needId: n3, createdAt: '2025-11-01T10:00:00Z', status: 'completed', decidedAt: '2025-11-03T10:00:00Z', agreedAt: '2026-01-05T10:00:00Z', completedAt: '2026-02-01T10:00:00Z' });
    await agreement(c9, hh, { signedAt: '2026-01-05T10:00:00Z', hours: 8, eur: 240 });
    await delivery(c9, 'company', '2025-12-31', 4);
    await delivery(c9, 'nonprofit', '2026-01-01', 2);
    await evaluation(c9, npH, 'nonprofit', '2026-07-02T10:00:00Z', 1, false, 5);

    await coop({ districtId: H, ...hh, needId: n1, createdAt: '2026-06-30T22:00:00.000Z', status: 'proposed' });

    const rr = { np: npR, co: coR };
    const c11 = await coop({ districtId: R, ...rr, needId: n7, createdAt: '2026-02-02T10:00:00Z', status: 'active', decidedAt: '2026-02-04T10:00:00Z', agreedAt: '2026-02-20T10:00:00Z' });
    await agreement(c11, rr, { signedAt: '2026-02-20T10:00:00Z', hours: 30, eur: 900 });
    await delivery(c11, 'company', '2026-03-03', 10, 5, 'persons');
    await evaluation(c11, npR, 'nonprofit', '2026-06-01T10:00:00Z', 2, false, 10);

    const c13 = await coop({ districtId: H, ...hh, needId: n3, createdAt: '2025-10-01T10:00:00Z', status: 'active', decidedAt: '2025-10-02T10:00:00Z', agreedAt: '2025-10-10T10:00:00Z' });
    await agreement(c13, hh, { version: 1, signedAt: '2025-10-10T10:00:00Z', hours: 50, eur: 5000, supersededAt: '2026-03-01T10:00:00Z' });
    await agreement(c13, hh, { version: 2, signedAt: '2026-03-01T10:00:00Z', hours: 60, eur: 6000 });
    await delivery(c13, 'company', '2026-02-02', 6);

    const c14 = await coop({ districtId: H, np: npH, co: coR, needId: n2, createdAt: '2026-06-10T10:00:00Z', status: 'accepted', decidedAt: '2026-06-12T10:00:00Z' });
    await agreement(c14, { np: npH, co: coR }, { signedAt: null, hours: 5, eur: 100 });
  });
  afterAll(() => t.close());

  describe('figures against the hand-computed table', () => {
    it('a city includes its Stadtbezirke and Quartiere; one entry per Stadtbezirk', async () => {
      const body = await report(cityOrganiser, tree.city.id);
      expect(body.district).toEqual({ id: tree.city.id, name: tree.city.name, slug: tree.city.slug, level: 'city' });
      expect(body.period).toEqual({ from: FROM, to: TO, timeZone: 'Europe/Berlin', fromInstant: '2025-12-31T23:00:00.000Z', toInstant: '2026-06-30T22:00:00.000Z' });
      expect(body.verifiedOnly).toBe(false);
      expect(body.figures).toEqual(EXPECTED.City);
      expect(body.children.map((c: { district: { name: string } }) => c.district.name)).toEqual(['Bad Cannstatt', 'Vaihingen']);
      expect(body.children[0].figures).toEqual(EXPECTED.B);
      expect(body.children[1].figures).toEqual(EXPECTED.V);
    });

    it('a Stadtbezirk: its Quartiere as children', async () => {
      const body = await report(boroughOrganiser, tree.borough.id);
      expect(body.figures).toEqual(EXPECTED.B);
      expect(body.children.map((c: { district: { id: string } }) => c.district.id)).toEqual([tree.quarter.id, tree.quarter2.id]);
      expect(body.children[0].figures).toEqual(EXPECTED.H);
      expect(body.children[1].figures).toEqual(EXPECTED.N);
    });

    it('a Quartier: only its own figures, no children', async () => {
      const body = await report(quarterOrganiser, tree.quarter.id);
      expect(body.figures).toEqual(EXPECTED.H);
      expect(body.children).toEqual([]);
      expect((await report(boroughOrganiser, tree.quarter2.id)).figures).toEqual(EXPECTED.N);
    });

    it('verifiedOnly=true counts only verified organisations (both parties for cooperations and matches)', async () => {
      const body = await report(cityOrganiser, tree.city.id, `${PERIOD}&verifiedOnly=true`);
      expect(body.verifiedOnly).toBe(true);
      expect(body.figures).toEqual(EXPECTED.CityVerified);
      // Vaihingen: npR is verified, coR is not: its need counts, its cooperation does not
      expect(body.children[1].figures).toMatchObject({ needsPublished: 1, offersPublished: 0, proposals: { total: 0 }, agreements: { total: 0 } });
      expect((await report(cityOrganiser, tree.city.id, `${PERIOD}&verifiedOnly=false`)).figures).toEqual(EXPECTED.City);
    });
  });

  describe('period boundaries', () => {
    it('moves items in and out at Berlin midnight: a period that ends a day earlier loses n4, c3 and c2\'s delivery on 2026-06-30', async () => {
      const body = await report(boroughOrganiser, tree.borough.id, `from=${FROM}&to=2026-06-30`);
      expect(body.period.toInstant).toBe('2026-06-29T22:00:00.000Z');
      expect(body.figures.needsPublished).toBe(3);
      expect(body.figures.agreements.total).toBe(3);
      expect(body.figures.deliveries.goods).toEqual([{ unit: 'items', quantity: 20 }]);
    });

    it('a period that starts a day earlier gains n3 (1 ms before 2026-01-01 in Berlin) and c9\'s company delivery on 2025-12-31', async () => {
      const body = await report(quarterOrganiser, tree.quarter.id, `from=2025-12-31&to=${TO}`);
      expect(body.period.fromInstant).toBe('2025-12-30T23:00:00.000Z');
      expect(body.figures.needsPublished).toBe(4);
      expect(body.figures.matches).toEqual({ pairs: 3, needsMatched: 2, mutual: 1 });
      expect(body.figures.deliveries).toMatchObject({ count: 5, hours: 34 });
    });

    it('a period after everything: zero counts and null rates', async () => {
      const body = await report(cityOrganiser, tree.city.id, 'from=2030-01-01&to=2030-02-01');
      expect(body.figures.needsPublished).toBe(0);
      expect(body.figures.proposals.acceptance).toEqual(rate(0, 0, null));
      expect(body.figures.agreements.realisation).toEqual(rate(0, 0, null));
      expect(body.figures.evaluations.meanRating).toBeNull();
    });

    it('defaults to the last 12 months, today included', async () => {
      const body = await report(cityOrganiser, tree.city.id, '');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
      expect(body.period.to > today).toBe(true);
      const from = new Date(`${body.period.from}T00:00:00Z`);
      const to = new Date(`${body.period.to}T00:00:00Z`);
      expect(to.getUTCFullYear() - from.getUTCFullYear()).toBe(1);
      expect((to.getTime() - from.getTime()) / 86_400_000).toBeGreaterThanOrEqual(365);
    });

    it.each<[string, string, string]>([
      ['from=2026-02-30', 'from', 'isDate'],
      ['from=01.01.2026', 'from', 'isDate'],
      ['from=2026-07-01&to=2026-01-01', 'to', 'periodOrder'],
      ['from=2026-01-01&to=2026-01-01', 'to', 'periodOrder'],
      ['from=2020-01-01&to=2026-01-01', 'to', 'periodTooLong'],
    ])('400 for %s', async (query, field, reason) => {
      const res = await t.http.get(`/v1/reports/districts/${tree.city.id}?${query}`).set(cityOrganiser.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field, reason })]);
    });

    it('400 for an unknown parameter, a bad format or verifiedOnly', async () => {
      for (const query of ['color=red', 'format=xlsx', 'verifiedOnly=ja']) {
        const res = await t.http.get(`/v1/reports/districts/${tree.city.id}?${query}`).set(cityOrganiser.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('CSV', () => {
    const csvRows = (text: string) => {
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(header).toEqual(['district_id', 'district_name', 'district_level', 'scope', 'figure', 'label', 'unit', 'value']);
      for (const r of rows) expect(r).toHaveLength(header.length);
      return rows;
    };
    const value = (rows: string[][], districtId: string, figure: string, unit?: string) => {
      const found = rows.filter((r) => r[0] === districtId && r[4] === figure && (unit === undefined || r[6] === unit));
      expect(found).toHaveLength(1);
      return found[0][7];
    };

    it('with Accept: text/csv: one row per district and figure, the same numbers as the JSON', async () => {
      const res = await t.http.get(`/v1/reports/districts/${tree.city.id}?${PERIOD}`).set(cityOrganiser.auth).set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="report-${tree.city.slug}-${FROM}-${TO}.csv"`);
      expect(res.headers.vary).toMatch(/Accept/);
      const rows = csvRows(res.text);
      const scopes = [...new Set(rows.map((r) => `${r[0]}|${r[1]}|${r[2]}|${r[3]}`))];
      expect(scopes).toEqual([`${tree.city.id}|Teststadt|city|total`, `${tree.borough.id}|Bad Cannstatt|borough|child`, `${tree.otherBorough.id}|Vaihingen|borough|child`]);
      const city = tree.city.id;
      expect(value(rows, city, 'needs_published')).toBe('5');
      expect(value(rows, city, 'offers_published')).toBe('2');
      expect(value(rows, city, 'matches')).toBe('4');
      expect(value(rows, city, 'proposals')).toBe('10');
      expect(value(rows, city, 'proposals_withdrawn')).toBe('1');
      expect(value(rows, city, 'acceptance_rate')).toBe('0.75');
      expect(value(rows, city, 'agreements')).toBe('5');
      expect(value(rows, city, 'agreements_realised')).toBe('4');
      expect(value(rows, city, 'realisation_rate')).toBe('0.8');
      expect(value(rows, city, 'estimated_value_eur')).toBe('2940');
      expect(value(rows, city, 'give_back_delivery_rate')).toBe('0.4');
      expect(value(rows, city, 'hours_delivered')).toBe('40');
      expect(value(rows, city, 'goods_delivered', 'items')).toBe('20');
      expect(value(rows, city, 'goods_delivered', 'persons')).toBe('5');
      expect(value(rows, city, 'goods_delivered', 'trips')).toBe('2');
      expect(value(rows, city, 'mean_rating')).toBe('3.67');
      expect(value(rows, city, 'would_cooperate_again_share')).toBe('0.6667');
      expect(value(rows, tree.borough.id, 'acceptance_rate')).toBe('0.7143');
      expect(value(rows, tree.otherBorough.id, 'goods_delivered', 'persons')).toBe('5');
      // German labels arrive intact (UTF-8)
      expect(rows.find((r) => r[4] === 'proposals_withdrawn')![5]).toBe('Anfragen zurückgezogen');
      expect(rows.find((r) => r[4] === 'would_cooperate_again_share')![5]).toBe('Anteil „würden wieder kooperieren“');
    });

    it('with ?format=csv (wins over Accept); null rates are empty cells; names with commas and quotes are quoted', async () => {
      // renamed through the API, so that the districts cache sees it at once
      await t.http.patch(`/v1/districts/${tree.quarter2.id}`).set(admin.auth).send({ name: 'Neckarvorstadt, "Süd"' }).expect(200);
      try {
        const res = await t.http.get(`/v1/reports/districts/${tree.borough.id}?${PERIOD}&format=csv`).set(boroughOrganiser.auth).set('Accept', 'application/json').expect(200);
        expect(res.text).toContain(`${tree.quarter2.id},"Neckarvorstadt, ""Süd""",quarter,child,`);
        const rows = csvRows(res.text);
        expect(value(rows, tree.quarter2.id, 'mean_rating')).toBe('');
        expect(value(rows, tree.quarter2.id, 'realisation_rate')).toBe('0');
        expect(rows.find((r) => r[0] === tree.quarter2.id)![1]).toBe('Neckarvorstadt, "Süd"');
      } finally {
        await t.http.patch(`/v1/districts/${tree.quarter2.id}`).set(admin.auth).send({ name: 'Neckarvorstadt' }).expect(200);
      }
    });

    it('JSON by default and with ?format=json', async () => {
      const plain = await t.http.get(`/v1/reports/districts/${tree.quarter.id}?${PERIOD}`).set(quarterOrganiser.auth).expect(200);
      expect(plain.headers['content-type']).toMatch(/^application\/json/);
      const forced = await t.http.get(`/v1/reports/districts/${tree.quarter.id}?${PERIOD}&format=json`).set(quarterOrganiser.auth).set('Accept', 'text/csv').expect(200);
      expect(forced.headers['content-type']).toMatch(/^application\/json/);
      expect(forced.body.figures).toEqual(EXPECTED.H);
    });
  });

  describe('through the real API', () => {
    it('a cooperation agreed by signatures and delivered through the routes shows up in the default period', async () => {
      const own = await makeTree(t.ds);
      const c = await acceptedCooperation(t.ds, t.http, own.quarter.id);
      const organiser = await makeOrganiser([own.borough.id]);
      const before = await report(organiser, own.quarter.id, '');
      expect(before.figures).toMatchObject({ needsPublished: 1, proposals: { total: 1, accepted: 1 }, agreements: { total: 0, realisation: rate(0, 0, null) } });

      const base = `/v1/cooperations/${c.id}/agreements`;
      const draft = (await t.http.post(base).set(c.company.auth).send(agreementBody()).expect(201)).body;
      await t.http.post(`${base}/${draft.version}/sign`).set(c.company.auth).send({ contentHash: draft.contentHash }).expect(200);
      // one signature is no agreement yet
      expect((await report(organiser, own.quarter.id, '')).figures.agreements.total).toBe(0);
      await t.http.post(`${base}/${draft.version}/sign`).set(c.nonprofit.auth).send({ contentHash: draft.contentHash }).expect(200);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
      await t.http.post(`/v1/cooperations/${c.id}/deliveries`).set(c.company.auth).send({ description: 'Acht Mitarbeitende beim Umzug', hours: 28, deliveredOn: today }).expect(201);

      const after = await report(organiser, own.quarter.id, '');
      expect(after.figures.agreements).toEqual({
        total: 1,
        realisation: rate(1, 1, 1),
        completed: 0,
        estimatedHours: 40,
        estimatedValueEur: 1200,
        giveAndTake: { withGiveBack: 1, giveBackDelivered: rate(0, 1, 0) },
      });
      expect(after.figures.deliveries).toMatchObject({ count: 1, hours: 28, giveBackCount: 0 });

      await t.http.post(`/v1/cooperations/${c.id}/deliveries`).set(c.nonprofit.auth).send({ description: 'Dankeschön-Fest mit 30 Gästen', deliveredOn: today }).expect(201);
      const balanced = await report(organiser, own.borough.id, '');
      expect(balanced.figures.agreements.giveAndTake.giveBackDelivered).toEqual(rate(1, 1, 1));
      expect(balanced.figures.deliveries).toMatchObject({ count: 1, giveBackCount: 1 });
      // the first city's figures are untouched
      expect((await report(cityOrganiser, tree.city.id)).figures).toEqual(EXPECTED.City);
    });
  });

  describe('authorisation', () => {
    it('organisers of the district or a district above it, and admins, read the report', async () => {
      expect((await report(quarterOrganiser, tree.quarter.id)).figures).toEqual(EXPECTED.H);
      expect((await report(boroughOrganiser, tree.quarter.id)).figures).toEqual(EXPECTED.H);
      expect((await report(cityOrganiser, tree.quarter.id)).figures).toEqual(EXPECTED.H);
      expect((await report(admin, tree.city.id)).figures).toEqual(EXPECTED.City);
    });

    it('403 for an organiser of another borough, of a Quartier asking for its borough, and for members', async () => {
      for (const [m, districtId] of [
        [otherBoroughOrganiser, tree.quarter.id],
        [otherBoroughOrganiser, tree.city.id],
        [quarterOrganiser, tree.borough.id],
        [npH, tree.quarter.id],
        [coH, tree.quarter.id],
      ] as Array<[Member, string]>) {
        const res = await t.http.get(`/v1/reports/districts/${districtId}?${PERIOD}`).set(m.auth).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      // the CSV route is the same route
      await t.http.get(`/v1/reports/districts/${tree.quarter.id}?format=csv`).set(npH.auth).expect(403);
    });

    it('401 without a token', async () => {
      const res = await t.http.get(`/v1/reports/districts/${tree.quarter.id}?${PERIOD}`).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('404 for an unknown district, 400 for a malformed id', async () => {
      expect((await t.http.get(`/v1/reports/districts/${UNKNOWN_ID}`).set(cityOrganiser.auth).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
      expect((await t.http.get(`/v1/reports/districts/${UNKNOWN_ID}`).set(admin.auth).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
      await t.http.get('/v1/reports/districts/not-a-uuid').set(admin.auth).expect(400);
    });
  });
});
