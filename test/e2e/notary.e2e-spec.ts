import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { agreementBody, makeOrganiser } from '../factories/cooperations';
import { makeAdmin, makeTree, Member, publishedNeed, signup, Tree, uid } from '../factories';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

/** The notary desk (Notartisch) of a running marketplace: agreements recorded by organisers, signed by both sides. */
describe('notary desk (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member;
  let otherOrganiser: Member;
  let admin: Member;
  let np: Member;
  let co: Member;
  let outsider: Member;
  let marketplace: Marketplace;

  const makeMarketplace = async (status: MarketplaceStatus, registered: Member[]) => {
    const m = await newMarketplace(t.ds, tree, status, { quarterIds: [tree.quarter.id, tree.quarter2.id], name: `Marktplatz Bad Cannstatt ${uid()}`, place: 'Kursaal, Königsplatz 1' });
    await register(t.ds, m, registered);
    return m;
  };
  const record = (by: Member | null, marketplaceId: string, body: Record<string, unknown>) => {
    const req = t.http.post(`/v1/marketplaces/${marketplaceId}/notary-agreements`);
    return (by ? req.set(by.auth) : req).send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    co = await signup(t.http, 'company', tree.quarter2.id);
    outsider = await signup(t.http, 'company', tree.quarter.id);
    marketplace = await makeMarketplace('running', [np, co]);
  });
  afterAll(() => t.close());

  it('records an agreement between two participants without a prior match; both sign; the cooperation is agreed and belongs to the marketplace', async () => {
    const need = await publishedNeed(t.http, np);
    const res = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: co.organisationId, needId: need.id, note: 'Tisch 7', agreement: agreementBody() }).expect(201);
    const { cooperationId, agreement } = res.body;
    expect(agreement).toMatchObject({ version: 1, createdByOrganisationId: null });

    const [row] = await t.ds.query(`SELECT status, marketplace_id, district_id, need_id FROM cooperations WHERE id = $1`, [cooperationId]);
    expect(row).toEqual({ status: 'accepted', marketplace_id: marketplace.id, district_id: tree.quarter.id, need_id: need.id });
    const history = await t.ds.query(`SELECT from_status, to_status, action, actor_user_id, actor_organisation_id FROM cooperation_events WHERE cooperation_id = $1 ORDER BY id`, [cooperationId]);
    expect(history).toEqual([
      { from_status: null, to_status: 'proposed', action: 'propose', actor_user_id: organiser.userId, actor_organisation_id: null },
      { from_status: 'proposed', to_status: 'accepted', action: 'accept', actor_user_id: organiser.userId, actor_organisation_id: null },
    ]);
    const asked = await t.ds.query(`SELECT organisation_id FROM notifications WHERE cooperation_id = $1 AND kind = 'agreement_to_sign' ORDER BY organisation_id`, [cooperationId]);
    expect(asked.map((n: { organisation_id: string }) => n.organisation_id).sort()).toEqual([np.organisationId, co.organisationId].sort());

    // Each side signs for itself, with the text it read.
    for (const m of [np, co]) await t.http.post(`/v1/cooperations/${cooperationId}/agreements/1/sign`).set(m.auth).send({ contentHash: agreement.contentHash }).expect(200);
    expect((await t.http.get(`/v1/cooperations/${cooperationId}`).set(np.auth).expect(200)).body.status).toBe('agreed');

    const list = (await t.http.get(`/v1/marketplaces/${marketplace.id}/notary-agreements`).set(organiser.auth).expect(200)).body.items;
    expect(list).toEqual([expect.objectContaining({ cooperationId, nonprofitId: np.organisationId, companyId: co.organisationId, status: 'agreed', signed: true, estimatedHours: 40 })]);
  });

  it('refuses a second open cooperation for the same pair and need (409 PROPOSAL_EXISTS), naming the first', async () => {
    const need = await publishedNeed(t.http, np);
    const first = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: co.organisationId, needId: need.id, agreement: agreementBody() }).expect(201);
    const again = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: co.organisationId, needId: need.id, agreement: agreementBody() }).expect(409);
    expect(again.body).toMatchObject({ code: 'PROPOSAL_EXISTS', cooperationId: first.body.cooperationId });
  });

  it('checks the parties: registered here, of the right kind; the need must be the nonprofit\'s', async () => {
    const notHere = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: outsider.organisationId, agreement: agreementBody() }).expect(400);
    expect(notHere.body.errors).toEqual([expect.objectContaining({ field: 'companyId', reason: 'notRegistered' })]);
    const swapped = await record(organiser, marketplace.id, { nonprofitId: co.organisationId, companyId: np.organisationId, agreement: agreementBody() }).expect(400);
    expect(swapped.body.errors.map((e: { reason: string }) => e.reason)).toEqual(['wrongKind', 'wrongKind']);
    const othersNeed = await publishedNeed(t.http, await signup(t.http, 'nonprofit', tree.quarter.id));
    const wrongNeed = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: co.organisationId, needId: othersNeed.id, agreement: agreementBody() }).expect(400);
    expect(wrongNeed.body.errors).toEqual([expect.objectContaining({ field: 'needId' })]);
    // the cooperation must be about something: a need, an offer or both
    const noSubject = await record(organiser, marketplace.id, { nonprofitId: np.organisationId, companyId: co.organisationId, agreement: agreementBody() }).expect(400);
    expect(noSubject.body.errors).toEqual([expect.objectContaining({ field: 'needId', reason: 'subjectRequired' })]);
  });

  it('keeps the agreement rules: a Gegenleistung is required and money is refused', async () => {
    const base = { nonprofitId: np.organisationId, companyId: co.organisationId };
    const noGiveBack = { ...agreementBody() } as Record<string, unknown>;
    delete noGiveBack.giveBack;
    expect((await record(organiser, marketplace.id, { ...base, agreement: noGiveBack }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const money = agreementBody({ contribution: { category: 'goods', quantity: 1, unit: 'items', description: 'Eine Spende von 500 Euro für die Kasse' } });
    expect((await record(organiser, marketplace.id, { ...base, agreement: money }).expect(422)).body.code).toBe('MONEY_NOT_ALLOWED');
  });

  it('is open only while the marketplace runs', async () => {
    const closed = await makeMarketplace('scheduled', [np, co]);
    const res = await record(organiser, closed.id, { nonprofitId: np.organisationId, companyId: co.organisationId, agreement: agreementBody() }).expect(409);
    expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'scheduled', allowedStatuses: ['running'] });
  });

  it('is kept by the marketplace\'s organisers and admins only', async () => {
    const body = { nonprofitId: np.organisationId, companyId: co.organisationId, agreement: agreementBody() };
    expect((await record(otherOrganiser, marketplace.id, body).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await record(np, marketplace.id, body).expect(403)).body.code).toBe('FORBIDDEN');
    await record(null, marketplace.id, body).expect(401);
    expect((await record(organiser, randomUUID(), body).expect(404)).body.code).toBe('MARKETPLACE_NOT_FOUND');
    await t.http.get(`/v1/marketplaces/${marketplace.id}/notary-agreements`).set(co.auth).expect(403);
    await t.http.get(`/v1/marketplaces/${marketplace.id}/notary-agreements`).set(admin.auth).expect(200);
    await t.http.get(`/v1/marketplaces/not-a-uuid/notary-agreements`).set(admin.auth).expect(400);
  });
});
