import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { SchedulesService } from '../../src/modules/marketplaces/schedules.service';
import { makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, signup, uid, type Member, type Tree } from '../factories';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

interface Meeting {
  requestId: string;
  slot: number;
  table: number;
  nonprofit: { id: string; name: string };
  company: { id: string; name: string };
}

/** Every hard constraint of a schedule: nobody twice in a slot, no table twice in a slot, slots and tables in range, unavailable slots respected. */
function assertFeasible(meetings: Meeting[], slots: number, tables: number, unavailable: Record<string, number[]> = {}) {
  const seen = new Set<string>();
  for (const m of meetings) {
    expect(m.slot).toBeGreaterThanOrEqual(0);
    expect(m.slot).toBeLessThan(slots);
    expect(m.table).toBeGreaterThanOrEqual(1);
    expect(m.table).toBeLessThanOrEqual(tables);
    for (const key of [`p:${m.slot}:${m.nonprofit.id}`, `p:${m.slot}:${m.company.id}`, `t:${m.slot}:${m.table}`]) {
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(unavailable[m.nonprofit.id] ?? []).not.toContain(m.slot);
    expect(unavailable[m.company.id] ?? []).not.toContain(m.slot);
  }
}

/** The schedule-event job, schedule versions, publishing, agendas and the table plan. */
describe('meeting schedules, agendas and the table plan (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member;
  let otherOrganiser: Member;
  let outsider: Member;
  // nonprofits A, B, C and companies X, Y, Z
  const np: Record<'A' | 'B' | 'C', Member> = {} as never;
  const co: Record<'X' | 'Y' | 'Z' | 'W', Member> = {} as never;
  const names: Record<string, string> = {};

  const job = async (m: Member, id: string) => (await t.http.get(`/v1/jobs/${id}`).set(m.auth).expect(200)).body as { state: string; result: Record<string, unknown> | null; error: string | null };
  const schedule = async (m: Marketplace, by = organiser) => {
    const res = await t.http.post(`/v1/marketplaces/${m.id}/schedule`).set(by.auth).expect(202);
    expect(res.headers.location).toBe(`/v1/jobs/${res.body.jobId}`);
    const done = await waitFor(async () => {
      const j = await job(by, res.body.jobId as string);
      if (j.state === 'failed') throw new Error(`job failed: ${j.error}`);
      return j.state === 'completed' ? j : undefined;
    }, 'the schedule-event job', 30_000);
    return done.result as { version: number | null; changed: boolean; lowerBound: number; slotsUsed: number; meetingsHeld: number };
  };
  const makeMarketplace = async (status: MarketplaceStatus, registered: Member[], slots: { slotCount: number | null; tables: number }, unavailable: Record<string, number[]> = {}) => {
    const m = await newMarketplace(t.ds, tree, status, {
      tables: slots.tables,
      slotCount: slots.slotCount,
      slotMinutes: slots.slotCount ? 15 : null,
      firstSlotAt: slots.slotCount ? new Date('2031-03-12T16:15:00Z') : null,
    });
    for (const r of registered) await register(t.ds, m, r, 'registered', { unavailableSlots: unavailable[r.organisationId] ?? [] });
    return m;
  };
  const wish = (m: Marketplace, by: Member, partner: Member, value: string) =>
    t.http.put(`/v1/marketplaces/${m.id}/meeting-wishes/${partner.organisationId}`).set(by.auth).send({ wish: value }).expect(200);
  /** The nonprofit asks with `nonprofitWish`, the company answers with `companyWish`. */
  const agree = async (m: Marketplace, a: Member, b: Member, nonprofitWish = 'must', companyWish = 'accepted') => {
    await wish(m, a, b, nonprofitWish);
    await wish(m, b, a, companyWish);
  };
  const detail = async (m: Marketplace, version: number) => (await t.http.get(`/v1/marketplaces/${m.id}/schedules/${version}`).set(organiser.auth).expect(200)).body;
  const notificationsOf = async (kind: string, orgIds: string[]) =>
    (await t.ds.query(`SELECT organisation_id, dedupe_key FROM notifications WHERE kind = $1 AND organisation_id = ANY($2::uuid[]) ORDER BY organisation_id`, [kind, orgIds])) as Array<{ organisation_id: string; dedupe_key: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    outsider = await signup(t.http, 'company', tree.quarter.id);
    for (const k of ['A', 'B', 'C'] as const) {
      names[k] = `Tafel ${k} ${uid()} e.V.`;
      np[k] = await signup(t.http, 'nonprofit', tree.quarter.id, { name: names[k] });
    }
    for (const k of ['X', 'Y', 'Z', 'W'] as const) {
      names[k] = `Bäckerei ${k} & Söhne ${uid()} GmbH`;
      co[k] = await signup(t.http, 'company', tree.quarter.id, { name: names[k] });
    }
  });
  afterAll(() => t.close());

  describe('an event with 3 slots and 2 tables', () => {
    let m: Marketplace;
    let v1: { meetings: Meeting[] };

    beforeAll(async () => {
      m = await makeMarketplace('closed', [np.A, np.B, np.C, co.X, co.Y, co.Z], { slotCount: null, tables: 2 });
      // Six must/accepted pairs (rank 2) and one would/accepted pair (rank 1), which does not fit:
      // 3 slots × 2 tables hold 6 meetings.
      await agree(m, np.A, co.X);
      await agree(m, np.A, co.Y);
      await agree(m, np.B, co.X);
      await agree(m, np.B, co.Z);
      await agree(m, np.C, co.Y);
      await agree(m, np.C, co.Z);
      await agree(m, np.A, co.Z, 'would', 'accepted');
      // declined and one-sided wishes are not scheduled
      await wish(m, np.C, co.X, 'would');
      await wish(m, np.B, co.Y, 'must');
      await wish(m, co.Y, np.B, 'declined');
    });

    it('refuses to schedule without slot settings (409 SCHEDULE_NOT_CONFIGURED), and refuses everyone but its organisers', async () => {
      const res = await t.http.post(`/v1/marketplaces/${m.id}/schedule`).set(organiser.auth).expect(409);
      expect(res.body).toMatchObject({ code: 'SCHEDULE_NOT_CONFIGURED', missing: ['slotCount', 'slotMinutes', 'firstSlotAt'] });
      await t.ds.getRepository(Marketplace).update({ id: m.id }, { slotCount: 3, slotMinutes: 15, firstSlotAt: new Date('2031-03-12T16:15:00Z') });
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedule`).set(np.A.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedule`).set(otherOrganiser.auth).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.post(`/v1/marketplaces/${m.id}/schedule`).expect(401);
      await t.http.post(`/v1/marketplaces/${randomUUID()}/schedule`).set(organiser.auth).expect(404);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM meeting_schedules WHERE marketplace_id = $1`, [m.id]))[0].n).toBe(0);
    });

    it('the job writes draft version 1: the most valuable meetings that fit, in as many slots as the lower bound', async () => {
      const result = await schedule(m);
      expect(result).toMatchObject({ version: 1, changed: true, lowerBound: 3, slotsUsed: 3, meetingsHeld: 6 });
      const list = (await t.http.get(`/v1/marketplaces/${m.id}/schedules`).set(organiser.auth).expect(200)).body.items;
      expect(list).toEqual([expect.objectContaining({ version: 1, status: 'draft', baseVersion: null, requests: 7, meetingsHeld: 6, lowerBound: 3, slotsUsed: 3, gapToLowerBound: 0, method: 'equitable-colouring', unplacedCount: 1, tables: 2, slotCount: 3 })]);
      v1 = await detail(m, 1);
      assertFeasible(v1.meetings, 3, 2);
      const pairs = v1.meetings.map((x) => `${x.nonprofit.name}|${x.company.name}`).sort();
      expect(pairs).toEqual(
        [['A', 'X'], ['A', 'Y'], ['B', 'X'], ['B', 'Z'], ['C', 'Y'], ['C', 'Z']].map(([a, b]) => `${names[a]}|${names[b]}`).sort(),
      );
      expect((await detail(m, 1)).unplaced).toEqual([
        expect.objectContaining({ reason: 'not-selected', nonprofit: { id: np.A.organisationId, name: names.A }, company: { id: co.Z.organisationId, name: names.Z } }),
      ]);
      // the value held: six rank-2 meetings (1000 · 4² each, score 0); requested adds the rank-1 one (1000 · 4)
      expect(list[0]).toMatchObject({ valueHeld: 96_000, valueRequested: 100_000 });
    });

    it('is idempotent: the same inputs write no new version, also when two runs race', async () => {
      expect(await schedule(m)).toMatchObject({ version: 1, changed: false });
      const service = t.app.get(SchedulesService);
      const data = { marketplaceId: m.id, runId: randomUUID(), requestedBy: null };
      const both = await Promise.all([service.run(data), service.run({ ...data, runId: randomUUID() })]);
      expect(both.map((r) => r.changed)).toEqual([false, false]);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM meeting_schedules WHERE marketplace_id = $1`, [m.id]))[0].n).toBe(1);
    });

    it('has no agenda before a version is published', async () => {
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(np.A.auth).expect(404)).body.code).toBe('SCHEDULE_NOT_FOUND');
      expect((await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(organiser.auth).expect(404)).body.code).toBe('SCHEDULE_NOT_FOUND');
      // a draft can be previewed by its version
      const preview = (await t.http.get(`/v1/marketplaces/${m.id}/table-plan?version=1`).set(organiser.auth).expect(200)).body;
      expect(preview).toMatchObject({ version: 1, status: 'draft', tables: 2 });
    });

    it('only organisers publish; publishing announces the agendas to every participant and makes the marketplace scheduled', async () => {
      await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(np.A.auth).expect(403);
      await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(otherOrganiser.auth).expect(403);
      await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).expect(401);
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/9/publish`).set(organiser.auth).expect(404)).body.code).toBe('SCHEDULE_NOT_FOUND');
      await t.http.post(`/v1/marketplaces/${m.id}/schedules/x/publish`).set(organiser.auth).expect(400);
      const res = (await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(organiser.auth).expect(200)).body;
      expect(res).toMatchObject({ version: 1, status: 'published', marketplaceStatus: 'scheduled' });
      expect(res.publishedAt).toEqual(expect.any(String));
      const notified = await notificationsOf('meeting_schedule_published', [np.A, np.B, np.C, co.X, co.Y, co.Z].map((x) => x.organisationId));
      expect(notified.map((n) => n.organisation_id).sort()).toEqual([np.A, np.B, np.C, co.X, co.Y, co.Z].map((x) => x.organisationId).sort());
      // again: nothing changes, nobody is told twice
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(organiser.auth).expect(200)).body.status).toBe('published');
      expect(await notificationsOf('meeting_schedule_published', [np.A.organisationId])).toHaveLength(1);
    });

    it("gives each participant its agenda as JSON, iCalendar and printable HTML; members read only their own", async () => {
      const a = (await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(np.A.auth).expect(200)).body;
      expect(a.organisation).toEqual({ id: np.A.organisationId, name: names.A });
      expect(a.event).toMatchObject({ id: m.id, scheduleVersion: 1 });
      const mine = v1.meetings.filter((x) => x.nonprofit.id === np.A.organisationId).sort((p, q) => p.slot - q.slot);
      expect(a.items.map((i: { slot: number; table: number; partner: { name: string } }) => [i.slot, i.table, i.partner.name])).toEqual(mine.map((x) => [x.slot, x.table, x.company.name]));
      // slot 0 begins at 17:15 Berlin time (16:15 UTC), 15 minutes each
      for (const i of a.items) {
        expect(i.startsAt).toBe(new Date(Date.parse('2031-03-12T16:15:00Z') + i.slot * 15 * 60_000).toISOString());
        expect(i.time).toBe(['17:15', '17:30', '17:45'][i.slot]);
      }
      // the company side sees the nonprofit as its partner
      const x = (await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(co.X.auth).expect(200)).body;
      expect(x.items.map((i: { partner: { name: string } }) => i.partner.name).sort()).toEqual([names.A, names.B].sort());

      const ics = await t.http.get(`/v1/marketplaces/${m.id}/agenda?format=ics`).set(np.A.auth).expect(200);
      expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
      expect(ics.headers['content-disposition']).toBe(`attachment; filename="agenda-${m.id}-v1.ics"`);
      const events = new ICAL.Component(ICAL.parse(ics.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events).toHaveLength(1 + mine.length);
      expect(events.map((e) => e.uid)).toContain(`meeting-${m.id}-${mine[0].requestId}@marktplatz.example`);
      expect(events.every((e) => e.sequence === 1)).toBe(true);
      // content negotiation picks the same formats
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(np.A.auth).set('Accept', 'text/calendar').expect(200)).headers['content-type']).toMatch(/^text\/calendar/);

      const html = await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(np.A.auth).set('Accept', 'text/html').expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.headers['content-security-policy']).toContain("default-src 'none'");
      expect(html.text).toContain('Ihre Gespräche');
      expect(html.text).toContain(names.X.replace('&', '&amp;'));
      expect(html.text).not.toContain(names.X);

      // organisers read anyone's; members only their own; a non-participant has none
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda?organisationId=${np.A.organisationId}`).set(organiser.auth).expect(200)).body.items).toHaveLength(mine.length);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda?organisationId=${np.A.organisationId}`).set(np.B.auth).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.get(`/v1/marketplaces/${m.id}/agenda?organisationId=${np.A.organisationId}`).set(otherOrganiser.auth).expect(403);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(outsider.auth).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
      // an admin belongs to no organisation: it must name one
      const admin = await makeAdmin(t.ds, t.http);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(admin.auth).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'organisationId' })]);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda?organisationId=${co.X.organisationId}`).set(admin.auth).expect(200)).body.organisation.id).toBe(co.X.organisationId);
      await t.http.get(`/v1/marketplaces/${m.id}/agenda`).expect(401);
      await t.http.get(`/v1/marketplaces/${m.id}/agenda?format=pdf`).set(np.A.auth).expect(400);
    });

    it('gives organisers the table plan as JSON and HTML; nobody else', async () => {
      const plan = (await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(organiser.auth).expect(200)).body;
      expect(plan).toMatchObject({ marketplaceId: m.id, version: 1, status: 'published', tables: 2 });
      expect(plan.slots.map((s: { slot: number; time: string }) => [s.slot, s.time])).toEqual([[0, '17:15'], [1, '17:30'], [2, '17:45']]);
      expect(plan.slots.flatMap((s: { meetings: unknown[] }) => s.meetings)).toHaveLength(6);
      const html = await t.http.get(`/v1/marketplaces/${m.id}/table-plan?format=html`).set(organiser.auth).expect(200);
      expect(html.text).toContain('Tischplan');
      expect(html.text).toContain('Runde 3: 17:45–18:00 Uhr');
      await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(np.A.auth).expect(403);
      // a broker of the event reads the table plan on the day, nothing of the schedules' making
      await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(outsider.auth).expect(403);
      await t.http.put(`/v1/marketplaces/${m.id}/brokers/${outsider.userId}`).set(organiser.auth).expect(201);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(outsider.auth).expect(200)).body.version).toBe(1);
      await t.http.get(`/v1/marketplaces/${m.id}/schedules`).set(outsider.auth).expect(403);
      await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(outsider.auth).expect(403);
      await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).set(otherOrganiser.auth).expect(403);
      await t.http.get(`/v1/marketplaces/${m.id}/schedules`).set(np.A.auth).expect(403);
      await t.http.get(`/v1/marketplaces/${m.id}/schedules/1`).set(otherOrganiser.auth).expect(403);
      await t.http.get(`/v1/marketplaces/${m.id}/table-plan`).expect(401);
    });

    it('after a late registration, version 2 keeps announced meetings where it can; publishing it tells only those whose meetings changed', async () => {
      await register(t.ds, m, co.W);
      await agree(m, np.B, co.W, 'must', 'must'); // mutual must-meet: held before anything else
      expect(await schedule(m)).toMatchObject({ version: 2, changed: true, meetingsHeld: 6, slotsUsed: 3 });
      const v2 = await detail(m, 2);
      expect(v2).toMatchObject({ status: 'draft', baseVersion: 1 });
      assertFeasible(v2.meetings, 3, 2);
      expect(v2.meetings.some((x: Meeting) => x.nonprofit.id === np.B.organisationId && x.company.id === co.W.organisationId)).toBe(true);
      const key = (x: Meeting) => `${x.requestId}@${x.slot}/${x.table}`;
      const before = new Map(v1.meetings.map((x) => [x.requestId, key(x)]));
      const kept = v2.meetings.filter((x: Meeting) => before.get(x.requestId) === key(x)).length;
      expect(v2.changes.kept).toBe(kept);
      expect(v2.changes.added.length + kept + v2.changes.moved.length).toBe(6);
      // the published version stays the announced one until v2 is published
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(np.A.auth).expect(200)).body.event.scheduleVersion).toBe(1);

      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/2/publish`).set(organiser.auth).expect(200)).body).toMatchObject({ version: 2, status: 'published' });
      const versions = (await t.http.get(`/v1/marketplaces/${m.id}/schedules`).set(organiser.auth).expect(200)).body.items;
      expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
      // who changed: anyone in a meeting that is not in both versions at the same slot and table
      const after = new Set(v2.meetings.map(key));
      const changed = new Set<string>();
      for (const x of [...v1.meetings.filter((y) => !after.has(key(y))), ...v2.meetings.filter((y: Meeting) => before.get(y.requestId) !== key(y))]) {
        changed.add(x.nonprofit.id);
        changed.add(x.company.id);
      }
      const all = [np.A, np.B, np.C, co.X, co.Y, co.Z, co.W].map((x) => x.organisationId);
      expect((await notificationsOf('meeting_schedule_changed', all)).map((n) => n.organisation_id).sort()).toEqual([...changed].sort());
      expect(changed.has(co.W.organisationId)).toBe(true);
      expect((await t.http.get(`/v1/marketplaces/${m.id}/agenda`).set(co.W.auth).expect(200)).body.items).toHaveLength(1);
      // a superseded version cannot be published again
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/1/publish`).set(organiser.auth).expect(409)).body).toMatchObject({ code: 'SCHEDULE_OUTDATED', latestVersion: 2 });
    });

    it('refuses to publish a draft whose inputs changed since it was made', async () => {
      await wish(m, np.A, co.Y, 'declined');
      expect(await schedule(m)).toMatchObject({ version: 3, changed: true });
      await wish(m, np.A, co.Y, 'must'); // back to yes: the inputs of version 2 again, not those of version 3
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/3/publish`).set(organiser.auth).expect(409)).body.code).toBe('SCHEDULE_OUTDATED');
      expect((await t.ds.query(`SELECT status FROM meeting_schedules WHERE marketplace_id = $1 AND version = 2`, [m.id]))[0].status).toBe('published');
    });

    it('publishes only while registration is closed; the job refuses finished events', async () => {
      await t.http.post(`/v1/marketplaces/${m.id}/reopen`).set(organiser.auth).expect(200);
      const v = await schedule(m);
      expect(v).toMatchObject({ changed: true });
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedules/${v.version}/publish`).set(organiser.auth).expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'open' });
      await t.ds.getRepository(Marketplace).update({ id: m.id }, { status: 'finished' });
      expect((await t.http.post(`/v1/marketplaces/${m.id}/schedule`).set(organiser.auth).expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'finished' });
      // a job that was already queued when the event moved on changes nothing
      expect(await t.app.get(SchedulesService).run({ marketplaceId: m.id, runId: randomUUID(), requestedBy: null })).toMatchObject({ changed: false, skipped: 'status' });
    });
  });

  it('respects slots a participant is unavailable for, and reports the gap to the lower bound', async () => {
    // A arrives late (misses slots 0 and 1), X leaves early (misses slot 2): A–X cannot meet at all.
    const m = await makeMarketplace('closed', [np.A, np.B, np.C, co.X, co.Y, co.Z], { slotCount: 3, tables: 3 }, { [np.A.organisationId]: [0, 1], [co.X.organisationId]: [2] });
    await agree(m, np.A, co.X);
    await agree(m, np.A, co.Y);
    await agree(m, np.B, co.X);
    await agree(m, np.C, co.Z);
    await agree(m, np.B, co.Y, 'would', 'would');
    const result = await schedule(m);
    const v = await detail(m, result.version!);
    expect(v.method).toBe('constrained');
    assertFeasible(v.meetings, 3, 3, { [np.A.organisationId]: [0, 1], [co.X.organisationId]: [2] });
    expect(v.unplaced).toEqual([expect.objectContaining({ reason: 'no-common-slot', nonprofit: expect.objectContaining({ id: np.A.organisationId }), company: expect.objectContaining({ id: co.X.organisationId }) })]);
    expect(v.meetingsHeld).toBe(4);
    expect(v.gapToLowerBound).toBe(v.slotsUsed - v.lowerBound);
  });
});
