import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { CooperationWorkflow } from '../../src/modules/cooperations/cooperation.workflow';
import type { CooperationStatus } from '../../src/modules/cooperations/cooperation.machine';
import { ProposalsService } from '../../src/modules/cooperations/proposals.service';
import { JOB_ID, JobName, QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, needBody, publishedNeed, publishedOffer, signup, Tree } from '../factories';
import { agreementBody } from '../factories/cooperations';
import { makeOrganiser, proposal, PROPOSAL_MESSAGE, readyCompany, readyNonprofit, submitReadiness, systemTransition } from '../factories/cooperations-core';

const HOUR = 3600_000;
const UNKNOWN_ID = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

interface Coop {
  id: string;
  status: CooperationStatus;
  districtId: string;
  nonprofit: { id: string; name: string; kind: string; verification: { verified: boolean } };
  company: { id: string; name: string; kind: string; verification: { verified: boolean } };
  proposedByOrganisationId: string;
  yourRole: 'sender' | 'receiver' | null;
  need: { id: string; title: string; status: string } | null;
  offer: { id: string; title: string; status: string } | null;
  matchId: string | null;
  allowedActions: string[];
  agreement: unknown;
  expiresAt: string | null;
  declineReason: string | null;
  cancelReason: string | null;
  cancelledByOrganisationId: string | null;
  evaluationDueAt: string | null;
  evaluationClosesAt: string | null;
  version: number;
}

describe('cooperations core: proposals, transitions, jobs, reads, messages (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let queue: Queue;
  let maintenance: Queue;
  let workflow: CooperationWorkflow;
  let proposals: ProposalsService;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Cooperations));
    maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    workflow = t.app.get(CooperationWorkflow);
    proposals = t.app.get(ProposalsService);
    admin = await makeAdmin(t.ds, t.http);
  });
  afterEach(() => {
    proposals.clock = () => new Date();
  });
  afterAll(() => t.close());

  // ---------------------------------------------------------------- helpers

  const get = async (m: Member, id: string) => (await t.http.get(`/v1/cooperations/${id}`).set(m.auth).expect(200)).body as Coop;
  const act = (m: Member, id: string, action: string, body: Record<string, unknown> = {}) => t.http.post(`/v1/cooperations/${id}/${action}`).set(m.auth).send(body);
  const rows = (sql: string, params: unknown[]) => t.ds.query(sql, params) as Promise<Array<Record<string, unknown>>>;
  const history = async (m: Member, id: string) =>
    (await t.http.get(`/v1/cooperations/${id}/history`).set(m.auth).expect(200)).body.items as Array<{
      fromStatus: string | null;
      toStatus: string;
      action: string;
      actorUserId: string | null;
      actorOrganisationId: string | null;
      actorOrganisationName: string | null;
      note: string | null;
      createdAt: string;
    }>;
  const notifications = (cooperationId: string, kind?: string) =>
    rows(`SELECT kind, organisation_id, user_id, subject, body, dedupe_key FROM notifications WHERE cooperation_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY created_at`, kind ? [cooperationId, kind] : [cooperationId]);
  const outbox = (cooperationId: string, jobName: string) =>
    rows(`SELECT job_id, payload FROM outbox WHERE job_name = $1 AND payload->>'cooperationId' = $2`, [jobName, cooperationId]);

  /** The delayed job the outbox relay delivered to the cooperations queue. */
  const delayedJob = (jobId: string) =>
    waitFor(async () => {
      const job = await queue.getJob(jobId);
      return job && (await job.getState()) === 'delayed' ? job : undefined;
    }, `delayed job ${jobId}`);
  /** Waits until the job completed, then reads it again (a copy read before completion has no return value). */
  const finished = (job: Job) =>
    waitFor(async () => {
      const state = await queue.getJobState(job.id as string);
      if (state === 'failed') throw new Error(`job ${job.id} failed: ${(await queue.getJob(job.id as string))?.failedReason}`);
      return state === 'completed' ? queue.getJob(job.id as string) : undefined;
    }, `job ${job.id} to complete`);

  /** A nonprofit and a company, both ready (step 3), in tree.quarter, with a published need and offer. */
  async function pair() {
    const np = await readyNonprofit(t.http, tree.quarter.id);
    const co = await readyCompany(t.http, tree.quarter.id);
    const need = await publishedNeed(t.http, np);
    const offer = await publishedOffer(t.http, co);
    return { np, co, need, offer };
  }

  // ---------------------------------------------------------------- the journey, both directions

  it('nonprofit → company: propose, accept, (agree), start, complete; history, notifications and jobs along the way', async () => {
    const { np, co, need, offer } = await pair();
    const before = Date.now();
    const res = await t.http.post('/v1/cooperations').set(np.auth).send({ needId: need.id, offerId: offer.id, message: PROPOSAL_MESSAGE }).expect(201);
    const created = res.body as Coop;
    expect(res.headers.location).toBe(`/v1/cooperations/${created.id}`);
    expect(res.headers.etag).toBe(`"${created.version}"`);
    expect(created).toMatchObject({
      status: 'proposed',
      districtId: tree.quarter.id,
      nonprofit: { id: np.organisationId, kind: 'nonprofit', verification: { verified: false, verifiedAt: null, basis: null } },
      company: { id: co.organisationId, kind: 'company', verification: { verified: false, verifiedAt: null, basis: null } },
      proposedByOrganisationId: np.organisationId,
      yourRole: 'sender',
      need: { id: need.id, title: need.title, status: 'published' },
      offer: { id: offer.id, title: offer.title, status: 'published' },
      matchId: null,
      allowedActions: ['cancel'],
      agreement: null,
      declineReason: null,
    });
    const expiresAt = Date.parse(created.expiresAt as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + t.config.PROPOSAL_TTL_HOURS * HOUR);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + t.config.PROPOSAL_TTL_HOURS * HOUR);

    // the receiver sees it with its own actions (and the nonprofit's badge once an organiser verified it)
    const organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]);
    await t.http.put(`/v1/organisations/${np.organisationId}/verification`).set(organiser.auth).send({ basis: 'charitable_status' }).expect(200);
    const seen = await get(co, created.id);
    expect(seen).toMatchObject({ yourRole: 'receiver', allowedActions: ['accept', 'decline', 'cancel'] });
    expect(seen.nonprofit).toMatchObject({ verification: { verified: true, basis: 'charitable_status', verifiedAt: expect.any(String) } });
    expect(seen.company).toMatchObject({ verification: { verified: false } });
    // both jobs are in the outbox with the proposal's times
    expect((await outbox(created.id, JobName.ExpireProposal)).map((r) => r.payload)).toEqual([{ cooperationId: created.id, expiresAt: created.expiresAt }]);
    expect((await outbox(created.id, JobName.RemindProposal)).map((r) => r.payload)).toEqual([
      { cooperationId: created.id, expiresAt: created.expiresAt, remindAt: new Date(expiresAt - t.config.PROPOSAL_REMINDER_HOURS * HOUR).toISOString() },
    ]);
    const received = await notifications(created.id, 'proposal_received');
    expect(received.map((n) => n.user_id)).toEqual([co.userId]);
    expect(received[0].body).toContain(need.title);

    const accepted = await act(co, created.id, 'accept').set('If-Match', `"${created.version}"`).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', allowedActions: ['cancel'] });
    expect(accepted.headers.etag).toBe(`"${created.version + 1}"`);
    expect((await notifications(created.id, 'proposal_accepted')).map((n) => n.user_id)).toEqual([np.userId]);

    // both sign the Engagement-Vereinbarung (the agreements routes): agreed, with the agreement summary
    const draft = (await t.http.post(`/v1/cooperations/${created.id}/agreements`).set(co.auth).send(agreementBody()).expect(201)).body;
    expect((await get(np, created.id)).agreement).toMatchObject({ version: 1, signed: false, nonprofitSignedAt: null, companySignedAt: null });
    for (const m of [co, np]) await t.http.post(`/v1/cooperations/${created.id}/agreements/${draft.version}/sign`).set(m.auth).send({ contentHash: draft.contentHash }).expect(200);
    const agreed = await get(np, created.id);
    expect(agreed).toMatchObject({ status: 'agreed', allowedActions: ['start', 'cancel'], agreement: { version: 1, signed: true, signedAt: expect.any(String) } });
    await act(np, created.id, 'start', { note: 'Los geht es am Montag' }).expect(200);
    const done = await act(co, created.id, 'complete').expect(200);
    expect(done.body).toMatchObject({ status: 'completed', allowedActions: [] });
    const dueAt = done.body.evaluationDueAt as string;
    expect(Date.parse(dueAt)).toBeLessThanOrEqual(Date.now());
    // the timing contract: evaluation_due_at set now, RequestEvaluation enqueued with that dueAt
    // (the other RequestEvaluation row is the agreement's: due at the end of its endsOn day)
    expect((await outbox(created.id, JobName.RequestEvaluation)).map((r) => r.payload)).toContainEqual({ cooperationId: created.id, dueAt });
    // the job runs at once (due now): both sides are asked to evaluate, the window closes later
    const jobId = JOB_ID[JobName.RequestEvaluation]({ cooperationId: created.id, dueAt });
    await waitFor(async () => {
      const job = await queue.getJob(jobId);
      return (await job?.getState()) === 'completed' ? job : undefined;
    }, 'the request-evaluation job to run');
    const asked = await notifications(created.id, 'evaluation_due');
    expect(asked.map((n) => n.organisation_id).sort()).toEqual([np.organisationId, co.organisationId].sort());
    expect((await get(np, created.id)).evaluationClosesAt).toEqual(expect.any(String));
    expect((await notifications(created.id, 'cooperation_completed')).map((n) => n.user_id)).toEqual([np.userId]);

    const h = await history(co, created.id);
    expect(h.map((e) => [e.fromStatus, e.toStatus, e.action, e.actorOrganisationId])).toEqual([
      [null, 'proposed', 'propose', np.organisationId],
      ['proposed', 'accepted', 'accept', co.organisationId],
      ['accepted', 'agreed', 'agree', np.organisationId], // the second signature
      ['agreed', 'active', 'start', np.organisationId],
      ['active', 'completed', 'complete', co.organisationId],
    ]);
    expect(h[0]).toMatchObject({ actorUserId: np.userId, actorOrganisationName: expect.stringContaining('Nachbarschaftshilfe') });
    expect(h[3].note).toBe('Los geht es am Montag');
    expect(h.map((e) => Date.parse(e.createdAt))).toEqual([...h.map((e) => Date.parse(e.createdAt))].sort((a, b) => a - b));
  });

  it('company → nonprofit on a need alone; the nonprofit declines with a reason (required), the company is told why', async () => {
    const np = await signup(t.http, 'nonprofit', tree.quarter2.id); // the receiver needs no readiness check
    const co = await readyCompany(t.http, tree.otherQuarter.id);
    const need = await publishedNeed(t.http, np);
    const created = await proposal(t.http, co, { needId: need.id });
    const coop = await get(np, created.id);
    expect(coop).toMatchObject({
      nonprofit: { id: np.organisationId },
      company: { id: co.organisationId },
      proposedByOrganisationId: co.organisationId,
      districtId: tree.quarter2.id, // the need's district
      offer: null,
      yourRole: 'receiver',
    });
    const noReason = await act(np, created.id, 'decline').expect(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const declined = await act(np, created.id, 'decline', { reason: 'Im Frühjahr fehlen uns leider die Kapazitäten.' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Im Frühjahr fehlen uns leider die Kapazitäten.', allowedActions: [] });
    const told = await notifications(created.id, 'proposal_declined');
    expect(told.map((n) => n.user_id)).toEqual([co.userId]);
    expect(told[0].body).toContain('Im Frühjahr fehlen uns leider die Kapazitäten.');
    expect((await history(co, created.id)).at(-1)).toMatchObject({ action: 'decline', note: 'Im Frühjahr fehlen uns leider die Kapazitäten.', actorOrganisationId: np.organisationId });
  });

  it("nonprofit asks about an offer alone: district is the nonprofit's; the sender withdraws with cancel (reason required)", async () => {
    const np = await readyNonprofit(t.http, tree.quarter2.id);
    const co = await signup(t.http, 'company', tree.otherQuarter.id);
    const offer = await publishedOffer(t.http, co);
    const created = await proposal(t.http, np, { offerId: offer.id });
    expect(created).toMatchObject({ districtId: tree.quarter2.id, need: null, offer: { id: offer.id }, nonprofit: { id: np.organisationId }, company: { id: co.organisationId } });
    await act(np, created.id, 'cancel').expect(400);
    const cancelled = await act(np, created.id, 'cancel', { reason: 'Wir haben schon Hilfe gefunden.' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Wir haben schon Hilfe gefunden.', cancelledByOrganisationId: np.organisationId });
    const told = await notifications(created.id, 'cooperation_cancelled');
    expect(told.map((n) => n.user_id)).toEqual([co.userId]);
    expect(told[0].body).toContain('Wir haben schon Hilfe gefunden.');
  });

  it('a match names need and offer (matchId)', async () => {
    const { np, co, need, offer } = await pair();
    const [match] = await waitFor(async () => {
      const found = await rows(`SELECT id FROM matches WHERE need_id = $1 AND offer_id = $2`, [need.id, offer.id]);
      return found.length ? found : undefined;
    }, 'the match of the pair');
    const created = await proposal(t.http, co, { matchId: match.id as string });
    expect(created).toMatchObject({ matchId: match.id, need: { id: need.id }, offer: { id: offer.id }, proposedByOrganisationId: co.organisationId });
    expect((await get(np, created.id)).yourRole).toBe('receiver');
    const other = await publishedNeed(t.http, np);
    const mismatch = await t.http.post('/v1/cooperations').set(co.auth).send({ matchId: match.id, needId: other.id, message: PROPOSAL_MESSAGE }).expect(400);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'needId', reason: 'notInMatch' })]);
    const unknown = await t.http.post('/v1/cooperations').set(co.auth).send({ matchId: UNKNOWN_ID, message: PROPOSAL_MESSAGE }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'matchId', reason: 'unknownMatch' })]);
  });

  // ---------------------------------------------------------------- refusals

  it('refuses own listings, same kind, other organisations\' pairs, unpublished listings and bad bodies with field errors', async () => {
    const { np, co, need, offer } = await pair();
    const np2 = await readyNonprofit(t.http, tree.quarter.id);
    const co2 = await readyCompany(t.http, tree.quarter.id);
    const send = (m: Member, body: Record<string, unknown>) => t.http.post('/v1/cooperations').set(m.auth).send({ message: PROPOSAL_MESSAGE, ...body });
    const expectProblem = async (m: Member, body: Record<string, unknown>, status: number, code: string, field: string, reason: string) => {
      const res = await send(m, body).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason })]));
    };
    await expectProblem(np, { needId: need.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'offerId', 'required'); // own need alone
    await expectProblem(co, { offerId: offer.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'needId', 'required'); // own offer alone
    await expectProblem(np2, { needId: need.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'needId', 'sameKind');
    await expectProblem(co2, { offerId: offer.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'offerId', 'sameKind');
    await expectProblem(np2, { needId: need.id, offerId: offer.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'needId', 'notYourListing');
    await expectProblem(co2, { needId: need.id, offerId: offer.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'offerId', 'notYourListing');
    await expectProblem(np, {}, 400, 'VALIDATION_FAILED', 'needId', 'required');
    await expectProblem(np, { needId: UNKNOWN_ID, offerId: offer.id }, 400, 'VALIDATION_FAILED', 'needId', 'unknownNeed');
    await expectProblem(np, { needId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED', 'needId', 'isUuid');
    const short = await send(np, { needId: need.id, offerId: offer.id, message: 'Hallo' }).expect(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['message']);

    // drafts: another organisation's is invisible (400), one's own is not published (422)
    const draft = (await t.http.post('/v1/needs').set(np.auth).send(needBody({ title: 'Entwurf: Regale aufbauen' })).expect(201)).body;
    await expectProblem(co, { needId: draft.id }, 400, 'VALIDATION_FAILED', 'needId', 'unknownNeed');
    await expectProblem(np, { needId: draft.id, offerId: offer.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'needId', 'notPublished');
    // a withdrawn offer is no longer open
    const gone = await publishedOffer(t.http, co);
    await t.http.post(`/v1/offers/${gone.id}/withdraw`).set(co.auth).expect(200);
    await expectProblem(np, { needId: need.id, offerId: gone.id }, 422, 'PROPOSAL_NOT_POSSIBLE', 'offerId', 'notPublished');

    // no organisation to send from: admins and organisers do not propose
    const forbidden = await send(admin, { needId: need.id, offerId: offer.id }).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    await t.http.post('/v1/cooperations').send({ needId: need.id, offerId: offer.id, message: PROPOSAL_MESSAGE }).expect(401);
    expect(await rows(`SELECT id FROM cooperations WHERE need_id = $1`, [need.id])).toEqual([]);
  });

  it('the readiness gate: a sender without step 3 gets 409 READINESS_CHECK_REQUIRED saying what to do; after the check it works', async () => {
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const co = await signup(t.http, 'company', tree.quarter.id);
    const need = await publishedNeed(t.http, np);
    const offer = await publishedOffer(t.http, co);
    const res = await t.http.post('/v1/cooperations').set(np.auth).send({ needId: need.id, offerId: offer.id, message: PROPOSAL_MESSAGE }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'READINESS_CHECK_REQUIRED', status: 409, step: 3, organisationId: np.organisationId, next: `POST /v1/organisations/${np.organisationId}/readiness` });
    expect(res.body.detail).toMatch(/Schritt 3/);
    expect(res.body.detail).toMatch(/readiness check/);
    expect(await rows(`SELECT id FROM cooperations WHERE need_id = $1`, [need.id])).toEqual([]);
    await submitReadiness(t.http, np, 'nonprofit');
    // the receiver (the company) has not done step 3: only the sender's check counts
    await proposal(t.http, np, { needId: need.id, offerId: offer.id });
  });

  // ---------------------------------------------------------------- duplicates

  it('no second open proposal for the same pair and need (either direction); a closed one frees the pair', async () => {
    const { np, co, need, offer } = await pair();
    const first = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    for (const [m, body] of [
      [np, { needId: need.id, offerId: offer.id }],
      [co, { needId: need.id, offerId: offer.id }],
      [co, { needId: need.id }],
    ] as Array<[Member, Record<string, string>]>) {
      const dup = await t.http.post('/v1/cooperations').set(m.auth).send({ message: PROPOSAL_MESSAGE, ...body }).expect(409);
      expect(dup.body).toMatchObject({ code: 'PROPOSAL_EXISTS', cooperationId: first.id });
    }
    // another need of the same nonprofit is another cooperation
    const need2 = await publishedNeed(t.http, np);
    await proposal(t.http, co, { needId: need2.id });
    await act(co, first.id, 'decline', { reason: 'Passt gerade nicht.' }).expect(200);
    const again = await proposal(t.http, co, { needId: need.id, offerId: offer.id });
    expect(again.id).not.toBe(first.id);
  });

  it('concurrent duplicates: of six proposals at once exactly one is created, the others name it (409 PROPOSAL_EXISTS)', async () => {
    const { np, co, need, offer } = await pair();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.http.post('/v1/cooperations').set((i % 2 ? co : np).auth).send({ needId: need.id, offerId: offer.id, message: PROPOSAL_MESSAGE })),
    );
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.body).toMatchObject({ code: 'PROPOSAL_EXISTS', cooperationId: created[0].body.id });
    expect(await rows(`SELECT id FROM cooperations WHERE need_id = $1`, [need.id])).toEqual([{ id: created[0].body.id }]);
  });

  // ---------------------------------------------------------------- transitions

  /** The receiver's hand-made actions per status (hand-written, not derived from the code). */
  const RECEIVER_MAY: Record<CooperationStatus, string[]> = {
    proposed: ['accept', 'decline', 'cancel'],
    accepted: ['cancel'],
    declined: [],
    expired: [],
    agreed: ['start', 'cancel'],
    active: ['complete', 'cancel'],
    completed: [],
    evaluated: [],
    cancelled: [],
  };
  const PARTY_ACTIONS = ['accept', 'decline', 'cancel', 'start', 'complete'];
  const BODY: Record<string, Record<string, string>> = { decline: { reason: 'Kein Bedarf mehr.' }, cancel: { reason: 'Leider abgesagt.' } };

  it('every invalid party action in every status answers 409 INVALID_TRANSITION with the caller\'s allowed actions, and changes nothing', async () => {
    const np = await readyNonprofit(t.http, tree.quarter.id);
    const co = await readyCompany(t.http, tree.quarter.id);
    const offer = await publishedOffer(t.http, co);
    /** The path to each status: party actions (by the receiver, the company) and system steps. */
    const PATHS: Record<CooperationStatus, Array<[string, 'party' | 'system']>> = {
      proposed: [],
      accepted: [['accept', 'party']],
      declined: [['decline', 'party']],
      expired: [['expire', 'system']],
      agreed: [['accept', 'party'], ['agree', 'system']],
      active: [['accept', 'party'], ['agree', 'system'], ['start', 'party']],
      completed: [['accept', 'party'], ['agree', 'system'], ['start', 'party'], ['complete', 'party']],
      evaluated: [['accept', 'party'], ['agree', 'system'], ['start', 'party'], ['complete', 'party'], ['evaluate', 'system']],
      cancelled: [['cancel', 'party']],
    };
    let invalid = 0;
    for (const status of Object.keys(PATHS) as CooperationStatus[]) {
      const need = await publishedNeed(t.http, np);
      const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
      for (const [action, who] of PATHS[status]) {
        if (who === 'party') await act(co, id, action, BODY[action]).expect(200);
        else await systemTransition(t.ds, workflow, id, action as never);
      }
      const before = await get(co, id);
      const steps = (await history(co, id)).length;
      expect(before.status).toBe(status);
      expect(before.allowedActions).toEqual(RECEIVER_MAY[status]);
      for (const action of PARTY_ACTIONS.filter((a) => !RECEIVER_MAY[status].includes(a))) {
        const res = await act(co, id, action, BODY[action]).expect(409);
        expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 409, currentStatus: status, action, allowedActions: RECEIVER_MAY[status] });
        invalid++;
      }
      // (the version may move: a completion's evaluation request runs at once and stamps the window)
      expect((await get(co, id)).status).toBe(status);
      expect(await history(co, id)).toHaveLength(steps);
    }
    expect(invalid).toBe(45 - 8); // 9 statuses × 5 actions, minus the 8 allowed ones (3 + 1 + 2 + 2)
  });

  it('only the receiver accepts or declines (the sender: 403); system actions have no route', async () => {
    const { np, co, need, offer } = await pair();
    const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    expect((await act(np, id, 'accept').expect(403)).body).toMatchObject({ code: 'FORBIDDEN', allowedActions: ['cancel'] });
    await act(np, id, 'decline', { reason: 'Selbst abgelehnt' }).expect(403);
    for (const action of ['expire', 'agree', 'evaluate']) await act(co, id, action).expect(404);
    expect((await get(co, id)).status).toBe('proposed');
  });

  it('If-Match: a stale ETag is refused with 412 and nothing changes', async () => {
    const { np, co, need, offer } = await pair();
    const created = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const stale = await act(co, created.id, 'accept').set('If-Match', `"${created.version + 5}"`).expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect((await get(co, created.id)).status).toBe('proposed');
    const ok = await t.http.get(`/v1/cooperations/${created.id}`).set(co.auth).expect(200);
    await act(co, created.id, 'accept').set('If-Match', ok.headers.etag).expect(200);
  });

  it('concurrent conflicting transitions: fired at once, exactly one wins and the other gets 409 (the row lock serialises them)', async () => {
    // accept vs decline (the receiver twice) and decline vs cancel (receiver vs sender): each excludes the other
    const CONFLICTS: Array<[string, string, 'receiver' | 'sender']> = [
      ['accept', 'decline', 'receiver'],
      ['decline', 'cancel', 'sender'],
      ['accept', 'decline', 'receiver'],
      ['decline', 'cancel', 'sender'],
    ];
    const TO: Record<string, string> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' };
    for (const [a, b, bBy] of CONFLICTS) {
      const { np, co, need, offer } = await pair();
      const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
      const [ra, rb] = await Promise.all([act(co, id, a, BODY[a]), act(bBy === 'receiver' ? co : np, id, b, BODY[b])]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      const [won, lost] = ra.status === 200 ? [a, rb] : [b, ra];
      expect(lost.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 409, currentStatus: TO[won] });
      expect((await get(np, id)).status).toBe(TO[won]);
      expect((await history(np, id)).map((e) => e.toStatus)).toEqual(['proposed', TO[won]]);
    }
  });

  it('accept vs cancel at once: serialised, never both from proposed (cancel first: accept 409; accept first: the cancel is a later, valid step)', async () => {
    for (let round = 0; round < 4; round++) {
      const { np, co, need, offer } = await pair();
      const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
      const [accept, cancel] = await Promise.all([act(co, id, 'accept'), act(np, id, 'cancel', { reason: 'Zurückgezogen' })]);
      expect(cancel.status).toBe(200);
      const h = (await history(np, id)).map((e) => [e.fromStatus, e.toStatus]);
      if (accept.status === 409) {
        expect(accept.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 409, currentStatus: 'cancelled', allowedActions: [] });
        expect(h).toEqual([[null, 'proposed'], ['proposed', 'cancelled']]);
      } else {
        expect(accept.status).toBe(200);
        expect(h).toEqual([[null, 'proposed'], ['proposed', 'accepted'], ['accepted', 'cancelled']]);
      }
      expect((await get(np, id)).status).toBe('cancelled');
    }
  });

  // ---------------------------------------------------------------- timed jobs (real BullMQ delayed jobs, promoted)

  it('expiry: the delayed ExpireProposal job, promoted once its time has come, expires the proposal and tells both sides', async () => {
    const { np, co, need, offer } = await pair();
    const created = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const job = await delayedJob(JOB_ID[JobName.ExpireProposal]({ cooperationId: created.id, expiresAt: created.expiresAt }));
    expect(job.data).toEqual({ cooperationId: created.id, expiresAt: created.expiresAt });
    // due at expiresAt: the delay counts from when the relay delivered it
    expect(job.timestamp + job.delay).toBeGreaterThanOrEqual(Date.parse(created.expiresAt) - 5_000);
    expect(job.timestamp + job.delay).toBeLessThanOrEqual(Date.parse(created.expiresAt) + 5_000);

    proposals.clock = () => new Date(Date.parse(created.expiresAt) + 1_000); // the 14 days have passed
    await job.promote();
    expect((await finished(job))?.returnvalue).toEqual({ expired: true });
    const expired = await get(co, created.id);
    expect(expired).toMatchObject({ status: 'expired', allowedActions: [] });
    const told = await notifications(created.id, 'proposal_expired');
    expect(told.map((n) => n.organisation_id).sort()).toEqual([np.organisationId, co.organisationId].sort());
    expect((await history(np, created.id)).at(-1)).toMatchObject({ fromStatus: 'proposed', toStatus: 'expired', action: 'expire', actorUserId: null, actorOrganisationId: null });
    // run again (at-least-once delivery): nothing more happens
    expect(await proposals.expire(job.data)).toEqual({ skipped: 'status expired' });
    expect(await notifications(created.id, 'proposal_expired')).toHaveLength(2);
    // a new proposal for the pair is possible now
    await proposal(t.http, co, { needId: need.id, offerId: offer.id });
  });

  it('reminder: the delayed RemindProposal job tells the receiver once, PROPOSAL_REMINDER_HOURS before the expiry', async () => {
    const { np, co, need, offer } = await pair();
    const created = await proposal(t.http, co, { needId: need.id, offerId: offer.id });
    const remindAt = new Date(Date.parse(created.expiresAt) - t.config.PROPOSAL_REMINDER_HOURS * HOUR).toISOString();
    const job = await delayedJob(JOB_ID[JobName.RemindProposal]({ cooperationId: created.id, remindAt, expiresAt: created.expiresAt }));
    expect(job.timestamp + job.delay).toBeGreaterThanOrEqual(Date.parse(remindAt) - 5_000);
    expect(job.timestamp + job.delay).toBeLessThanOrEqual(Date.parse(remindAt) + 5_000);

    proposals.clock = () => new Date(Date.parse(remindAt) + 1_000);
    await job.promote();
    expect((await finished(job))?.returnvalue).toEqual({ reminded: 1 });
    const reminded = await notifications(created.id, 'proposal_expiring');
    expect(reminded.map((n) => n.user_id)).toEqual([np.userId]);
    expect(reminded[0].body).toContain('verfällt am');
    expect((await get(np, created.id)).status).toBe('proposed');
    // a second run tells nobody again
    expect(await proposals.remind(job.data)).toEqual({ reminded: 0 });
    expect(await notifications(created.id, 'proposal_expiring')).toHaveLength(1);
  });

  it('stale jobs do nothing: answered proposals, an early job, a changed expiry', async () => {
    const { np, co, need, offer } = await pair();
    const created = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const expireJob = await delayedJob(JOB_ID[JobName.ExpireProposal]({ cooperationId: created.id, expiresAt: created.expiresAt }));
    // early: promoted now, two weeks before its time
    await expireJob.promote();
    expect((await finished(expireJob))?.returnvalue).toEqual({ skipped: 'not due yet' });
    expect((await get(np, created.id)).status).toBe('proposed');
    // a job for another expiry than the stored one
    proposals.clock = () => new Date(Date.parse(created.expiresAt) + HOUR);
    expect(await proposals.expire({ cooperationId: created.id, expiresAt: new Date(Date.parse(created.expiresAt) - HOUR).toISOString() })).toEqual({ skipped: 'expiry changed' });
    // answered before its time came: the reminder, promoted when due, finds it accepted
    await act(co, created.id, 'accept').expect(200);
    const remindAt = new Date(Date.parse(created.expiresAt) - t.config.PROPOSAL_REMINDER_HOURS * HOUR).toISOString();
    const remindJob = await delayedJob(JOB_ID[JobName.RemindProposal]({ cooperationId: created.id, remindAt, expiresAt: created.expiresAt }));
    await remindJob.promote();
    expect((await finished(remindJob))?.returnvalue).toEqual({ skipped: 'status accepted' });
    expect(await proposals.expire({ cooperationId: created.id, expiresAt: created.expiresAt })).toEqual({ skipped: 'status accepted' });
    expect((await get(np, created.id)).status).toBe('accepted');
    expect(await notifications(created.id, 'proposal_expiring')).toEqual([]);
    expect(await notifications(created.id, 'proposal_expired')).toEqual([]);
    expect((await history(np, created.id)).map((e) => e.action)).toEqual(['propose', 'accept']);
  });

  it('the hourly maintenance job expires overdue proposals whose job got lost', async () => {
    const { np, co, need, offer } = await pair();
    const created = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const lost = await delayedJob(JOB_ID[JobName.ExpireProposal]({ cooperationId: created.id, expiresAt: created.expiresAt }));
    await lost.remove(); // e.g. Redis was flushed
    await t.ds.query(`UPDATE cooperations SET expires_at = now() - interval '1 hour' WHERE id = $1`, [created.id]);
    const run = await maintenance.add(JobName.ExpireListings, { at: `coop-sweep-${created.id}` }, { jobId: `expire-listings.coop-sweep-${created.id}` });
    await waitFor(async () => (await maintenance.getJobState(run.id as string)) === 'completed', 'the maintenance run');
    const done = await maintenance.getJob(run.id as string);
    expect((done?.returnvalue as { proposals: number }).proposals).toBeGreaterThanOrEqual(1);
    expect((await get(co, created.id)).status).toBe('expired');
    expect(await notifications(created.id, 'proposal_expired')).toHaveLength(2);
    // again: idempotent
    expect(await proposals.expireOverdue()).toEqual({ expired: 0 });
  });

  // ---------------------------------------------------------------- messages

  it('messages: the parties write, the other side is told per message; organisers and admins read; oldest first, paginated', async () => {
    const { np, co, need, offer } = await pair();
    const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]);
    const m1 = await t.http.post(`/v1/cooperations/${id}/messages`).set(np.auth).send({ body: 'Hätten Sie am Donnerstag Zeit für ein Telefonat?' }).expect(201);
    expect(m1.body).toMatchObject({ cooperationId: id, authorOrganisationId: np.organisationId, authorUserId: np.userId, body: 'Hätten Sie am Donnerstag Zeit für ein Telefonat?' });
    await t.http.post(`/v1/cooperations/${id}/messages`).set(co.auth).send({ body: 'Ja, gern um 10 Uhr.' }).expect(201);
    await t.http.post(`/v1/cooperations/${id}/messages`).set(np.auth).send({ body: 'Prima, bis dann!' }).expect(201);
    const told = await notifications(id, 'message_received');
    expect(told.map((n) => n.user_id)).toEqual([co.userId, np.userId, co.userId]);
    expect(new Set(told.map((n) => n.dedupe_key)).size).toBe(3);

    for (const reader of [np, co, organiser, admin]) {
      const page = (await t.http.get(`/v1/cooperations/${id}/messages`).set(reader.auth).expect(200)).body;
      expect(page.items.map((m: { body: string }) => m.body)).toEqual(['Hätten Sie am Donnerstag Zeit für ein Telefonat?', 'Ja, gern um 10 Uhr.', 'Prima, bis dann!']);
    }
    const p1 = (await t.http.get(`/v1/cooperations/${id}/messages?limit=2`).set(co.auth).expect(200)).body;
    expect(p1.items).toHaveLength(2);
    const p2 = (await t.http.get(`/v1/cooperations/${id}/messages?limit=2&cursor=${p1.nextCursor}`).set(co.auth).expect(200)).body;
    expect(p2).toEqual({ items: [expect.objectContaining({ body: 'Prima, bis dann!' })], nextCursor: null });

    await t.http.post(`/v1/cooperations/${id}/messages`).set(organiser.auth).send({ body: 'Darf ich mitlesen?' }).expect(403);
    await t.http.post(`/v1/cooperations/${id}/messages`).set(admin.auth).send({ body: 'Admin hier' }).expect(403);
    const empty = await t.http.post(`/v1/cooperations/${id}/messages`).set(np.auth).send({ body: '   ' }).expect(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
  });

  // ---------------------------------------------------------------- authorisation, route by route

  it('authorisation: parties read and act; another organisation 404; anonymous 401; organisers of the district read but do not act; other organisers 404; admins read', async () => {
    const { np, co, need, offer } = await pair();
    const { id } = await proposal(t.http, np, { needId: need.id, offerId: offer.id });
    const stranger = await readyCompany(t.http, tree.quarter.id);
    const organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]); // an ancestor of the cooperation's district
    const otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);

    const reads = [`/v1/cooperations/${id}`, `/v1/cooperations/${id}/history`, `/v1/cooperations/${id}/messages`];
    for (const path of reads) {
      for (const reader of [np, co, organiser, admin]) await t.http.get(path).set(reader.auth).expect(200);
      for (const outsider of [stranger, otherOrganiser]) expect((await t.http.get(path).set(outsider.auth).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
      await t.http.get(path).expect(401);
    }
    expect((await get(organiser, id)).allowedActions).toEqual([]);
    expect((await get(admin, id)).yourRole).toBeNull();

    const writes: Array<[string, Record<string, string>]> = [
      ['accept', {}],
      ['decline', { reason: 'Nein danke' }],
      ['cancel', { reason: 'Abgesagt' }],
      ['start', {}],
      ['complete', {}],
      ['messages', { body: 'Hallo' }],
    ];
    for (const [route, body] of writes) {
      for (const reader of [organiser, admin]) expect((await act(reader, id, route, body).expect(403)).body.code).toBe('FORBIDDEN');
      for (const outsider of [stranger, otherOrganiser]) await act(outsider, id, route, body).expect(404);
      await t.http.post(`/v1/cooperations/${id}/${route}`).send(body).expect(401);
    }
    expect((await get(np, id)).status).toBe('proposed');
    await t.http.get(`/v1/cooperations/${UNKNOWN_ID}`).set(np.auth).expect(404);
    await t.http.get('/v1/cooperations/not-a-uuid').set(np.auth).expect(400);
    await t.http.get('/v1/cooperations').expect(401);
  });

  it('lists: members see their organisation\'s (role, status, need and offer filters); organisers a district\'s (descendants included); admins all; cursor pages', async () => {
    const np = await readyNonprofit(t.http, tree.quarter2.id);
    const co = await readyCompany(t.http, tree.quarter2.id);
    const co2 = await readyCompany(t.http, tree.otherQuarter.id);
    const need1 = await publishedNeed(t.http, np);
    const need2 = await publishedNeed(t.http, np);
    const offer = await publishedOffer(t.http, co);
    const sent = await proposal(t.http, np, { needId: need1.id, offerId: offer.id });
    const received = await proposal(t.http, co, { needId: need2.id });
    const fromCo2 = await proposal(t.http, co2, { needId: need1.id });
    await act(np, fromCo2.id, 'decline', { reason: 'Schon vergeben' }).expect(200);
    const ids = async (m: Member, query = '') => ((await t.http.get(`/v1/cooperations${query}`).set(m.auth).expect(200)).body.items as Coop[]).map((c) => c.id);

    expect(await ids(np)).toEqual([fromCo2.id, received.id, sent.id]); // newest first
    expect(await ids(np, '?role=sent')).toEqual([sent.id]);
    expect(await ids(np, '?role=received')).toEqual([fromCo2.id, received.id]);
    expect(await ids(np, '?status=declined')).toEqual([fromCo2.id]);
    expect(await ids(np, `?needId=${need1.id}`)).toEqual([fromCo2.id, sent.id]);
    expect(await ids(np, `?offerId=${offer.id}`)).toEqual([sent.id]);
    expect(await ids(co)).toEqual([received.id, sent.id]);
    expect(await ids(co2)).toEqual([fromCo2.id]);

    const page1 = (await t.http.get('/v1/cooperations?limit=2').set(np.auth).expect(200)).body;
    expect(page1.items.map((c: Coop) => c.id)).toEqual([fromCo2.id, received.id]);
    const page2 = (await t.http.get(`/v1/cooperations?limit=2&cursor=${page1.nextCursor}`).set(np.auth).expect(200)).body;
    expect(page2).toMatchObject({ items: [expect.objectContaining({ id: sent.id })], nextCursor: null });
    await t.http.get('/v1/cooperations?cursor=garbage').set(np.auth).expect(400);
    await t.http.get('/v1/cooperations?role=both').set(np.auth).expect(400);

    // organisers: the district's (quarter2 lies in borough), their own districts without districtId
    const organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]);
    const mine = await ids(organiser, `?districtId=${tree.borough.id}&limit=100`);
    expect(mine).toEqual(expect.arrayContaining([sent.id, received.id, fromCo2.id]));
    expect(await ids(organiser, `?districtId=${tree.quarter2.id}&needId=${need1.id}`)).toEqual([fromCo2.id, sent.id]);
    expect(await ids(organiser, `?needId=${need1.id}`)).toEqual([fromCo2.id, sent.id]);
    const listed = (await t.http.get(`/v1/cooperations?needId=${need1.id}`).set(organiser.auth).expect(200)).body.items as Coop[];
    expect(listed.every((c) => c.yourRole === null && c.allowedActions.length === 0)).toBe(true);
    const otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);
    expect((await t.http.get(`/v1/cooperations?districtId=${tree.borough.id}`).set(otherOrganiser.auth).expect(403)).body.code).toBe('FORBIDDEN');
    expect(await ids(otherOrganiser, `?needId=${need1.id}`)).toEqual([]);
    await t.http.get(`/v1/cooperations?districtId=${tree.borough.id}`).set(np.auth).expect(403);
    await t.http.get('/v1/cooperations?role=sent').set(organiser.auth).expect(400);
    // admins: everything, or a district's
    expect(await ids(admin, `?needId=${need1.id}`)).toEqual([fromCo2.id, sent.id]);
    expect(await ids(admin, `?districtId=${tree.quarter2.id}&needId=${need2.id}`)).toEqual([received.id]);
  });
});
