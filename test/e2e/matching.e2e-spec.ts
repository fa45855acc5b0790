import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MatchingEngine } from '../../src/modules/matching/matching.engine';
import { COMPONENTS, DEFAULT_WEIGHTS } from '../../src/modules/matching/scoring/model';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, publishedNeed, publishedOffer, signup, Tree } from '../factories';

interface Component {
  name: string;
  value: number;
  weight: number;
  contribution: number;
}
interface Org {
  id: string;
  name: string;
  kind: string;
  description: string;
  website: string | null;
  districtId: string;
  causeAreas: string[];
  giveBacks: string[];
}
interface Listing {
  id: string;
  title: string;
  category: string;
  tags: string[];
  organisation: Org;
  wantsInReturn: string[];
  giveBack: string | null;
}
interface MatchBody {
  id: string;
  score: number;
  districtId: string;
  need: Listing;
  offer: Listing;
  breakdown: { components: Component[]; distanceKm: number; sharedTags: string[] };
  reasons: string[];
  reactions: { need: string | null; offer: string | null; mutual: boolean };
  weightsVersion: string;
  computedAt: string;
}
interface MatchPage {
  items: MatchBody[];
  nextCursor: string | null;
}
type Weights = Record<(typeof COMPONENTS)[number], number> & { distanceHalfLifeKm: number };

const FUTURE = { startsAt: '2031-03-01T08:00:00.000Z', endsAt: '2031-03-31T18:00:00.000Z' };
const JAN_2030 = { startsAt: '2030-01-01T08:00:00.000Z', endsAt: '2030-01-31T18:00:00.000Z' };
const UNKNOWN_ID = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

describe('matching (real PostgreSQL + Redis, worker in process)', () => {
  let t: TestApp;
  let queue: Queue;
  let engine: MatchingEngine;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp({}, { ownDatabase: 'matching' });
    queue = t.app.get<Queue>(getQueueToken(QueueName.Matching));
    engine = t.app.get(MatchingEngine);
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(() => t.close());

  // ---------------------------------------------------------------- helpers

  const needMatches = async (m: Member, needId: string, query = '') => (await t.http.get(`/v1/needs/${needId}/matches${query}`).set(m.auth).expect(200)).body as MatchPage;
  const offerMatches = async (m: Member, offerId: string, query = '') => (await t.http.get(`/v1/offers/${offerId}/matches${query}`).set(m.auth).expect(200)).body as MatchPage;
  const pair = (page: MatchPage, needId: string, offerId: string) => page.items.find((i) => i.need.id === needId && i.offer.id === offerId);

  /** Polls the need's list until the pair is there (and, optionally, satisfies `ok`). */
  const waitForPair = (m: Member, needId: string, offerId: string, ok: (x: MatchBody) => boolean = () => true, what = 'the pair') =>
    waitFor(async () => {
      const found = pair(await needMatches(m, needId, '?limit=100'), needId, offerId);
      return found && ok(found) ? found : undefined;
    }, `${what} ${needId} × ${offerId} in the need's matches`);

  const waitForGone = (m: Member, needId: string, offerId: string) =>
    waitFor(async () => !pair(await needMatches(m, needId, '?limit=100'), needId, offerId), `the pair ${needId} × ${offerId} to leave the need's matches`);

  const rows = (sql: string, params: unknown[]) => t.ds.query(sql, params) as Promise<Array<Record<string, unknown>>>;
  const storedPairs = async (needId: string, offerId: string) =>
    Number((await rows(`SELECT count(*)::int AS n FROM matches WHERE need_id = $1 AND offer_id = $2`, [needId, offerId]))[0].n);

  /**
   * No event is due in the outbox and no matching job waits or runs (checked twice, a moment
   * apart). Delayed jobs (the nightly scheduler's next run, retries) do not count.
   */
  const idle = async () => {
    const quiet = async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`, []);
      if (Number(n) > 0) return false;
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      return Object.values(counts).every((c) => c === 0);
    };
    await waitFor(async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 60))) === undefined && (await quiet()), 'the matching queue to be idle', 30_000);
  };

  const job = async (m: Member, id: string) => (await t.http.get(`/v1/jobs/${id}`).set(m.auth).expect(200)).body as {
    id: string;
    name: string;
    state: string;
    progress: number;
    result: Record<string, unknown> | null;
    error: string | null;
    data: Record<string, unknown>;
    createdAt: string;
    finishedAt: string | null;
  };
  const waitForJob = (m: Member, id: string) =>
    waitFor(async () => {
      const j = await job(m, id);
      if (j.state === 'failed') throw new Error(`job ${id} failed: ${j.error}`);
      return j.state === 'completed' ? j : undefined;
    }, `job ${id} to complete`, 30_000);

  const rematch = async (m: Member, districtId: string) => {
    const res = await t.http.post(`/v1/districts/${districtId}/rematch`).set(m.auth).expect(202);
    return waitForJob(m, res.body.jobId as string);
  };

  const makeOrganiser = async (districtIds: string[], home: string) => {
    const m = await signup(t.http, 'nonprofit', home);
    await t.http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
    return m;
  };

  const expectedScore = (m: MatchBody, w: Weights) => {
    const sum = COMPONENTS.reduce((s, c) => s + w[c], 0);
    const value = (c: string) => m.breakdown.components.find((x) => x.name === c)!.value;
    return COMPONENTS.reduce((s, c) => s + w[c] * value(c), 0) / sum;
  };

  /** A fresh city with a nonprofit and a company in the same Quartier. */
  const world = async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id, { lat: 48.8135, lon: 9.2105, causeAreas: ['quality-education'], giveBacks: ['thank_you_event', 'visibility'] });
    const company = await signup(t.http, 'company', tree.quarter.id, { lat: 48.812, lon: 9.209, description: 'Spedition im Quartier', website: 'https://weber.example' });
    return { tree, np, company };
  };

  // ------------------------------------------------- 1. publish → visible

  describe('publish → visible', () => {
    let w: Awaited<ReturnType<typeof world>>;
    let company2: Member;
    let need: { id: string };
    let offer: { id: string };
    let goodsNeed: { id: string };
    let skillsOffer: { id: string };
    let lateNeed: { id: string };
    let earlyOffer: { id: string };
    let elsewhereOffer: { id: string };

    beforeAll(async () => {
      w = await world();
      company2 = await signup(t.http, 'company', w.tree.quarter.id);
      need = await publishedNeed(t.http, w.np);
      offer = await publishedOffer(t.http, w.company, { wantsInReturn: ['visibility'] });
      goodsNeed = await publishedNeed(t.http, w.np, { title: 'Tische und Stühle für den Treff', category: 'goods', unit: 'items', tags: ['möbel'] });
      skillsOffer = await publishedOffer(t.http, company2, { title: 'Beratung zur Buchhaltung', category: 'skills', tags: ['buchhaltung'], description: 'Unsere Steuerfachleute beraten Vereine zur Buchhaltung und Kassenprüfung.' });
      lateNeed = await publishedNeed(t.http, w.np, { title: 'Helfende für das Frühlingsfest', ...FUTURE });
      earlyOffer = await publishedOffer(t.http, company2, { title: 'Helfende im Januar', ...JAN_2030 });
      elsewhereOffer = await publishedOffer(t.http, company2, { title: 'Umzugshilfe in Rohr', districtIds: [w.tree.otherQuarter.id] });
    });

    it('shows the pair on the need with an explained score once the worker has matched it', async () => {
      const m = await waitForPair(w.np, need.id, offer.id);
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(m.districtId).toBe(w.tree.quarter.id);
      expect(m.weightsVersion).toBe('default.v1');
      expect(m.breakdown.components.map((c) => c.name)).toEqual([...COMPONENTS]);
      for (const c of m.breakdown.components) {
        expect(c.value).toBeGreaterThanOrEqual(0);
        expect(c.value).toBeLessThanOrEqual(1);
        expect(c.weight).toBe(DEFAULT_WEIGHTS[c.name as (typeof COMPONENTS)[number]]);
      }
      const sum = m.breakdown.components.reduce((s, c) => s + c.contribution, 0);
      expect(Math.abs(sum - m.score)).toBeLessThan(1e-3);
      expect(m.breakdown.components.find((c) => c.name === 'category')!.value).toBe(1);
      expect(m.breakdown.sharedTags).toEqual(['umzug']);
      expect(m.breakdown.distanceKm).toBeGreaterThanOrEqual(0);
      expect(m.breakdown.distanceKm).toBeLessThan(1);
      expect(m.reasons.length).toBeGreaterThan(0);
      for (const r of m.reasons) expect(r).toMatch(/\S/);
      expect(m.reasons).toEqual(expect.arrayContaining(['Gleiche Kategorie: Zeit.', 'Gemeinsame Schlagworte: umzug.', expect.stringMatching(/km vom Unternehmen entfernt\.$/)]));
      // the company wants visibility, which the nonprofit can give back
      expect(m.breakdown.components.find((c) => c.name === 'giveBack')!.value).toBe(1);
      expect(m.reasons).toContain('Die gewünschte Gegenleistung kann erbracht werden.');
      expect(m.reactions).toEqual({ need: null, offer: null, mutual: false });
      // the other side's profile
      expect(m.offer.organisation).toMatchObject({ id: w.company.organisationId, kind: 'company', description: 'Spedition im Quartier', website: 'https://weber.example', districtId: w.tree.quarter.id });
      expect(m.offer).toMatchObject({ id: offer.id, wantsInReturn: ['visibility'] });
      expect(m.need.organisation).toMatchObject({ id: w.np.organisationId, kind: 'nonprofit', causeAreas: ['quality-education'] });
      expect(m.need.organisation.giveBacks).toEqual(expect.arrayContaining(['thank_you_event', 'visibility']));
      expect(new Date(m.computedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    });

    it('shows the same pair, same id and score, on the offer', async () => {
      const fromNeed = await waitForPair(w.np, need.id, offer.id);
      const fromOffer = await waitFor(async () => pair(await offerMatches(w.company, offer.id, '?limit=100'), need.id, offer.id), 'the pair on the offer');
      expect(fromOffer).toEqual(fromNeed);
      expect((await t.http.get(`/v1/matches/${fromNeed.id}`).set(w.company.auth).expect(200)).body).toEqual(fromNeed);
    });

    it('never pairs incompatible categories, disjoint timeframes or an offer for another district without radius', async () => {
      // positive controls: each of these listings does match something
      await waitForPair(w.np, need.id, skillsOffer.id); // time need × skills offer: related categories
      await waitForPair(w.np, lateNeed.id, offer.id); // an open offer covers the spring
      await waitForPair(w.np, need.id, earlyOffer.id); // an open need overlaps January
      await idle();
      // and a full recompute of the Quartier agrees
      await engine.rematchDistrict(w.tree.quarter.id);
      const goods = await needMatches(w.np, goodsNeed.id, '?limit=100');
      expect(goods.items).toEqual([]); // goods vs skills, goods vs time: incompatible
      expect(pair(await needMatches(w.np, lateNeed.id, '?limit=100'), lateNeed.id, earlyOffer.id)).toBeUndefined();
      expect(pair(await needMatches(w.np, need.id, '?limit=100'), need.id, elsewhereOffer.id)).toBeUndefined();
      expect((await offerMatches(company2, elsewhereOffer.id, '?limit=100')).items).toEqual([]);
      expect((await offerMatches(company2, skillsOffer.id, '?limit=100')).items.map((i) => i.need.id)).not.toContain(goodsNeed.id);
      for (const [n, o] of [
        [goodsNeed.id, skillsOffer.id],
        [goodsNeed.id, offer.id],
        [lateNeed.id, earlyOffer.id],
        [need.id, elsewhereOffer.id],
      ]) {
        expect(await storedPairs(n, o)).toBe(0);
      }
      const related = await waitForPair(w.np, need.id, skillsOffer.id);
      expect(related.breakdown.components.find((c) => c.name === 'category')!.value).toBe(0.5);
      expect(related.reasons).toContain('Verwandte Kategorie: Know-how für einen Bedarf an Zeit.');
    });

    // ---------------------------------------------------- 8. validation, pagination

    describe('query validation and pagination', () => {
      let organiser: Member;
      beforeAll(async () => {
        organiser = await makeOrganiser([w.tree.borough.id], w.tree.otherQuarter.id);
        await waitForPair(w.np, need.id, earlyOffer.id);
        await waitForPair(w.np, need.id, skillsOffer.id);
        await idle();
      });

      it('GET /v1/matches needs a valid districtId', async () => {
        const missing = await t.http.get('/v1/matches').set(organiser.auth).expect(400);
        expect(missing.body.code).toBe('VALIDATION_FAILED');
        expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('districtId');
        const bad = await t.http.get('/v1/matches?districtId=not-a-uuid').set(organiser.auth).expect(400);
        expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('districtId');
        expect((await t.http.get(`/v1/matches?districtId=${UNKNOWN_ID}`).set(organiser.auth).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
      });

      it('refuses bad ids, minScore out of range, bad limits and bad cursors', async () => {
        const badId = await t.http.get('/v1/needs/not-a-uuid/matches').set(w.np.auth).expect(400);
        expect(badId.body.errors[0]).toMatchObject({ field: 'id', reason: 'isUuid' });
        await t.http.get('/v1/offers/123/matches').set(w.company.auth).expect(400);
        await t.http.get('/v1/matches/123').set(w.company.auth).expect(400);
        await t.http.post('/v1/matches/123/interest').set(w.company.auth).expect(400);
        expect((await t.http.get(`/v1/needs/${UNKNOWN_ID}/matches`).set(w.np.auth).expect(404)).body.code).toBe('NEED_NOT_FOUND');
        expect((await t.http.get(`/v1/offers/${UNKNOWN_ID}/matches`).set(w.company.auth).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
        expect((await t.http.get(`/v1/matches/${UNKNOWN_ID}`).set(w.company.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
        for (const q of ['minScore=2', 'minScore=-0.1', 'minScore=abc']) {
          const res = await t.http.get(`/v1/needs/${need.id}/matches?${q}`).set(w.np.auth).expect(400);
          expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('minScore');
        }
        const mutual = await t.http.get(`/v1/needs/${need.id}/matches?mutual=maybe`).set(w.np.auth).expect(400);
        expect(mutual.body.errors.map((e: { field: string }) => e.field)).toContain('mutual');
        const limit = await t.http.get(`/v1/needs/${need.id}/matches?limit=0`).set(w.np.auth).expect(400);
        expect(limit.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
        const minScoreDistrict = await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}&minScore=2`).set(organiser.auth).expect(400);
        expect(minScoreDistrict.body.errors.map((e: { field: string }) => e.field)).toContain('minScore');
        for (const cursor of ['garbage', Buffer.from(JSON.stringify({ s: 'need:x', v: 1, id: UNKNOWN_ID })).toString('base64url')]) {
          const res = await t.http.get(`/v1/needs/${need.id}/matches?cursor=${cursor}`).set(w.np.auth).expect(400);
          expect(res.body.code).toBe('INVALID_CURSOR');
        }
        // a cursor of another list is refused too
        const offerPage = await offerMatches(w.company, offer.id, '?limit=1');
        if (offerPage.nextCursor) {
          expect((await t.http.get(`/v1/needs/${need.id}/matches?cursor=${offerPage.nextCursor}`).set(w.np.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
        }
        const bad = await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}&cursor=garbage`).set(organiser.auth).expect(400);
        expect(bad.body.code).toBe('INVALID_CURSOR');
      });

      it('filters by minScore', async () => {
        const all = await needMatches(w.np, need.id, '?limit=100');
        expect(all.items.length).toBeGreaterThanOrEqual(3);
        const threshold = all.items[1].score;
        const some = await needMatches(w.np, need.id, `?limit=100&minScore=${threshold}`);
        expect(some.items.length).toBeGreaterThanOrEqual(2);
        expect(some.items.every((i) => i.score >= threshold)).toBe(true);
        expect(some.items.map((i) => i.id)).toEqual(all.items.filter((i) => i.score >= threshold).map((i) => i.id));
      });

      it('pages a need list one by one: distinct items, best first, the same as one big page', async () => {
        const all = await needMatches(w.np, need.id, '?limit=100');
        expect(all.nextCursor).toBeNull();
        const seen: MatchBody[] = [];
        let cursor: string | null = null;
        do {
          const page: MatchPage = await needMatches(w.np, need.id, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.items.length).toBeLessThanOrEqual(1);
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && seen.length < 50);
        expect(seen.length).toBe(all.items.length);
        expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
        for (let i = 1; i < seen.length; i++) expect(seen[i - 1].score).toBeGreaterThanOrEqual(seen[i].score);
        expect(seen.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
      });

      it('pages a district list the same way', async () => {
        const all = (await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}&limit=100`).set(organiser.auth).expect(200)).body as MatchPage;
        expect(all.items.length).toBeGreaterThanOrEqual(4);
        const first = (await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}&limit=1`).set(organiser.auth).expect(200)).body as MatchPage;
        expect(first.nextCursor).toEqual(expect.any(String));
        const second = (await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}&limit=1&cursor=${first.nextCursor}`).set(organiser.auth).expect(200)).body as MatchPage;
        expect(second.items).toHaveLength(1);
        expect(second.items[0].id).not.toBe(first.items[0].id);
        expect(first.items[0].score).toBeGreaterThanOrEqual(second.items[0].score);
        expect([first.items[0].id, second.items[0].id]).toEqual(all.items.slice(0, 2).map((i) => i.id));
        for (let i = 1; i < all.items.length; i++) expect(all.items[i - 1].score).toBeGreaterThanOrEqual(all.items[i].score);
        // a need-list cursor does not fit the district list
        const needPage = await needMatches(w.np, need.id, '?limit=1');
        expect((await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}&cursor=${needPage.nextCursor}`).set(organiser.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
      });
    });

    // ---------------------------------------------------- 4. authorization

    describe('authorization', () => {
      let match: MatchBody;
      let otherNp: Member;
      let otherCompany: Member;
      let quarterOrganiser: Member;
      let boroughOrganiser: Member;
      let elsewhereOrganiser: Member;

      beforeAll(async () => {
        match = await waitForPair(w.np, need.id, offer.id);
        otherNp = await signup(t.http, 'nonprofit', w.tree.quarter.id);
        otherCompany = await signup(t.http, 'company', w.tree.quarter.id);
        // organisers are members of an uninvolved nonprofit elsewhere
        quarterOrganiser = await makeOrganiser([w.tree.quarter.id], w.tree.otherQuarter.id);
        boroughOrganiser = await makeOrganiser([w.tree.borough.id], w.tree.otherQuarter.id);
        elsewhereOrganiser = await makeOrganiser([w.tree.otherBorough.id], w.tree.otherQuarter.id);
        await idle();
      });

      it('refuses unauthenticated requests (401) on every matching resource', async () => {
        await t.http.get(`/v1/needs/${need.id}/matches`).expect(401);
        await t.http.get(`/v1/offers/${offer.id}/matches`).expect(401);
        await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}`).expect(401);
        await t.http.get(`/v1/matches/${match.id}`).expect(401);
        await t.http.post(`/v1/matches/${match.id}/interest`).expect(401);
        await t.http.post(`/v1/matches/${match.id}/dismiss`).expect(401);
        await t.http.delete(`/v1/matches/${match.id}/reaction`).expect(401);
        await t.http.post(`/v1/districts/${w.tree.quarter.id}/rematch`).expect(401);
        await t.http.post('/v1/matching/rematch-all').expect(401);
        await t.http.get(`/v1/jobs/rematch-district.${w.tree.quarter.id}.x`).expect(401);
        await t.http.put(`/v1/districts/${w.tree.city.id}/matching-weights`).send({ ...DEFAULT_WEIGHTS }).expect(401);
      });

      it("keeps other organisations out: 403 on the lists, 404 MATCH_NOT_FOUND on the match and its reactions", async () => {
        for (const m of [otherNp, otherCompany]) {
          expect((await t.http.get(`/v1/needs/${need.id}/matches`).set(m.auth).expect(403)).body.code).toBe('FORBIDDEN');
          expect((await t.http.get(`/v1/offers/${offer.id}/matches`).set(m.auth).expect(403)).body.code).toBe('FORBIDDEN');
          expect((await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}`).set(m.auth).expect(403)).body.code).toBe('FORBIDDEN');
          expect((await t.http.get(`/v1/matches/${match.id}`).set(m.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
          expect((await t.http.post(`/v1/matches/${match.id}/interest`).set(m.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
          expect((await t.http.post(`/v1/matches/${match.id}/dismiss`).set(m.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
          expect((await t.http.delete(`/v1/matches/${match.id}/reaction`).set(m.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
        }
        // the company of the offer does not see the need's whole list, nor the nonprofit the offer's
        await t.http.get(`/v1/needs/${need.id}/matches`).set(w.company.auth).expect(403);
        await t.http.get(`/v1/offers/${offer.id}/matches`).set(w.np.auth).expect(403);
        // nothing changed
        const after = await t.http.get(`/v1/matches/${match.id}`).set(w.np.auth).expect(200);
        expect(after.body.reactions).toEqual({ need: null, offer: null, mutual: false });
        expect(Number((await rows(`SELECT count(*)::int AS n FROM match_reactions WHERE id = $1`, [match.id]))[0].n)).toBe(0);
      });

      it('lets organisers of the Quartier or its borough read the lists and the match, but not react (403)', async () => {
        for (const org of [quarterOrganiser, boroughOrganiser]) {
          expect(pair(await needMatches(org, need.id, '?limit=100'), need.id, offer.id)?.id).toBe(match.id);
          expect(pair(await offerMatches(org, offer.id, '?limit=100'), need.id, offer.id)?.id).toBe(match.id);
          const district = (await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}&limit=100`).set(org.auth).expect(200)).body as MatchPage;
          expect(district.items.map((i) => i.id)).toContain(match.id);
          expect(district.items.every((i) => i.districtId === w.tree.quarter.id)).toBe(true);
          expect((await t.http.get(`/v1/matches/${match.id}`).set(org.auth).expect(200)).body.id).toBe(match.id);
          expect((await t.http.post(`/v1/matches/${match.id}/interest`).set(org.auth).expect(403)).body.code).toBe('FORBIDDEN');
          expect((await t.http.post(`/v1/matches/${match.id}/dismiss`).set(org.auth).expect(403)).body.code).toBe('FORBIDDEN');
          expect((await t.http.delete(`/v1/matches/${match.id}/reaction`).set(org.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
        }
        const borough = (await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}&limit=100`).set(boroughOrganiser.auth).expect(200)).body as MatchPage;
        expect(borough.items.map((i) => i.id)).toContain(match.id);
        // a Quartier's organiser does not organise the borough above it
        await t.http.get(`/v1/matches?districtId=${w.tree.borough.id}`).set(quarterOrganiser.auth).expect(403);
        expect(Number((await rows(`SELECT count(*)::int AS n FROM match_reactions WHERE id = $1`, [match.id]))[0].n)).toBe(0);
      });

      it("keeps organisers of another district out of this district's matches", async () => {
        expect((await t.http.get(`/v1/matches?districtId=${w.tree.quarter.id}`).set(elsewhereOrganiser.auth).expect(403)).body.code).toBe('FORBIDDEN');
        await t.http.get(`/v1/matches?districtId=${w.tree.city.id}`).set(elsewhereOrganiser.auth).expect(403);
        await t.http.get(`/v1/needs/${need.id}/matches`).set(elsewhereOrganiser.auth).expect(403);
        // an offer's list shows an organiser only the matches in their districts: none here
        expect((await offerMatches(elsewhereOrganiser, offer.id, '?limit=100')).items).toEqual([]);
        expect((await t.http.get(`/v1/matches/${match.id}`).set(elsewhereOrganiser.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
        // their own district is fine (and empty of this city's Quartier)
        const own = (await t.http.get(`/v1/matches?districtId=${w.tree.otherBorough.id}&limit=100`).set(elsewhereOrganiser.auth).expect(200)).body as MatchPage;
        expect(own.items.map((i) => i.id)).not.toContain(match.id);
      });

      it('lets admins read everything', async () => {
        expect(pair(await needMatches(admin, need.id, '?limit=100'), need.id, offer.id)?.id).toBe(match.id);
        expect(pair(await offerMatches(admin, offer.id, '?limit=100'), need.id, offer.id)?.id).toBe(match.id);
        const city = (await t.http.get(`/v1/matches?districtId=${w.tree.city.id}&limit=100`).set(admin.auth).expect(200)).body as MatchPage;
        expect(city.items.map((i) => i.id)).toContain(match.id);
        await t.http.get(`/v1/matches/${match.id}`).set(admin.auth).expect(200);
      });

      it('POST /v1/districts/{id}/rematch: members 403, other organisers 403, organisers 202 with jobId and Location', async () => {
        for (const m of [w.np, w.company, elsewhereOrganiser]) {
          expect((await t.http.post(`/v1/districts/${w.tree.quarter.id}/rematch`).set(m.auth).expect(403)).body.code).toBe('FORBIDDEN');
        }
        await t.http.post(`/v1/districts/${w.tree.borough.id}/rematch`).set(quarterOrganiser.auth).expect(403);
        await t.http.post('/v1/districts/not-a-uuid/rematch').set(quarterOrganiser.auth).expect(400);
        expect((await t.http.post(`/v1/districts/${UNKNOWN_ID}/rematch`).set(admin.auth).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
        const res = await t.http.post(`/v1/districts/${w.tree.quarter.id}/rematch`).set(quarterOrganiser.auth).expect(202);
        expect(res.body).toEqual({ jobId: expect.stringMatching(/^rematch-district\./), deduplicated: expect.any(Boolean) });
        expect(res.headers.location).toBe(`/v1/jobs/${res.body.jobId}`);
        const jobId = res.body.jobId as string;

        // GET /v1/jobs/{id}: the requester, other organisers of the district and admins; not members
        const mine = await job(quarterOrganiser, jobId);
        expect(mine).toMatchObject({ id: jobId, name: 'rematch-district' });
        expect(mine.data).toMatchObject({ districtId: w.tree.quarter.id });
        expect(mine.data).not.toHaveProperty('requestedBy');
        expect((await job(admin, jobId)).id).toBe(jobId);
        expect((await job(boroughOrganiser, jobId)).id).toBe(jobId);
        for (const m of [w.np, w.company, elsewhereOrganiser]) {
          expect((await t.http.get(`/v1/jobs/${jobId}`).set(m.auth).expect(404)).body.code).toBe('JOB_NOT_FOUND');
        }
        await waitForJob(quarterOrganiser, jobId);
        await idle();
      });

      it('answers 404 JOB_NOT_FOUND for malformed, unknown and foreign-queue job ids', async () => {
        for (const id of ['nonsense', 'rematch-district', 'rematch-district.', 'REMATCH.x', 'rematch-district.a%3Ab', 'rematch-district.a%20b', `rematch-district.${'x'.repeat(201)}`, 'no-such-job.abc', `rematch-district.${UNKNOWN_ID}.nope`]) {
          const res = await t.http.get(`/v1/jobs/${id}`).set(admin.auth).expect(404);
          expect(res.body.code).toBe('JOB_NOT_FOUND');
        }
      });

      it('POST /v1/matching/rematch-all: admins 202, organisers and members 403', async () => {
        expect((await t.http.post('/v1/matching/rematch-all').set(boroughOrganiser.auth).expect(403)).body.code).toBe('FORBIDDEN');
        await t.http.post('/v1/matching/rematch-all').set(w.company.auth).expect(403);
        const res = await t.http.post('/v1/matching/rematch-all').set(admin.auth).expect(202);
        expect(res.body.jobId).toMatch(/^rematch-all\./);
        expect(res.headers.location).toBe(`/v1/jobs/${res.body.jobId}`);
        // not a job of any district: organisers do not see it
        await t.http.get(`/v1/jobs/${res.body.jobId}`).set(boroughOrganiser.auth).expect(404);
        const done = await waitForJob(admin, res.body.jobId);
        expect(done.progress).toBe(100);
        expect(done.result).toMatchObject({ failed: [] });
        expect(done.result!.completed).toBe(done.result!.districts);
        expect(done.result!.districts as number).toBeGreaterThanOrEqual(1);
        await idle();
        // the pair survived the full rematch under the same id
        expect((await waitForPair(w.np, need.id, offer.id)).id).toBe(match.id);
      });

      it('PUT matching weights: organisers of the city and admins only; GET is public', async () => {
        const cityOrganiser = await makeOrganiser([w.tree.city.id], w.tree.otherQuarter.id);
        const body = { ...DEFAULT_WEIGHTS, causes: 2 };
        for (const m of [w.np, w.company, quarterOrganiser, boroughOrganiser, elsewhereOrganiser]) {
          expect((await t.http.put(`/v1/districts/${w.tree.quarter.id}/matching-weights`).set(m.auth).send(body).expect(403)).body.code).toBe('FORBIDDEN');
          await t.http.put(`/v1/districts/${w.tree.city.id}/matching-weights`).set(m.auth).send(body).expect(403);
        }
        const before = await t.http.get(`/v1/districts/${w.tree.quarter.id}/matching-weights`).expect(200);
        expect(before.body).toMatchObject({ version: 'default.v1', cityId: w.tree.city.id, weights: { ...DEFAULT_WEIGHTS }, createdAt: null });
        const saved = await t.http.put(`/v1/districts/${w.tree.borough.id}/matching-weights`).set(cityOrganiser.auth).send(body).expect(200);
        expect(saved.body).toMatchObject({ version: `${w.tree.city.slug}.v1`, cityId: w.tree.city.id, weights: body });
        const byAdmin = await t.http.put(`/v1/districts/${w.tree.city.id}/matching-weights`).set(admin.auth).send(DEFAULT_WEIGHTS).expect(200);
        expect(byAdmin.body.version).toBe(`${w.tree.city.slug}.v2`);
        const now = await t.http.get(`/v1/districts/${w.tree.otherQuarter.id}/matching-weights`).expect(200);
        expect(now.body).toMatchObject({ version: `${w.tree.city.slug}.v2`, weights: { ...DEFAULT_WEIGHTS } });
        expect((await t.http.get(`/v1/districts/${UNKNOWN_ID}/matching-weights`).expect(404)).body.code).toBe('DISTRICT_NOT_FOUND');
      });
    });
  });

  // ------------------------------------------------- 2. withdraw / change

  describe('withdraw and change', () => {
    it('removes the matches of a withdrawn offer', async () => {
      const { np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const m = await waitForPair(np, need.id, offer.id);
      await t.http.post(`/v1/offers/${offer.id}/withdraw`).set(company.auth).expect(200);
      await waitForGone(np, need.id, offer.id);
      expect(Number((await rows(`SELECT count(*)::int AS n FROM matches WHERE offer_id = $1`, [offer.id]))[0].n)).toBe(0);
      expect((await t.http.get(`/v1/matches/${m.id}`).set(np.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
      expect((await offerMatches(company, offer.id)).items).toEqual([]);
    });

    it('removes the matches of a withdrawn need', async () => {
      const { np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      await waitForPair(np, need.id, offer.id);
      await t.http.post(`/v1/needs/${need.id}/withdraw`).set(np.auth).expect(200);
      await waitFor(async () => (await offerMatches(company, offer.id)).items.length === 0, 'the withdrawn need to leave the offer list');
      expect(Number((await rows(`SELECT count(*)::int AS n FROM matches WHERE need_id = $1`, [need.id]))[0].n)).toBe(0);
    });

    it("recomputes the scores when a need's tags and description change", async () => {
      const { np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const before = await waitForPair(np, need.id, offer.id);
      await idle();
      const offerDescription = 'Unser Team packt einen Tag lang mit an: Möbel tragen, Transporter fahren, Kisten schleppen.';
      await t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ tags: ['umzug', 'transport'], description: offerDescription }).expect(200);
      const after = await waitForPair(np, need.id, offer.id, (m) => m.breakdown.sharedTags.includes('transport'), 'the recomputed pair');
      expect(after.id).toBe(before.id);
      expect(after.breakdown.sharedTags.sort()).toEqual(['transport', 'umzug']);
      const comp = (m: MatchBody, c: string) => m.breakdown.components.find((x) => x.name === c)!.value;
      expect(comp(after, 'tags')).toBeGreaterThan(comp(before, 'tags'));
      expect(comp(after, 'text')).toBeGreaterThan(comp(before, 'text'));
      expect(after.score).toBeGreaterThan(before.score);
      expect(new Date(after.computedAt).getTime()).toBeGreaterThanOrEqual(new Date(before.computedAt).getTime());
      expect(after.need.tags).toEqual(['umzug', 'transport']);
      // and the change of category to something incompatible drops the pair
      await t.http.patch(`/v1/needs/${need.id}`).set(np.auth).send({ category: 'goods', unit: 'items' }).expect(200);
      await waitForGone(np, need.id, offer.id);
    });
  });

  // ------------------------------------------------- 3. reactions

  describe('reactions', () => {
    it('interest from both sides makes a mutual match; repeated interest changes nothing', async () => {
      const { tree, np, company } = await world();
      const company2 = await signup(t.http, 'company', tree.quarter.id);
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const offer2 = await publishedOffer(t.http, company2, { title: 'Transporter mit Fahrer', tags: ['transport'] });
      const m = await waitForPair(np, need.id, offer.id);
      const other = await waitForPair(np, need.id, offer2.id);
      await idle();

      const first = await t.http.post(`/v1/matches/${m.id}/interest`).set(np.auth).expect(200);
      expect(first.body).toMatchObject({ id: m.id, reactions: { need: 'interested', offer: null, mutual: false } });
      const again = await t.http.post(`/v1/matches/${m.id}/interest`).set(np.auth).expect(200);
      expect(again.body).toEqual(first.body);
      const [{ need_side_at: at1 }] = await rows(`SELECT need_side_at FROM match_reactions WHERE id = $1`, [m.id]);
      await t.http.post(`/v1/matches/${m.id}/interest`).set(np.auth).expect(200);
      const [{ need_side_at: at2 }] = await rows(`SELECT need_side_at FROM match_reactions WHERE id = $1`, [m.id]);
      expect(at2).toEqual(at1);

      const mutual = await t.http.post(`/v1/matches/${m.id}/interest`).set(company.auth).expect(200);
      expect(mutual.body.reactions).toEqual({ need: 'interested', offer: 'interested', mutual: true });
      expect((await t.http.post(`/v1/matches/${m.id}/interest`).set(company.auth).expect(200)).body).toEqual(mutual.body);

      expect(pair(await needMatches(np, need.id), need.id, offer.id)!.reactions.mutual).toBe(true);
      expect(pair(await offerMatches(company, offer.id), need.id, offer.id)!.reactions.mutual).toBe(true);
      expect((await t.http.get(`/v1/matches/${m.id}`).set(np.auth).expect(200)).body.reactions).toEqual({ need: 'interested', offer: 'interested', mutual: true });

      const onlyMutual = await needMatches(np, need.id, '?mutual=true');
      expect(onlyMutual.items.map((i) => i.id)).toEqual([m.id]);
      const notMutual = await needMatches(np, need.id, '?mutual=false');
      expect(notMutual.items.map((i) => i.id)).toEqual([other.id]);
      expect((await offerMatches(company2, offer2.id, '?mutual=true')).items).toEqual([]);
      const organiser = await makeOrganiser([tree.quarter.id], tree.otherQuarter.id);
      const district = (await t.http.get(`/v1/matches?districtId=${tree.quarter.id}&mutual=true`).set(organiser.auth).expect(200)).body as MatchPage;
      expect(district.items.map((i) => i.id)).toEqual([m.id]);

      // a rematch keeps the reactions
      await rematch(organiser, tree.quarter.id);
      await idle();
      expect((await t.http.get(`/v1/matches/${m.id}`).set(company.auth).expect(200)).body.reactions.mutual).toBe(true);

      // taking interest back
      await t.http.delete(`/v1/matches/${m.id}/reaction`).set(company.auth).expect(204);
      expect((await t.http.get(`/v1/matches/${m.id}`).set(np.auth).expect(200)).body.reactions).toEqual({ need: 'interested', offer: null, mutual: false });
      expect((await t.http.delete(`/v1/matches/${m.id}/reaction`).set(company.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
      expect((await needMatches(np, need.id, '?mutual=true')).items).toEqual([]);
    });

    it('a dismissal removes the match from both lists, survives a rematch, and can be taken back', async () => {
      const { tree, np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const organiser = await makeOrganiser([tree.borough.id], tree.otherQuarter.id);
      const m = await waitForPair(np, need.id, offer.id);
      await idle();

      await t.http.post(`/v1/matches/${m.id}/dismiss`).set(np.auth).expect(204);
      expect(pair(await needMatches(np, need.id), need.id, offer.id)).toBeUndefined();
      expect(pair(await offerMatches(company, offer.id), need.id, offer.id)).toBeUndefined();
      expect((await t.http.get(`/v1/matches/${m.id}`).set(company.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
      const [reaction] = await rows(`SELECT need_side, offer_side FROM match_reactions WHERE id = $1`, [m.id]);
      expect(reaction).toEqual({ need_side: 'dismissed', offer_side: null });
      // dismissing again answers the same (idempotent); the other side cannot see it any more
      await t.http.post(`/v1/matches/${m.id}/dismiss`).set(np.auth).expect(204);
      expect((await t.http.post(`/v1/matches/${m.id}/dismiss`).set(company.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');

      // the refill jobs and a full rematch do not bring it back
      await idle();
      const run = await rematch(organiser, tree.quarter.id);
      expect(run.result).toMatchObject({ needs: 1 });
      await idle();
      expect(pair(await needMatches(np, need.id), need.id, offer.id)).toBeUndefined();
      expect(pair(await offerMatches(company, offer.id), need.id, offer.id)).toBeUndefined();
      expect(await storedPairs(need.id, offer.id)).toBe(0);
      // nor do the item jobs
      await engine.matchNeed(need.id);
      await engine.matchOffer(offer.id);
      expect(await storedPairs(need.id, offer.id)).toBe(0);

      // only the side that dismissed can take it back
      expect((await t.http.delete(`/v1/matches/${m.id}/reaction`).set(company.auth).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
      await t.http.delete(`/v1/matches/${m.id}/reaction`).set(np.auth).expect(204);
      expect(await rows(`SELECT id FROM match_reactions WHERE id = $1`, [m.id])).toEqual([]);
      await rematch(organiser, tree.quarter.id);
      const back = await waitForPair(np, need.id, offer.id);
      expect(back.id).toBe(m.id);
      expect(back.score).toBe(m.score);
      expect(back.reactions).toEqual({ need: null, offer: null, mutual: false });
      expect(pair(await offerMatches(company, offer.id), need.id, offer.id)?.id).toBe(m.id);
    });

    it('a dismissal by the company works the same way', async () => {
      const { np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const m = await waitForPair(np, need.id, offer.id);
      await idle();
      await t.http.post(`/v1/matches/${m.id}/interest`).set(np.auth).expect(200);
      await t.http.post(`/v1/matches/${m.id}/dismiss`).set(company.auth).expect(204);
      expect(pair(await needMatches(np, need.id), need.id, offer.id)).toBeUndefined();
      expect(pair(await offerMatches(company, offer.id), need.id, offer.id)).toBeUndefined();
      await idle();
      await engine.rematchDistrict(need.districtId as string);
      expect(await storedPairs(need.id, offer.id)).toBe(0);
    });
  });

  // ------------------------------------------------- 5. jobs API

  describe('jobs API', () => {
    it('reports a Quartier rematch as completed with progress 100 and its counts', async () => {
      const { tree, np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      await waitForPair(np, need.id, offer.id);
      const organiser = await makeOrganiser([tree.quarter.id], tree.otherQuarter.id);
      const res = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
      const done = await waitForJob(organiser, res.body.jobId);
      expect(done).toMatchObject({ id: res.body.jobId, name: 'rematch-district', state: 'completed', progress: 100, error: null });
      expect(done.result).toMatchObject({ needs: 1, offers: 1, kept: 1, removed: 0, weightsVersion: 'default.v1' });
      expect(typeof done.result!.written).toBe('number');
      expect(new Date(done.finishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(done.createdAt).getTime());
      await idle();
    });

    it('returns the waiting/running job instead of a second one (deduplicated)', async () => {
      const { tree, np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      await waitForPair(np, need.id, offer.id);
      await idle();
      const organiser = await makeOrganiser([tree.quarter.id], tree.otherQuarter.id);
      // Hold the Quartier's matching lock, so that the job cannot finish before the second request.
      const qr = t.ds.createQueryRunner();
      await qr.connect();
      let firstId: string;
      try {
        await qr.startTransaction();
        await qr.query(`SELECT pg_advisory_xact_lock(7301, hashtext($1))`, [tree.quarter.id]);
        const first = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
        expect(first.body.deduplicated).toBe(false);
        firstId = first.body.jobId;
        const second = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(admin.auth).expect(202);
        expect(second.body).toEqual({ jobId: firstId, deduplicated: true });
        expect(second.headers.location).toBe(`/v1/jobs/${firstId}`);
        expect(['waiting', 'active', 'prioritized']).toContain((await job(organiser, firstId)).state);
      } finally {
        await qr.rollbackTransaction().catch(() => undefined);
        await qr.release();
      }
      const done = await waitForJob(organiser, firstId);
      expect(done.progress).toBe(100);
      // once finished, a new request makes a new job
      const third = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
      if (third.body.deduplicated) {
        // only when the first had not finished: impossible here, it is completed
        throw new Error(`a completed job was returned as a duplicate: ${JSON.stringify(third.body)}`);
      }
      expect(third.body.jobId).not.toBe(firstId);
      await waitForJob(organiser, third.body.jobId);
      await idle();
    });

    it('deduplicates back-to-back requests without help, or the first one had already finished', async () => {
      const { tree, np } = await world();
      await publishedNeed(t.http, np);
      const organiser = await makeOrganiser([tree.quarter.id], tree.otherQuarter.id);
      await idle();
      const a = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
      const b = await t.http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202);
      if (b.body.deduplicated) {
        expect(b.body.jobId).toBe(a.body.jobId);
      } else {
        expect(b.body.jobId).not.toBe(a.body.jobId);
        const first = await job(organiser, a.body.jobId);
        expect(first.state).toBe('completed');
        const second = await job(organiser, b.body.jobId);
        expect(new Date(first.finishedAt!).getTime()).toBeLessThanOrEqual(new Date(second.createdAt).getTime());
      }
      await waitForJob(organiser, b.body.jobId);
      await idle();
    });

    it('rematches a borough as a rematch-all over its Quartiere and sums their results', async () => {
      const { tree, np, company } = await world();
      const np2 = await signup(t.http, 'nonprofit', tree.quarter2.id);
      const company2 = await signup(t.http, 'company', tree.quarter2.id);
      const n1 = await publishedNeed(t.http, np);
      const n2 = await publishedNeed(t.http, np, { title: 'Fahrdienst zum Ausflug', tags: ['transport'] });
      const n3 = await publishedNeed(t.http, np2);
      const o1 = await publishedOffer(t.http, company);
      const o2 = await publishedOffer(t.http, company2);
      await waitForPair(np, n1.id, o1.id);
      await waitForPair(np2, n3.id, o2.id);
      await waitForPair(np, n2.id, o1.id);
      await idle();
      const organiser = await makeOrganiser([tree.borough.id], tree.otherQuarter.id);
      const res = await t.http.post(`/v1/districts/${tree.borough.id}/rematch`).set(organiser.auth).expect(202);
      expect(res.body.jobId).toMatch(/^rematch-all\./);
      expect(res.headers.location).toBe(`/v1/jobs/${res.body.jobId}`);
      const done = await waitForJob(organiser, res.body.jobId);
      expect(done).toMatchObject({ name: 'rematch-all', state: 'completed', progress: 100 });
      expect(done.data).toMatchObject({ scopeDistrictId: tree.borough.id, districts: 2 });
      const [{ n: kept }] = await rows(`SELECT count(*)::int AS n FROM matches WHERE district_id = ANY($1::uuid[])`, [[tree.quarter.id, tree.quarter2.id]]);
      expect(done.result).toMatchObject({ districts: 2, completed: 2, failed: [], needs: 3, kept: Number(kept) });
      expect(Object.values(done.result!.workers as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(2);
      // the children are visible to the organiser too
      const child = await job(organiser, `rematch-district.${tree.quarter2.id}.${done.data.runId as string}`);
      expect(child).toMatchObject({ name: 'rematch-district', state: 'completed' });
      expect(child.result).toMatchObject({ needs: 1, offers: expect.any(Number) });
      // members do not see the run
      expect((await t.http.get(`/v1/jobs/${res.body.jobId}`).set(np.auth).expect(404)).body.code).toBe('JOB_NOT_FOUND');
      await idle();
    });
  });

  // ------------------------------------------------- 6. idempotency

  describe('idempotency of the engine', () => {
    it('a second run of rematchDistrict, matchNeed and matchOffer writes and removes nothing', async () => {
      const { tree, np, company } = await world();
      const company2 = await signup(t.http, 'company', tree.quarter.id);
      const n1 = await publishedNeed(t.http, np);
      const n2 = await publishedNeed(t.http, np, { title: 'Fahrdienst zum Ausflug', tags: ['transport', 'ausflug'], category: 'logistics', unit: 'trips', quantity: 3 });
      const o1 = await publishedOffer(t.http, company);
      const o2 = await publishedOffer(t.http, company2, { title: 'Transporter mit Fahrer', category: 'logistics', unit: 'trips', tags: ['transport'], capacity: 2 });
      await waitForPair(np, n1.id, o1.id);
      await waitForPair(np, n2.id, o2.id);
      await idle();
      const snapshot = () => rows(`SELECT * FROM matches WHERE district_id = $1 ORDER BY id`, [tree.quarter.id]);

      const first = await engine.rematchDistrict(tree.quarter.id);
      expect(first).toMatchObject({ needs: 2, offers: 2, removed: 0, weightsVersion: 'default.v1' });
      expect(first.kept).toBeGreaterThanOrEqual(2);
      const before = await snapshot();
      expect(before).toHaveLength(first.kept);
      const second = await engine.rematchDistrict(tree.quarter.id);
      expect(second).toMatchObject({ needs: 2, offers: 2, kept: first.kept, written: 0, removed: 0 });
      expect(await snapshot()).toEqual(before);

      for (const run of [() => engine.matchNeed(n1.id), () => engine.matchNeed(n2.id), () => engine.matchOffer(o1.id), () => engine.matchOffer(o2.id)]) {
        const a = await run();
        expect(a.removed).toBe(0);
        const mid = await snapshot();
        const b = await run();
        expect(b).toMatchObject({ written: 0, removed: 0, kept: a.kept });
        expect(await snapshot()).toEqual(mid);
      }
      // the item jobs agree with the district run: nothing changed at all
      expect(await snapshot()).toEqual(before);
    });
  });

  // ------------------------------------------------- 7. weights

  describe('weights', () => {
    it('scores with the weights a city organiser saved, once the district is rematched', async () => {
      const { tree, np, company } = await world();
      const need = await publishedNeed(t.http, np);
      const offer = await publishedOffer(t.http, company);
      const before = await waitForPair(np, need.id, offer.id);
      await idle();
      expect(before.score).toBeCloseTo(expectedScore(before, DEFAULT_WEIGHTS), 3);
      const cityOrganiser = await makeOrganiser([tree.city.id], tree.otherQuarter.id);
      const weights: Weights = { ...DEFAULT_WEIGHTS, text: 0, tags: 10 };
      const saved = await t.http.put(`/v1/districts/${tree.quarter.id}/matching-weights`).set(cityOrganiser.auth).send(weights).expect(200);
      expect(saved.body).toMatchObject({ version: `${tree.city.slug}.v1`, cityId: tree.city.id, weights, createdAt: expect.any(String) });
      expect((await t.http.get(`/v1/districts/${tree.quarter2.id}/matching-weights`).expect(200)).body).toMatchObject({ version: `${tree.city.slug}.v1`, weights });

      // stored matches keep their version until recomputed
      expect((await t.http.get(`/v1/matches/${before.id}`).set(np.auth).expect(200)).body.weightsVersion).toBe('default.v1');
      const run = await rematch(cityOrganiser, tree.quarter.id);
      expect(run.result).toMatchObject({ weightsVersion: `${tree.city.slug}.v1`, written: 1 });
      const after = await waitForPair(np, need.id, offer.id, (m) => m.weightsVersion === `${tree.city.slug}.v1`);
      expect(after.id).toBe(before.id);
      const byName = Object.fromEntries(after.breakdown.components.map((c) => [c.name, c]));
      expect(byName.text.weight).toBe(0);
      expect(byName.text.contribution).toBe(0);
      expect(byName.tags.weight).toBe(10);
      expect(after.score).toBeCloseTo(expectedScore(after, weights), 3);
      expect(after.score).not.toBe(before.score);
      expect(Math.abs(after.breakdown.components.reduce((s, c) => s + c.contribution, 0) - after.score)).toBeLessThan(1e-3);
      const [row] = await rows(`SELECT weights_version FROM matches WHERE id = $1`, [before.id]);
      expect(row.weights_version).toBe(`${tree.city.slug}.v1`);
    });

    it('validates the weights: negative, missing, non-numeric and all zero are 400 with the field', async () => {
      const { tree } = await world();
      const cityOrganiser = await makeOrganiser([tree.city.id], tree.otherQuarter.id);
      const put = (body: unknown) => t.http.put(`/v1/districts/${tree.city.id}/matching-weights`).set(cityOrganiser.auth).send(body as object).expect(400);
      const fields = (res: { body: { code: string; errors: Array<{ field: string }> } }) => {
        expect(res.body.code).toBe('VALIDATION_FAILED');
        return res.body.errors.map((e) => e.field);
      };
      expect(fields(await put({ ...DEFAULT_WEIGHTS, text: -1 }))).toContain('text');
      expect(fields(await put({ ...DEFAULT_WEIGHTS, tags: 11 }))).toContain('tags');
      const { giveBack: _omit, ...missing } = DEFAULT_WEIGHTS;
      expect(fields(await put(missing))).toContain('giveBack');
      expect(fields(await put({ ...DEFAULT_WEIGHTS, distance: 'viel' }))).toContain('distance');
      expect(fields(await put({ ...DEFAULT_WEIGHTS, distanceHalfLifeKm: 0 }))).toContain('distanceHalfLifeKm');
      expect(fields(await put({ ...DEFAULT_WEIGHTS, popularity: 3 }))).toContain('popularity');
      const zero = await put({ category: 0, tags: 0, text: 0, distance: 0, quantity: 0, timeframe: 0, causes: 0, giveBack: 0, distanceHalfLifeKm: 3 });
      expect(zero.body.errors[0]).toMatchObject({ field: 'category', reason: 'allZero' });
      expect((await t.http.get(`/v1/districts/${tree.city.id}/matching-weights`).expect(200)).body.version).toBe('default.v1');
      expect(await rows(`SELECT id FROM matching_weights WHERE city_id = $1`, [tree.city.id])).toEqual([]);
    });
  });
});
