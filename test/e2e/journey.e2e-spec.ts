import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { agreementBody, makeOrganiser } from '../factories/cooperations';
import { COMPANY_LOGISTICS, NONPROFIT_PREPARED } from '../factories/readiness';
import { makeTree, Member, needBody, offerBody, signup, Tree } from '../factories';

interface Step {
  step: number;
  key: string;
  status: 'not_started' | 'in_progress' | 'done';
  missing: Array<{ de: string; en: string }>;
  nextAction: { method: string; path: string } | null;
}
interface Journey {
  steps: Step[];
  currentStep: number | null;
  stepsDone: number;
}

/** Profile fields that make a profile complete enough for step 1 (completeness >= 0.8). */
const PROFILE = {
  description: 'Wir sind ein Nachbarschaftsverein im Hallschlag und organisieren Hilfe, Begegnung und Bildung für alle Generationen im Quartier.',
  street: 'Am Römerkastell 12',
  postalCode: '70376',
  city: 'Stuttgart',
  lat: 48.8135,
  lon: 9.2105,
  causeAreas: ['sustainable-cities', 'reduced-inequalities'],
  website: 'https://example.org',
  contactName: 'Anna Schneider',
  contactEmail: 'anna@example.org',
};

/**
 * The whole UPJ journey end to end, for a nonprofit and a company, through the public API and the
 * real jobs (matching, outbox, the delayed evaluation job promoted instead of waited for).
 */
describe('journey: the six UPJ steps end to end (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let np: Member;
  let co: Member;
  let outsider: Member;
  let organiser: Member;
  let queue: Queue;

  const journey = async (m: Member, of: Member = m) => (await t.http.get(`/v1/organisations/${of.organisationId}/journey`).set(m.auth).expect(200)).body as Journey;
  const statuses = (j: Journey) => j.steps.map((s) => s.status);
  const notificationKinds = async (m: Member) =>
    ((await t.http.get('/v1/me/notifications').query({ limit: 100 }).set(m.auth).expect(200)).body.items as Array<{ kind: string }>).map((n) => n.kind);

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id, { legalForm: 'registered_association' });
    co = await signup(t.http, 'company', tree.quarter.id, { legalForm: 'gmbh' });
    outsider = await signup(t.http, 'company', tree.otherQuarter.id);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Cooperations));
  });
  afterAll(() => t.close());

  it('starts with nothing done: step 1 in progress, the next action says what to do', async () => {
    const j = await journey(np);
    expect(j.steps.map((s) => s.key)).toEqual(['profile', 'needsAndPossibilities', 'readiness', 'partnerSearch', 'winningPartners', 'cooperationProject']);
    expect(statuses(j)).toEqual(['in_progress', 'not_started', 'not_started', 'not_started', 'not_started', 'not_started']);
    expect(j.currentStep).toBe(1);
    expect(j.steps[0].missing.length).toBeGreaterThan(0);
    expect(j.steps[0].nextAction).toEqual(expect.objectContaining({ method: 'PATCH', path: `/v1/organisations/${np.organisationId}` }));
    expect(j.steps[2].nextAction).toEqual(expect.objectContaining({ method: 'POST', path: `/v1/organisations/${np.organisationId}/readiness` }));
  });

  it('walks both organisations through all six steps', async () => {
    // Step 1: profiles.
    await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).send({ ...PROFILE, giveBacks: ['thank_you_event', 'visibility'] }).expect(200);
    await t.http
      .patch(`/v1/organisations/${co.organisationId}`)
      .set(co.auth)
      .send({ ...PROFILE, description: `${PROFILE.description} (Logistik)`, engagement: { causeAreas: ['sustainable-cities'], districtIds: [tree.quarter.id], yearlyHours: 200 } })
      .expect(200);
    expect((await journey(np)).steps[0].status).toBe('done');

    // Step 2: a need as a draft (in progress), then published; the company publishes an offer.
    const needDraft = (await t.http.post('/v1/needs').set(np.auth).send(needBody()).expect(201)).body;
    expect((await journey(np)).steps[1].status).toBe('in_progress');
    const need = (await t.http.post(`/v1/needs/${needDraft.id}/publish`).set(np.auth).expect(200)).body;
    const offerDraft = (await t.http.post('/v1/offers').set(co.auth).send(offerBody({ districtIds: [tree.quarter.id] })).expect(201)).body;
    const offer = (await t.http.post(`/v1/offers/${offerDraft.id}/publish`).set(co.auth).expect(200)).body;
    expect(statuses(await journey(np)).slice(0, 3)).toEqual(['done', 'done', 'not_started']);

    // Step 4 needs matches first: the matching job scores the pair.
    const match = await waitFor(async () => {
      const res = await t.http.get(`/v1/needs/${need.id}/matches`).set(np.auth).expect(200);
      return (res.body.items as Array<{ id: string; offer: { id: string } }>).find((m) => m.offer.id === offer.id);
    }, 'the need/offer match');
    expect((await journey(np)).steps[3].status).toBe('in_progress');

    // Step 5 is refused before step 3: the service says so.
    const early = await t.http.post('/v1/cooperations').set(np.auth).send({ needId: need.id, offerId: offer.id, message: 'Hätten Sie Lust, uns beim Umzug zu helfen?' }).expect(409);
    expect(early.body).toMatchObject({ code: 'READINESS_CHECK_REQUIRED', step: 3 });

    // Step 3: both answer the readiness questionnaire.
    await t.http.post(`/v1/organisations/${np.organisationId}/readiness`).set(np.auth).send({ answers: NONPROFIT_PREPARED }).expect(201);
    await t.http.post(`/v1/organisations/${co.organisationId}/readiness`).set(co.auth).send({ answers: COMPANY_LOGISTICS }).expect(201);
    // Step 4: the nonprofit marks the match interesting, the company saves the need on its shortlist.
    await t.http.post(`/v1/matches/${match.id}/interest`).set(np.auth).expect(200);
    await t.http.post(`/v1/organisations/${co.organisationId}/shortlist`).set(co.auth).send({ needId: need.id }).expect(201);
    expect(statuses(await journey(np)).slice(0, 5)).toEqual(['done', 'done', 'done', 'done', 'not_started']);
    expect(statuses(await journey(co)).slice(0, 5)).toEqual(['done', 'done', 'done', 'done', 'not_started']);

    // Step 5: the nonprofit proposes, the company accepts.
    const coop = (await t.http.post('/v1/cooperations').set(np.auth).send({ needId: need.id, offerId: offer.id, message: 'Hätten Sie Lust, uns beim Umzug zu helfen?' }).expect(201)).body;
    expect((await journey(np)).steps[4].status).toBe('in_progress');
    expect((await journey(co)).steps[4].nextAction?.path).toBe('/v1/cooperations?role=received&status=proposed');
    expect(await notificationKinds(co)).toContain('proposal_received');
    await t.http.post(`/v1/cooperations/${coop.id}/accept`).set(co.auth).expect(200);
    expect(await notificationKinds(np)).toContain('proposal_accepted');
    expect(statuses(await journey(np)).slice(4)).toEqual(['done', 'not_started']);

    // Step 6: the Engagement-Vereinbarung, signed by both; work starts; deliveries on both sides.
    const draft = (await t.http.post(`/v1/cooperations/${coop.id}/agreements`).set(co.auth).send(agreementBody()).expect(201)).body;
    for (const m of [co, np]) await t.http.post(`/v1/cooperations/${coop.id}/agreements/${draft.version}/sign`).set(m.auth).send({ contentHash: draft.contentHash }).expect(200);
    expect((await t.http.get(`/v1/cooperations/${coop.id}`).set(np.auth).expect(200)).body.status).toBe('agreed');
    expect((await journey(np)).steps[5]).toMatchObject({ status: 'in_progress', nextAction: { path: '/v1/cooperations/{id}/deliveries' } });
    await t.http.post(`/v1/cooperations/${coop.id}/start`).set(np.auth).expect(200);
    await t.http.post(`/v1/cooperations/${coop.id}/deliveries`).set(co.auth).send({ description: 'Umzug an einem Samstag', hours: 38, deliveredOn: '2031-03-14' }).expect(201);
    await t.http.post(`/v1/cooperations/${coop.id}/deliveries`).set(np.auth).send({ description: 'Dankeschön-Fest mit den Jugendlichen', deliveredOn: '2031-03-28' }).expect(201);

    // The company completes early: the evaluation request is due at once (a delayed job, promoted, no waiting).
    await t.http.post(`/v1/cooperations/${coop.id}/complete`).set(co.auth).expect(200);
    const request = await waitFor(async () => (await queue.getJobs(['delayed', 'waiting', 'completed', 'active'])).find((j: Job) => j.name === 'request-evaluation' && j.data.cooperationId === coop.id), 'the evaluation request job');
    if ((await request.getState()) === 'delayed') await request.promote();
    await waitFor(async () => (await notificationKinds(np)).includes('evaluation_due'), 'evaluation_due for the nonprofit');
    expect((await journey(co)).steps[5].nextAction?.path).toBe('/v1/cooperations/{id}/evaluations');

    // Both evaluate: the cooperation is evaluated, and all six steps are done for both.
    const evaluation = { rating: 5, whatWorked: 'Pünktlich, freundlich, gut organisiert.', whatToImprove: '', outcomes: 'Der Jugendtreff ist umgezogen.', peopleReached: 60, wouldCooperateAgain: true };
    await t.http.post(`/v1/cooperations/${coop.id}/evaluations`).set(np.auth).send(evaluation).expect(201);
    await t.http.post(`/v1/cooperations/${coop.id}/evaluations`).set(co.auth).send({ ...evaluation, peopleReached: null }).expect(201);
    expect((await t.http.get(`/v1/cooperations/${coop.id}`).set(co.auth).expect(200)).body.status).toBe('evaluated');
    for (const m of [np, co]) {
      const j = await journey(m);
      expect(statuses(j)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
      expect([j.currentStep, j.stepsDone]).toEqual([null, 6]);
      expect(j.steps.every((s) => s.nextAction === null && s.missing.length === 0)).toBe(true);
    }

    // The history tells the whole story, in order.
    const history = (await t.http.get(`/v1/cooperations/${coop.id}/history`).set(organiser.auth).expect(200)).body;
    const rows = (history.items ?? history) as Array<{ toStatus: string }>;
    expect(rows.map((h) => h.toStatus)).toEqual(['proposed', 'accepted', 'agreed', 'active', 'completed', 'evaluated']);
  });

  it('shows the journey to the members, the district organisers and admins only', async () => {
    await journey(organiser, np);
    expect((await t.http.get(`/v1/organisations/${np.organisationId}/journey`).set(outsider.auth).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get(`/v1/organisations/${np.organisationId}/journey`).expect(401);
    expect((await t.http.get('/v1/organisations/5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60/journey').set(np.auth).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
    await t.http.get('/v1/organisations/not-a-uuid/journey').set(np.auth).expect(400);
  });
});
