import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEMO_SCENARIOS } from '../../src/bin/demo/cooperations';
import { DEMO_DISTRICTS, DEMO_NEEDS, DEMO_OFFERS, DEMO_ORGANISATIONS } from '../../src/bin/demo/demo-data';
import { DEMO_BROKER, DEMO_MARKETPLACE_NAME, DEMO_ROUND_NAME } from '../../src/bin/demo/marketplaces';
import { SchedulesService } from '../../src/modules/marketplaces/schedules.service';
import { DEMO_ORGANISER, DEMO_PASSWORD, demoEmail, seedDemo } from '../../src/bin/demo/seed';
import { moneyInText } from '../../src/common/http/validation';
import { agreementProblems, contentHash, endOfDayBerlin } from '../../src/modules/cooperations/agreement-content';
import { Agreement } from '../../src/modules/cooperations/agreement.entity';
import { contentOf } from '../../src/modules/cooperations/agreements.service';
import { Cooperation, CooperationEvent, CooperationMessage } from '../../src/modules/cooperations/cooperation.entity';
import { COOPERATION_MACHINE, COOPERATION_STATUSES, type CooperationAction, type CooperationStatus } from '../../src/modules/cooperations/cooperation.machine';
import { RECEIVER_ACTIONS } from '../../src/modules/cooperations/party-actions';
import { CooperationDelivery, CooperationEvaluation, CooperationUpdate } from '../../src/modules/cooperations/implementation.entity';
import { transition } from '../../src/modules/listings/state-machine';
import { categoryFit } from '../../src/modules/matching/scoring/model';
import { Need } from '../../src/modules/needs/need.entity';
import { Offer } from '../../src/modules/offers/offer.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { ReadinessCheck, ReadinessQuestionnaire } from '../../src/modules/readiness/readiness.entity';
import { evaluate } from '../../src/modules/readiness/scoring';
import { OrganisationVerification } from '../../src/modules/trust/organisation-verification.entity';
import { basisFitsKind } from '../../src/modules/trust/verification';
import { User } from '../../src/modules/users/user.entity';
import { JobName, JOB_ID } from '../../src/queue/jobs';
import { CreateNeedDto } from '../../src/modules/needs/dto/need.dto';
import { CreateOfferDto } from '../../src/modules/offers/dto/offer.dto';
import { CreateOrganisationDto } from '../../src/modules/organisations/dto/organisation-input.dto';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('demo data (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { ownDatabase: 'demo' });
  });
  afterAll(() => t.close());

  it('passes the same validation as the API, money rule included', () => {
    const problems: string[] = [];
    const check = (cls: new () => object, plain: object, what: string) => {
      for (const e of validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true })) problems.push(`${what}: ${e.toString()}`);
    };
    const id = '00000000-0000-4000-8000-000000000000';
    for (const o of DEMO_ORGANISATIONS) {
      const { key: _k, districtSlug: _d, engagement, ...rest } = o;
      check(CreateOrganisationDto, { ...rest, districtId: id, website: o.website ?? undefined, engagement: engagement ? { causeAreas: engagement.causeAreas, districtIds: [id], yearlyHours: engagement.yearlyHours } : undefined }, o.key);
    }
    for (const n of DEMO_NEEDS) {
      const { orgKey: _o, startsInDays: _s, durationDays: _d, districtSlug: _ds, ...rest } = n;
      check(CreateNeedDto, rest, `need ${n.title}`);
    }
    for (const o of DEMO_OFFERS) {
      const { orgKey: _o, startsInDays: _s, durationDays: _d, districtSlugs: _ds, radiusKm, ...rest } = o;
      check(CreateOfferDto, { ...rest, radiusKm: radiusKm ?? undefined }, `offer ${o.title}`);
    }
    expect(problems).toEqual([]);
  });

  const WORKFLOW_TABLES = [
    'users',
    'readiness_checks',
    'organisation_verifications',
    'shortlist_entries',
    'cooperations',
    'cooperation_events',
    'cooperation_messages',
    'agreements',
    'cooperation_updates',
    'cooperation_milestones',
    'cooperation_deliveries',
    'cooperation_evaluations',
    'notifications',
    'outbox',
    'marketplaces',
    'marketplace_registrations',
    'meeting_requests',
    'meeting_schedules',
    'meetings',
    'marketplace_brokers',
    'rounds',
    'round_venues',
  ];
  // The outbox without the sequence-event rows that the worker's matching jobs write meanwhile (each emits match.created events).
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        WORKFLOW_TABLES.map(async (table) => [
          table,
          Number((await t.ds.query(`SELECT count(*)::int AS n FROM ${table}${table === 'outbox' ? ` WHERE job_name <> 'sequence-event'` : ''}`))[0].n),
        ]),
      ),
    );
  const login = async (email: string) => {
    const res = await t.http.post('/v1/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  let stuttgartId: string;

  it('loads Stuttgart with its organisations, needs and offers once, and again changes nothing', async () => {
    const first = await seedDemo(t.ds);
    expect(first).toContain(`${DEMO_ORGANISATIONS.length} new organisations, ${DEMO_NEEDS.length} needs, ${DEMO_OFFERS.length} offers`);
    expect(first).toContain(`${DEMO_SCENARIOS.length} cooperations`);
    expect(first).toContain(`${demoEmail(DEMO_ORGANISER.key)} / ${DEMO_PASSWORD}`);
    const before = await counts();
    const again = await seedDemo(t.ds);
    expect(again).toContain('0 new organisations, 0 needs, 0 offers');
    expect(again).toContain('demo workflow: 0 readiness checks, 0 verifications, 0 shortlist entries, 0 cooperations');
    expect(first).toMatch(/demo marketplace: Bad Cannstatt in 3 weeks, \d+ participants, \d+ meeting wishes, \d+ meetings scheduled and published/);
    expect(again).toContain('demo marketplace: exists');
    expect(again).toContain('demo round: exists');
    expect(await counts()).toEqual(before);

    const tree = await t.http.get('/v1/districts').expect(200);
    const stuttgart = tree.body.items.find((d: { slug: string }) => d.slug === 'stuttgart');
    stuttgartId = stuttgart.id;
    expect(stuttgart.children).toHaveLength(DEMO_DISTRICTS.filter((d) => d.level === 'borough').length);
    expect(stuttgart.children.length).toBe(23);

    const auth = await login(demoEmail(DEMO_ORGANISATIONS[0].key));
    const me = await t.http.get('/v1/me').set(auth).expect(200);
    expect(me.body.organisation.name).toBe(DEMO_ORGANISATIONS[0].name);

    const umzug = await t.http.get(`/v1/needs?q=Umzug&districtId=${stuttgart.id}&limit=100`).expect(200);
    expect(umzug.body.items.length).toBeGreaterThan(0);
    const [{ pending }] = await t.ds.query(`SELECT count(*)::int AS pending FROM outbox o JOIN needs n ON n.id::text = o.payload->>'needId' JOIN organisations g ON g.id = n.organisation_id JOIN users u ON u.organisation_id = g.id WHERE u.email LIKE '%@demo.marktplatz.example'`);
    expect(pending).toBe(DEMO_NEEDS.length);
  });

  describe('the cooperation workflow', () => {
    let coops: Cooperation[];
    const now = () => Date.now();
    beforeAll(async () => {
      coops = await t.ds.getRepository(Cooperation).find({ order: { createdAt: 'ASC' } });
    });

    it('has an organiser of the city, and cooperations in every status between fitting demo partners', async () => {
      const organiser = await t.ds.getRepository(User).findOneByOrFail({ email: demoEmail(DEMO_ORGANISER.key) });
      expect(organiser.organisationId).toBeNull();
      expect(organiser.organiserDistrictIds).toEqual([stuttgartId]);

      expect(coops).toHaveLength(DEMO_SCENARIOS.length);
      expect(new Set(coops.map((c) => c.status))).toEqual(new Set(COOPERATION_STATUSES));
      for (const c of coops) {
        const need = await t.ds.getRepository(Need).findOneByOrFail({ id: c.needId! });
        const offer = await t.ds.getRepository(Offer).findOneByOrFail({ id: c.offerId! });
        expect([need.organisationId, offer.organisationId]).toEqual([c.nonprofitId, c.companyId]);
        expect(c.districtId).toBe(need.districtId);
        expect(categoryFit(need.category, offer.category)).toBeGreaterThan(0);
        expect([c.nonprofitId, c.companyId]).toContain(c.proposedByOrganisationId);
        expect(c.createdAt.getTime()).toBeLessThanOrEqual(now());
      }
    });

    it('every history replays through COOPERATION_MACHINE from the proposal to the current status, in time order', async () => {
      for (const c of coops) {
        const events = await t.ds.getRepository(CooperationEvent).find({ where: { cooperationId: c.id }, order: { id: 'ASC' } });
        expect(events[0]).toMatchObject({ fromStatus: null, toStatus: 'proposed', action: 'propose', actorOrganisationId: c.proposedByOrganisationId });
        let status: CooperationStatus = 'proposed';
        let at = events[0].createdAt.getTime();
        for (const e of events.slice(1)) {
          expect(e.fromStatus).toBe(status);
          status = transition(COOPERATION_MACHINE, status, e.action as keyof typeof COOPERATION_MACHINE, 'cooperation');
          expect(e.toStatus).toBe(status);
          expect(e.createdAt.getTime()).toBeGreaterThan(at);
          at = e.createdAt.getTime();
          // Parties act for themselves; the system (expire, end date, window) acts without a user.
          if (e.actorOrganisationId) expect([c.nonprofitId, c.companyId]).toContain(e.actorOrganisationId);
          if (['expire'].includes(e.action)) expect(e.actorUserId).toBeNull();
          // Only the receiver answers a proposal (the sender withdraws with cancel).
          if (RECEIVER_ACTIONS.includes(e.action as CooperationAction)) expect(e.actorOrganisationId).not.toBe(c.proposedByOrganisationId);
        }
        expect(status).toBe(c.status);
        expect(at).toBeLessThanOrEqual(now());
        if (c.status === 'declined') expect(c.declineReason).toBeTruthy();
        if (c.status === 'cancelled') expect(c.cancelReason && c.cancelledByOrganisationId).toBeTruthy();
      }
    });

    it('every proposer had done its readiness check (step 3) before proposing', async () => {
      for (const c of coops) {
        const checks = await t.ds.getRepository(ReadinessCheck).findBy({ organisationId: c.proposedByOrganisationId });
        expect(checks.some((k) => k.createdAt <= c.createdAt)).toBe(true);
      }
    });

    it('agreements: the hash is contentHash(contentOf(row)), signed ones carry both signatures, a Gegenleistung, no money', async () => {
      const agreements = await t.ds.getRepository(Agreement).find({ order: { version: 'ASC' } });
      expect(agreements.length).toBeGreaterThanOrEqual(7);
      for (const a of agreements) {
        expect(a.contentHash).toBe(contentHash(contentOf(a)));
        expect(agreementProblems(contentOf(a))).toEqual([]);
        expect(a.giveBackDescription.trim()).not.toBe('');
        if (a.signedAt) {
          expect(a.nonprofitSignedAt && a.companySignedAt && a.nonprofitSignedByUserId && a.companySignedByUserId).toBeTruthy();
          expect(a.signedAt.getTime()).toBe(Math.max(a.nonprofitSignedAt!.getTime(), a.companySignedAt!.getTime()));
        }
      }
      for (const c of coops) {
        const mine = agreements.filter((a) => a.cooperationId === c.id);
        const inForce = mine.filter((a) => a.signedAt && !a.supersededAt);
        if (['agreed', 'active', 'completed', 'evaluated'].includes(c.status)) {
          expect(inForce).toHaveLength(1);
          expect(c.agreedAt).toBeTruthy();
          expect(c.evaluationDueAt?.toISOString()).toBe(endOfDayBerlin(inForce[0].endsOn).toISOString());
        } else if (c.status === 'accepted') {
          expect(mine.map((a) => [a.signedAt, !!a.nonprofitSignedAt, !!a.companySignedAt])).toEqual([[null, true, false]]);
        } else {
          expect(mine).toEqual([]);
        }
      }
      // One cooperation changed its agreement: version 2, signed by both, supersedes version 1.
      const revised = coops.filter((c) => agreements.filter((a) => a.cooperationId === c.id).length === 2);
      expect(revised).toHaveLength(1);
      const [v1, v2] = agreements.filter((a) => a.cooperationId === revised[0].id);
      expect(v1.supersededAt?.toISOString()).toBe(v2.signedAt?.toISOString());
    });

    it('no money in any text, and the Gegenleistung is delivered where the cooperation was completed', async () => {
      const texts: Array<[string, string]> = [];
      for (const c of coops) texts.push(['message', c.message], ['declineReason', c.declineReason ?? ''], ['cancelReason', c.cancelReason ?? '']);
      for (const m of await t.ds.getRepository(CooperationMessage).find()) texts.push(['thread', m.body]);
      for (const u of await t.ds.getRepository(CooperationUpdate).find()) texts.push(['update', u.note]);
      const deliveries = await t.ds.getRepository(CooperationDelivery).find();
      for (const d of deliveries) texts.push(['delivery', d.description]);
      for (const e of await t.ds.getRepository(CooperationEvaluation).find()) texts.push(['evaluation', e.whatWorked], ['evaluation', e.whatToImprove], ['evaluation', e.outcomes]);
      expect(texts.filter(([, text]) => moneyInText(text))).toEqual([]);
      for (const c of coops.filter((x) => ['completed', 'evaluated'].includes(x.status))) {
        expect(deliveries.some((d) => d.cooperationId === c.id && d.side === 'nonprofit')).toBe(true);
        expect(deliveries.some((d) => d.cooperationId === c.id && d.side === 'company')).toBe(true);
      }
    });

    it('evaluations: both sides where evaluated by answers, the window open where completed', async () => {
      const evaluations = await t.ds.getRepository(CooperationEvaluation).find();
      const evaluated = coops.filter((c) => c.status === 'evaluated');
      expect(evaluated.length).toBeGreaterThanOrEqual(1);
      expect(evaluated.some((c) => evaluations.filter((e) => e.cooperationId === c.id).length === 2)).toBe(true);
      for (const c of coops) {
        const mine = evaluations.filter((e) => e.cooperationId === c.id);
        if (!['completed', 'evaluated'].includes(c.status)) expect(mine).toEqual([]);
        for (const e of mine) expect(e.organisationId).toBe(e.side === 'nonprofit' ? c.nonprofitId : c.companyId);
        if (c.status === 'completed') {
          expect(c.evaluationClosesAt!.getTime()).toBeGreaterThan(now());
          expect(mine.length).toBeLessThan(2);
        }
        if (c.status === 'evaluated' && mine.length < 2) expect(c.evaluationClosesAt!.getTime()).toBeLessThanOrEqual(c.evaluatedAt!.getTime());
      }
    });

    it('the jobs still ahead are in the outbox with the payloads the services use', async () => {
      const outbox = (await t.ds.query(`SELECT job_name, job_id, payload FROM outbox`)) as Array<{ job_name: string; job_id: string; payload: Record<string, string> }>;
      const has = (name: JobName, jobId: string) => outbox.some((o) => o.job_name === name && o.job_id === jobId);
      for (const c of coops) {
        if (c.status === 'proposed') {
          expect(c.expiresAt!.getTime()).toBeGreaterThan(now());
          expect(has(JobName.ExpireProposal, JOB_ID[JobName.ExpireProposal]({ cooperationId: c.id, expiresAt: c.expiresAt!.toISOString() }))).toBe(true);
          expect(outbox.some((o) => o.job_name === JobName.RemindProposal && o.payload.cooperationId === c.id && o.payload.expiresAt === c.expiresAt!.toISOString())).toBe(true);
        }
        if (c.status === 'agreed' || c.status === 'active') {
          expect(has(JobName.RequestEvaluation, JOB_ID[JobName.RequestEvaluation]({ cooperationId: c.id, dueAt: c.evaluationDueAt!.toISOString() }))).toBe(true);
        }
        if (c.status === 'completed') {
          expect(has(JobName.CloseEvaluation, JOB_ID[JobName.CloseEvaluation]({ cooperationId: c.id, closesAt: c.evaluationClosesAt!.toISOString() }))).toBe(true);
        }
      }
    });

    it('readiness checks for about a third of the organisations, scored by the real questionnaire', async () => {
      const checks = await t.ds.getRepository(ReadinessCheck).find();
      expect(checks.length).toBeGreaterThanOrEqual(Math.floor(DEMO_ORGANISATIONS.length * 0.3));
      expect(checks.length).toBeLessThanOrEqual(Math.ceil(DEMO_ORGANISATIONS.length * 0.4));
      const questionnaires = await t.ds.getRepository(ReadinessQuestionnaire).find();
      const levels = new Set<string>();
      for (const check of checks) {
        const q = questionnaires.find((x) => x.id === check.questionnaireId)!;
        const org = await t.ds.getRepository(Organisation).findOneByOrFail({ id: check.organisationId });
        expect(q.kind).toBe(org.kind);
        const again = evaluate(q.definition, check.answers);
        expect(again.ok && again.result).toEqual(check.result);
        expect(check.overallScore).toBe(check.result.overall.score);
        levels.add(check.result.overall.level);
      }
      expect(levels.size).toBeGreaterThanOrEqual(2);
    });

    it('verification badges by the organiser, with the basis fitting the kind and a history row', async () => {
      const organiser = await t.ds.getRepository(User).findOneByOrFail({ email: demoEmail(DEMO_ORGANISER.key) });
      const verified = (await t.ds.getRepository(Organisation).find()).filter((o) => o.verifiedAt);
      expect(verified.length).toBeGreaterThanOrEqual(10);
      for (const o of verified) {
        expect(basisFitsKind(o.kind, o.verificationBasis!)).toBe(true);
        expect(o.verifiedBy).toBe(organiser.id);
        const history = await t.ds.getRepository(OrganisationVerification).findBy({ organisationId: o.id });
        expect(history).toEqual([expect.objectContaining({ action: 'verified', basis: o.verificationBasis, byUserId: organiser.id, note: o.verificationNote })]);
        expect(history[0].at.toISOString()).toBe(o.verifiedAt!.toISOString());
      }
      const auth = await login(demoEmail(DEMO_ORGANISER.key));
      const res = await t.http.get(`/v1/organisations/${verified[0].id}/verification/history`).set(auth).expect(200);
      expect(res.body.current).toMatchObject({ verified: true, basis: verified[0].verificationBasis });
    });

    it('the organiser reads the Stuttgart report: agreements, realisation, give and take, evaluations', async () => {
      const auth = await login(demoEmail(DEMO_ORGANISER.key));
      const { body } = await t.http.get(`/v1/reports/districts/${stuttgartId}`).set(auth).expect(200);
      const f = body.figures;
      expect(f.proposals.total).toBe(DEMO_SCENARIOS.length);
      expect(f.agreements.total).toBeGreaterThanOrEqual(6);
      // Delivered: all but the one that starts next week (agreed).
      expect(f.agreements.realisation).toEqual({ numerator: f.agreements.total - 1, denominator: f.agreements.total, rate: expect.any(Number) });
      expect(f.agreements.realisation.rate).toBeGreaterThan(0.7);
      expect(f.agreements.giveAndTake.withGiveBack).toBe(f.agreements.total);
      expect(f.agreements.giveAndTake.giveBackDelivered.numerator).toBeGreaterThanOrEqual(3);
      expect(f.agreements.estimatedHours).toBeGreaterThan(0);
      expect(f.deliveries.count).toBeGreaterThan(0);
      expect(f.evaluations.count).toBeGreaterThanOrEqual(3);
      expect(f.proposals.acceptance.rate).toBeGreaterThan(0);
      // A company member is no organiser.
      await t.http.get(`/v1/reports/districts/${stuttgartId}`).set(await login(demoEmail(DEMO_ORGANISATIONS.find((o) => o.kind === 'company')!.key))).expect(403);
    });

    it("a demo nonprofit's journey: the one whose cooperation was evaluated has done every step", async () => {
      const evaluated = coops.find((c) => c.status === 'evaluated' && c.proposedByOrganisationId === c.nonprofitId)!;
      const user = await t.ds.getRepository(User).findOneByOrFail({ organisationId: evaluated.nonprofitId });
      const { body } = await t.http.get(`/v1/organisations/${evaluated.nonprofitId}/journey`).set(await login(user.email)).expect(200);
      expect(body.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
        ['profile', 'done'],
        ['needsAndPossibilities', 'done'],
        ['readiness', 'done'],
        ['partnerSearch', 'done'],
        ['winningPartners', 'done'],
        ['cooperationProject', 'done'],
      ]);
      expect(body.stepsDone).toBe(6);
      // The API shows the cooperation and its history as seeded, to the party and to the organiser.
      const events = await t.ds.getRepository(CooperationEvent).count({ where: { cooperationId: evaluated.id } });
      for (const auth of [await login(user.email), await login(demoEmail(DEMO_ORGANISER.key))]) {
        const coop = await t.http.get(`/v1/cooperations/${evaluated.id}`).set(auth).expect(200);
        expect(coop.body.status).toBe('evaluated');
        const history = await t.http.get(`/v1/cooperations/${evaluated.id}/history`).set(auth).expect(200);
        const items = history.body.items;
        expect(items.map((e: { toStatus: string }) => e.toStatus)).toEqual(['proposed', 'accepted', 'agreed', 'active', 'completed', 'evaluated']);
        expect(items).toHaveLength(events);
      }
      // An organisation outside the cooperation does not see it.
      const outsider = DEMO_ORGANISATIONS.find((o) => o.key !== user.email.split('@')[0] && o.kind === 'nonprofit')!;
      await t.http.get(`/v1/cooperations/${evaluated.id}`).set(await login(demoEmail(outsider.key))).expect(404);
    });
  });

  describe('the marketplaces', () => {
    it('an upcoming event in Bad Cannstatt: registered participants, a published schedule that respects every constraint, agendas, table plan, broker', async () => {
      const organiser = await login(demoEmail(DEMO_ORGANISER.key));
      const list = (await t.http.get(`/v1/marketplaces?districtId=${stuttgartId}`).expect(200)).body.items;
      const m = list.find((x: { name: string }) => x.name === DEMO_MARKETPLACE_NAME);
      expect(m).toMatchObject({ status: 'scheduled', slotCount: 6, tables: 8 });
      expect(m.registeredCount).toBeGreaterThanOrEqual(10);
      const versions = (await t.http.get(`/v1/marketplaces/${m.id}/schedules`).set(organiser).expect(200)).body.items;
      expect(versions).toEqual([expect.objectContaining({ version: 1, status: 'published' })]);
      const plan = (await t.http.get(`/v1/marketplaces/${m.id}/schedules/1`).set(organiser).expect(200)).body;
      expect(plan.meetingsHeld).toBeGreaterThan(10);
      const seen = new Set<string>();
      for (const x of plan.meetings as Array<{ slot: number; table: number; nonprofit: { id: string }; company: { id: string } }>) {
        for (const key of [`${x.slot}:${x.nonprofit.id}`, `${x.slot}:${x.company.id}`, `${x.slot}:t${x.table}`]) {
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
      }
      // the one arriving late has no meeting in the first slot
      const late = (await t.ds.query(`SELECT organisation_id FROM marketplace_registrations WHERE marketplace_id = $1 AND unavailable_slots = '{0}'`, [m.id])) as Array<{ organisation_id: string }>;
      expect(late).toHaveLength(1);
      expect(plan.meetings.filter((x: { slot: number; nonprofit: { id: string }; company: { id: string } }) => x.slot === 0 && [x.nonprofit.id, x.company.id].includes(late[0].organisation_id))).toEqual([]);
      // a participant reads its agenda; the table plan is there for organisers and the broker
      const participant = plan.meetings[0].nonprofit.id as string;
      const member = await t.ds.getRepository(User).findOneByOrFail({ organisationId: participant });
      const agenda = (await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(await login(member.email)).expect(200)).body;
      expect(agenda.items.length).toBeGreaterThan(0);
      const broker = await login(demoEmail(DEMO_BROKER.key));
      expect((await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(broker).expect(200)).body.version).toBe(1);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/brokers`).set(organiser).expect(200)).body.items).toHaveLength(1);
      // the seed's schedule is what the job makes from the same inputs: a run writes nothing new
      const run = await t.app.get(SchedulesService).run({ marketplaceId: m.id, runId: 'demo-check', requestedBy: null });
      expect(run).toMatchObject({ version: 1, changed: false });
    });

    it('a spring round for the city in draft, with venues, ready to plan', async () => {
      const organiser = await login(demoEmail(DEMO_ORGANISER.key));
      const rounds = (await t.http.get('/v1/rounds').set(organiser).expect(200)).body.items;
      const round = rounds.find((r: { name: string }) => r.name === DEMO_ROUND_NAME);
      expect(round).toMatchObject({ status: 'draft', districtId: stuttgartId });
      expect(round.candidateDates).toHaveLength(3);
      expect((await t.http.get(`/v1/rounds/${round.id}/venues`).set(organiser).expect(200)).body).toHaveLength(3);
    });
  });
});
