import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus, RegistrationStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, Member, publishedNeed, publishedOffer, signup, Tree } from '../factories';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

interface Suggestion {
  partner: { id: string; name: string; kind: string; verification: { verified: boolean; basis: string | null; verifiedAt: string | null } };
  score: number;
  matchId: string;
  need: { id: string; title: string };
  offer: { id: string; title: string };
  reasons: string[];
  meetingState: string;
  myWish: string | null;
  theirWish: string | null;
}

const BREAKDOWN = {
  components: { category: 1, tags: 0.5, text: 0.6, distance: 0.9, quantity: 1, timeframe: 1, causes: 0.3, giveBack: 1 },
  distanceKm: 1.2,
  sharedTags: ['umzug'],
};

/** "Talk to these": suggestion lists for the registered participants of a marketplace, on matches with known scores. */
describe('marketplace suggestions (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member;
  let otherOrganiser: Member;
  let admin: Member;
  let tafel: Member; // registered, names one of its two needs
  let jugendhaus: Member; // registered, names nothing: its published needs count
  let baeckerei: Member; // registered, names nothing
  let schulz: Member; // registered, names one of its two offers
  let mueller: Member; // registered, ties with baeckerei
  let weber: Member; // registered; its only match with the Tafel was dismissed
  let waitlisted: Member;
  let notRegistered: Member;
  let marketplace: Marketplace;
  const need: Record<string, { id: string }> = {};
  const offer: Record<string, { id: string }> = {};
  const matchIds: Record<string, string> = {};

  const makeMarketplace = async (status: MarketplaceStatus, registrations: Array<[Member, RegistrationStatus, { needIds?: string[]; offerIds?: string[] }?]>) => {
    const m = await newMarketplace(t.ds, tree, status);
    for (const [who, regStatus, brings] of registrations) {
      await register(t.ds, m, who, regStatus, { registeredAt: new Date(), waitlistPosition: regStatus === 'waitlisted' ? 1 : null, needIds: brings?.needIds ?? [], offerIds: brings?.offerIds ?? [] });
    }
    return m;
  };
  const suggestions = (by: Member | null, query: Record<string, string | number> = {}, m: { id: string } = marketplace) => {
    const req = t.http.get(`/v1/marketplaces/${m.id}/suggestions`).query(query);
    return by ? req.set(by.auth) : req;
  };
  const brief = (items: Suggestion[]) => items.map((s) => [s.partner.id, s.need.id, s.offer.id, s.score]);

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    tafel = await signup(t.http, 'nonprofit', tree.quarter.id);
    jugendhaus = await signup(t.http, 'nonprofit', tree.quarter.id);
    [baeckerei, schulz, mueller, weber, waitlisted, notRegistered] = await Promise.all(Array.from({ length: 6 }, () => signup(t.http, 'company', tree.quarter.id)));
    need.umzug = await publishedNeed(t.http, tafel, { title: 'Umzugshilfe für die Tafel' });
    need.fest = await publishedNeed(t.http, tafel, { title: 'Helfer für das Sommerfest' });
    need.hausaufgaben = await publishedNeed(t.http, jugendhaus, { title: 'Hausaufgabenhilfe' });
    need.renovierung = await publishedNeed(t.http, jugendhaus, { title: 'Renovierung des Jugendraums' });
    await t.http.post(`/v1/needs/${need.renovierung.id}/withdraw`).set(jugendhaus.auth).expect(200);
    offer.transporter = await publishedOffer(t.http, baeckerei, { title: 'Transporter mit Fahrer', districtIds: [tree.quarter.id] });
    offer.brot = await publishedOffer(t.http, baeckerei, { title: 'Brot vom Vortag', districtIds: [tree.quarter.id] });
    offer.farbe = await publishedOffer(t.http, schulz, { title: 'Wandfarbe und Pinsel', districtIds: [tree.quarter.id] });
    offer.sonst = await publishedOffer(t.http, schulz, { title: 'Malerarbeiten', districtIds: [tree.quarter.id] });
    offer.kisten = await publishedOffer(t.http, mueller, { title: 'Umzugskisten', districtIds: [tree.quarter.id] });
    offer.weber = await publishedOffer(t.http, weber, { title: 'Lagerfläche', districtIds: [tree.quarter.id] });
    offer.waitlisted = await publishedOffer(t.http, waitlisted, { title: 'Gabelstapler', districtIds: [tree.quarter.id] });
    offer.outside = await publishedOffer(t.http, notRegistered, { title: 'Lastenrad', districtIds: [tree.quarter.id] });

    // let the matching jobs finish, then replace their matches by known scores
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Matching));
    const quiet = async () => {
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`);
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      return n === 0 && Object.values(counts).every((c) => c === 0);
    };
    await waitFor(async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 60))) === undefined && (await quiet()), 'the matching queue to be idle', 30_000);
    await t.ds.query(`DELETE FROM matches WHERE need_id = ANY($1::uuid[])`, [Object.values(need).map((n) => n.id)]);
    const pairs: Array<[string, string, Member, Member, number]> = [
      ['umzug', 'transporter', tafel, baeckerei, 0.62],
      ['umzug', 'brot', tafel, baeckerei, 0.35], // the same partner again: its best counts
      ['fest', 'brot', tafel, baeckerei, 0.95], // a need the Tafel did not bring
      ['umzug', 'farbe', tafel, schulz, 0.7],
      ['umzug', 'sonst', tafel, schulz, 0.9], // an offer Schulz did not bring
      ['umzug', 'kisten', tafel, mueller, 0.62], // ties with the Bäckerei
      ['umzug', 'weber', tafel, weber, 0.8], // dismissed below
      ['umzug', 'waitlisted', tafel, waitlisted, 0.97], // only waitlisted
      ['umzug', 'outside', tafel, notRegistered, 0.99], // not registered
      ['hausaufgaben', 'brot', jugendhaus, baeckerei, 0.5],
      ['renovierung', 'farbe', jugendhaus, schulz, 0.9], // withdrawn, and the Jugendhaus named nothing
    ];
    for (const [n, o, np, co, score] of pairs) {
      const [{ id }] = await t.ds.query(
        `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version, for_need, for_offer)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::jsonb, 'default.v1', true, true) RETURNING id`,
        [need[n].id, offer[o].id, tree.quarter.id, np.organisationId, co.organisationId, score, JSON.stringify(BREAKDOWN)],
      );
      matchIds[`${n}×${o}`] = id;
    }
    await t.ds.query(`INSERT INTO match_reactions (id, need_id, offer_id, offer_side, offer_side_at) VALUES ($1, $2, $3, 'dismissed', now())`, [
      matchIds['umzug×weber'],
      need.umzug.id,
      offer.weber.id,
    ]);
    await t.ds.query(`UPDATE organisations SET verified_at = now(), verification_basis = 'commercial_register' WHERE id = $1`, [baeckerei.organisationId]);

    marketplace = await makeMarketplace('open', [
      [tafel, 'registered', { needIds: [need.umzug.id] }],
      [jugendhaus, 'registered'],
      [baeckerei, 'registered'],
      [schulz, 'registered', { offerIds: [offer.farbe.id] }],
      [mueller, 'registered'],
      [weber, 'registered'],
      [waitlisted, 'waitlisted'],
    ]);
  }, 60_000);
  afterAll(() => t.close());

  it('ranks the registered companies for the Tafel by the best match between what both brought; the rest left out', async () => {
    const res = (await suggestions(tafel).expect(200)).body as { organisationId: string; items: Suggestion[] };
    expect(res.organisationId).toBe(tafel.organisationId);
    const [bm, mb] = [baeckerei, mueller].sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1)); // equal scores: by partner id
    const offerOf = (m: Member) => (m === baeckerei ? offer.transporter.id : offer.kisten.id);
    expect(brief(res.items)).toEqual([
      [schulz.organisationId, need.umzug.id, offer.farbe.id, 0.7],
      [bm.organisationId, need.umzug.id, offerOf(bm), 0.62],
      [mb.organisationId, need.umzug.id, offerOf(mb), 0.62],
    ]);
    const top = res.items[0];
    expect(top).toMatchObject({
      partner: { id: schulz.organisationId, kind: 'company', verification: { verified: false, verifiedAt: null, basis: null } },
      matchId: matchIds['umzug×farbe'],
      need: { id: need.umzug.id, title: 'Umzugshilfe für die Tafel' },
      offer: { id: offer.farbe.id, title: 'Wandfarbe und Pinsel' },
      meetingState: 'waiting-for-you',
      myWish: null,
      theirWish: null,
    });
    // names are shown although nobody opted in to the public participant list
    expect(top.partner.name).toMatch(/^Weber Logistik .* GmbH$/);
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/participants`).expect(200)).body.items).toEqual([]);
    // the reasons are the match's own
    const match = (await t.http.get(`/v1/matches/${top.matchId}`).set(tafel.auth).expect(200)).body;
    expect(top.reasons).toEqual(match.reasons);
    expect(top.reasons).toContain('Gemeinsame Schlagworte: umzug.');
    const verified = res.items.find((s) => s.partner.id === baeckerei.organisationId)!;
    expect(verified.partner.verification).toEqual({ verified: true, verifiedAt: expect.any(String), basis: 'commercial_register' });
  });

  it('from the companies\' side: what the nonprofits brought counts (the Tafel its named need, the Jugendhaus its published ones)', async () => {
    expect(brief((await suggestions(baeckerei).expect(200)).body.items)).toEqual([
      [tafel.organisationId, need.umzug.id, offer.transporter.id, 0.62],
      [jugendhaus.organisationId, need.hausaufgaben.id, offer.brot.id, 0.5],
    ]);
    expect(brief((await suggestions(schulz).expect(200)).body.items)).toEqual([[tafel.organisationId, need.umzug.id, offer.farbe.id, 0.7]]);
    expect((await suggestions(weber).expect(200)).body.items).toEqual([]); // its only match was dismissed
  });

  it('shows the pair\'s meeting wish from each side', async () => {
    const asked = (await t.http.put(`/v1/marketplaces/${marketplace.id}/meeting-wishes/${schulz.organisationId}`).set(tafel.auth).send({ wish: 'must' }).expect(200)).body;
    expect(asked.matchScore).toBe(0.7); // the meeting wish scores the pair by the same rule (not 0.9: Schulz did not bring that offer)
    expect((await suggestions(tafel).expect(200)).body.items[0]).toMatchObject({ partner: { id: schulz.organisationId }, meetingState: 'waiting-for-them', myWish: 'must', theirWish: null });
    expect((await suggestions(schulz).expect(200)).body.items[0]).toMatchObject({ partner: { id: tafel.organisationId }, meetingState: 'waiting-for-you', myWish: null, theirWish: 'must' });
  });

  it('takes a limit (default 10, at most 50)', async () => {
    expect(brief((await suggestions(tafel, { limit: 1 }).expect(200)).body.items)).toEqual([[schulz.organisationId, need.umzug.id, offer.farbe.id, 0.7]]);
    for (const limit of [0, 51, 'viele']) expect((await suggestions(tafel, { limit }).expect(400)).body.errors[0].field).toBe('limit');
  });

  it('the event\'s organisers and admins name the participant; they see its list', async () => {
    const own = (await suggestions(tafel).expect(200)).body;
    expect((await suggestions(organiser, { organisationId: tafel.organisationId }).expect(200)).body).toEqual(own);
    expect((await suggestions(admin, { organisationId: tafel.organisationId }).expect(200)).body).toEqual(own);
    expect((await suggestions(admin).expect(400)).body.errors[0]).toMatchObject({ field: 'organisationId', reason: 'required' });
    expect((await suggestions(organiser, { organisationId: notRegistered.organisationId }).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await suggestions(organiser, { organisationId: waitlisted.organisationId }).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
    await suggestions(organiser, { organisationId: 'nicht-uuid' }).expect(400);
  });

  it('refuses non-participants, other organisations\' members, organisers of another district and anonymous callers', async () => {
    expect((await suggestions(notRegistered).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await suggestions(waitlisted).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await suggestions(baeckerei, { organisationId: tafel.organisationId }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await suggestions(otherOrganiser, { organisationId: tafel.organisationId }).expect(403)).body.code).toBe('FORBIDDEN');
    await suggestions(null).expect(401);
    await suggestions(null, { organisationId: tafel.organisationId }).expect(401);
    expect((await suggestions(tafel, {}, { id: randomUUID() }).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
  });

  it('is made while registration or the event is on (open, closed, scheduled, running); a draft is not shown to participants', async () => {
    for (const status of ['closed', 'scheduled', 'running'] as const) {
      const m = await makeMarketplace(status, [[tafel, 'registered', { needIds: [need.umzug.id] }], [schulz, 'registered']]);
      expect(brief((await suggestions(tafel, {}, m).expect(200)).body.items)).toEqual([[schulz.organisationId, need.umzug.id, offer.sonst.id, 0.9]]); // Schulz named nothing here
    }
    for (const status of ['finished', 'reported', 'cancelled'] as const) {
      const m = await makeMarketplace(status, [[tafel, 'registered'], [schulz, 'registered']]);
      expect((await suggestions(tafel, {}, m).expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: status });
    }
    const draft = await makeMarketplace('draft', [[tafel, 'registered'], [schulz, 'registered']]);
    expect((await suggestions(tafel, {}, draft).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    expect((await suggestions(organiser, { organisationId: tafel.organisationId }, draft).expect(409)).body.code).toBe('INVALID_TRANSITION');
  });
});
