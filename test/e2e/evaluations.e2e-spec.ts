import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { CooperationWorkflow } from '../../src/modules/cooperations/cooperation.workflow';
import { EvaluationsService } from '../../src/modules/cooperations/evaluations.service';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, signup, Tree } from '../factories';
import { acceptedCooperation, act, agreementBody, makeOrganiser, type AcceptedCooperation } from '../factories/cooperations';

const WINDOW_DAYS = 30;
const evaluation = (over: Record<string, unknown> = {}) => ({
  rating: 5,
  whatWorked: 'Klare Absprachen und pünktliche Helfer.',
  whatToImprove: 'Früher über Parkplätze sprechen.',
  peopleReached: 45,
  outcomes: 'Der Jugendtreff hat zwei Wochen früher geöffnet.',
  wouldCooperateAgain: true,
  ...over,
});

describe('evaluation through the delayed BullMQ jobs (real PostgreSQL + Redis, worker in process)', () => {
  let t: TestApp;
  let tree: Tree;
  let queue: Queue;
  let workflow: CooperationWorkflow;
  let admin: Member;
  let organiser: Member;
  let outsider: Member;

  beforeAll(async () => {
    t = await createTestApp({ EVALUATION_WINDOW_DAYS: String(WINDOW_DAYS) });
    tree = await makeTree(t.ds);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Cooperations));
    workflow = t.app.get(CooperationWorkflow);
    admin = await makeAdmin(t.ds, t.http);
    organiser = await makeOrganiser(t.ds, t.http, [tree.city.id], tree.otherQuarter.id);
    outsider = await signup(t.http, 'nonprofit', tree.quarter.id);
  });
  afterAll(() => t.close());

  const coopRow = async (id: string) =>
    ((await t.ds.query(`SELECT status, evaluation_due_at, evaluation_closes_at, completed_at, evaluated_at FROM cooperations WHERE id = $1`, [id])) as Array<{
      status: string;
      evaluation_due_at: Date | null;
      evaluation_closes_at: Date | null;
      completed_at: Date | null;
      evaluated_at: Date | null;
    }>)[0];
  const lastEvent = async (id: string) =>
    ((await t.ds.query(`SELECT action, to_status, actor_user_id, note FROM cooperation_events WHERE cooperation_id = $1 ORDER BY id DESC LIMIT 1`, [id])) as Array<
      Record<string, string | null>
    >)[0];
  const notified = async (coopId: string, organisationId: string, kind: string) =>
    Number(
      ((await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE cooperation_id = $1 AND organisation_id = $2 AND kind = $3`, [coopId, organisationId, kind])) as Array<{ n: number }>)[0].n,
    );

  /** Both sign an agreement ending on `endsOn`; then either starts the work. */
  const signAgreement = async (c: AcceptedCooperation, endsOn: string) => {
    const a = (await t.http.post(`/v1/cooperations/${c.id}/agreements`).set(c.nonprofit.auth).send(agreementBody({ endsOn })).expect(201)).body;
    await t.http.post(`/v1/cooperations/${c.id}/agreements/${a.version}/sign`).set(c.nonprofit.auth).send({ contentHash: a.contentHash }).expect(200);
    await t.http.post(`/v1/cooperations/${c.id}/agreements/${a.version}/sign`).set(c.company.auth).send({ contentHash: a.contentHash }).expect(200);
  };
  const activeCooperation = async (endsOn = '2031-03-31') => {
    const c = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
    await signAgreement(c, endsOn);
    await act(t.ds, workflow, c.id, 'start', c.nonprofit);
    return c;
  };

  /** The delayed job the outbox relay delivered, found by its derived id. */
  const delayedJob = (jobId: string) =>
    waitFor(async () => {
      const job = await queue.getJob(jobId);
      return job && (await job.getState()) === 'delayed' ? job : undefined;
    }, `delayed job ${jobId}`);

  /** Runs a delayed job now (no real waiting) and returns what its handler returned. */
  const promoteAndRun = async (job: Job) => {
    await job.promote();
    return waitFor(async () => {
      const state = await queue.getJobState(job.id!);
      if (state === 'failed') throw new Error(`job ${job.id} failed: ${(await queue.getJob(job.id!))?.failedReason}`);
      return state === 'completed' ? ((await queue.getJob(job.id!))!.returnvalue as Record<string, unknown>) : undefined;
    }, `job ${job.id} to complete`);
  };
  const requestJobId = (coopId: string, dueAt: string) => `request-evaluation.${coopId}.${Date.parse(dueAt)}`;
  const closeJobId = (coopId: string, closesAt: Date) => `close-evaluation.${coopId}.${closesAt.getTime()}`;

  /** Active → (RequestEvaluation promoted) → completed, evaluation requested. */
  const completedCooperation = async () => {
    const c = await activeCooperation();
    await promoteAndRun(await delayedJob(requestJobId(c.id, '2031-03-31T22:00:00.000Z')));
    return c;
  };

  describe('at the end date', () => {
    let c: AcceptedCooperation;

    it('the request job completes an active cooperation, opens the window and notifies both sides', async () => {
      c = await activeCooperation();
      const job = await delayedJob(requestJobId(c.id, '2031-03-31T22:00:00.000Z'));
      // Due at the end of 31 March 2031 in Berlin, so it waits years: promoted here instead.
      expect(job.opts.delay).toBeGreaterThan(365 * 24 * 3600 * 1000);
      expect((await coopRow(c.id)).status).toBe('active');
      const before = Date.now();
      expect(await promoteAndRun(job)).toEqual({ done: ['completed', 'evaluation requested'] });

      const row = await coopRow(c.id);
      expect(row.status).toBe('completed');
      expect(row.completed_at).not.toBeNull();
      const closesAt = new Date(row.evaluation_closes_at!).getTime();
      expect(closesAt).toBeGreaterThanOrEqual(before + WINDOW_DAYS * 24 * 3600 * 1000);
      expect(closesAt).toBeLessThanOrEqual(Date.now() + WINDOW_DAYS * 24 * 3600 * 1000);
      const events = (await t.ds.query(`SELECT action, actor_user_id, note FROM cooperation_events WHERE cooperation_id = $1 AND action = 'complete'`, [c.id])) as Array<Record<string, string | null>>;
      expect(events).toEqual([{ action: 'complete', actor_user_id: null, note: 'Enddatum erreicht / end date reached' }]);
      for (const org of [c.nonprofit.organisationId, c.company.organisationId]) {
        expect(await notified(c.id, org, 'cooperation_completed')).toBe(1);
        expect(await notified(c.id, org, 'evaluation_due')).toBe(1);
      }
      await delayedJob(closeJobId(c.id, new Date(row.evaluation_closes_at!)));
    });

    it('running the same request again changes nothing (at-least-once delivery)', async () => {
      const evaluations = t.app.get(EvaluationsService);
      const row = await coopRow(c.id);
      expect(await evaluations.request({ cooperationId: c.id, dueAt: '2031-03-31T22:00:00.000Z' })).toEqual({ skipped: 'nothing to do while completed (already requested)' });
      const after = await coopRow(c.id);
      expect(after.evaluation_closes_at).toEqual(row.evaluation_closes_at);
      expect(await notified(c.id, c.nonprofit.organisationId, 'evaluation_due')).toBe(1);
    });

    it('each party evaluates once; the other side\'s answer is held back until one answered; the second answer evaluates at once', async () => {
      const url = `/v1/cooperations/${c.id}/evaluations`;
      const mine = (await t.http.post(url).set(c.company.auth).send(evaluation({ rating: 4, peopleReached: null })).expect(201)).body;
      expect(mine).toMatchObject({ side: 'company', organisationId: c.company.organisationId, rating: 4, wouldCooperateAgain: true, submittedByUserId: c.company.userId });
      expect((await t.http.post(url).set(c.company.auth).send(evaluation()).expect(409)).body.code).toBe('EVALUATION_EXISTS');

      const npView = (await t.http.get(url).set(c.nonprofit.auth).expect(200)).body;
      expect(npView).toMatchObject({ status: 'completed', items: [], answered: ['company'], hidden: ['company'] });
      const companyView = (await t.http.get(url).set(c.company.auth).expect(200)).body;
      expect(companyView.items.map((e: { side: string }) => e.side)).toEqual(['company']);
      for (const reader of [organiser, admin]) expect((await t.http.get(url).set(reader.auth).expect(200)).body).toMatchObject({ items: [{ side: 'company' }], hidden: [] });

      await t.http.post(url).set(c.nonprofit.auth).send(evaluation({ rating: 6 })).expect(400);
      await t.http.post(url).set(c.nonprofit.auth).send(evaluation()).expect(201);
      const row = await coopRow(c.id);
      expect(row.status).toBe('evaluated');
      expect(await lastEvent(c.id)).toMatchObject({ action: 'evaluate', to_status: 'evaluated', actor_user_id: c.nonprofit.userId });
      const both = (await t.http.get(url).set(c.company.auth).expect(200)).body;
      expect(both).toMatchObject({ status: 'evaluated', answered: ['nonprofit', 'company'], hidden: [] });
      expect(both.items).toHaveLength(2);
    });

    it('the window\'s close job then finds nothing to do', async () => {
      const row = await coopRow(c.id);
      expect(await promoteAndRun(await delayedJob(closeJobId(c.id, new Date(row.evaluation_closes_at!))))).toEqual({ skipped: 'nothing to do while evaluated' });
      expect((await coopRow(c.id)).evaluated_at).toEqual(row.evaluated_at);
    });
  });

  it('when the window closes with one answer, the cooperation is evaluated with it; the other side can no longer answer but now sees it', async () => {
    const c = await completedCooperation();
    const url = `/v1/cooperations/${c.id}/evaluations`;
    await t.http.post(url).set(c.nonprofit.auth).send(evaluation()).expect(201);
    expect((await t.http.get(url).set(c.company.auth).expect(200)).body.hidden).toEqual(['nonprofit']);
    const row = await coopRow(c.id);
    expect(await promoteAndRun(await delayedJob(closeJobId(c.id, new Date(row.evaluation_closes_at!))))).toEqual({ done: ['evaluated'] });
    expect((await coopRow(c.id)).status).toBe('evaluated');
    expect(await lastEvent(c.id)).toMatchObject({ action: 'evaluate', actor_user_id: null, note: expect.stringContaining('1 von 2') });
    const res = await t.http.post(url).set(c.company.auth).send(evaluation()).expect(409);
    expect(res.body).toMatchObject({ code: 'COOPERATION_STATUS_CONFLICT', currentStatus: 'evaluated' });
    expect((await t.http.get(url).set(c.company.auth).expect(200)).body).toMatchObject({ items: [{ side: 'nonprofit' }], hidden: [] });
  });

  it('stale jobs do nothing: a new signed version moves the end, the old request job is ignored, the new one acts', async () => {
    const c = await activeCooperation('2031-03-31');
    const oldJob = await delayedJob(requestJobId(c.id, '2031-03-31T22:00:00.000Z'));
    await signAgreement(c, '2031-06-30');
    expect(new Date((await coopRow(c.id)).evaluation_due_at!).toISOString()).toBe('2031-06-30T22:00:00.000Z');
    const newJob = await delayedJob(requestJobId(c.id, '2031-06-30T22:00:00.000Z'));

    expect(await promoteAndRun(oldJob)).toEqual({ skipped: 'stale: evaluation now due at 2031-06-30T22:00:00.000Z' });
    expect((await coopRow(c.id)).status).toBe('active');
    expect(await notified(c.id, c.company.organisationId, 'evaluation_due')).toBe(0);

    expect(await promoteAndRun(newJob)).toEqual({ done: ['completed', 'evaluation requested'] });
    expect((await coopRow(c.id)).status).toBe('completed');
    // A close job for a time that is not the stored one is stale too.
    expect(await t.app.get(EvaluationsService).close({ cooperationId: c.id, closesAt: '2031-01-01T00:00:00.000Z' })).toEqual({ skipped: 'stale: the window closes at another time' });
    expect((await coopRow(c.id)).status).toBe('completed');
  });

  it('a cooperation signed but never started is started and completed by the system at the end date, both recorded in its history', async () => {
    const c = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
    await signAgreement(c, '2031-03-31');
    expect((await coopRow(c.id)).status).toBe('agreed');
    expect(await promoteAndRun(await delayedJob(requestJobId(c.id, '2031-03-31T22:00:00.000Z')))).toEqual({ done: ['started', 'completed', 'evaluation requested'] });
    expect((await coopRow(c.id)).status).toBe('completed');
    const events = (await t.ds.query(`SELECT from_status, to_status, actor_user_id FROM cooperation_events WHERE cooperation_id = $1 ORDER BY id`, [c.id])) as Array<Record<string, string | null>>;
    expect(events.slice(-3)).toEqual([
      { from_status: 'accepted', to_status: 'agreed', actor_user_id: c.company.userId },
      { from_status: 'agreed', to_status: 'active', actor_user_id: null },
      { from_status: 'active', to_status: 'completed', actor_user_id: null },
    ]);
  });

  it('a cancelled cooperation is neither completed nor asked to evaluate', async () => {
    const c = await activeCooperation();
    const job = await delayedJob(requestJobId(c.id, '2031-03-31T22:00:00.000Z'));
    await act(t.ds, workflow, c.id, 'cancel', c.company);
    expect(await promoteAndRun(job)).toEqual({ skipped: 'nothing to do while cancelled' });
    expect((await coopRow(c.id)).status).toBe('cancelled');
    expect(await notified(c.id, c.nonprofit.organisationId, 'evaluation_due')).toBe(0);
  });

  describe('authorisation', () => {
    let c: AcceptedCooperation;
    const url = () => `/v1/cooperations/${c.id}/evaluations`;

    beforeAll(async () => {
      c = await activeCooperation();
    });

    it('no evaluation before the cooperation is completed (409)', async () => {
      const res = await t.http.post(url()).set(c.nonprofit.auth).send(evaluation()).expect(409);
      expect(res.body).toMatchObject({ code: 'COOPERATION_STATUS_CONFLICT', currentStatus: 'active', allowedStatuses: ['completed'] });
    });

    it('anonymous 401, another organisation 404, organisers and admins read but do not evaluate (403)', async () => {
      await t.http.get(url()).expect(401);
      await t.http.post(url()).send(evaluation()).expect(401);
      expect((await t.http.get(url()).set(outsider.auth).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
      expect((await t.http.post(url()).set(outsider.auth).send(evaluation()).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
      for (const reader of [organiser, admin]) {
        await t.http.get(url()).set(reader.auth).expect(200);
        expect((await t.http.post(url()).set(reader.auth).send(evaluation()).expect(403)).body.code).toBe('FORBIDDEN');
      }
      await t.http.get('/v1/cooperations/not-a-uuid/evaluations').set(c.nonprofit.auth).expect(400);
    });
  });
});
