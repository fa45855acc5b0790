import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { FollowUpsService } from '../../src/modules/marketplaces/follow-ups.service';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import { JOB_ID, JobName, QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { acceptedCooperation, agreementBody, makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, Member, publishedNeed, signup, Tree, uid } from '../factories';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

/** Follow-ups after a marketplace: the delayed marketplace-follow-up jobs (real BullMQ, promoted) and the parties' answers. */
describe('marketplace follow-ups (real PostgreSQL + Redis, worker in process)', () => {
  let t: TestApp;
  let tree: Tree;
  let queue: Queue;
  let followUps: FollowUpsService;
  let organiser: Member;
  let otherOrganiser: Member;
  let admin: Member;
  let outsider: Member;
  let np: Member;
  let co: Member;
  let np2: Member;
  let co2: Member;
  let marketplace: Marketplace;
  /** np–co and np2–co2: signed by both; np–co2: recorded, signed by the nonprofit only */
  let signed1: string;
  let signed2: string;
  let unsigned: string;

  const END = '2031-03-12T18:00:00.000Z';
  // 14 days later (still winter time: summer time begins on 30 March 2031), 3 months later (summer time: 19:00 Berlin = 17:00 UTC).
  const FIRST_DUE = '2031-03-26T18:00:00.000Z';
  const SECOND_DUE = '2031-06-12T17:00:00.000Z';

  const makeMarketplace = async (status: Marketplace['status'], registered: Member[], endsAt = END) => {
    const end = new Date(endsAt);
    const m = await newMarketplace(t.ds, tree, status, {
      quarterIds: [tree.quarter.id, tree.quarter2.id],
      name: `Marktplatz Bad Cannstatt ${uid()}`,
      place: 'Kursaal, Königsplatz 1',
      startsAt: new Date(end.getTime() - 2 * 3600_000),
      endsAt: end,
    });
    await register(t.ds, m, registered, 'registered', { checkedInAt: new Date() });
    return m;
  };
  /** Records an agreement at the notary desk (about one of the nonprofit's needs); `signers` sign it. */
  const agreement = async (m: Marketplace, nonprofit: Member, company: Member, signers: Member[]) => {
    const need = await publishedNeed(t.http, nonprofit);
    const res = await t.http
      .post(`/v1/marketplaces/${m.id}/notary-agreements`)
      .set(organiser.auth)
      .send({ nonprofitId: nonprofit.organisationId, companyId: company.organisationId, needId: need.id, agreement: agreementBody() })
      .expect(201);
    for (const s of signers) await t.http.post(`/v1/cooperations/${res.body.cooperationId}/agreements/1/sign`).set(s.auth).send({ contentHash: res.body.agreement.contentHash }).expect(200);
    return res.body.cooperationId as string;
  };
  const jobId = (m: Marketplace, stage: 'first' | 'second', dueAt: string) => JOB_ID[JobName.MarketplaceFollowUp]({ marketplaceId: m.id, stage, dueAt });
  const jobIn = (id: string, state: 'delayed' | 'completed') =>
    waitFor(async () => {
      const job = await queue.getJob(id);
      const s = job && (await job.getState());
      if (s === 'failed') throw new Error(`job ${id} failed: ${job!.failedReason}`);
      // read again once there: the copy read before the state may predate the return value
      return s === state ? queue.getJob(id) : undefined;
    }, `job ${id} ${state}`);
  /** Runs a delayed job now (no real waiting) and returns what its handler returned. */
  const promoteAndRun = async (job: Job) => {
    await job.promote();
    return (await jobIn(job.id!, 'completed'))!.returnvalue as Record<string, unknown>;
  };
  /** Notifications of a kind about one cooperation, or about any cooperation of the main marketplace. */
  const notifications = async (kind: string, cooperationId?: string) =>
    (await t.ds.query(
      `SELECT organisation_id, cooperation_id, dedupe_key, params FROM notifications
        WHERE kind = $1 AND ($2::uuid IS NULL OR cooperation_id = $2)
          AND ($2::uuid IS NOT NULL OR cooperation_id IN (SELECT id FROM cooperations WHERE marketplace_id = $3))
        ORDER BY organisation_id, cooperation_id`,
      [kind, cooperationId ?? null, marketplace.id],
    )) as Array<{ organisation_id: string; cooperation_id: string; dedupe_key: string; params: Record<string, string> }>;
  const stageRows = async (m: Marketplace) =>
    (await t.ds.query(`SELECT stage, due_at, sent_at FROM marketplace_follow_ups WHERE marketplace_id = $1 ORDER BY stage`, [m.id])) as Array<{ stage: string; due_at: Date; sent_at: Date | null }>;
  const answers = async (coopId: string) => (await t.ds.query(`SELECT side, stage, outcome, note FROM cooperation_follow_ups WHERE cooperation_id = $1 ORDER BY stage, side`, [coopId])) as unknown[];
  const answer = (by: Member | null, coopId: string, body: Record<string, unknown>) => {
    const req = t.http.post(`/v1/cooperations/${coopId}/follow-ups`);
    return (by ? req.set(by.auth) : req).send(body);
  };

  beforeAll(async () => {
    t = await createTestApp({ FOLLOW_UP_FIRST_DAYS: '14', FOLLOW_UP_SECOND_MONTHS: '3' });
    tree = await makeTree(t.ds);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Marketplaces));
    followUps = t.app.get(FollowUpsService);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    outsider = await signup(t.http, 'nonprofit', tree.quarter.id);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    co = await signup(t.http, 'company', tree.quarter2.id);
    np2 = await signup(t.http, 'nonprofit', tree.quarter2.id);
    co2 = await signup(t.http, 'company', tree.quarter.id);
    marketplace = await makeMarketplace('running', [np, co, np2, co2]);
    signed1 = await agreement(marketplace, np, co, [np, co]);
    signed2 = await agreement(marketplace, np2, co2, [co2, np2]);
    unsigned = await agreement(marketplace, np, co2, [np]);
  });
  afterAll(() => t.close());

  it('finishing the marketplace schedules both stages, 14 days and 3 calendar months after its end, as delayed jobs', async () => {
    await t.http.post(`/v1/marketplaces/${marketplace.id}/finish`).set(organiser.auth).expect(200);
    const rows = await stageRows(marketplace);
    expect(rows.map((r) => [r.stage, new Date(r.due_at).toISOString(), r.sent_at])).toEqual([
      ['first', FIRST_DUE, null],
      ['second', SECOND_DUE, null],
    ]);
    const first = await jobIn(jobId(marketplace, 'first', FIRST_DUE), 'delayed');
    const second = await jobIn(jobId(marketplace, 'second', SECOND_DUE), 'delayed');
    expect(first!.opts.delay).toBeGreaterThan(365 * 24 * 3600_000);
    // waiting until the due time (within the second the relay took to add them)
    for (const [job, due] of [[first!, FIRST_DUE], [second!, SECOND_DUE]] as const) expect(Math.abs(job.timestamp + job.opts.delay! - Date.parse(due))).toBeLessThan(1000);
    expect(first!.opts.attempts).toBe(5);
    expect(await notifications('follow_up_due')).toEqual([]);
  });

  it('before a stage is open, nobody can answer it (409 FOLLOW_UP_NOT_POSSIBLE, stageNotOpen)', async () => {
    const res = await answer(np, signed1, { stage: 'first', outcome: 'carried_out' }).expect(409);
    expect(res.body).toMatchObject({ code: 'FOLLOW_UP_NOT_POSSIBLE', reason: 'stageNotOpen', stage: 'first', opensAt: FIRST_DUE });
    const list = (await t.http.get(`/v1/cooperations/${signed1}/follow-ups`).set(np.auth).expect(200)).body;
    expect(list).toMatchObject({ cooperationId: signed1, marketplaceId: marketplace.id, signed: true, items: [] });
    expect(list.stages).toEqual([
      { stage: 'first', dueAt: FIRST_DUE, sentAt: null, open: false, answered: [] },
      { stage: 'second', dueAt: SECOND_DUE, sentAt: null, open: false, answered: [] },
    ]);
  });

  it('the first job asks both parties of each agreement signed by both, not those of the unsigned one', async () => {
    const result = await promoteAndRun((await jobIn(jobId(marketplace, 'first', FIRST_DUE), 'delayed'))!);
    expect(result).toEqual({ agreements: 2, asked: 4, alreadyAnswered: 0, notifications: 4 });
    const sent = await notifications('follow_up_due');
    expect(sent.map((n) => [n.organisation_id, n.cooperation_id, n.dedupe_key]).sort()).toEqual(
      [
        [np.organisationId, signed1, `follow-up.${signed1}.first`],
        [co.organisationId, signed1, `follow-up.${signed1}.first`],
        [np2.organisationId, signed2, `follow-up.${signed2}.first`],
        [co2.organisationId, signed2, `follow-up.${signed2}.first`],
      ].sort(),
    );
    expect(sent.find((n) => n.organisation_id === np.organisationId)!.params).toMatchObject({ event: marketplace.name, url: `/v1/cooperations/${signed1}/follow-ups` });
    expect(await notifications('follow_up_due', unsigned)).toEqual([]);
    const [first] = await stageRows(marketplace);
    expect(first.sent_at).not.toBeNull();
  });

  it('running the job again changes nothing: no second notification, the time it was sent stays', async () => {
    const before = await stageRows(marketplace);
    const count = (await notifications('follow_up_due')).length;
    expect(await followUps.remind({ marketplaceId: marketplace.id, stage: 'first', dueAt: FIRST_DUE })).toEqual({ agreements: 2, asked: 4, alreadyAnswered: 0, notifications: 0 });
    expect(await stageRows(marketplace)).toEqual(before);
    expect((await notifications('follow_up_due')).length).toBe(count);
  });

  it('a stale job (another due time) or one for a marketplace without follow-ups changes nothing', async () => {
    const count = (await notifications('follow_up_due')).length;
    expect(await followUps.remind({ marketplaceId: marketplace.id, stage: 'second', dueAt: '2031-06-12T18:00:00.000Z' })).toEqual({ skipped: `stale: this stage is due at ${SECOND_DUE}` });
    expect(await followUps.remind({ marketplaceId: randomUUID(), stage: 'first', dueAt: FIRST_DUE })).toEqual({ skipped: 'no follow-up scheduled (marketplace gone or not finished)' });
    expect((await notifications('follow_up_due')).length).toBe(count);
    expect((await stageRows(marketplace))[1].sent_at).toBeNull();
  });

  it('each party answers the open stage once (409 FOLLOW_UP_EXISTS on a second answer, nothing replaced); the money rule applies to the note', async () => {
    const mine = (await answer(np, signed1, { stage: 'first', outcome: 'carried_out', note: 'Der Umzug hat am 20. März stattgefunden.' }).expect(201)).body;
    expect(mine).toMatchObject({ cooperationId: signed1, organisationId: np.organisationId, side: 'nonprofit', stage: 'first', outcome: 'carried_out', note: 'Der Umzug hat am 20. März stattgefunden.', submittedByUserId: np.userId });
    const again = await answer(np, signed1, { stage: 'first', outcome: 'not_carried_out' }).expect(409);
    expect(again.body).toMatchObject({ code: 'FOLLOW_UP_EXISTS', side: 'nonprofit', stage: 'first' });
    const money = await answer(co, signed1, { stage: 'first', outcome: 'in_progress', note: 'Wir haben 500 Euro überwiesen.' }).expect(422);
    expect(money.body.code).toBe('MONEY_NOT_ALLOWED');
    await answer(co, signed1, { stage: 'first', outcome: 'in_progress' }).expect(201);
    for (const bad of [{ stage: 'third', outcome: 'carried_out' }, { stage: 'first', outcome: 'maybe' }, { stage: 'first' }, { stage: 'first', outcome: 'carried_out', rating: 5 }]) {
      expect((await answer(np2, signed2, bad).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    expect(await answers(signed1)).toEqual([
      { side: 'nonprofit', stage: 'first', outcome: 'carried_out', note: 'Der Umzug hat am 20. März stattgefunden.' },
      { side: 'company', stage: 'first', outcome: 'in_progress', note: '' },
    ]);
    // the second stage is not open yet
    expect((await answer(np, signed1, { stage: 'second', outcome: 'carried_out' }).expect(409)).body).toMatchObject({ reason: 'stageNotOpen', opensAt: SECOND_DUE });
  });

  it('the parties, the district\'s organisers and admins read the answers; others get 404', async () => {
    for (const reader of [np, co, organiser, admin]) {
      const list = (await t.http.get(`/v1/cooperations/${signed1}/follow-ups`).set(reader.auth).expect(200)).body;
      expect(list.items.map((i: { side: string; outcome: string }) => [i.side, i.outcome])).toEqual([
        ['nonprofit', 'carried_out'],
        ['company', 'in_progress'],
      ]);
      expect(list.stages[0]).toMatchObject({ stage: 'first', open: true, answered: ['nonprofit', 'company'] });
    }
    for (const stranger of [outsider, otherOrganiser, np2]) {
      expect((await t.http.get(`/v1/cooperations/${signed1}/follow-ups`).set(stranger.auth).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    }
    await t.http.get(`/v1/cooperations/${signed1}/follow-ups`).expect(401);
    await t.http.get(`/v1/cooperations/${randomUUID()}/follow-ups`).set(admin.auth).expect(404);
    await t.http.get(`/v1/cooperations/not-a-uuid/follow-ups`).set(admin.auth).expect(400);
  });

  it('only the two parties write: organisers and admins 403, others 404, anonymous 401; the record is unchanged', async () => {
    const body = { stage: 'first', outcome: 'not_carried_out' };
    expect((await answer(organiser, signed2, body).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await answer(admin, signed2, body).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await answer(outsider, signed2, body).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    expect((await answer(otherOrganiser, signed2, body).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    expect((await answer(np, signed2, body).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    await answer(null, signed2, body).expect(401);
    expect(await answers(signed2)).toEqual([]);
  });

  it('an agreement not signed by both, or a cooperation not made at a marketplace: 409 FOLLOW_UP_NOT_POSSIBLE', async () => {
    const notSigned = await answer(np, unsigned, { stage: 'first', outcome: 'carried_out' }).expect(409);
    expect(notSigned.body).toMatchObject({ code: 'FOLLOW_UP_NOT_POSSIBLE', reason: 'notSigned', currentStatus: 'accepted' });
    expect((await t.http.get(`/v1/cooperations/${unsigned}/follow-ups`).set(co2.auth).expect(200)).body).toMatchObject({ signed: false, items: [] });
    const elsewhere = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
    const post = await answer(elsewhere.nonprofit, elsewhere.id, { stage: 'first', outcome: 'carried_out' }).expect(409);
    expect(post.body).toMatchObject({ code: 'FOLLOW_UP_NOT_POSSIBLE', reason: 'notFromMarketplace' });
    expect((await t.http.get(`/v1/cooperations/${elsewhere.id}/follow-ups`).set(elsewhere.company.auth).expect(409)).body.reason).toBe('notFromMarketplace');
    expect(await answers(unsigned)).toEqual([]);
  });

  it('the second job asks again for the second stage; a party that already answered a stage is not asked for it', async () => {
    const result = await promoteAndRun((await jobIn(jobId(marketplace, 'second', SECOND_DUE), 'delayed'))!);
    expect(result).toEqual({ agreements: 2, asked: 4, alreadyAnswered: 0, notifications: 4 });
    expect((await notifications('follow_up_due', signed1)).map((n) => n.dedupe_key).sort()).toEqual([`follow-up.${signed1}.first`, `follow-up.${signed1}.first`, `follow-up.${signed1}.second`, `follow-up.${signed1}.second`]);
    await answer(np2, signed2, { stage: 'second', outcome: 'not_carried_out' }).expect(201);
    // a repeated run now skips np2 for the second stage (and writes nothing new)
    expect(await followUps.remind({ marketplaceId: marketplace.id, stage: 'second', dueAt: SECOND_DUE })).toEqual({ agreements: 2, asked: 3, alreadyAnswered: 1, notifications: 0 });
  });

  describe('a stage already due when the marketplace finishes (an event reported late)', () => {
    it('the job runs at once; a party that answered before it ran is skipped, the other side is asked', async () => {
      const a = await signup(t.http, 'nonprofit', tree.quarter.id);
      const b = await signup(t.http, 'company', tree.quarter.id);
      // ended four weeks ago: the first stage (14 days) is due, the second (3 months) not yet
      const late = await makeMarketplace('running', [a, b], new Date(Date.now() - 28 * 24 * 3600_000).toISOString());
      const coop = await agreement(late, a, b, [a, b]);
      await queue.pause();
      try {
        await t.http.post(`/v1/marketplaces/${late.id}/finish`).set(organiser.auth).expect(200);
        const [first] = await stageRows(late);
        const id = jobId(late, 'first', new Date(first.due_at).toISOString());
        await waitFor(async () => (await queue.getJobState(id)) === 'waiting' || undefined, 'the first stage job waiting (no delay: already due)');
        // open by its due time, before the reminder went out
        await answer(b, coop, { stage: 'first', outcome: 'carried_out' }).expect(201);
        await answer(a, coop, { stage: 'second', outcome: 'carried_out' }).expect(409);
      } finally {
        await queue.resume();
      }
      const [first] = await stageRows(late);
      const done = await jobIn(jobId(late, 'first', new Date(first.due_at).toISOString()), 'completed');
      expect(done!.returnvalue).toEqual({ agreements: 1, asked: 1, alreadyAnswered: 1, notifications: 1 });
      expect((await notifications('follow_up_due', coop)).map((n) => n.organisation_id)).toEqual([a.organisationId]);
    });
  });
});
