import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Marketplace, MarketplaceRegistration, Meeting, MeetingRequest, MeetingSchedule, Round } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus, MeetingWish, RegistrationStatus, RoundStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { JOB_ID, JobName, QueueName } from '../../src/queue/jobs';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { agreementBody, makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, Member, publishedNeed, signup, Tree } from '../factories';

/**
 * The event report and the round report on a fixture whose every figure was computed by hand,
 * and a round that finishes with its last event. The events ended in June 2026, so both follow-up
 * stages (14 days, 3 months) are due: the jobs run as soon as the events finish.
 */
describe('event and round reports (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let queue: Queue;
  let organiser: Member;
  let otherOrganiser: Member;
  let admin: Member;
  let outsider: Member;
  let round: Round;
  let e1: Marketplace;
  let e2: Marketplace;
  let e3: Marketplace;
  const n: Member[] = [];
  const c: Member[] = [];
  const coop: Record<string, string> = {};

  const makeRound = (status: RoundStatus, name = `Runde Bad Cannstatt ${randomUUID().slice(0, 4)}`) =>
    t.ds.getRepository(Round).save({ status, districtId: tree.borough.id, name, periodStart: '2026-05-01', periodEnd: '2026-07-31', candidateDates: [], targetMin: 10, targetMax: 60, confirmedAt: new Date() });
  const makeMarketplace = (status: MarketplaceStatus, roundId: string | null, name: string, endsAt: string) =>
    t.ds.getRepository(Marketplace).save({
      status,
      roundId,
      districtId: tree.borough.id,
      quarterIds: [tree.quarter.id, tree.quarter2.id],
      name,
      place: 'Kursaal, Königsplatz 1',
      startsAt: new Date(Date.parse(endsAt) - 2 * 3600_000),
      endsAt: new Date(endsAt),
      capacity: 60,
      tables: 20,
    });
  const register = (m: Marketplace, who: Member, status: RegistrationStatus, extra: Partial<MarketplaceRegistration> = {}) =>
    t.ds.getRepository(MarketplaceRegistration).save({ marketplaceId: m.id, organisationId: who.organisationId, status, registeredAt: status === 'registered' ? new Date() : null, ...extra });
  const checkIn = (m: Marketplace, who: Member) => t.http.post(`/v1/marketplaces/${m.id}/registrations/${who.organisationId}/check-in`).set(organiser.auth).expect((r) => expect(r.status).toBeLessThan(300));
  const wish = (m: Marketplace, np: Member, co: Member, nonprofitWish: MeetingWish | null, companyWish: MeetingWish | null) =>
    t.ds.getRepository(MeetingRequest).save({ marketplaceId: m.id, nonprofitId: np.organisationId, companyId: co.organisationId, requestedByOrganisationId: np.organisationId, nonprofitWish, companyWish });
  const schedule = async (m: Marketplace, version: number, status: MeetingSchedule['status'], meetings: Array<[MeetingRequest, number, number]>) => {
    const s = await t.ds
      .getRepository(MeetingSchedule)
      .save({
        marketplaceId: m.id,
        version,
        status,
        inputHash: `h${version}`,
        slotCount: 6,
        slotMinutes: 15,
        firstSlotAt: m.startsAt,
        tables: 10,
        meetingsHeld: meetings.length,
        lowerBound: 1,
        slotsUsed: 3,
        valueHeld: '0',
        valueRequested: '0',
        diagnostics: {},
        publishedAt: status === 'draft' ? null : new Date(),
      });
    for (const [r, slot, tableNo] of meetings) await t.ds.getRepository(Meeting).save({ scheduleId: s.id, requestId: r.id, nonprofitId: r.nonprofitId, companyId: r.companyId, slot, tableNo });
  };
  const sign = (coopId: string, a: { version: number; contentHash: string }, who: Member) =>
    t.http.post(`/v1/cooperations/${coopId}/agreements/${a.version}/sign`).set(who.auth).send({ contentHash: a.contentHash }).expect(200);
  /** An agreement recorded at the notary desk about one of the nonprofit's needs; `signers` sign version 1. */
  const notary = async (m: Marketplace, np: Member, co: Member, body: Record<string, unknown>, signers: Member[]) => {
    const need = await publishedNeed(t.http, np);
    const res = await t.http.post(`/v1/marketplaces/${m.id}/notary-agreements`).set(organiser.auth).send({ nonprofitId: np.organisationId, companyId: co.organisationId, needId: need.id, agreement: agreementBody(body) }).expect(201);
    for (const s of signers) await sign(res.body.cooperationId, res.body.agreement, s);
    return res.body.cooperationId as string;
  };
  const followUp = (who: Member, coopId: string, stage: string, outcome: string) => t.http.post(`/v1/cooperations/${coopId}/follow-ups`).set(who.auth).send({ stage, outcome }).expect(201);
  const act = (m: Marketplace, action: string) => t.http.post(`/v1/marketplaces/${m.id}/${action}`).set(organiser.auth).expect(200);
  /** Both follow-up jobs of a finished event, run at once (they were already due). */
  const followUpJobsDone = async (m: Marketplace) => {
    const stages = (await t.ds.query(`SELECT stage, due_at FROM marketplace_follow_ups WHERE marketplace_id = $1`, [m.id])) as Array<{ stage: 'first' | 'second'; due_at: Date }>;
    expect(stages).toHaveLength(2);
    const results: Record<string, unknown> = {};
    for (const s of stages) {
      const id = JOB_ID[JobName.MarketplaceFollowUp]({ marketplaceId: m.id, stage: s.stage, dueAt: new Date(s.due_at).toISOString() });
      results[s.stage] = await waitFor(async () => {
        const job = await queue.getJob(id);
        const state = job && (await job.getState());
        if (state === 'failed') throw new Error(`${id} failed: ${job!.failedReason}`);
        // read again once completed: the copy read before the state may predate the return value
        return state === 'completed' ? (await queue.getJob(id))!.returnvalue : undefined;
      }, `job ${id}`);
    }
    return results;
  };
  const roundStatus = async (id: string) => ((await t.ds.query(`SELECT status FROM rounds WHERE id = $1`, [id])) as Array<{ status: string }>)[0].status;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Marketplaces));
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    outsider = await signup(t.http, 'company', tree.quarter.id);
    // n[1..8] nonprofits, c[1..5] companies
    for (let i = 1; i <= 8; i++) n[i] = await signup(t.http, 'nonprofit', i % 2 ? tree.quarter.id : tree.quarter2.id);
    for (let i = 1; i <= 5; i++) c[i] = await signup(t.http, 'company', i % 2 ? tree.quarter2.id : tree.quarter.id);

    round = await makeRound('confirmed', 'Runde Frühjahr 2026');
    e1 = await makeMarketplace('running', round.id, 'Marktplatz Hallschlag, Neckarvorstadt', '2026-06-10T17:00:00.000Z');
    e2 = await makeMarketplace('running', round.id, 'Marktplatz Neckarvorstadt', '2026-06-17T17:00:00.000Z');
    e3 = await makeMarketplace('open', round.id, 'Marktplatz Rohr', '2026-06-24T17:00:00.000Z');

    // E1 participants: N1-N4 and C1-C3 registered; N5 waitlisted; N6 and C4 cancelled; N7 invited.
    for (const m of [n[1], n[2], n[3], n[4], c[1], c[2], c[3]]) await register(e1, m, 'registered');
    await register(e1, n[5], 'waitlisted', { waitlistPosition: 1 });
    await register(e1, n[6], 'cancelled', { cancelledAt: new Date() });
    await register(e1, c[4], 'cancelled', { cancelledAt: new Date() });
    await register(e1, n[7], 'invited', { invitedAt: new Date() });
    // Checked in: N1, N2, N3, C1, C2 (N4 and C3 become no-shows when E1 finishes).
    for (const m of [n[1], n[2], n[3], c[1], c[2]]) await checkIn(e1, m);

    // Meeting wishes: both said yes for N1-C1, N1-C2, N2-C1, N2-C3, N3-C2 (5); not for N3-C3 (declined) and N4-C2 (no answer).
    const n1c1 = await wish(e1, n[1], c[1], 'must', 'accepted');
    const n1c2 = await wish(e1, n[1], c[2], 'would', 'would');
    const n2c1 = await wish(e1, n[2], c[1], 'accepted', 'must');
    const n2c3 = await wish(e1, n[2], c[3], 'would', 'accepted');
    const n3c2 = await wish(e1, n[3], c[2], 'must', 'would');
    await wish(e1, n[3], c[3], 'must', 'declined');
    await wish(e1, n[4], c[2], 'would', null);
    // Schedules: v1 superseded, v2 published (4 meetings; N2-C3 not held: C3 did not come), v3 a draft.
    await schedule(e1, 1, 'superseded', [
      [n1c1, 0, 1],
      [n2c1, 1, 1],
    ]);
    await schedule(e1, 2, 'published', [
      [n1c1, 0, 1],
      [n2c3, 0, 2],
      [n1c2, 1, 1],
      [n3c2, 2, 1],
    ]);
    await schedule(e1, 3, 'draft', [[n2c1, 0, 1]]);

    // E1 notary desk.
    coop.a1 = await notary(e1, n[1], c[1], { contribution: { category: 'time', quantity: 40, unit: 'hours', description: 'Acht Mitarbeitende helfen beim Umzug.' }, estimatedHours: 40, estimatedValueEur: 1200, giveBack: { kind: 'thank_you_event', description: 'Dankeschön-Fest mit den Jugendlichen.' } }, [n[1], c[1]]);
    coop.a2 = await notary(e1, n[2], c[1], { contribution: { category: 'logistics', quantity: 3, unit: 'trips', description: 'Drei Fahrten mit dem Transporter.' }, estimatedHours: 12, estimatedValueEur: 450.5, giveBack: { kind: 'visibility', description: 'Logo auf unserer Website.' } }, [c[1], n[2]]);
    const goods = (quantity: number, value: number) => ({ contribution: { category: 'goods', quantity, unit: 'items', description: 'Gebrauchte Laptops für die Hausaufgabenhilfe.' }, estimatedHours: null, estimatedValueEur: value });
    coop.a3 = await notary(e1, n[3], c[2], { ...goods(20, 300), giveBack: { kind: 'thank_you_event', description: 'Dankeskarte der Kinder.' } }, [n[3], c[2]]);
    // A3 version 2 (25 laptops, 350 €), signed by both: the current version.
    const v2 = (await t.http.post(`/v1/cooperations/${coop.a3}/agreements`).set(n[3].auth).send(agreementBody({ ...goods(25, 350), giveBack: { kind: 'thank_you_event', description: 'Dankeskarte der Kinder.' } })).expect(201)).body;
    await sign(coop.a3, v2, n[3]);
    await sign(coop.a3, v2, c[2]);
    coop.a4 = await notary(e1, n[1], c[2], { contribution: { category: 'skills', quantity: 10, unit: 'hours', description: 'Beratung zur Buchhaltung.' }, estimatedHours: 10, estimatedValueEur: 800, giveBack: { kind: 'press', description: 'Pressemitteilung.' } }, [n[1]]);
    coop.a5 = await notary(e1, n[2], c[2], { contribution: { category: 'time', quantity: 8, unit: 'hours', description: 'Ein Nachmittag Gartenarbeit.' }, estimatedHours: 8, estimatedValueEur: null, giveBack: { kind: 'thank_you_event', description: 'Kaffee und Kuchen.' } }, [n[2], c[2]]);
    await t.http.post(`/v1/cooperations/${coop.a5}/cancel`).set(c[2].auth).send({ reason: 'Der Garten wurde verkauft.' }).expect(200);

    // E2: N8 and C5, both there, one wish, one agreement.
    await register(e2, n[8], 'registered');
    await register(e2, c[5], 'registered');
    for (const m of [n[8], c[5]]) await checkIn(e2, m);
    await wish(e2, n[8], c[5], 'must', 'must');
    coop.a6 = await notary(e2, n[8], c[5], { contribution: { category: 'time', quantity: 4, unit: 'hours', description: 'Vorlesen im Kindergarten.' }, estimatedHours: 4, estimatedValueEur: 100, giveBack: { kind: 'networking', description: 'Kontakte ins Quartier.' } }, [n[8], c[5]]);

    // Both events finish; their follow-up jobs (already due) run at once.
    await act(e1, 'finish');
    await act(e2, 'finish');
    expect(await followUpJobsDone(e1)).toEqual({
      first: { agreements: 3, asked: 6, alreadyAnswered: 0, notifications: 6 },
      second: { agreements: 3, asked: 6, alreadyAnswered: 0, notifications: 6 },
    });
    await followUpJobsDone(e2);

    // Answers: A1 carried out (both); A2 in progress, then not carried out at the second stage; A3 in progress; A5 (cancelled) none; A6 carried out.
    await followUp(n[1], coop.a1, 'first', 'carried_out');
    await followUp(c[1], coop.a1, 'first', 'carried_out');
    await followUp(c[1], coop.a2, 'first', 'in_progress');
    await followUp(n[2], coop.a2, 'second', 'not_carried_out');
    await followUp(n[3], coop.a3, 'first', 'in_progress');
    await followUp(n[8], coop.a6, 'first', 'carried_out');
  }, 120_000);
  afterAll(() => t.close());

  const E1_FIGURES = {
    participants: {
      registered: { nonprofit: 4, company: 3, total: 7 },
      checkedIn: { nonprofit: 3, company: 2, total: 5 },
      noShows: { nonprofit: 1, company: 1, total: 2 },
      waitlisted: { nonprofit: 1, company: 0, total: 1 },
      cancelled: { nonprofit: 1, company: 1, total: 2 },
      invited: { nonprofit: 1, company: 0, total: 1 },
      attendance: { numerator: 5, denominator: 7, rate: 0.7143 },
    },
    meetings: { requested: 5, scheduled: 4, held: 3, heldShare: { numerator: 3, denominator: 4, rate: 0.75 } },
    // A1-A5 recorded; A4 signed by one side only; A3 counts with version 2; A5 counts although cancelled later.
    agreements: { recorded: 5, signed: 4, signing: { numerator: 4, denominator: 5, rate: 0.8 }, estimatedHours: 60, estimatedValueEur: 2000.5 },
    // 4 signed × 2 sides × 2 open stages = 16 asked; 5 answers.
    followUps: { realisation: { numerator: 1, denominator: 4, rate: 0.25 }, carriedOut: 1, inProgress: 1, notCarriedOut: 1, noAnswer: 1, response: { numerator: 5, denominator: 16, rate: 0.3125 } },
    giveAndTake: {
      give: [
        { category: 'time', agreements: 2, estimatedHours: 48, quantities: [{ unit: 'hours', quantity: 48 }] },
        { category: 'logistics', agreements: 1, estimatedHours: 12, quantities: [{ unit: 'trips', quantity: 3 }] },
        { category: 'goods', agreements: 1, estimatedHours: 0, quantities: [{ unit: 'items', quantity: 25 }] },
      ],
      giveBack: [
        { kind: 'thank_you_event', agreements: 3 },
        { kind: 'visibility', agreements: 1 },
      ],
    },
  };
  const E2_FIGURES = {
    participants: {
      registered: { nonprofit: 1, company: 1, total: 2 },
      checkedIn: { nonprofit: 1, company: 1, total: 2 },
      noShows: { nonprofit: 0, company: 0, total: 0 },
      waitlisted: { nonprofit: 0, company: 0, total: 0 },
      cancelled: { nonprofit: 0, company: 0, total: 0 },
      invited: { nonprofit: 0, company: 0, total: 0 },
      attendance: { numerator: 2, denominator: 2, rate: 1 },
    },
    meetings: { requested: 1, scheduled: 0, held: 0, heldShare: { numerator: 0, denominator: 0, rate: null } },
    agreements: { recorded: 1, signed: 1, signing: { numerator: 1, denominator: 1, rate: 1 }, estimatedHours: 4, estimatedValueEur: 100 },
    followUps: { realisation: { numerator: 1, denominator: 1, rate: 1 }, carriedOut: 1, inProgress: 0, notCarriedOut: 0, noAnswer: 0, response: { numerator: 1, denominator: 4, rate: 0.25 } },
    giveAndTake: { give: [{ category: 'time', agreements: 1, estimatedHours: 4, quantities: [{ unit: 'hours', quantity: 4 }] }], giveBack: [{ kind: 'networking', agreements: 1 }] },
  };
  const TOTALS = {
    participants: {
      registered: { nonprofit: 5, company: 4, total: 9 },
      checkedIn: { nonprofit: 4, company: 3, total: 7 },
      noShows: { nonprofit: 1, company: 1, total: 2 },
      waitlisted: { nonprofit: 1, company: 0, total: 1 },
      cancelled: { nonprofit: 1, company: 1, total: 2 },
      invited: { nonprofit: 1, company: 0, total: 1 },
      attendance: { numerator: 7, denominator: 9, rate: 0.7778 },
    },
    meetings: { requested: 6, scheduled: 4, held: 3, heldShare: { numerator: 3, denominator: 4, rate: 0.75 } },
    agreements: { recorded: 6, signed: 5, signing: { numerator: 5, denominator: 6, rate: 0.8333 }, estimatedHours: 64, estimatedValueEur: 2100.5 },
    // 2/5, not the mean of 0.25 and 1; 6/20, not the mean of 0.3125 and 0.25
    followUps: { realisation: { numerator: 2, denominator: 5, rate: 0.4 }, carriedOut: 2, inProgress: 1, notCarriedOut: 1, noAnswer: 1, response: { numerator: 6, denominator: 20, rate: 0.3 } },
    giveAndTake: {
      give: [
        { category: 'time', agreements: 3, estimatedHours: 52, quantities: [{ unit: 'hours', quantity: 52 }] },
        { category: 'logistics', agreements: 1, estimatedHours: 12, quantities: [{ unit: 'trips', quantity: 3 }] },
        { category: 'goods', agreements: 1, estimatedHours: 0, quantities: [{ unit: 'items', quantity: 25 }] },
      ],
      giveBack: [
        { kind: 'thank_you_event', agreements: 3 },
        { kind: 'visibility', agreements: 1 },
        { kind: 'networking', agreements: 1 },
      ],
    },
  };

  it('the event report has every figure as computed by hand', async () => {
    const report = (await t.http.get(`/v1/marketplaces/${e1.id}/report`).set(organiser.auth).expect(200)).body;
    expect(report.marketplace).toEqual({
      id: e1.id,
      name: 'Marktplatz Hallschlag, Neckarvorstadt',
      status: 'finished',
      districtId: tree.borough.id,
      roundId: round.id,
      startsAt: '2026-06-10T15:00:00.000Z',
      endsAt: '2026-06-10T17:00:00.000Z',
    });
    expect(report.scheduleVersion).toBe(2);
    expect(report.followUpStages).toEqual([
      { stage: 'first', dueAt: '2026-06-24T17:00:00.000Z', sentAt: expect.any(String), open: true },
      { stage: 'second', dueAt: '2026-09-10T17:00:00.000Z', sentAt: expect.any(String), open: true },
    ]);
    expect(report.figures).toEqual(E1_FIGURES);
    expect(Date.parse(report.generatedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('as CSV: one row per figure, like the district report (BOM, CRLF, quoted names, empty cells for null rates)', async () => {
    const res = await t.http.get(`/v1/marketplaces/${e1.id}/report?format=csv`).set(admin.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="report-marketplace-2026-06-10-${e1.id}.csv"`);
    expect(res.text.startsWith('\uFEFFscope,id,name,date,figure,detail,label,unit,value\r\n')).toBe(true);
    const lines = res.text.slice(1).trimEnd().split('\r\n');
    const row = (rest: string) => `event,${e1.id},"Marktplatz Hallschlag, Neckarvorstadt",2026-06-10,${rest}`;
    expect(lines).toContain(row('registered_nonprofit,,Angemeldet (Gemeinnützige),count,4'));
    expect(lines).toContain(row('no_shows,,"Angemeldet, nicht erschienen",count,2'));
    expect(lines).toContain(row('meetings_held,,1:1-Gespräche geführt (beide eingecheckt),count,3'));
    expect(lines).toContain(row('estimated_value_eur,,"Geschätzter Gegenwert in Euro (nur für Berichte, es fließt kein Geld)",eur,2000.5'));
    expect(lines).toContain(row('realisation_rate,,Umsetzungsquote,rate,0.25'));
    expect(lines).toContain(row('follow_up_response_rate,,Rücklaufquote,rate,0.3125'));
    expect(lines).toContain(row('give_quantity,goods,Leistung Sachmittel: Menge (Stück),items,25'));
    expect(lines).toContain(row('give_back_agreements,thank_you_event,Gegenleistung Dankeschön-Veranstaltung: Vereinbarungen,count,3'));
    // with Accept: text/csv as well
    const viaAccept = await t.http.get(`/v1/marketplaces/${e1.id}/report`).set(organiser.auth).set('Accept', 'text/csv').expect(200);
    expect(viaAccept.text).toBe(res.text);
    const e2csv = (await t.http.get(`/v1/marketplaces/${e2.id}/report?format=csv`).set(organiser.auth).expect(200)).text;
    expect(e2csv).toContain(`event,${e2.id},Marktplatz Neckarvorstadt,2026-06-17,meetings_held_share,,"Anteil der geplanten Gespräche, die geführt wurden",rate,\r\n`);
  });

  it('the round report: one entry per event that is not cancelled, and the totals summed (rates from summed parts)', async () => {
    await act(e3, 'cancel');
    const report = (await t.http.get(`/v1/rounds/${round.id}/report`).set(organiser.auth).expect(200)).body;
    expect(report.round).toEqual({ id: round.id, name: 'Runde Frühjahr 2026', status: 'confirmed', districtId: tree.borough.id, periodStart: '2026-05-01', periodEnd: '2026-07-31' });
    expect(report.events.map((e: { marketplace: { id: string } }) => e.marketplace.id)).toEqual([e1.id, e2.id]);
    expect(report.events[0].figures).toEqual(E1_FIGURES);
    expect(report.events[1]).toMatchObject({ scheduleVersion: null, figures: E2_FIGURES });
    expect(report.cancelled).toEqual([expect.objectContaining({ id: e3.id, name: 'Marktplatz Rohr', status: 'cancelled' })]);
    expect(report.totals).toEqual(TOTALS);

    const csv = (await t.http.get(`/v1/rounds/${round.id}/report`).set(admin.auth).set('Accept', 'text/csv').expect(200)).text;
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toContain(`round,${round.id},Runde Frühjahr 2026,,agreements_signed,,davon von beiden unterschrieben,count,5`);
    expect(lines).toContain(`round,${round.id},Runde Frühjahr 2026,,realisation_rate,,Umsetzungsquote,rate,0.4`);
    expect(lines).toContain(`event,${e2.id},Marktplatz Neckarvorstadt,2026-06-17,realisation_rate,,Umsetzungsquote,rate,1`);
    // the two events, then the round's totals; the cancelled event has no rows
    expect(lines.filter((l) => l.includes(',registered,,')).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([`event,${e1.id}`, `event,${e2.id}`, `round,${round.id}`]);
    expect(csv).not.toContain(e3.id);
  });

  it('only those who run the event (or the round) and admins see the reports', async () => {
    for (const stranger of [outsider, otherOrganiser, n[1]]) {
      expect((await t.http.get(`/v1/marketplaces/${e1.id}/report`).set(stranger.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(`/v1/rounds/${round.id}/report`).set(stranger.auth).expect(403)).body.code).toBe('FORBIDDEN');
    }
    await t.http.get(`/v1/marketplaces/${e1.id}/report`).expect(401);
    await t.http.get(`/v1/rounds/${round.id}/report`).expect(401);
    await t.http.get(`/v1/rounds/${round.id}/report`).set(admin.auth).expect(200);
    expect((await t.http.get(`/v1/marketplaces/${randomUUID()}/report`).set(admin.auth).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    expect((await t.http.get(`/v1/rounds/${randomUUID()}/report`).set(admin.auth).expect(404)).body.code).toBe('ROUND_NOT_FOUND');
    await t.http.get(`/v1/marketplaces/not-a-uuid/report`).set(admin.auth).expect(400);
    await t.http.get(`/v1/marketplaces/${e1.id}/report?format=xml`).set(admin.auth).expect(400);
    // a draft does not exist for outsiders
    const draft = await makeMarketplace('draft', null, 'Entwurf', '2026-12-20T17:00:00.000Z');
    expect((await t.http.get(`/v1/marketplaces/${draft.id}/report`).set(outsider.auth).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    // a fresh event: all zero, every rate null
    const empty = (await t.http.get(`/v1/marketplaces/${draft.id}/report`).set(organiser.auth).expect(200)).body;
    expect(empty).toMatchObject({ scheduleVersion: null, followUpStages: [], figures: { agreements: { recorded: 0, signing: { rate: null } }, followUps: { realisation: { rate: null }, response: { rate: null } } } });
  });

  describe('the round finishes with its last event', () => {
    it('reporting the last open event finishes the round, in the same transaction; not before', async () => {
      await act(e1, 'report');
      expect(await roundStatus(round.id)).toBe('confirmed');
      await act(e2, 'report');
      expect(await roundStatus(round.id)).toBe('finished');
      const report = (await t.http.get(`/v1/rounds/${round.id}/report`).set(organiser.auth).expect(200)).body;
      expect(report.round.status).toBe('finished');
      // reports still add up once the events are reported
      expect(report.totals).toEqual(TOTALS);
    });

    it('cancelling the last open event finishes a round whose other events are reported', async () => {
      const r2 = await makeRound('confirmed');
      await makeMarketplace('reported', r2.id, 'Marktplatz A', '2026-06-01T17:00:00.000Z');
      const open = await makeMarketplace('open', r2.id, 'Marktplatz B', '2026-12-01T17:00:00.000Z');
      await act(open, 'cancel');
      expect(await roundStatus(r2.id)).toBe('finished');
    });

    it('a round whose events were all cancelled stays confirmed (its organisers cancel it), and an unfinished event keeps it open', async () => {
      const r3 = await makeRound('confirmed');
      const only = await makeMarketplace('open', r3.id, 'Marktplatz C', '2026-12-01T17:00:00.000Z');
      await act(only, 'cancel');
      expect(await roundStatus(r3.id)).toBe('confirmed');

      const r4 = await makeRound('confirmed');
      const done = await makeMarketplace('finished', r4.id, 'Marktplatz D', '2026-06-01T17:00:00.000Z');
      await makeMarketplace('running', r4.id, 'Marktplatz E', '2026-06-02T17:00:00.000Z');
      await act(done, 'report');
      expect(await roundStatus(r4.id)).toBe('confirmed');
    });
  });
});
