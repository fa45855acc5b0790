import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Round } from '../../src/modules/marketplaces/marketplace.entity';
import { RoundsService } from '../../src/modules/marketplaces/rounds.service';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, publishedNeed, publishedOffer, signup, Tree } from '../factories';

const UNKNOWN_ID = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

const roundBody = (districtId: string, over: Record<string, unknown> = {}) => ({
  districtId,
  name: 'Marktplatz-Runde Frühjahr 2031',
  periodStart: '2031-03-01',
  periodEnd: '2031-04-30',
  candidateDates: ['2031-03-20', '2031-04-17'],
  targetMin: 3,
  targetMax: 10,
  ...over,
});

const venueBody = (districtId: string, over: Record<string, unknown> = {}) => ({
  districtId,
  name: 'Kulturhaus',
  address: 'Hauptstraße 1',
  lat: 48.81,
  lon: 9.21,
  capacity: 50,
  tables: 5,
  ...over,
});

interface PlanBody {
  roundId: string;
  status: string;
  planInputHash: string;
  plannedAt: string;
  plan: {
    events: { id: string; quarterIds: string[]; venueId: string; date: string; expectedParticipants: number; valueCaptured: number }[];
    leftOut: { districtId: string; reason: string }[];
    totals: { totalValue: number; valueCaptured: number; events: number };
    quarters: { id: string; participants: number; matchValue: number }[];
    edited: boolean;
  };
}

describe('rounds (real PostgreSQL + Redis, worker in process)', () => {
  let t: TestApp;
  let admin: Member;
  let queue: Queue;
  let matchingQueue: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t.ds, t.http);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Marketplaces));
    matchingQueue = t.app.get<Queue>(getQueueToken(QueueName.Matching));
  });
  afterAll(() => t.close());

  const makeOrganiser = async (districtIds: string[], home: string) => {
    const m = await signup(t.http, 'nonprofit', home);
    await t.http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
    return m;
  };

  const job = async (m: Member, id: string) => (await t.http.get(`/v1/jobs/${id}`).set(m.auth).expect(200)).body as { state: string; name: string; result: Record<string, unknown> | null; error: string | null };
  const waitForJob = (m: Member, id: string) =>
    waitFor(async () => {
      const j = await job(m, id);
      if (j.state === 'failed') throw new Error(`job ${id} failed: ${j.error}`);
      return j.state === 'completed' ? j : undefined;
    }, `job ${id} to complete`, 30_000);

  const plan = async (m: Member, roundId: string) => {
    const res = await t.http.post(`/v1/rounds/${roundId}/plan`).set(m.auth).expect(202);
    expect(res.headers.location).toBe(`/v1/jobs/${res.body.jobId}`);
    return waitForJob(m, res.body.jobId as string);
  };

  const matchingIdle = async () => {
    const quiet = async () => {
      const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`)) as { n: number }[];
      if (Number(n) > 0) return false;
      const counts = await matchingQueue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      return Object.values(counts).every((c) => c === 0);
    };
    await waitFor(async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 60))) === undefined && (await quiet()), 'the matching queue to be idle', 30_000);
  };

  describe('create, read, change, authorise', () => {
    let tree: Tree;
    let cityOrganiser: Member;
    let boroughOrganiser: Member;
    let otherOrganiser: Member;
    let member: Member;
    let roundId: string;

    beforeAll(async () => {
      tree = await makeTree(t.ds);
      cityOrganiser = await makeOrganiser([tree.city.id], tree.quarter.id);
      boroughOrganiser = await makeOrganiser([tree.borough.id], tree.quarter.id);
      otherOrganiser = await makeOrganiser([tree.otherBorough.id], tree.otherQuarter.id);
      member = await signup(t.http, 'company', tree.quarter.id);
      const res = await t.http.post('/v1/rounds').set(boroughOrganiser.auth).send(roundBody(tree.borough.id)).expect(201);
      roundId = res.body.id;
    });

    it('creates a round for a borough; the Location and ETag are set', async () => {
      const res = await t.http.post('/v1/rounds').set(cityOrganiser.auth).send(roundBody(tree.city.id, { candidateDates: ['2031-04-17', '2031-03-20'] })).expect(201);
      expect(res.headers.location).toBe(`/v1/rounds/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({ status: 'draft', districtId: tree.city.id, candidateDates: ['2031-03-20', '2031-04-17'], targetMin: 3, targetMax: 10, hasPlan: false });
      const row = (await t.ds.query(`SELECT status, created_by_user_id FROM rounds WHERE id = $1`, [res.body.id]))[0];
      expect(row).toEqual({ status: 'draft', created_by_user_id: cityOrganiser.userId });
    });

    it('validates with field errors', async () => {
      const fields = async (body: Record<string, unknown>) => {
        const res = await t.http.post('/v1/rounds').set(cityOrganiser.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        return (res.body.errors as { field: string; reason: string }[]).map((e) => `${e.field}:${e.reason}`);
      };
      expect(await fields(roundBody(tree.quarter.id))).toEqual(['districtId:notCityOrBorough']);
      expect(await fields(roundBody(UNKNOWN_ID))).toEqual(['districtId:unknownDistrict']);
      expect(await fields(roundBody(tree.city.id, { periodEnd: '2031-02-01', candidateDates: ['2031-02-01'] }))).toEqual([
        'periodEnd:beforeStart',
        'candidateDates[0]:outsidePeriod',
      ]);
      expect(await fields(roundBody(tree.city.id, { candidateDates: ['2031-03-20', '2031-05-02'], targetMin: 20, targetMax: 10 }))).toEqual([
        'candidateDates[1]:outsidePeriod',
        'targetMax:belowMin',
      ]);
      expect(await fields(roundBody(tree.city.id, { periodStart: '2031-02-30' }))).toEqual(['periodStart:invalidDate']);
      const shape = await fields({ districtId: 'x', name: '', periodStart: '1.3.2031', candidateDates: [], targetMin: 0 });
      expect(shape).toEqual(expect.arrayContaining([expect.stringMatching(/^districtId:/), expect.stringMatching(/^name:/), expect.stringMatching(/^periodStart:/), expect.stringMatching(/^candidateDates:/), expect.stringMatching(/^targetMin:/), expect.stringMatching(/^targetMax:/)]));
    });

    it('refuses anyone but the organisers of the district (or above) and admins', async () => {
      await t.http.post('/v1/rounds').send(roundBody(tree.city.id)).expect(401);
      expect((await t.http.post('/v1/rounds').set(member.auth).send(roundBody(tree.borough.id)).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.post('/v1/rounds').set(otherOrganiser.auth).send(roundBody(tree.borough.id)).expect(403);
      await t.http.post('/v1/rounds').set(boroughOrganiser.auth).send(roundBody(tree.city.id)).expect(403);
      await t.http.post('/v1/rounds').set(admin.auth).send(roundBody(tree.otherBorough.id)).expect(201);

      for (const [method, path, body] of [
        ['get', `/v1/rounds/${roundId}`, undefined],
        ['patch', `/v1/rounds/${roundId}`, { name: 'Neu benannt' }],
        ['get', `/v1/rounds/${roundId}/venues`, undefined],
        ['post', `/v1/rounds/${roundId}/venues`, venueBody(tree.quarter.id)],
        ['delete', `/v1/rounds/${roundId}/venues/${UNKNOWN_ID}`, undefined],
        ['post', `/v1/rounds/${roundId}/plan`, undefined],
        ['get', `/v1/rounds/${roundId}/plan`, undefined],
        ['put', `/v1/rounds/${roundId}/plan`, { events: [] }],
        ['post', `/v1/rounds/${roundId}/confirm`, {}],
        ['post', `/v1/rounds/${roundId}/cancel`, undefined],
      ] as const) {
        const call = (m?: Member) => {
          const req = t.http[method](path);
          if (m) req.set(m.auth);
          return body ? req.send(body) : req;
        };
        await call().expect(401);
        expect((await call(member).expect(403)).body.code).toBe('FORBIDDEN');
        expect((await call(otherOrganiser).expect(403)).body.code).toBe('FORBIDDEN');
      }
      // Still untouched: the refused calls changed nothing.
      const round = (await t.http.get(`/v1/rounds/${roundId}`).set(cityOrganiser.auth).expect(200)).body;
      expect(round).toMatchObject({ status: 'draft', name: roundBody('').name, version: 1 });
      await t.http.get(`/v1/rounds/${roundId}`).set(admin.auth).expect(200);
      await t.http.get(`/v1/rounds/${roundId}`).set(boroughOrganiser.auth).expect(200);
      expect((await t.http.get(`/v1/rounds/${UNKNOWN_ID}`).set(admin.auth).expect(404)).body.code).toBe('ROUND_NOT_FOUND');
      await t.http.get('/v1/rounds/not-a-uuid').set(admin.auth).expect(400);
    });

    it('lists the rounds of the districts an organiser runs, paginated and filtered', async () => {
      await t.http.get('/v1/rounds').expect(401);
      await t.http.get('/v1/rounds').set(member.auth).expect(403);
      const ids = (page: { items: { id: string; districtId: string }[] }) => page.items.map((r) => r.districtId);
      const byBorough = (await t.http.get('/v1/rounds?limit=100').set(boroughOrganiser.auth).expect(200)).body;
      expect(new Set(ids(byBorough))).toEqual(new Set([tree.borough.id]));
      const byOther = (await t.http.get('/v1/rounds?limit=100').set(otherOrganiser.auth).expect(200)).body;
      expect(new Set(ids(byOther))).toEqual(new Set([tree.otherBorough.id]));
      const byCity = (await t.http.get(`/v1/rounds?districtId=${tree.city.id}&limit=100`).set(cityOrganiser.auth).expect(200)).body;
      expect(new Set(ids(byCity))).toEqual(new Set([tree.city.id, tree.borough.id, tree.otherBorough.id]));
      const onlyOther = (await t.http.get(`/v1/rounds?districtId=${tree.otherBorough.id}`).set(cityOrganiser.auth).expect(200)).body;
      expect(new Set(ids(onlyOther))).toEqual(new Set([tree.otherBorough.id]));
      // Pages of one: every round once, newest first.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/v1/rounds?districtId=${tree.city.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { items: { id: string }[]; nextCursor: string | null } = (await t.http.get(q).set(cityOrganiser.auth).expect(200)).body;
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(byCity.items.map((r: { id: string }) => r.id));
      expect((await t.http.get('/v1/rounds?cursor=garbage').set(cityOrganiser.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
      await t.http.get('/v1/rounds?districtId=nope').set(cityOrganiser.auth).expect(400);
    });

    it('changes a draft round with If-Match; validation across fields', async () => {
      const created = (await t.http.post('/v1/rounds').set(cityOrganiser.auth).send(roundBody(tree.borough.id)).expect(201)).body;
      await t.http.patch(`/v1/rounds/${created.id}`).set(cityOrganiser.auth).set('If-Match', '"7"').send({ name: 'Neu' }).expect(412);
      const res = await t.http.patch(`/v1/rounds/${created.id}`).set(cityOrganiser.auth).set('If-Match', '"1"').send({ name: 'Herbstrunde', targetMax: 60 }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ name: 'Herbstrunde', targetMax: 60, version: 2 });
      const bad = await t.http.patch(`/v1/rounds/${created.id}`).set(cityOrganiser.auth).send({ periodEnd: '2031-03-25' }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'candidateDates[1]', reason: 'outsidePeriod' })]);
      await t.http.patch(`/v1/rounds/${created.id}`).set(cityOrganiser.auth).send({ targetMin: 1 }).expect(400);
      await t.http.post(`/v1/rounds/${created.id}/cancel`).set(cityOrganiser.auth).expect(200);
      expect((await t.http.patch(`/v1/rounds/${created.id}`).set(cityOrganiser.auth).send({ name: 'Zu spät' }).expect(409)).body.code).toBe('NOT_EDITABLE');
    });

    it('venues: inside the area, on candidate dates; listed and removed', async () => {
      const url = `/v1/rounds/${roundId}/venues`;
      const v = (await t.http.post(url).set(boroughOrganiser.auth).send(venueBody(tree.quarter.id, { availableDates: ['2031-03-20'] })).expect(201)).body;
      expect(v).toMatchObject({ roundId, districtId: tree.quarter.id, capacity: 50, tables: 5, availableDates: ['2031-03-20'] });
      const outside = await t.http.post(url).set(boroughOrganiser.auth).send(venueBody(tree.otherQuarter.id, { availableDates: ['2031-03-21'] })).expect(400);
      expect(outside.body.errors.map((e: { field: string; reason: string }) => `${e.field}:${e.reason}`)).toEqual(['districtId:notInArea', 'availableDates[0]:notCandidateDate']);
      await t.http.post(url).set(boroughOrganiser.auth).send(venueBody(tree.city.id)).expect(400); // the city lies above a borough's area
      await t.http.post(url).set(boroughOrganiser.auth).send(venueBody(tree.quarter2.id, { capacity: 0, tables: -1, lat: 91 })).expect(400);
      const v2 = (await t.http.post(url).set(admin.auth).send(venueBody(tree.quarter2.id)).expect(201)).body;
      const list = (await t.http.get(url).set(cityOrganiser.auth).expect(200)).body as { id: string }[];
      expect(list.map((x) => x.id)).toEqual([v.id, v2.id]);
      await t.http.delete(`${url}/${v2.id}`).set(boroughOrganiser.auth).expect(204);
      expect((await t.http.delete(`${url}/${v2.id}`).set(boroughOrganiser.auth).expect(404)).body.code).toBe('VENUE_NOT_FOUND');
      expect(((await t.http.get(url).set(cityOrganiser.auth).expect(200)).body as { id: string }[]).map((x) => x.id)).toEqual([v.id]);
      expect((await t.http.get(`/v1/rounds/${UNKNOWN_ID}/venues`).set(admin.auth).expect(404)).body.code).toBe('ROUND_NOT_FOUND');
      // A date a venue offers cannot be dropped from the candidate dates; others can.
      const dropUsed = await t.http.patch(`/v1/rounds/${roundId}`).set(boroughOrganiser.auth).send({ candidateDates: ['2031-04-17'] }).expect(400);
      expect(dropUsed.body.errors).toEqual([expect.objectContaining({ field: 'candidateDates', reason: 'inUseByVenue' })]);
      const dropped = await t.http.patch(`/v1/rounds/${roundId}`).set(boroughOrganiser.auth).send({ candidateDates: ['2031-03-20'] }).expect(200);
      expect(dropped.body.candidateDates).toEqual(['2031-03-20']);
    });
  });

  describe('planning a small city with real needs, offers and matches', () => {
    let tree: Tree;
    let organiser: Member;
    let boroughOrganiser: Member;
    let roundId: string;
    let venueQ: string;
    let venueOther: string;
    const needs: Record<string, string> = {};
    const offers: Record<string, string> = {};
    const orgs: Record<string, Member> = {};

    beforeAll(async () => {
      tree = await makeTree(t.ds);
      organiser = await makeOrganiser([tree.city.id], tree.quarter.id);
      boroughOrganiser = await makeOrganiser([tree.borough.id], tree.quarter.id);
      // Hallschlag (quarter): NA + CA; Neckarvorstadt (quarter2): NB + CB; Rohr (otherQuarter): NC, NC2 + CC.
      const homes: [string, 'nonprofit' | 'company', string][] = [
        ['NA', 'nonprofit', tree.quarter.id],
        ['CA', 'company', tree.quarter.id],
        ['NB', 'nonprofit', tree.quarter2.id],
        ['CB', 'company', tree.quarter2.id],
        ['NC', 'nonprofit', tree.otherQuarter.id],
        ['NC2', 'nonprofit', tree.otherQuarter.id],
        ['CC', 'company', tree.otherQuarter.id],
      ];
      for (const [key, kind, home] of homes) {
        orgs[key] = await signup(t.http, kind, home);
        if (kind === 'nonprofit') needs[key] = (await publishedNeed(t.http, orgs[key])).id;
        else offers[key] = (await publishedOffer(t.http, orgs[key])).id;
      }
      // The matching jobs score the pairs; then the test fixes the scores it plans with.
      await matchingIdle();
      await t.ds.query(`DELETE FROM matches WHERE need_id = ANY($1)`, [Object.values(needs)]);
      const match = (need: string, offer: string, score: number) =>
        t.ds.query(
          `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version)
           SELECT gen_random_uuid(), n.id, o.id, n.district_id, n.organisation_id, o.organisation_id, $3, '{}'::jsonb, 'test'
             FROM needs n, offers o WHERE n.id = $1 AND o.id = $2`,
          [needs[need], offers[offer], score],
        );
      await match('NA', 'CA', 0.8); // inside Hallschlag
      await match('NB', 'CA', 0.7); // between Neckarvorstadt and Hallschlag
      await match('NC', 'CC', 0.9); // inside Rohr
      await match('NC2', 'CC', 0.3); // weak: not counted
      await match('NA', 'CC', 0.6); // between the boroughs

      roundId = (await t.http.post('/v1/rounds').set(organiser.auth).send(roundBody(tree.city.id)).expect(201)).body.id;
      venueQ = (await t.http.post(`/v1/rounds/${roundId}/venues`).set(organiser.auth).send(venueBody(tree.quarter.id, { name: 'Kulturhaus Hallschlag' })).expect(201)).body.id;
      venueOther = (
        await t.http
          .post(`/v1/rounds/${roundId}/venues`)
          .set(organiser.auth)
          .send(venueBody(tree.otherQuarter.id, { name: 'Bürgerhaus Rohr', lat: 48.7106, lon: 9.1087, capacity: 30, tables: 3 }))
          .expect(201)
      ).body.id;
    });

    it('has no plan before the job ran', async () => {
      expect((await t.http.get(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
      await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({}).expect(409);
    });

    it('plans through the plan-round job: the known best plan, stored with its input hash', async () => {
      const res = await t.http.post(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(202);
      expect(res.body.jobId).toMatch(/^plan-round\./);
      // The borough organiser below the round's city cannot read the job; the requester and admins can.
      const done = await waitForJob(organiser, res.body.jobId);
      expect(done).toMatchObject({ name: 'plan-round', result: { roundId, status: 'planned', changed: true, events: 2 } });
      await t.http.get(`/v1/jobs/${res.body.jobId}`).set(admin.auth).expect(200);
      await t.http.get(`/v1/jobs/${res.body.jobId}`).set(boroughOrganiser.auth).expect(404);
      const other = await makeOrganiser([tree.city.id], tree.quarter2.id);
      await t.http.get(`/v1/jobs/${res.body.jobId}`).set(other.auth).expect(200);

      const body = (await t.http.get(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(200)).body as PlanBody;
      expect(body.status).toBe('planned');
      expect(body.planInputHash).toMatch(/^[0-9a-f]{64}$/);
      const events = body.plan.events.map((e) => ({ quarters: [...e.quarterIds].sort(), venueId: e.venueId, participants: e.expectedParticipants, value: e.valueCaptured }));
      expect(events).toEqual(
        expect.arrayContaining([
          { quarters: [tree.quarter.id, tree.quarter2.id].sort(), venueId: venueQ, participants: 4, value: 1.5 },
          { quarters: [tree.otherQuarter.id], venueId: venueOther, participants: 3, value: 0.9 },
        ]),
      );
      expect(events).toHaveLength(2);
      expect(body.plan.totals).toMatchObject({ totalValue: 3, valueCaptured: 2.4, events: 2 });
      expect(body.plan.edited).toBe(false);
      const q = Object.fromEntries(body.plan.quarters.map((x) => [x.id, x]));
      expect(q[tree.quarter.id]).toMatchObject({ participants: 2, matchValue: 0.8 });
      expect(q[tree.otherQuarter.id]).toMatchObject({ participants: 3, matchValue: 0.9 });
      const round = (await t.http.get(`/v1/rounds/${roundId}`).set(organiser.auth).expect(200)).body;
      expect(round).toMatchObject({ status: 'planned', hasPlan: true });
    });

    it('a second run on the same inputs writes nothing (same hash, same row version)', async () => {
      const before = (await t.ds.query(`SELECT version, plan_input_hash, planned_at FROM rounds WHERE id = $1`, [roundId]))[0];
      const done = await plan(organiser, roundId);
      expect(done.result).toMatchObject({ changed: false, planInputHash: before.plan_input_hash });
      const after = (await t.ds.query(`SELECT version, plan_input_hash, planned_at FROM rounds WHERE id = $1`, [roundId]))[0];
      expect(after).toEqual(before);
      // Changed inputs (a venue more) give a new plan with a new hash.
      const extra = (await t.http.post(`/v1/rounds/${roundId}/venues`).set(organiser.auth).send(venueBody(tree.quarter2.id, { name: 'Neckarsaal' })).expect(201)).body.id;
      const again = await plan(organiser, roundId);
      expect(again.result).toMatchObject({ changed: true });
      expect((await t.ds.query(`SELECT plan_input_hash FROM rounds WHERE id = $1`, [roundId]))[0].plan_input_hash).not.toBe(before.plan_input_hash);
      await t.http.delete(`/v1/rounds/${roundId}/venues/${extra}`).set(organiser.auth).expect(204);
      await plan(organiser, roundId);
      expect((await t.ds.query(`SELECT plan_input_hash FROM rounds WHERE id = $1`, [roundId]))[0].plan_input_hash).toBe(before.plan_input_hash);
    });

    it('the organiser edits the plan; edits are validated against the round', async () => {
      const url = `/v1/rounds/${roundId}/plan`;
      const errs = async (events: unknown[]) =>
        ((await t.http.put(url).set(organiser.auth).send({ events }).expect(400)).body.errors as { field: string; reason: string }[]).map((e) => `${e.field}:${e.reason}`);
      expect(await errs([{ quarterIds: [tree.quarter.id, tree.city.id], venueId: venueQ, date: '2031-03-20' }])).toEqual(['events[0].quarterIds[1]:notInArea']);
      expect(
        await errs([
          { quarterIds: [tree.quarter.id], venueId: venueQ, date: '2031-03-20' },
          { quarterIds: [tree.quarter.id], venueId: UNKNOWN_ID, date: '2031-03-21' },
        ]),
      ).toEqual(['events[1].quarterIds[0]:duplicate', 'events[1].venueId:unknownVenue', 'events[1].date:notCandidateDate']);
      expect(
        await errs([
          { quarterIds: [tree.quarter.id], venueId: venueQ, date: '2031-03-20' },
          { quarterIds: [tree.quarter2.id], venueId: venueQ, date: '2031-03-20' },
        ]),
      ).toEqual(['events[1].venueId:venueTaken']);
      await t.http.put(url).set(organiser.auth).send({ events: [{ quarterIds: [], venueId: 'x', date: 'morgen' }] }).expect(400);

      const etag = (await t.http.get(url).set(organiser.auth).expect(200)).headers.etag;
      await t.http.put(url).set(organiser.auth).set('If-Match', '"999"').send({ events: [] }).expect(412);
      // Move Neckarvorstadt into Rohr's event at another date; Hallschlag gets its own event.
      const res = await t.http
        .put(url)
        .set(organiser.auth)
        .set('If-Match', etag)
        .send({
          events: [
            { quarterIds: [tree.quarter.id], venueId: venueQ, date: '2031-04-17' },
            { quarterIds: [tree.otherQuarter.id, tree.quarter2.id], venueId: venueOther, date: '2031-03-20' },
          ],
        })
        .expect(200);
      const body = res.body as PlanBody;
      expect(body.plan.edited).toBe(true);
      expect(body.plan.events.map((e) => ({ q: [...e.quarterIds].sort(), p: e.expectedParticipants, v: e.valueCaptured, d: e.date }))).toEqual([
        { q: [tree.quarter.id], p: 2, v: 0.8, d: '2031-04-17' },
        { q: [tree.quarter2.id, tree.otherQuarter.id].sort(), p: 5, v: 0.9, d: '2031-03-20' },
      ]);
      expect(body.plan.totals).toMatchObject({ valueCaptured: 1.7, events: 2 });
      // Drop an event: its Quartier is left out.
      const dropped = (
        await t.http
          .put(url)
          .set(organiser.auth)
          .send({ events: [{ quarterIds: [tree.quarter.id, tree.quarter2.id], venueId: venueQ, date: '2031-03-20' }] })
          .expect(200)
      ).body as PlanBody;
      expect(dropped.plan.events).toHaveLength(1);
      expect(dropped.plan.leftOut.map((l) => l.districtId)).toContain(tree.otherQuarter.id);
      // Back to two events for the confirmation below.
      await t.http
        .put(url)
        .set(organiser.auth)
        .send({
          events: [
            { quarterIds: [tree.quarter.id, tree.quarter2.id], venueId: venueQ, date: '2031-03-20' },
            { quarterIds: [tree.otherQuarter.id], venueId: venueOther, date: '2031-04-17' },
          ],
        })
        .expect(200);
    });

    it('an edited plan survives a re-run on unchanged inputs', async () => {
      await plan(organiser, roundId);
      const body = (await t.http.get(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(200)).body as PlanBody;
      expect(body.plan.edited).toBe(true);
      expect(body.plan.events.find((e) => e.quarterIds.includes(tree.otherQuarter.id))!.date).toBe('2031-04-17');
    });

    it('confirm creates the marketplaces in one go; re-confirming and re-planning are 409', async () => {
      await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({ startTime: '18:00', endTime: '17:00' }).expect(400);
      await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({ timeZone: 'Mars/Olympus' }).expect(400);
      await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({ startTime: '25:00' }).expect(400);
      const res = await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({ startTime: '16:30' }).expect(200);
      expect(res.body.round).toMatchObject({ status: 'confirmed' });
      expect(res.body.marketplaceIds).toHaveLength(2);
      const rows = (await t.ds.query(
        `SELECT status, district_id, quarter_ids, venue_id, starts_at, ends_at, capacity, tables, expected_participants, planned_value, place
           FROM marketplaces WHERE round_id = $1 ORDER BY starts_at`,
        [roundId],
      )) as Record<string, unknown>[];
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        status: 'draft',
        district_id: tree.borough.id, // Hallschlag + Neckarvorstadt: the lowest common district is their borough
        venue_id: venueQ,
        capacity: 50,
        tables: 5,
        expected_participants: 4,
        planned_value: 1.5,
        place: 'Kulturhaus Hallschlag, Hauptstraße 1',
      });
      expect([...(rows[0].quarter_ids as string[])].sort()).toEqual([tree.quarter.id, tree.quarter2.id].sort());
      // 16:30-19:00 in Berlin on 20 March 2031 (CET, UTC+1).
      expect((rows[0].starts_at as Date).toISOString()).toBe('2031-03-20T15:30:00.000Z');
      expect((rows[0].ends_at as Date).toISOString()).toBe('2031-03-20T18:00:00.000Z');
      // Rohr alone: its own Quartier; 17 April 2031 is summer time (UTC+2).
      expect(rows[1]).toMatchObject({ district_id: tree.otherQuarter.id, venue_id: venueOther, capacity: 30, tables: 3, expected_participants: 3, planned_value: 0.9 });
      expect((rows[1].starts_at as Date).toISOString()).toBe('2031-04-17T14:30:00.000Z');

      const again = await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({}).expect(409);
      expect(again.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'confirmed' });
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM marketplaces WHERE round_id = $1`, [roundId]))[0].n).toBe(2);
      expect((await t.http.post(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(409)).body.code).toBe('INVALID_TRANSITION');
      expect((await t.http.put(`/v1/rounds/${roundId}/plan`).set(organiser.auth).send({ events: [] }).expect(409)).body.code).toBe('NOT_EDITABLE');
      expect((await t.http.post(`/v1/rounds/${roundId}/venues`).set(organiser.auth).send(venueBody(tree.quarter.id)).expect(409)).body.code).toBe('NOT_EDITABLE');
      expect((await t.http.delete(`/v1/rounds/${roundId}/venues/${venueQ}`).set(organiser.auth).expect(409)).body.code).toBe('NOT_EDITABLE');
      expect((await t.http.patch(`/v1/rounds/${roundId}`).set(organiser.auth).send({ name: 'x-y-z' }).expect(409)).body.code).toBe('NOT_EDITABLE');
    });

    it('cancelling a confirmed round cancels its marketplaces and tells the invited; then nothing more is allowed', async () => {
      // One event opens (invitations go out), the other stays a draft.
      const [first] = (await t.ds.query(`SELECT id FROM marketplaces WHERE round_id = $1 ORDER BY starts_at LIMIT 1`, [roundId])) as { id: string }[];
      await t.http.post(`/v1/marketplaces/${first.id}/open`).set(organiser.auth).expect(200);
      const invited = (await t.ds.query(`SELECT organisation_id FROM marketplace_registrations WHERE marketplace_id = $1 AND status = 'invited'`, [first.id])) as { organisation_id: string }[];
      expect(invited.length).toBeGreaterThan(0);
      const res = await t.http.post(`/v1/rounds/${roundId}/cancel`).set(organiser.auth).expect(200);
      for (const { organisation_id } of invited) {
        const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'marketplace_cancelled' AND organisation_id = $1 AND params->>'url' = $2`, [organisation_id, `/v1/marketplaces/${first.id}`]);
        expect(n).toBe(1);
      }
      expect(res.body.status).toBe('cancelled');
      const statuses = (await t.ds.query(`SELECT status FROM marketplaces WHERE round_id = $1`, [roundId])) as { status: string }[];
      expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
      expect((await t.http.post(`/v1/rounds/${roundId}/cancel`).set(organiser.auth).expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'cancelled' });
      await t.http.post(`/v1/rounds/${roundId}/confirm`).set(organiser.auth).send({}).expect(409);
      await t.http.post(`/v1/rounds/${roundId}/plan`).set(organiser.auth).expect(409);
    });

    it('match value: weak matches count with mutual interest, dismissed and unpublished ones never', async () => {
      const svc = t.app.get(RoundsService);
      const draft = (await t.http.post('/v1/rounds').set(organiser.auth).send(roundBody(tree.otherBorough.id)).expect(201)).body.id as string;
      const load = async () => {
        const round = await t.ds.getRepository(Round).findOneByOrFail({ id: draft });
        const { input } = await svc.planningInput(t.ds.manager, round);
        return input;
      };
      const before = await load();
      expect(before.districts.map((d) => d.id).sort()).toEqual([tree.otherBorough.id, tree.otherQuarter.id].sort());
      expect(before.pools).toEqual([{ districtId: tree.otherQuarter.id, openNeeds: 2, openOffers: 1, organisations: 3, matchValue: 0.9 }]);
      expect(before.crossValues).toEqual([]); // NA × CC lies across the round's border
      const react = (need: string, offer: string, needSide: string, offerSide: string | null) =>
        t.ds.query(
          `INSERT INTO match_reactions (id, need_id, offer_id, need_side, need_side_at, offer_side, offer_side_at) VALUES (gen_random_uuid(), $1, $2, $3, now(), $4, now())`,
          [needs[need], offers[offer], needSide, offerSide],
        );
      await react('NC2', 'CC', 'interested', 'interested');
      expect((await load()).pools[0].matchValue).toBe(1.2);
      await react('NC', 'CC', 'dismissed', null);
      expect((await load()).pools[0].matchValue).toBe(0.3);
      await t.ds.query(`UPDATE needs SET status = 'withdrawn' WHERE id = $1`, [needs.NC2]);
      expect((await load()).pools[0]).toEqual({ districtId: tree.otherQuarter.id, openNeeds: 1, openOffers: 1, organisations: 2, matchValue: 0 });
    });

    it('POST /plan returns the waiting or running job instead of a second one', async () => {
      const draft = (await t.http.post('/v1/rounds').set(organiser.auth).send(roundBody(tree.borough.id)).expect(201)).body.id as string;
      // Hold the round's row lock, so that the job cannot finish before the second request.
      const qr = t.ds.createQueryRunner();
      await qr.connect();
      let firstId: string;
      try {
        await qr.startTransaction();
        await qr.query(`SELECT 1 FROM rounds WHERE id = $1 FOR UPDATE`, [draft]);
        const first = await t.http.post(`/v1/rounds/${draft}/plan`).set(organiser.auth).expect(202);
        expect(first.body.deduplicated).toBe(false);
        firstId = first.body.jobId;
        const second = await t.http.post(`/v1/rounds/${draft}/plan`).set(boroughOrganiser.auth).expect(202);
        expect(second.body).toEqual({ jobId: firstId, deduplicated: true });
        expect(second.headers.location).toBe(`/v1/jobs/${firstId}`);
        // The borough organiser runs this round's district: the job is theirs to read too.
        expect(['waiting', 'active', 'prioritized']).toContain((await job(boroughOrganiser, firstId)).state);
      } finally {
        await qr.rollbackTransaction().catch(() => undefined);
        await qr.release();
      }
      const done = await waitForJob(organiser, firstId);
      expect(done.result).toMatchObject({ roundId: draft, status: 'planned', changed: true });
      // Finished: a new request is a new job (writing nothing, the inputs are the same).
      const third = await t.http.post(`/v1/rounds/${draft}/plan`).set(organiser.auth).expect(202);
      expect(third.body.jobId).not.toBe(firstId);
      expect((await waitForJob(organiser, third.body.jobId)).result).toMatchObject({ changed: false });
    });

    it('the job leaves a round alone that can no longer be planned', async () => {
      const result = await t.app.get(RoundsService).plan({ roundId, runId: 'manual', requestedBy: null });
      expect(result).toEqual({ roundId, status: 'cancelled', changed: false });
      expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
    });
  });
});
