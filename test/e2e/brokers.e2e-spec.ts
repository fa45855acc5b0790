import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { agreementBody, makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, makeUser, Member, publishedNeed, signup, Tree } from '../factories';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

/** Brokers (Makler) of a marketplace: appointed by its organisers; notary desk, check-in and registrations of that marketplace only. */
describe('marketplace brokers (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member;
  let otherOrganiser: Member;
  let admin: Member;
  let np: Member;
  let co: Member;
  let co2: Member;
  let broker: Member; // a member of an organisation elsewhere in the city
  let volunteer: Member; // a user without an organisation
  let marketplace: Marketplace;
  let elsewhere: Marketplace; // same borough, the broker is not appointed there
  const needs = new Map<string, string>();

  const makeMarketplace = async (status: MarketplaceStatus, registered: Member[]) => {
    const m = await newMarketplace(t.ds, tree, status);
    await register(t.ds, m, registered);
    return m;
  };
  const appoint = (by: Member | null, m: Marketplace, user: Member | string) => {
    const req = t.http.put(`/v1/marketplaces/${m.id}/brokers/${typeof user === 'string' ? user : user.userId}`);
    return by ? req.set(by.auth) : req;
  };
  const remove = (by: Member | null, m: Marketplace, user: Member) => {
    const req = t.http.delete(`/v1/marketplaces/${m.id}/brokers/${user.userId}`);
    return by ? req.set(by.auth) : req;
  };
  const brokerRows = async (m: Marketplace) =>
    (await t.ds.query(`SELECT user_id, appointed_by_user_id, appointed_at FROM marketplace_brokers WHERE marketplace_id = $1 ORDER BY appointed_at, id`, [m.id])) as Array<{
      user_id: string;
      appointed_by_user_id: string | null;
      appointed_at: Date;
    }>;
  const record = (by: Member, m: Marketplace, nonprofit: Member, company: Member) =>
    t.http
      .post(`/v1/marketplaces/${m.id}/notary-agreements`)
      .set(by.auth)
      .send({ nonprofitId: nonprofit.organisationId, companyId: company.organisationId, needId: needs.get(nonprofit.organisationId), agreement: agreementBody() });
  const checkIn = (by: Member, m: Marketplace, who: Member) => t.http.post(`/v1/marketplaces/${m.id}/registrations/${who.organisationId}/check-in`).set(by.auth);
  const checkedIn = async (m: Marketplace, who: Member) =>
    ((await t.ds.query(`SELECT checked_in_at FROM marketplace_registrations WHERE marketplace_id = $1 AND organisation_id = $2`, [m.id, who.organisationId])) as Array<{ checked_in_at: Date | null }>)[0]
      .checked_in_at;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    needs.set(np.organisationId, (await publishedNeed(t.http, np)).id);
    co = await signup(t.http, 'company', tree.quarter.id);
    co2 = await signup(t.http, 'company', tree.quarter.id);
    broker = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
    volunteer = await makeUser(t.ds, t.http);
    marketplace = await makeMarketplace('running', [np, co, co2]);
    elsewhere = await makeMarketplace('running', [np, co, co2]);
  });
  afterAll(() => t.close());

  it('organisers appoint a user idempotently (201, then 200 unchanged) and list the brokers with who appointed them and when', async () => {
    expect((await checkIn(broker, marketplace, np).expect(403)).body.code).toBe('FORBIDDEN'); // not yet a broker
    const first = (await appoint(organiser, marketplace, broker).expect(201)).body;
    expect(first).toMatchObject({
      marketplaceId: marketplace.id,
      userId: broker.userId,
      displayName: 'Anna Schneider',
      organisationId: broker.organisationId,
      organisationName: expect.stringContaining('Nachbarschaftshilfe'),
      appointedBy: { id: organiser.userId, displayName: 'Anna Schneider' },
      appointedAt: expect.any(String),
    });
    const again = (await appoint(admin, marketplace, broker).expect(200)).body;
    expect(again).toEqual(first); // still appointed by the organiser, at the same time
    const rows = await brokerRows(marketplace);
    expect(rows).toEqual([{ user_id: broker.userId, appointed_by_user_id: organiser.userId, appointed_at: expect.any(Date) }]);
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/brokers`).set(organiser.auth).expect(200)).body.items).toEqual([first]);
    // the user must exist
    expect((await appoint(organiser, marketplace, randomUUID()).expect(404)).body.code).toBe('USER_NOT_FOUND');
    await appoint(organiser, marketplace, 'not-a-uuid').expect(400);
  });

  it('a broker keeps the notary desk, checks participants in and reads the registrations of that marketplace', async () => {
    const recorded = (await record(broker, marketplace, np, co).expect(201)).body;
    const history = await t.ds.query(`SELECT action, actor_user_id, actor_organisation_id FROM cooperation_events WHERE cooperation_id = $1 ORDER BY id`, [recorded.cooperationId]);
    expect(history).toEqual([
      { action: 'propose', actor_user_id: broker.userId, actor_organisation_id: null },
      { action: 'accept', actor_user_id: broker.userId, actor_organisation_id: null },
    ]);
    const desk = (await t.http.get(`/v1/marketplaces/${marketplace.id}/notary-agreements`).set(broker.auth).expect(200)).body.items;
    expect(desk.map((e: { cooperationId: string }) => e.cooperationId)).toContain(recorded.cooperationId);

    expect((await checkIn(broker, marketplace, np).expect(200)).body.checkedInAt).toEqual(expect.any(String));
    expect(await checkedIn(marketplace, np)).toBeInstanceOf(Date);

    const regs = (await t.http.get(`/v1/marketplaces/${marketplace.id}/registrations`).set(broker.auth).expect(200)).body.items;
    expect(regs.map((r: { organisationId: string }) => r.organisationId).sort()).toEqual([np, co, co2].map((m) => m.organisationId).sort());
    expect(regs.every((r: { noShows: number | null }) => r.noShows === null)).toBe(true); // earlier no-shows are for organisers
    const asOrganiser = (await t.http.get(`/v1/marketplaces/${marketplace.id}/registrations`).set(organiser.auth).expect(200)).body.items;
    expect(asOrganiser.every((r: { noShows: number | null }) => r.noShows === 0)).toBe(true);
  });

  it('a user without an organisation can be a broker', async () => {
    await appoint(organiser, marketplace, volunteer).expect(201);
    expect((await checkIn(volunteer, marketplace, co).expect(200)).body.checkedInAt).toEqual(expect.any(String));
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/registrations`).set(volunteer.auth).expect(200)).body.items).toHaveLength(3);
    // elsewhere the same user has no business with registrations at all
    expect((await t.http.get(`/v1/marketplaces/${elsewhere.id}/registrations`).set(volunteer.auth).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('the same broker is refused at another marketplace, and nothing changes there', async () => {
    expect((await record(broker, elsewhere, np, co2).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get(`/v1/marketplaces/${elsewhere.id}/notary-agreements`).set(broker.auth).expect(403);
    expect((await checkIn(broker, elsewhere, co2).expect(403)).body.code).toBe('FORBIDDEN');
    expect(await checkedIn(elsewhere, co2)).toBeNull();
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM cooperations WHERE marketplace_id = $1`, [elsewhere.id]);
    expect(n).toBe(0);
    // as a member of an organisation that is not registered there, the broker sees no registrations
    expect((await t.http.get(`/v1/marketplaces/${elsewhere.id}/registrations`).set(broker.auth).expect(200)).body.items).toEqual([]);
  });

  it('a broker does not run the event: no lifecycle actions, edits, appointments or broker list', async () => {
    const before = await t.ds.getRepository(Marketplace).findOneByOrFail({ id: marketplace.id });
    for (const action of ['finish', 'cancel']) {
      expect((await t.http.post(`/v1/marketplaces/${marketplace.id}/${action}`).set(broker.auth).expect(403)).body.code).toBe('FORBIDDEN');
    }
    expect((await t.http.patch(`/v1/marketplaces/${marketplace.id}`).set(broker.auth).send({ name: 'Umbenannt' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await appoint(broker, marketplace, co).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await remove(broker, marketplace, volunteer).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get(`/v1/marketplaces/${marketplace.id}/brokers`).set(broker.auth).expect(403);
    const after = await t.ds.getRepository(Marketplace).findOneByOrFail({ id: marketplace.id });
    expect({ status: after.status, name: after.name, version: after.version }).toEqual({ status: before.status, name: before.name, version: before.version });
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}`).set(broker.auth).expect(200)).body.allowedActions).toEqual([]);
    expect((await brokerRows(marketplace)).map((r) => r.user_id)).toEqual([broker.userId, volunteer.userId]);
  });

  it('members of other organisations, organisers of another district and anonymous callers cannot appoint, remove or list brokers', async () => {
    const before = await brokerRows(marketplace);
    for (const who of [np, otherOrganiser]) {
      expect((await appoint(who, marketplace, co2).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await remove(who, marketplace, broker).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/brokers`).set(who.auth).expect(403)).body.code).toBe('FORBIDDEN');
      // nor do they get the broker's powers
      expect((await checkIn(who, marketplace, co2).expect(403)).body.code).toBe('FORBIDDEN');
    }
    await appoint(null, marketplace, co2).expect(401);
    await remove(null, marketplace, broker).expect(401);
    await t.http.get(`/v1/marketplaces/${marketplace.id}/brokers`).expect(401);
    expect(await brokerRows(marketplace)).toEqual(before);
    expect(await checkedIn(marketplace, co2)).toBeNull();
    // an unknown marketplace; a draft is not shown to those who do not run it
    expect((await appoint(organiser, { id: randomUUID() } as Marketplace, co2).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    const draft = await makeMarketplace('draft', []);
    expect((await appoint(otherOrganiser, draft, co2).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    await appoint(organiser, draft, co2).expect(201);
  });

  it('removing a broker ends their access at once; removing again answers 204 as well', async () => {
    await remove(organiser, marketplace, broker).expect(204);
    await remove(organiser, marketplace, broker).expect(204);
    expect((await brokerRows(marketplace)).map((r) => r.user_id)).toEqual([volunteer.userId]);
    expect((await checkIn(broker, marketplace, co2).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await record(broker, marketplace, np, co2).expect(403)).body.code).toBe('FORBIDDEN');
    expect(await checkedIn(marketplace, co2)).toBeNull();
  });

  it('brokers are appointed until the marketplace is over', async () => {
    const finished = await makeMarketplace('finished', [np]);
    const res = await appoint(organiser, finished, broker).expect(409);
    expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'finished' });
    expect(await brokerRows(finished)).toEqual([]);
    await remove(organiser, finished, broker).expect(204);
  });
});
