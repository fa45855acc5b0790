import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MARKETPLACE_MACHINE, MARKETPLACE_STATUSES, type MarketplaceStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { MANUAL_ACTIONS, MarketplacesService } from '../../src/modules/marketplaces/marketplaces.service';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, publishedNeed, publishedOffer, signup, Tree } from '../factories';
import { makeOrganiser } from '../factories/cooperations-core';

const UNKNOWN_ID = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

interface MarketplaceBody {
  id: string;
  status: MarketplaceStatus;
  districtId: string;
  allowedActions: string[];
  registeredCount: number;
  waitlistCount: number;
  freePlaces: number;
  version: number;
}
interface RegistrationBody {
  organisationId: string;
  status: string;
  waitlistPosition: number | null;
  listedPublicly: boolean;
  checkedInAt: string | null;
  noShow: boolean;
  noShows: number | null;
}

describe('marketplaces (Marktplätze): events, invitations, registrations, check-in', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member; // organises the borough (Bad Cannstatt)
  let otherOrganiser: Member; // organises the other borough
  let admin: Member;
  let np1: Member;
  let np2: Member;
  let np3: Member;
  let co1: Member;
  let co2: Member;
  let npOther: Member;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ MARKETPLACE_INVITE_FACTOR: '1.5' });
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);
    admin = await makeAdmin(t.ds, t.http);
    np1 = await signup(t.http, 'nonprofit', tree.quarter.id);
    np2 = await signup(t.http, 'nonprofit', tree.quarter.id);
    np3 = await signup(t.http, 'nonprofit', tree.quarter.id);
    co1 = await signup(t.http, 'company', tree.quarter.id);
    co2 = await signup(t.http, 'company', tree.quarter.id);
    npOther = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => {
    seq++;
    const start = new Date(Date.UTC(2031, 2, 1 + seq, 16, 0));
    return {
      quarterIds: [tree.quarter2.id],
      name: `Marktplatz Neckarvorstadt ${seq}`,
      place: 'Kulturzentrum, Neckarstraße 12',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 105 * 60_000).toISOString(),
      capacity: 2,
      tables: 10,
      ...over,
    };
  };
  const create = async (over: Record<string, unknown> = {}, by: Member = organiser) =>
    (await t.http.post('/v1/marketplaces').set(by.auth).send(body(over)).expect(201)).body as MarketplaceBody;
  const act = async (id: string, action: string, by: Member = organiser, status = 200) =>
    (await t.http.post(`/v1/marketplaces/${id}/${action}`).set(by.auth).expect(status)).body as MarketplaceBody;
  const openOne = async (over: Record<string, unknown> = {}) => {
    const m = await create(over);
    return act(m.id, 'open');
  };
  const register = (id: string, who: Member, send: Record<string, unknown> = {}) => t.http.post(`/v1/marketplaces/${id}/registrations`).set(who.auth).send(send);
  const registrations = async (id: string, who: Member = organiser) =>
    (await t.http.get(`/v1/marketplaces/${id}/registrations`).set(who.auth).expect(200)).body.items as RegistrationBody[];
  const byOrg = (items: RegistrationBody[], m: Member) => items.find((r) => r.organisationId === m.organisationId);
  const notified = async (kind: string, organisationId: string, url: string) =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = $1 AND organisation_id = $2 AND params->>'url' = $3`, [kind, organisationId, url]))[0].n as number;

  describe('create, read, list, change', () => {
    it('an organiser of the borough creates a draft for two of its Quartiere; the event belongs to the borough', async () => {
      const res = await t.http.post('/v1/marketplaces').set(organiser.auth).send(body({ quarterIds: [tree.quarter.id, tree.quarter2.id], slotCount: 6, slotMinutes: 12, firstSlotAt: '2031-03-01T16:15:00.000Z', startsAt: '2031-03-01T16:00:00.000Z', endsAt: '2031-03-01T17:45:00.000Z' })).expect(201);
      expect(res.body).toMatchObject({ status: 'draft', districtId: tree.borough.id, capacity: 2, slotCount: 6, registeredCount: 0, freePlaces: 2, allowedActions: ['open', 'cancel'], version: 1 });
      expect(res.headers.location).toBe(`/v1/marketplaces/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect((await create({ quarterIds: [tree.quarter.id] })).districtId).toBe(tree.quarter.id);
    });

    it('admins create events anywhere; Quartiere of two boroughs make an event of the city', async () => {
      expect((await create({ quarterIds: [tree.quarter.id, tree.otherQuarter.id] }, admin)).districtId).toBe(tree.city.id);
    });

    it('refuses bad input (400), other districts (403), members (403) and anonymous callers (401)', async () => {
      const bad = async (over: Record<string, unknown>, field: string) =>
        expect((await t.http.post('/v1/marketplaces').set(organiser.auth).send(body(over)).expect(400)).body.errors.map((e: { field: string }) => e.field)).toContain(field);
      await bad({ endsAt: '2031-03-01T15:00:00.000Z', startsAt: '2031-03-01T16:00:00.000Z' }, 'endsAt');
      await bad({ quarterIds: [tree.borough.id] }, 'quarterIds');
      await bad({ quarterIds: [] }, 'quarterIds');
      await bad({ quarterIds: [UNKNOWN_ID] }, 'quarterIds');
      await bad({ capacity: 0 }, 'capacity');
      await bad({ firstSlotAt: '2031-01-01T00:00:00.000Z' }, 'firstSlotAt');
      // the borough's organiser does not run an event reaching into the other borough
      expect((await t.http.post('/v1/marketplaces').set(organiser.auth).send(body({ quarterIds: [tree.quarter.id, tree.otherQuarter.id] })).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.post('/v1/marketplaces').set(otherOrganiser.auth).send(body()).expect(403);
      await t.http.post('/v1/marketplaces').set(np1.auth).send(body()).expect(403);
      await t.http.post('/v1/marketplaces').send(body()).expect(401);
    });

    it('drafts are visible to those who run them only; open events are public, without actions for outsiders', async () => {
      const m = await create();
      for (const who of [undefined, np1, otherOrganiser]) {
        const req = t.http.get(`/v1/marketplaces/${m.id}`);
        expect((await (who ? req.set(who.auth) : req).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
      }
      expect((await t.http.get(`/v1/marketplaces/${m.id}`).set(admin.auth).expect(200)).body.allowedActions).toEqual(['open', 'cancel']);
      await act(m.id, 'open');
      const pub = await t.http.get(`/v1/marketplaces/${m.id}`).expect(200);
      expect(pub.body).toMatchObject({ status: 'open', allowedActions: [] });
      expect(pub.body).not.toHaveProperty('registrations');
      expect((await t.http.get(`/v1/marketplaces/${m.id}`).set(organiser.auth).expect(200)).body.allowedActions).toEqual(['close', 'cancel']);
      await t.http.get(`/v1/marketplaces/${UNKNOWN_ID}`).expect(404);
      await t.http.get('/v1/marketplaces/not-a-uuid').expect(400);
    });

    it('lists upcoming events publicly, soonest first, by district (descendants) and period, page by page; drafts only for their organisers', async () => {
      const x = await create({ quarterIds: [tree.otherQuarter.id], startsAt: '2032-05-01T16:00:00.000Z', endsAt: '2032-05-01T18:00:00.000Z' }, otherOrganiser);
      await act(x.id, 'open', otherOrganiser);
      const y = await create({ quarterIds: [tree.otherQuarter.id], startsAt: '2032-05-02T16:00:00.000Z', endsAt: '2032-05-02T18:00:00.000Z' }, otherOrganiser);
      await act(y.id, 'open', otherOrganiser);
      const draft = await create({ quarterIds: [tree.otherQuarter.id], startsAt: '2032-05-03T16:00:00.000Z', endsAt: '2032-05-03T18:00:00.000Z' }, otherOrganiser);
      const q = `districtId=${tree.otherBorough.id}&from=2032-05-01T00:00:00Z&to=2032-06-01T00:00:00Z`;
      const first = (await t.http.get(`/v1/marketplaces?${q}&limit=1`).expect(200)).body;
      expect(first.items.map((i: MarketplaceBody) => i.id)).toEqual([x.id]);
      const second = (await t.http.get(`/v1/marketplaces?${q}&limit=1&cursor=${first.nextCursor}`).expect(200)).body;
      expect(second.items.map((i: MarketplaceBody) => i.id)).toEqual([y.id]);
      expect(second.nextCursor).toBeNull();
      expect((await t.http.get(`/v1/marketplaces?districtId=${tree.otherQuarter.id}&from=2032-05-01T00:00:00Z`).expect(200)).body.items.map((i: MarketplaceBody) => i.id)).toEqual([x.id, y.id]);
      expect((await t.http.get(`/v1/marketplaces?districtId=${tree.borough.id}&from=2032-05-01T00:00:00Z`).expect(200)).body.items).toEqual([]);
      expect((await t.http.get(`/v1/marketplaces?${q}&status=draft`).expect(200)).body.items).toEqual([]);
      expect((await t.http.get(`/v1/marketplaces?${q}&status=draft`).set(organiser.auth).expect(200)).body.items).toEqual([]);
      expect((await t.http.get(`/v1/marketplaces?${q}&status=draft`).set(otherOrganiser.auth).expect(200)).body.items.map((i: MarketplaceBody) => i.id)).toEqual([draft.id]);
      // by default: what has not ended yet, so a running event that began an hour ago is listed, a past one not
      const now = Date.now();
      const running = await create({ quarterIds: [tree.otherQuarter.id] }, otherOrganiser);
      await t.ds.getRepository(Marketplace).update(running.id, { status: 'running', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 1800_000) });
      const past = await create({ quarterIds: [tree.otherQuarter.id] }, otherOrganiser);
      await t.ds.getRepository(Marketplace).update(past.id, { status: 'finished', startsAt: new Date(now - 7 * 86400_000), endsAt: new Date(now - 7 * 86400_000 + 5400_000) });
      const current = (await t.http.get(`/v1/marketplaces?districtId=${tree.otherBorough.id}&limit=100`).expect(200)).body.items.map((i: MarketplaceBody) => i.id);
      expect(current).toEqual([running.id, x.id, y.id]);
      expect((await t.http.get(`/v1/marketplaces?districtId=${tree.otherBorough.id}&to=${new Date(now).toISOString()}`).expect(200)).body.items.map((i: MarketplaceBody) => i.id)).toEqual([past.id, running.id]);
      await t.http.get('/v1/marketplaces?status=nonsense').expect(400);
      await t.http.get('/v1/marketplaces?cursor=bogus').expect(400);
    });

    it('organisers change draft and open events with If-Match; others cannot; later statuses are not editable', async () => {
      const m = await create();
      await t.http.patch(`/v1/marketplaces/${m.id}`).set(organiser.auth).set('If-Match', '"7"').send({ name: 'Neu' }).expect(412);
      const changed = await t.http.patch(`/v1/marketplaces/${m.id}`).set(organiser.auth).set('If-Match', '"1"').send({ name: 'Marktplatz am Neckar', capacity: 40 }).expect(200);
      expect(changed.body).toMatchObject({ name: 'Marktplatz am Neckar', capacity: 40, version: 2 });
      expect((await t.http.patch(`/v1/marketplaces/${m.id}`).set(organiser.auth).send({ endsAt: '2020-01-01T00:00:00Z' }).expect(400)).body.errors[0].field).toBe('endsAt');
      await t.http.patch(`/v1/marketplaces/${m.id}`).set(otherOrganiser.auth).send({ name: 'Xyz Markt' }).expect(404);
      await t.http.patch(`/v1/marketplaces/${m.id}`).set(np1.auth).send({ name: 'Xyz Markt' }).expect(404);
      await t.http.patch(`/v1/marketplaces/${m.id}`).send({ name: 'Xyz Markt' }).expect(401);
      await t.http.patch(`/v1/marketplaces/${m.id}`).set(admin.auth).send({ place: 'Rathaus' }).expect(200);
      await act(m.id, 'open');
      await t.http.patch(`/v1/marketplaces/${m.id}`).set(organiser.auth).send({ tables: 12 }).expect(200);
      await act(m.id, 'close');
      expect((await t.http.patch(`/v1/marketplaces/${m.id}`).set(organiser.auth).send({ tables: 14 }).expect(409)).body.code).toBe('NOT_EDITABLE');
    });
  });

  describe('lifecycle', () => {
    it('walks draft → open → closed → open → closed → running → finished → reported', async () => {
      const m = await create();
      const statuses: string[] = [];
      for (const a of ['open', 'close', 'reopen', 'close', 'start', 'finish', 'report']) statuses.push((await act(m.id, a)).status);
      expect(statuses).toEqual(['open', 'closed', 'open', 'closed', 'running', 'finished', 'reported']);
    });

    // every status × every manual action the machine does not allow: 409 with the allowed actions
    const invalid = MARKETPLACE_STATUSES.flatMap((s) => MANUAL_ACTIONS.filter((a) => !MARKETPLACE_MACHINE[a].from.includes(s)).map((a) => [s, a] as const));
    it.each(invalid)('a %s marketplace cannot %s (409)', async (status, action) => {
      const m = await create();
      await t.ds.getRepository(Marketplace).update(m.id, { status });
      const res = await t.http.post(`/v1/marketplaces/${m.id}/${action}`).set(organiser.auth).expect(409);
      expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: status, action });
      expect(res.body.allowedActions).toEqual(Object.keys(MARKETPLACE_MACHINE).filter((a) => MARKETPLACE_MACHINE[a as keyof typeof MARKETPLACE_MACHINE].from.includes(status)));
      expect((await t.ds.getRepository(Marketplace).findOneByOrFail({ id: m.id })).status).toBe(status);
    });

    it('cancels before the day and tells invited, registered and waitlisted organisations', async () => {
      const m = await openOne({ capacity: 2 });
      for (const who of [np1, np2, np3]) await register(m.id, who).expect(201);
      const url = `/v1/marketplaces/${m.id}`;
      expect((await act(m.id, 'cancel')).status).toBe('cancelled');
      for (const who of [np1, np2, np3]) expect(await notified('marketplace_cancelled', who.organisationId, url)).toBe(1);
      expect(await notified('marketplace_cancelled', co1.organisationId, url)).toBe(0);
    });

    it('only organisers of the district and admins act: other organiser 403, member 403, anonymous 401, unknown 404, stale If-Match 412', async () => {
      const m = await create();
      expect((await t.http.post(`/v1/marketplaces/${m.id}/open`).set(otherOrganiser.auth).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND'); // a draft is invisible to them
      await act(m.id, 'open', admin);
      await t.http.post(`/v1/marketplaces/${m.id}/close`).set(otherOrganiser.auth).expect(403);
      await t.http.post(`/v1/marketplaces/${m.id}/close`).set(np1.auth).expect(403);
      await t.http.post(`/v1/marketplaces/${m.id}/close`).expect(401);
      await t.http.post(`/v1/marketplaces/${UNKNOWN_ID}/close`).set(organiser.auth).expect(404);
      await t.http.post(`/v1/marketplaces/${m.id}/close`).set(organiser.auth).set('If-Match', '"1"').expect(412);
      await t.http.post(`/v1/marketplaces/${m.id}/teleport`).set(organiser.auth).expect(404);
      expect((await t.http.post(`/v1/marketplaces/${m.id}/close`).set(organiser.auth).set('If-Match', '"2"').expect(200)).body.status).toBe('closed');
    });
  });

  describe('invitations on open', () => {
    let queue: Queue;
    const idle = async () => {
      queue ??= t.app.get<Queue>(getQueueToken(QueueName.Matching));
      const quiet = async () => {
        const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`);
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        return n === 0 && Object.values(counts).every((c) => c === 0);
      };
      await waitFor(async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 60))) === undefined && (await quiet()), 'the matching queue to be idle', 30_000);
    };

    it('invites the best-matched organisations of its Quartiere, up to capacity × 1.5, with a notification; nobody twice', async () => {
      // Hallschlag: np1 × co1 0.9, np2 × co2 0.5, np3 × co2 0.3; Rohr (outside): npOther × co2 0.99
      const need1 = await publishedNeed(t.http, np1);
      const need2 = await publishedNeed(t.http, np2);
      const need3 = await publishedNeed(t.http, np3);
      const needOther = await publishedNeed(t.http, npOther);
      const offer1 = await publishedOffer(t.http, co1, { districtIds: [tree.quarter.id] });
      const offer2 = await publishedOffer(t.http, co2, { districtIds: [tree.city.id] }); // serves the whole city
      await idle();
      const pairs: Array<[{ id: string }, { id: string }, Member, Member, string, number]> = [
        [need1, offer1, np1, co1, tree.quarter.id, 0.9],
        [need2, offer2, np2, co2, tree.quarter.id, 0.5],
        [need3, offer2, np3, co2, tree.quarter.id, 0.3],
        [needOther, offer2, npOther, co2, tree.otherQuarter.id, 0.99],
      ];
      const needIds = [need1.id, need2.id, need3.id, needOther.id];
      await t.ds.query(`DELETE FROM matches WHERE need_id = ANY($1::uuid[]) OR offer_id = ANY($2::uuid[])`, [needIds, [offer1.id, offer2.id]]);
      for (const [n, o, a, b, d, score] of pairs) {
        await t.ds.query(
          `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, '{}'::jsonb, 'test')`,
          [n.id, o.id, d, a.organisationId, b.organisationId, score],
        );
      }
      const m = await create({ quarterIds: [tree.quarter.id], capacity: 3 }); // invites floor(3 × 1.5) = 4
      await act(m.id, 'open');
      const invited = (await registrations(m.id)).filter((r) => r.status === 'invited').map((r) => r.organisationId).sort();
      expect(invited).toEqual([np1, co1, co2, np2].map((x) => x.organisationId).sort());
      const url = `/v1/marketplaces/${m.id}`;
      for (const who of [np1, co1, co2, np2]) expect(await notified('marketplace_invited', who.organisationId, url)).toBe(1);
      for (const who of [np3, npOther]) expect(await notified('marketplace_invited', who.organisationId, url)).toBe(0);

      // again (a retried transaction): nobody is invited or notified twice
      const svc = t.app.get(MarketplacesService);
      const entity = await t.ds.getRepository(Marketplace).findOneByOrFail({ id: m.id });
      expect(await t.ds.transaction((manager) => svc.invite(manager, entity))).toEqual([]);
      expect((await registrations(m.id)).length).toBe(4);
      expect(await notified('marketplace_invited', np1.organisationId, url)).toBe(1);

      // an invited organisation registers: its invitation turns into a registration
      const reg = (await register(m.id, np1, { needIds: [need1.id] }).expect(200)).body;
      expect(reg).toMatchObject({ status: 'registered', needIds: [need1.id], invitedAt: expect.any(String) });
      expect((await register(m.id, np1, { needIds: [need2.id] }).expect(400)).body.errors[0]).toMatchObject({ field: 'needIds', reason: 'notOwnPublished' });
      expect((await register(m.id, co1, { offerIds: [offer1.id] }).expect(200)).body.status).toBe('registered');
      // an invited organisation declines: its invitation is cancelled, nobody moves up, and it can still register later
      expect((await t.http.delete(`${url}/registrations/${co2.organisationId}`).set(co2.auth).expect(200)).body).toMatchObject({ status: 'cancelled', invitedAt: expect.any(String) });
      expect((await registrations(m.id)).map((r) => [r.organisationId, r.status])).toEqual(
        expect.arrayContaining([[np1.organisationId, 'registered'], [co1.organisationId, 'registered'], [np2.organisationId, 'invited'], [co2.organisationId, 'cancelled']]),
      );
      expect((await register(m.id, co2).expect(200)).body.status).toBe('registered');
      expect((await register(m.id, np2).expect(200)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    });

    it('an event whose Quartiere have no matches opens without invitations', async () => {
      const m = await create({ quarterIds: [tree.quarter2.id] });
      await act(m.id, 'open');
      expect(await registrations(m.id)).toEqual([]);
    });
  });

  describe('registration, waitlist, cancellation', () => {
    it('registers while places are free, then waitlists in order; the first moves up when a place frees, notified', async () => {
      const m = await openOne({ capacity: 2, slotCount: 4, slotMinutes: 15 });
      const r1 = await register(m.id, np1, { listedPublicly: true, unavailableSlots: [3, 0] }).expect(201);
      expect(r1.body).toMatchObject({ status: 'registered', waitlistPosition: null, listedPublicly: true, unavailableSlots: [0, 3], organisation: { id: np1.organisationId, kind: 'nonprofit' } });
      expect(r1.headers.location).toBe(`/v1/marketplaces/${m.id}/registrations/${np1.organisationId}`);
      expect((await register(m.id, co1).expect(201)).body.status).toBe('registered');
      expect((await register(m.id, np2).expect(201)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect((await register(m.id, np3).expect(201)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
      const url = `/v1/marketplaces/${m.id}`;
      expect(await notified('registration_confirmed', np1.organisationId, url)).toBe(1);
      expect(await notified('registration_confirmed', np2.organisationId, url)).toBe(0);
      expect((await t.http.get(url).expect(200)).body).toMatchObject({ registeredCount: 2, freePlaces: 0, waitlistCount: 2 });
      // again: updates what it brings, keeps its place
      expect((await register(m.id, np2, { listedPublicly: true }).expect(200)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, listedPublicly: true });
      expect((await register(m.id, np1, { unavailableSlots: [4] }).expect(400)).body.errors[0].field).toBe('unavailableSlots');

      // co1 cancels: np2 moves up (notified), np3 becomes first on the waitlist
      expect((await t.http.delete(`${url}/registrations/${co1.organisationId}`).set(co1.auth).expect(200)).body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
      let list = await registrations(m.id);
      expect(byOrg(list, np2)).toMatchObject({ status: 'registered', waitlistPosition: null });
      expect(byOrg(list, np3)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(await notified('waitlist_moved_up', np2.organisationId, url)).toBe(1);
      expect(await notified('waitlist_moved_up', np3.organisationId, url)).toBe(0);
      // a waitlisted organisation cancels: nobody moves up, the queue closes up; cancelling again changes nothing
      await register(m.id, co2).expect(201); // waitlist 2
      await t.http.delete(`${url}/registrations/${np3.organisationId}`).set(np3.auth).expect(200);
      await t.http.delete(`${url}/registrations/${np3.organisationId}`).set(np3.auth).expect(200);
      list = await registrations(m.id);
      expect(byOrg(list, co2)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(list.filter((r) => r.status === 'registered').length).toBe(2);
      // a larger capacity moves the waitlist up
      await t.http.patch(url).set(organiser.auth).send({ capacity: 3 }).expect(200);
      expect(byOrg(await registrations(m.id), co2)).toMatchObject({ status: 'registered', waitlistPosition: null });
      expect(await notified('waitlist_moved_up', co2.organisationId, url)).toBe(1);
      expect((await t.http.patch(url).set(organiser.auth).send({ capacity: 2 }).expect(400)).body.errors[0].field).toBe('capacity');
      // a cancelled organisation registers again at the end
      expect((await register(m.id, co1).expect(200)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

      // privacy: the public list shows registered organisations that opted in, nothing else
      const participants = (await t.http.get(`${url}/participants`).expect(200)).body.items;
      expect(participants.map((p: { organisationId: string }) => p.organisationId).sort()).toEqual([np1.organisationId, np2.organisationId].sort());
      expect(Object.keys(participants[0]).sort()).toEqual(['kind', 'name', 'organisationId']);

      // closed: no registration, no cancellation
      await act(m.id, 'close');
      expect((await register(m.id, npOther).expect(409)).body.code).toBe('REGISTRATION_CLOSED');
      expect((await t.http.delete(`${url}/registrations/${np1.organisationId}`).set(np1.auth).expect(409)).body.code).toBe('REGISTRATION_CLOSED');
    });

    it('who may register, read and cancel', async () => {
      const m = await openOne({ capacity: 5 });
      const url = `/v1/marketplaces/${m.id}`;
      await register(m.id, np1).expect(201);
      // registering another organisation: 403 for members, allowed for admins; organisers without an organisation: 403
      expect((await register(m.id, np2, { organisationId: np3.organisationId }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await register(m.id, admin, { organisationId: np3.organisationId }).expect(201)).body.organisationId).toBe(np3.organisationId);
      await register(m.id, organiser).expect(403);
      await register(m.id, admin).expect(403);
      await t.http.post(`${url}/registrations`).send({}).expect(401);
      await register(UNKNOWN_ID, np1).expect(404);
      expect((await register(m.id, np1, { listedPublicly: 'yes' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      // draft events cannot be registered for (invisible)
      const draft = await create();
      expect((await register(draft.id, np1).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');

      // reading: organisers and admins all (with no-shows), members their own, others 403, anonymous 401
      expect((await registrations(m.id)).map((r) => r.noShows)).toEqual([0, 0]);
      expect((await registrations(m.id, admin)).length).toBe(2);
      const own = await registrations(m.id, np1);
      expect(own.map((r) => r.organisationId)).toEqual([np1.organisationId]);
      expect(own[0].noShows).toBeNull();
      expect(await registrations(m.id, co1)).toEqual([]);
      await t.http.get(`${url}/registrations`).set(otherOrganiser.auth).expect(403);
      await t.http.get(`${url}/registrations`).expect(401);

      // cancelling: another organisation's member 403, another district's organiser 403, anonymous 401; the organiser and admins may
      await t.http.delete(`${url}/registrations/${np1.organisationId}`).set(np2.auth).expect(403);
      await t.http.delete(`${url}/registrations/${np1.organisationId}`).set(otherOrganiser.auth).expect(403);
      await t.http.delete(`${url}/registrations/${np1.organisationId}`).expect(401);
      expect((await t.http.delete(`${url}/registrations/${co1.organisationId}`).set(co1.auth).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
      await t.http.delete(`${url}/registrations/${np1.organisationId}`).set(organiser.auth).expect(200);
      await t.http.delete(`${url}/registrations/${np3.organisationId}`).set(admin.auth).expect(200);
      // participants of a draft: 404
      await t.http.get(`/v1/marketplaces/${draft.id}/participants`).expect(404);
    });

    it('two simultaneous registrations for the last place: one registered, one waitlisted', async () => {
      for (let i = 0; i < 4; i++) {
        const m = await openOne({ capacity: 2 });
        await register(m.id, np1).expect(201);
        const [a, b] = await Promise.all([register(m.id, np2), register(m.id, co1)]);
        expect([a.status, b.status]).toEqual([201, 201]);
        expect([a.body.status, b.body.status].sort()).toEqual(['registered', 'waitlisted']);
        expect([a.body.waitlistPosition, b.body.waitlistPosition].sort()).toEqual([1, null]);
        const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM marketplace_registrations WHERE marketplace_id = $1 AND status = 'registered'`, [m.id]);
        expect(n).toBe(2);
      }
    });

    it('simultaneous registrations on a full event get distinct waitlist positions, and simultaneous cancellations move up exactly as many', async () => {
      const m = await openOne({ capacity: 2 });
      await register(m.id, np1).expect(201);
      await register(m.id, npOther).expect(201);
      const queued = await Promise.all([np2, np3, co1, co2].map((who) => register(m.id, who)));
      expect(queued.map((r) => r.body.status)).toEqual(['waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
      expect(queued.map((r) => r.body.waitlistPosition).sort()).toEqual([1, 2, 3, 4]);
      const url = `/v1/marketplaces/${m.id}`;
      await Promise.all([np1, npOther].map((who) => t.http.delete(`${url}/registrations/${who.organisationId}`).set(who.auth).expect(200)));
      const list = await registrations(m.id);
      const first = queued.filter((r) => r.body.waitlistPosition <= 2).map((r) => r.body.organisationId).sort();
      expect(list.filter((r) => r.status === 'registered').map((r) => r.organisationId).sort()).toEqual(first);
      expect(list.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition)).toEqual([1, 2]);
    });
  });

  describe('on the day: check-in and no-shows', () => {
    it('organisers check registered organisations in while running; the others become no-shows when it finishes, seen at later events', async () => {
      const m = await openOne({ capacity: 2 });
      const url = `/v1/marketplaces/${m.id}`;
      await register(m.id, np1).expect(201);
      await register(m.id, np2).expect(201);
      await register(m.id, np3).expect(201); // waitlisted
      const checkIn = (org: Member, who: Member) => t.http.post(`${url}/registrations/${org.organisationId}/check-in`).set(who.auth);
      expect((await checkIn(np1, organiser).expect(409)).body.code).toBe('CHECK_IN_NOT_POSSIBLE'); // not yet the day
      await act(m.id, 'close');
      await act(m.id, 'start');
      const first = (await checkIn(np1, organiser).expect(200)).body;
      expect(first.checkedInAt).toEqual(expect.any(String));
      expect((await checkIn(np1, admin).expect(200)).body.checkedInAt).toBe(first.checkedInAt); // idempotent
      expect((await checkIn(np3, organiser).expect(409)).body.code).toBe('CHECK_IN_NOT_POSSIBLE'); // waitlisted
      expect((await checkIn(co1, organiser).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
      await checkIn(np2, np2).expect(403);
      await checkIn(np2, otherOrganiser).expect(403);
      await t.http.post(`${url}/registrations/${np2.organisationId}/check-in`).expect(401);
      await act(m.id, 'finish');
      const list = await registrations(m.id);
      expect(byOrg(list, np1)).toMatchObject({ noShow: false });
      expect(byOrg(list, np2)).toMatchObject({ noShow: true, checkedInAt: null });
      expect(byOrg(list, np3)).toMatchObject({ noShow: false });
      expect((await checkIn(np2, organiser).expect(409)).body.code).toBe('CHECK_IN_NOT_POSSIBLE');

      // a later event: its organisers see np2's no-show
      const later = await openOne({ capacity: 5 });
      await register(later.id, np1).expect(201);
      await register(later.id, np2).expect(201);
      const seen = await registrations(later.id);
      expect(byOrg(seen, np2)?.noShows).toBe(1);
      expect(byOrg(seen, np1)?.noShows).toBe(0);
      expect(byOrg(await registrations(later.id, np2), np2)?.noShows).toBeNull(); // members do not see their record here

      // the organisation's history: its members, the organisers of its district and admins
      const history = (who: Member) => t.http.get(`/v1/organisations/${np2.organisationId}/marketplace-history`).set(who.auth);
      const h = (await history(organiser).expect(200)).body;
      expect(h).toMatchObject({ noShows: 1, attended: 0 });
      expect(h.items[0]).toMatchObject({ marketplaceId: expect.any(String) });
      expect(h.items.find((i: { marketplaceId: string }) => i.marketplaceId === m.id)).toMatchObject({ marketplaceStatus: 'finished', status: 'registered', noShow: true, checkedInAt: null });
      expect((await t.http.get(`/v1/organisations/${np1.organisationId}/marketplace-history`).set(np1.auth).expect(200)).body).toMatchObject({ attended: 1, noShows: 0 });
      await history(np2).expect(200);
      await history(admin).expect(200);
      await history(np1).expect(403);
      await history(otherOrganiser).expect(403);
      await t.http.get(`/v1/organisations/${np2.organisationId}/marketplace-history`).expect(401);
      await t.http.get(`/v1/organisations/${UNKNOWN_ID}/marketplace-history`).set(admin.auth).expect(404);
    });
  });
});
