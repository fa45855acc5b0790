import type { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import type TestAgent from 'supertest/lib/agent';
import { API_SCOPES } from '../../src/modules/auth/scopes';
import { QueueName } from '../../src/queue/jobs';
import type { TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { WebhookReceiver } from '../utils/webhook-receiver';
import { makeAdmin, makeTree, makeUser, needBody, offerBody, publishedNeed, publishedOffer, uid, type Member, type Tree } from './index';
import { makeOrganiser, proposal, readyCompany, readyNonprofit } from './cooperations-core';
import { agreementBody } from './cooperations';
import { makeMarketplace, register } from './marketplaces';

/**
 * One world for the authorisation suites: two cities, "organisation A" (a nonprofit and its
 * company partner, in a Quartier of the first city, with everything they can own: needs and
 * offers in every visibility, a match, cooperations in every stage with agreements and
 * implementation records, readiness checks, a shortlist, a verification, marketplaces in every
 * stage with registrations, a broker, a published schedule and follow-ups, a round with a venue
 * and a plan, a webhook subscription with a delivery, an API client, a job, notifications), the
 * people who may act on it (its members, the organiser of its borough, a broker, an admin), and
 * the attackers: a nonprofit member of another organisation B (same Quartier), an organiser of
 * other districts (a sibling borough and the whole second city), an API key of B with every
 * scope. Built through the API where the API can do it, straight in the database only for
 * marketplace states (their lifecycle has its own tests) and to open a follow-up stage now.
 */
export interface World {
  tree: Tree;
  /** the second city, organised by the other organiser */
  tree2: Tree;
  admin: Member;
  /** organisation A: the nonprofit ... */
  na: Member;
  /** ... and its company partner */
  ca: Member;
  /** organiser of A's borough */
  organiser: Member;
  /** broker (Makler) of the running marketplace, a user without an organisation */
  broker: Member;
  /** the attackers */
  b: Member;
  otherOrganiser: Member;
  bKey: string;
  need: { published: string; draft: string; proposed: string; accepted: string; active: string; completed: string; notary: string; running: string };
  offer: { published: string; draft: string };
  match: string;
  job: string;
  readinessCheck: string;
  shortlistEntry: string;
  notification: string;
  coop: { proposed: string; accepted: string; active: string; completed: string; notary: string };
  agreement: { draft: { id: string; version: number; contentHash: string }; signed: { id: string; version: number } };
  milestone: string;
  delivery: string;
  update: string;
  message: string;
  mp: { draft: string; open: string; scheduled: string; running: string; finished: string };
  registration: string;
  scheduleVersion: number;
  round: string;
  venue: string;
  webhook: string;
  webhookDelivery: string;
  apiClient: string;
  /** the nonprofit's contact e-mail: for signed-in users only */
  naContactEmail: string;
  /** ids of A's records (and its people's login e-mails) that nobody else may learn: no response to an attacker may contain them */
  secrets: string[];
  close: () => Promise<void>;
}

/**
 * Config the world needs: webhooks to a local receiver, a key limit the matrix does not reach, and
 * the nightly sweeps at New Year's midnight only, so that no scheduled job changes the database
 * while the suites compare snapshots.
 */
export const WORLD_CONFIG = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  API_KEY_RATE_LIMIT_PER_MINUTE: '100000',
  MATCHING_CRON: '0 0 1 1 *',
  EXPIRY_CRON: '0 0 1 1 *',
};

async function job(http: TestAgent, by: Member, id: string): Promise<void> {
  await waitFor(async () => {
    const j = (await http.get(`/v1/jobs/${id}`).set(by.auth).expect(200)).body as { state: string; error: string | null };
    if (j.state === 'failed') throw new Error(`job ${id} failed: ${j.error}`);
    return j.state === 'completed';
  }, `job ${id}`, 30_000);
}

/** Every queue idle and the outbox relayed, twice in a row: nothing changes the database any more by itself. */
export async function settle(t: TestApp): Promise<void> {
  const queues = Object.values(QueueName).map((name) => t.app.get<Queue>(getQueueToken(name)));
  const quiet = async () => {
    const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND available_at <= now()`)) as Array<{ n: number }>;
    if (n > 0) return false;
    for (const q of queues) {
      const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      if (Object.values(counts).some((c) => c > 0)) return false;
    }
    return true;
  };
  await waitFor(async () => (await quiet()) && (await new Promise((r) => setTimeout(r, 100))) === undefined && (await quiet()), 'the queues and the outbox to settle', 60_000);
}

export async function buildWorld(t: TestApp): Promise<World> {
  const { http, ds } = t;
  const tree = await makeTree(ds);
  const tree2 = await makeTree(ds);
  const admin = await makeAdmin(ds, http);
  const naContactEmail = `kontakt-${uid()}@nachbarschaft-a.example`;
  const na = await readyNonprofit(http, tree.quarter.id, { name: `Nachbarschaftshilfe A ${uid()} e.V.`, contactEmail: naContactEmail });
  const ca = await readyCompany(http, tree.quarter.id, { name: `Weber Logistik A ${uid()} GmbH` });
  const organiser = await makeOrganiser(ds, http, [tree.borough.id]);
  const broker = await makeUser(ds, http, 'Maria Maklerin');
  const b = await readyNonprofit(http, tree.quarter.id, { name: `Tafel B ${uid()} e.V.` });
  const otherOrganiser = await makeOrganiser(ds, http, [tree.otherBorough.id, tree2.city.id]);
  const bKey = (await http.post('/v1/api-clients').set(b.auth).send({ name: `B: alles ${uid()}`, scopes: [...API_SCOPES] }).expect(201)).body.key as string;

  // needs and offers; the published pair is matched by the matching worker
  const pub = (title: string) => publishedNeed(http, na, { title }).then((n: { id: string }) => n.id);
  const need = {
    published: await pub('Umzugshelfer für unseren Jugendtreff'),
    draft: (await http.post('/v1/needs').set(na.auth).send(needBody({ title: 'Entwurf: Helfer für das Sommerfest' })).expect(201)).body.id as string,
    proposed: await pub('Umzugshelfer für die Kleiderkammer'),
    accepted: await pub('Umzugshelfer für das Repair-Café'),
    active: await pub('Umzugshelfer für die Hausaufgabenhilfe'),
    completed: await pub('Umzugshelfer für den Seniorentreff'),
    notary: await pub('Umzugshelfer für die Stadtteilbibliothek'),
    running: await pub('Umzugshelfer für den Bürgergarten'),
  };
  const offer = {
    published: ((await publishedOffer(http, ca)) as { id: string }).id,
    draft: (await http.post('/v1/offers').set(ca.auth).send(offerBody({ title: 'Entwurf: Transporter am Wochenende' })).expect(201)).body.id as string,
  };
  const match = await waitFor(async () => {
    const [row] = (await ds.query(`SELECT id FROM matches WHERE need_id = $1 AND offer_id = $2`, [need.published, offer.published])) as Array<{ id: string }>;
    return row?.id;
  }, 'the match of the published need and offer', 30_000);

  // an organiser's job, A's readiness check, shortlist and verification
  const jobId = (await http.post(`/v1/districts/${tree.quarter.id}/rematch`).set(organiser.auth).expect(202)).body.jobId as string;
  await job(http, organiser, jobId);
  const [{ id: readinessCheck }] = (await ds.query(`SELECT id FROM readiness_checks WHERE organisation_id = $1`, [na.organisationId])) as Array<{ id: string }>;
  const shortlistEntry = (await http.post(`/v1/organisations/${na.organisationId}/shortlist`).set(na.auth).send({ offerId: offer.published, note: 'Transporter!' }).expect(201)).body.id as string;
  await http.put(`/v1/organisations/${na.organisationId}/verification`).set(organiser.auth).send({ basis: 'charitable_status', note: 'Freistellungsbescheid eingesehen.' }).expect(200);

  // cooperations in every stage, proposed by the company to the nonprofit
  const coopOf = (needId: string) => proposal(http, ca, { needId, offerId: offer.published }).then((c) => c.id);
  const accept = (id: string) => http.post(`/v1/cooperations/${id}/accept`).set(na.auth).send({}).expect(200);
  const draft = async (id: string) => (await http.post(`/v1/cooperations/${id}/agreements`).set(na.auth).send(agreementBody()).expect(201)).body as { id: string; version: number; contentHash: string };
  const signBoth = async (id: string, a: { version: number; contentHash: string }) => {
    for (const m of [na, ca]) await http.post(`/v1/cooperations/${id}/agreements/${a.version}/sign`).set(m.auth).send({ contentHash: a.contentHash }).expect(200);
  };
  const coop = {
    proposed: await coopOf(need.proposed),
    accepted: await coopOf(need.accepted),
    active: await coopOf(need.active),
    completed: await coopOf(need.completed),
    notary: '',
  };
  await accept(coop.accepted);
  const draftAgreement = await draft(coop.accepted);
  await accept(coop.active);
  const signed = await draft(coop.active);
  await signBoth(coop.active, signed);
  await http.post(`/v1/cooperations/${coop.active}/start`).set(na.auth).send({}).expect(200);
  const update = (await http.post(`/v1/cooperations/${coop.active}/updates`).set(ca.auth).send({ note: 'Die Transporter sind gebucht.' }).expect(201)).body.id as string;
  const milestone = (await http.post(`/v1/cooperations/${coop.active}/milestones`).set(ca.auth).send({ title: 'Kisten gepackt', dueOn: '2031-03-10' }).expect(201)).body.id as string;
  const delivery = (await http.post(`/v1/cooperations/${coop.active}/deliveries`).set(ca.auth).send({ description: 'Acht Mitarbeitende, zwei Transporter.', deliveredOn: '2031-03-12', hours: 16 }).expect(201)).body.id as string;
  const message = (await http.post(`/v1/cooperations/${coop.active}/messages`).set(na.auth).send({ body: 'Danke, bis Samstag!' }).expect(201)).body.id as string;
  await accept(coop.completed);
  const done = await draft(coop.completed);
  await signBoth(coop.completed, done);
  await http.post(`/v1/cooperations/${coop.completed}/start`).set(ca.auth).send({}).expect(200);
  await http.post(`/v1/cooperations/${coop.completed}/complete`).set(ca.auth).send({}).expect(200);

  // marketplaces of A's borough, for A's Quartier
  const slots = { slotCount: 3, slotMinutes: 15, firstSlotAt: new Date('2031-03-12T16:15:00Z'), tables: 2 };
  const mpDraft = await makeMarketplace(ds, tree, 'draft');
  const mpOpen = await makeMarketplace(ds, tree, 'open', slots);
  const registration = (await http.post(`/v1/marketplaces/${mpOpen.id}/registrations`).set(na.auth).send({ needIds: [need.published] }).expect(201)).body.id as string;
  await http.post(`/v1/marketplaces/${mpOpen.id}/registrations`).set(ca.auth).send({ offerIds: [offer.published] }).expect(201);
  await http.put(`/v1/marketplaces/${mpOpen.id}/meeting-wishes/${ca.organisationId}`).set(na.auth).send({ wish: 'must' }).expect(200);

  const mpScheduled = await makeMarketplace(ds, tree, 'closed', slots);
  await register(ds, mpScheduled, [na, ca]);
  await http.put(`/v1/marketplaces/${mpScheduled.id}/meeting-wishes/${ca.organisationId}`).set(na.auth).send({ wish: 'must' }).expect(200);
  await http.put(`/v1/marketplaces/${mpScheduled.id}/meeting-wishes/${na.organisationId}`).set(ca.auth).send({ wish: 'accepted' }).expect(200);
  const scheduleJob = (await http.post(`/v1/marketplaces/${mpScheduled.id}/schedule`).set(organiser.auth).expect(202)).body.jobId as string;
  await job(http, organiser, scheduleJob);
  const [{ version: scheduleVersion }] = (await ds.query(`SELECT version FROM meeting_schedules WHERE marketplace_id = $1`, [mpScheduled.id])) as Array<{ version: number }>;
  await http.post(`/v1/marketplaces/${mpScheduled.id}/schedules/${scheduleVersion}/publish`).set(organiser.auth).expect(200);

  const mpRunning = await makeMarketplace(ds, tree, 'running');
  await register(ds, mpRunning, [na, ca]);
  await http.put(`/v1/marketplaces/${mpRunning.id}/brokers/${broker.userId}`).set(organiser.auth).expect(201);

  // a marketplace that ran: an agreement from its notary desk, signed by both; the first follow-up is open
  const mpFinished = await makeMarketplace(ds, tree, 'running', { startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() - 3600_000) });
  await register(ds, mpFinished, [na, ca], 'registered', { checkedInAt: new Date() });
  const notary = (
    await http
      .post(`/v1/marketplaces/${mpFinished.id}/notary-agreements`)
      .set(organiser.auth)
      .send({ nonprofitId: na.organisationId, companyId: ca.organisationId, needId: need.notary, agreement: agreementBody() })
      .expect(201)
  ).body as { cooperationId: string; agreement: { version: number; contentHash: string } };
  coop.notary = notary.cooperationId;
  await signBoth(coop.notary, notary.agreement);
  await http.post(`/v1/marketplaces/${mpFinished.id}/finish`).set(organiser.auth).expect(200);
  await ds.query(`UPDATE marketplace_follow_ups SET due_at = now() - interval '1 day' WHERE marketplace_id = $1 AND stage = 'first'`, [mpFinished.id]);

  // a round of A's borough, with a venue and a plan
  const round = (
    await http
      .post('/v1/rounds')
      .set(organiser.auth)
      .send({ districtId: tree.borough.id, name: 'Marktplatz-Runde Frühjahr 2031', periodStart: '2031-03-01', periodEnd: '2031-04-30', candidateDates: ['2031-03-20', '2031-04-17'], targetMin: 2, targetMax: 10 })
      .expect(201)
  ).body.id as string;
  const venue = (
    await http.post(`/v1/rounds/${round}/venues`).set(organiser.auth).send({ districtId: tree.quarter.id, name: 'Kulturhaus Hallschlag', address: 'Hauptstraße 1', lat: 48.81, lon: 9.21, capacity: 50, tables: 5 }).expect(201)
  ).body.id as string;
  const planJob = (await http.post(`/v1/rounds/${round}/plan`).set(organiser.auth).expect(202)).body.jobId as string;
  await job(http, organiser, planJob);

  // a webhook subscription (to a local receiver) with a delivered ping, and an API client
  const receiver = await WebhookReceiver.start();
  const webhook = (await http.post('/v1/webhooks').set(na.auth).send({ url: receiver.url('/a'), eventTypes: ['marketplace.reported'] }).expect(201)).body.id as string;
  const webhookDelivery = (await http.post(`/v1/webhooks/${webhook}/ping`).set(na.auth).expect(202)).body.id as string;
  await waitFor(async () => {
    const [d] = (await ds.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [webhookDelivery])) as Array<{ status: string }>;
    return d?.status === 'delivered';
  }, 'the ping to be delivered', 30_000);
  const apiClient = (await http.post('/v1/api-clients').set(na.auth).send({ name: `A: CRM ${uid()}`, scopes: ['needs:read'] }).expect(201)).body.id as string;

  await settle(t);
  const [{ id: notification }] = (await ds.query(`SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at LIMIT 1`, [na.userId])) as Array<{ id: string }>;
  const [{ n: bNotifications }] = (await ds.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [b.userId])) as Array<{ n: number }>;
  if (bNotifications) throw new Error('world: B must have no unread notifications (read-all by B would change the database)');

  const world: Omit<World, 'secrets' | 'close'> = {
    naContactEmail,
    tree,
    tree2,
    admin,
    na,
    ca,
    organiser,
    broker,
    b,
    otherOrganiser,
    bKey,
    need,
    offer,
    match,
    job: jobId,
    readinessCheck,
    shortlistEntry,
    notification,
    coop,
    agreement: { draft: draftAgreement, signed: { id: signed.id, version: signed.version } },
    milestone,
    delivery,
    update,
    message,
    mp: { draft: mpDraft.id, open: mpOpen.id, scheduled: mpScheduled.id, running: mpRunning.id, finished: mpFinished.id },
    registration,
    scheduleVersion,
    round,
    venue,
    webhook,
    webhookDelivery,
    apiClient,
  };
  const secrets = [
    need.draft,
    offer.draft,
    match,
    readinessCheck,
    shortlistEntry,
    notification,
    ...Object.values(coop),
    draftAgreement.id,
    signed.id,
    milestone,
    delivery,
    update,
    message,
    mpDraft.id,
    registration,
    round,
    venue,
    webhook,
    webhookDelivery,
    apiClient,
    na.email,
    ca.email,
    organiser.email,
    broker.email,
  ];
  return { ...world, secrets, close: () => receiver.close() };
}
