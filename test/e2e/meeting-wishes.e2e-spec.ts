import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { meetingState } from '../../src/modules/marketplaces/meeting-wishes.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeOrganiser } from '../factories/cooperations';
import { makeTree, Member, signup, Tree } from '../factories';
import { makeMarketplace as newMarketplace, register } from '../factories/marketplaces';

/** Wishes for pre-arranged 1:1 meetings at a marketplace. */
describe('meeting wishes (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: Tree;
  let organiser: Member;
  let otherOrganiser: Member;
  let tafel: Member;
  let jugendhaus: Member;
  let baeckerei: Member;
  let notRegistered: Member;
  let marketplace: Marketplace;

  const makeMarketplace = async (status: MarketplaceStatus, registered: Member[]) => {
    const m = await newMarketplace(t.ds, tree, status);
    await register(t.ds, m, registered);
    return m;
  };
  const wish = (by: Member | null, partner: Member, value: string, m = marketplace) => {
    const req = t.http.put(`/v1/marketplaces/${m.id}/meeting-wishes/${partner.organisationId}`);
    return (by ? req.set(by.auth) : req).send({ wish: value });
  };

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    otherOrganiser = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
    tafel = await signup(t.http, 'nonprofit', tree.quarter.id);
    jugendhaus = await signup(t.http, 'nonprofit', tree.quarter.id);
    baeckerei = await signup(t.http, 'company', tree.quarter.id);
    notRegistered = await signup(t.http, 'company', tree.quarter.id);
    marketplace = await makeMarketplace('open', [tafel, jugendhaus, baeckerei]);
  });
  afterAll(() => t.close());

  it.each([
    [null, null, 'waiting-for-you'],
    ['must', null, 'waiting-for-them'],
    [null, 'would', 'waiting-for-you'],
    ['would', 'accepted', 'agreed'],
    ['must', 'must', 'agreed'],
    ['accepted', 'declined', 'declined'],
    ['declined', 'must', 'declined'],
  ] as const)('state for mine=%s, theirs=%s: %s', (mine, theirs, state) => {
    expect(meetingState(mine, theirs)).toBe(state);
  });

  it('one side asks (must), the other accepts: agreed for both; the wish is idempotent', async () => {
    const asked = (await wish(tafel, baeckerei, 'must').expect(200)).body;
    expect(asked).toMatchObject({ nonprofitId: tafel.organisationId, companyId: baeckerei.organisationId, nonprofitWish: 'must', companyWish: null, state: 'waiting-for-them', matchScore: 0 });
    expect((await wish(tafel, baeckerei, 'must').expect(200)).body.id).toBe(asked.id);
    const theirs = (await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).set(baeckerei.auth).expect(200)).body.items;
    expect(theirs).toEqual([expect.objectContaining({ id: asked.id, state: 'waiting-for-you' })]);
    const accepted = (await wish(baeckerei, tafel, 'accepted').expect(200)).body;
    expect(accepted).toMatchObject({ id: asked.id, nonprofitWish: 'must', companyWish: 'accepted', state: 'agreed' });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM meeting_requests WHERE marketplace_id = $1`, [marketplace.id]);
    expect(n).toBe(1);
  });

  it('accepting needs a wish of the other side; declining is always possible', async () => {
    const res = await wish(baeckerei, jugendhaus, 'accepted').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'wish', reason: 'nothingToAccept' })]);
    expect((await wish(baeckerei, jugendhaus, 'declined').expect(200)).body).toMatchObject({ companyWish: 'declined', state: 'declined' });
  });

  it('pairs a nonprofit with a registered company only', async () => {
    expect((await wish(tafel, jugendhaus, 'would').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'partnerOrganisationId', reason: 'sameKind' })]);
    expect((await wish(tafel, notRegistered, 'would').expect(400)).body.errors).toEqual([expect.objectContaining({ reason: 'notRegistered' })]);
    expect((await wish(notRegistered, tafel, 'would').expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.put(`/v1/marketplaces/${marketplace.id}/meeting-wishes/${tafel.organisationId}`).set(baeckerei.auth).send({ wish: 'maybe' }).expect(400);
  });

  it('is taken while the marketplace is open, closed or scheduled', async () => {
    const running = await makeMarketplace('running', [tafel, baeckerei]);
    expect((await wish(tafel, baeckerei, 'would', running).expect(409)).body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'running' });
  });

  describe('notifications', () => {
    const told = async (kind: string, to: Member, m: Marketplace) =>
      ((await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = $1 AND organisation_id = $2 AND params->>'url' = $3`, [
        kind,
        to.organisationId,
        `/v1/marketplaces/${m.id}/meeting-wishes`,
      ])) as Array<{ n: number }>)[0].n;

    it('an ask tells the other side, a yes tells the asker; repeating or changing a wish tells nobody again', async () => {
      const m = await makeMarketplace('open', [tafel, baeckerei]);
      await wish(tafel, baeckerei, 'must', m).expect(200);
      expect(await told('meeting_requested', baeckerei, m)).toBe(1);
      expect(await told('meeting_requested', tafel, m)).toBe(0);
      await wish(tafel, baeckerei, 'must', m).expect(200);
      await wish(tafel, baeckerei, 'would', m).expect(200);
      expect(await told('meeting_requested', baeckerei, m)).toBe(1);
      const [note] = (await t.http.get('/v1/me/notifications').set(baeckerei.auth).expect(200)).body.items;
      expect(note).toMatchObject({ kind: 'meeting_requested', organisationId: baeckerei.organisationId });
      expect(note.subject).toMatch(/^Gesprächswunsch zum Marktplatz „Marktplatz Hallschlag .*“ \/ Meeting request for the marketplace/);
      expect(note.body).toContain(`Zum Vorgang: /v1/marketplaces/${m.id}/meeting-wishes`);

      await wish(baeckerei, tafel, 'accepted', m).expect(200);
      expect(await told('meeting_agreed', tafel, m)).toBe(1);
      expect(await told('meeting_agreed', baeckerei, m)).toBe(0);
      await wish(baeckerei, tafel, 'declined', m).expect(200);
      await wish(baeckerei, tafel, 'accepted', m).expect(200);
      await wish(baeckerei, tafel, 'must', m).expect(200);
      expect(await told('meeting_agreed', tafel, m)).toBe(1);
      expect(await told('meeting_requested', tafel, m)).toBe(0); // the Tafel had asked already
    });

    it('answering an ask with an ask of one\'s own is a yes; a decline tells nobody', async () => {
      const m = await makeMarketplace('open', [tafel, jugendhaus, baeckerei]);
      await wish(baeckerei, tafel, 'would', m).expect(200);
      await wish(tafel, baeckerei, 'must', m).expect(200);
      expect(await told('meeting_requested', tafel, m)).toBe(1);
      expect(await told('meeting_agreed', baeckerei, m)).toBe(1);
      expect(await told('meeting_requested', baeckerei, m)).toBe(0);

      await wish(baeckerei, jugendhaus, 'must', m).expect(200);
      expect(await told('meeting_requested', jugendhaus, m)).toBe(1);
      await wish(jugendhaus, baeckerei, 'declined', m).expect(200);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE organisation_id = $1 AND params->>'url' = $2`, [
        baeckerei.organisationId,
        `/v1/marketplaces/${m.id}/meeting-wishes`,
      ]);
      expect(n).toBe(1); // only the Tafel's yes
      // asking a side that declined does not ask it again
      await wish(baeckerei, jugendhaus, 'would', m).expect(200);
      expect(await told('meeting_requested', jugendhaus, m)).toBe(1);
    });

    it('a refused wish tells nobody', async () => {
      const m = await makeMarketplace('open', [tafel, baeckerei]);
      await wish(notRegistered, tafel, 'must', m).expect(403);
      await wish(baeckerei, tafel, 'accepted', m).expect(400);
      expect(await told('meeting_requested', tafel, m)).toBe(0);
      expect(await told('meeting_agreed', tafel, m)).toBe(0);
    });
  });

  it('shows members their own wishes, organisers all of them; others see nothing or are refused', async () => {
    const own = (await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).set(jugendhaus.auth).expect(200)).body.items;
    expect(own.every((w: { nonprofitId: string; companyId: string }) => w.nonprofitId === jugendhaus.organisationId || w.companyId === jugendhaus.organisationId)).toBe(true);
    const all = (await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).set(organiser.auth).expect(200)).body.items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.every((w: { state: unknown }) => w.state === null)).toBe(true);
    // an organiser of another borough sees only what involves its own organisation: nothing here
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).set(otherOrganiser.auth).expect(200)).body.items).toEqual([]);
    expect((await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).set(notRegistered.auth).expect(200)).body.items).toEqual([]);
    await t.http.get(`/v1/marketplaces/${marketplace.id}/meeting-wishes`).expect(401);
    await wish(null, baeckerei, 'would').expect(401);
    expect((await wish(organiser, baeckerei, 'would').expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get(`/v1/marketplaces/${randomUUID()}/meeting-wishes`).set(organiser.auth).expect(404);
  });
});
