import { TrustService } from '../../src/modules/trust/trust.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, publishedNeed, publishedOffer, signup, Tree } from '../factories';

const UNKNOWN = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';
const UNVERIFIED = { verified: false, verifiedAt: null, basis: null };

interface Badge {
  verified: boolean;
  verifiedAt: string | null;
  basis: string | null;
}
interface MatchItem {
  id: string;
  need: { id: string; organisation: { id: string; verification: Badge } };
  offer: { id: string; organisation: { id: string; verification: Badge } };
}

describe('trust: verification of organisations (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Member;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t.ds, t.http);
  });
  afterAll(() => t.close());

  const makeOrganiser = async (districtIds: string[], home: string) => {
    const m = await signup(t.http, 'nonprofit', home);
    await t.http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
    return m;
  };
  const verify = (m: Member | null, orgId: string, body: Record<string, unknown>) => {
    const req = t.http.put(`/v1/organisations/${orgId}/verification`);
    return (m ? req.set(m.auth) : req).send(body);
  };
  const revoke = (m: Member | null, orgId: string, body: Record<string, unknown>) => {
    const req = t.http.delete(`/v1/organisations/${orgId}/verification`);
    return (m ? req.set(m.auth) : req).send(body);
  };
  const history = (m: Member | null, orgId: string) => {
    const req = t.http.get(`/v1/organisations/${orgId}/verification/history`);
    return m ? req.set(m.auth) : req;
  };
  const badgeOf = async (orgId: string) => (await t.http.get(`/v1/organisations/${orgId}`).expect(200)).body.verification as Badge;
  const historyRows = async (orgId: string) =>
    (await t.ds.query(`SELECT action::text, basis, note, by_user_id FROM organisation_verifications WHERE organisation_id = $1 ORDER BY at, id`, [orgId])) as Array<{
      action: string;
      basis: string | null;
      note: string | null;
      by_user_id: string | null;
    }>;

  describe('PUT, DELETE and the history', () => {
    let tree: Tree;
    let np: Member;
    let company: Member;
    let boroughOrganiser: Member;
    let otherOrganiser: Member;

    beforeAll(async () => {
      tree = await makeTree(t.ds);
      np = await signup(t.http, 'nonprofit', tree.quarter.id);
      company = await signup(t.http, 'company', tree.quarter2.id);
      // organiser of the borough above both Quartiere; another of a different borough
      boroughOrganiser = await makeOrganiser([tree.borough.id], tree.otherQuarter.id);
      otherOrganiser = await makeOrganiser([tree.otherBorough.id], tree.quarter.id);
    });

    it('shows an unverified badge by default, on the profile and in /me', async () => {
      expect(await badgeOf(np.organisationId)).toEqual(UNVERIFIED);
      const me = await t.http.get('/v1/me').set(np.auth).expect(200);
      expect(me.body.organisation.verification).toEqual(UNVERIFIED);
    });

    it('lets an organiser of an ancestor district verify a nonprofit on its charitable status, recorded with who and when', async () => {
      const before = Date.now();
      const res = await verify(boroughOrganiser, np.organisationId, { basis: 'charitable_status', note: 'Freistellungsbescheid vom 12.03.2026 eingesehen.' }).expect(200);
      expect(res.body).toMatchObject({
        verified: true,
        basis: 'charitable_status',
        note: 'Freistellungsbescheid vom 12.03.2026 eingesehen.',
        verifiedBy: { id: boroughOrganiser.userId, displayName: 'Anna Schneider' },
      });
      expect(new Date(res.body.verifiedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

      // the public badge: whether, when, on what basis; never who
      const badge = await badgeOf(np.organisationId);
      expect(badge).toEqual({ verified: true, verifiedAt: res.body.verifiedAt, basis: 'charitable_status' });
      expect(badge).not.toHaveProperty('verifiedBy');

      // column and history row written together
      const [row] = await t.ds.query(`SELECT verified_by, verification_basis FROM organisations WHERE id = $1`, [np.organisationId]);
      expect(row).toEqual({ verified_by: boroughOrganiser.userId, verification_basis: 'charitable_status' });
      expect(await historyRows(np.organisationId)).toEqual([
        { action: 'verified', basis: 'charitable_status', note: 'Freistellungsbescheid vom 12.03.2026 eingesehen.', by_user_id: boroughOrganiser.userId },
      ]);
      expect(await t.app.get(TrustService).isVerified(np.organisationId)).toBe(true);
      expect(await t.app.get(TrustService).isVerified(company.organisationId)).toBe(false);
    });

    it('is idempotent: the same basis and note again change nothing; another note re-verifies', async () => {
      const first = await badgeOf(np.organisationId);
      const again = await verify(boroughOrganiser, np.organisationId, { basis: 'charitable_status', note: 'Freistellungsbescheid vom 12.03.2026 eingesehen.' }).expect(200);
      expect(again.body.verifiedAt).toBe(first.verifiedAt);
      expect(await historyRows(np.organisationId)).toHaveLength(1);

      const changed = await verify(admin, np.organisationId, { basis: 'charitable_status', note: 'Neuer Bescheid 2027.' }).expect(200);
      expect(changed.body).toMatchObject({ verified: true, note: 'Neuer Bescheid 2027.', verifiedBy: { id: admin.userId } });
      expect(new Date(changed.body.verifiedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.verifiedAt!).getTime());
      expect(await historyRows(np.organisationId)).toHaveLength(2);
    });

    it('validates the basis against the kind of organisation, and the body', async () => {
      const wrong = await verify(boroughOrganiser, np.organisationId, { basis: 'commercial_register' }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'basis', reason: 'notForKind' }] });
      const companyWrong = await verify(boroughOrganiser, company.organisationId, { basis: 'charitable_status' }).expect(400);
      expect(companyWrong.body.errors[0]).toMatchObject({ field: 'basis', reason: 'notForKind' });
      expect((await verify(boroughOrganiser, company.organisationId, {}).expect(400)).body.errors[0].field).toBe('basis');
      expect((await verify(boroughOrganiser, company.organisationId, { basis: 'gut_feeling' }).expect(400)).body.errors[0].field).toBe('basis');
      expect((await verify(boroughOrganiser, company.organisationId, { basis: 'trade_register', note: 'x'.repeat(1001) }).expect(400)).body.errors[0].field).toBe('note');
      expect((await verify(boroughOrganiser, 'nope', { basis: 'trade_register' }).expect(400)).body.errors[0]).toMatchObject({ field: 'id', reason: 'isUuid' });
      expect(await badgeOf(company.organisationId)).toEqual(UNVERIFIED);
      expect(await historyRows(company.organisationId)).toEqual([]);
    });

    it('verifies a company on its Handelsregister or Gewerbeanmeldung', async () => {
      await verify(boroughOrganiser, company.organisationId, { basis: 'commercial_register', note: 'HRB 12345, Amtsgericht Stuttgart' }).expect(200);
      expect((await badgeOf(company.organisationId)).basis).toBe('commercial_register');
      const res = await verify(boroughOrganiser, company.organisationId, { basis: 'trade_register' }).expect(200);
      expect(res.body).toMatchObject({ verified: true, basis: 'trade_register', note: null });
    });

    it('refuses everybody else: anonymous 401, members of another organisation, organisers of another district, unknown organisation 404', async () => {
      const target = await signup(t.http, 'nonprofit', tree.quarter.id);
      expect((await verify(null, target.organisationId, { basis: 'charitable_status' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await verify(company, target.organisationId, { basis: 'charitable_status' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await verify(np, target.organisationId, { basis: 'charitable_status' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await verify(otherOrganiser, target.organisationId, { basis: 'charitable_status' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await verify(boroughOrganiser, UNKNOWN, { basis: 'charitable_status' }).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      expect((await revoke(null, target.organisationId, { reason: 'Test' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await revoke(company, target.organisationId, { reason: 'Test' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await revoke(otherOrganiser, target.organisationId, { reason: 'Test' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await revoke(boroughOrganiser, UNKNOWN, { reason: 'Test' }).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      expect(await badgeOf(target.organisationId)).toEqual(UNVERIFIED);
      expect(await historyRows(target.organisationId)).toEqual([]);
    });

    it('never lets members verify their own organisation, even when they organise its district; admins may', async () => {
      const own = await signup(t.http, 'nonprofit', tree.quarter.id);
      await t.http.put(`/v1/users/${own.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [tree.quarter.id] }).expect(200);
      const res = await verify(own, own.organisationId, { basis: 'charitable_status' }).expect(403);
      expect(res.body.code).toBe('SELF_VERIFICATION');
      expect(await badgeOf(own.organisationId)).toEqual(UNVERIFIED);
      // the same organiser verifies other organisations of the Quartier
      const neighbour = await signup(t.http, 'company', tree.quarter.id);
      await verify(own, neighbour.organisationId, { basis: 'trade_register', note: 'Gewerbeanmeldung 2024' }).expect(200);
      await verify(admin, own.organisationId, { basis: 'charitable_status' }).expect(200);
      expect((await revoke(own, own.organisationId, { reason: 'Ich selbst' }).expect(403)).body.code).toBe('SELF_VERIFICATION');
    });

    it('revokes with a reason, recorded in the history; revoking again changes nothing', async () => {
      const target = await signup(t.http, 'company', tree.quarter.id);
      await verify(boroughOrganiser, target.organisationId, { basis: 'commercial_register' }).expect(200);
      expect((await revoke(boroughOrganiser, target.organisationId, {}).expect(400)).body.errors[0].field).toBe('reason');
      await t.http.delete(`/v1/organisations/${target.organisationId}/verification`).set(boroughOrganiser.auth).expect(400);
      await revoke(boroughOrganiser, target.organisationId, { reason: 'Unternehmen aufgelöst' }).expect(204);
      expect(await badgeOf(target.organisationId)).toEqual(UNVERIFIED);
      const [row] = await t.ds.query(`SELECT verified_by, verification_note FROM organisations WHERE id = $1`, [target.organisationId]);
      expect(row).toEqual({ verified_by: null, verification_note: null });
      await revoke(boroughOrganiser, target.organisationId, { reason: 'noch einmal' }).expect(204);
      expect(await historyRows(target.organisationId)).toEqual([
        { action: 'verified', basis: 'commercial_register', note: null, by_user_id: boroughOrganiser.userId },
        { action: 'revoked', basis: 'commercial_register', note: 'Unternehmen aufgelöst', by_user_id: boroughOrganiser.userId },
      ]);

      const h = await history(target, target.organisationId).expect(200);
      expect(h.body.current).toEqual({ ...UNVERIFIED, note: null, verifiedBy: null });
      expect(h.body.items.map((i: { action: string }) => i.action)).toEqual(['revoked', 'verified']);
      expect(h.body.items[0]).toMatchObject({ basis: 'commercial_register', note: 'Unternehmen aufgelöst', by: { id: boroughOrganiser.userId, displayName: 'Anna Schneider' } });
    });

    it('shows the history to the organisation\'s members, the district\'s organisers and admins only', async () => {
      for (const m of [np, boroughOrganiser, admin]) {
        const res = await history(m, np.organisationId).expect(200);
        expect(res.body.current).toMatchObject({ verified: true, basis: 'charitable_status', note: 'Neuer Bescheid 2027.', verifiedBy: { id: admin.userId } });
        expect(res.body.items).toHaveLength(2);
        expect(res.body.items[0]).toMatchObject({ action: 'verified', note: 'Neuer Bescheid 2027.', by: { id: admin.userId, displayName: 'Admin' } });
      }
      expect((await history(null, np.organisationId).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await history(company, np.organisationId).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await history(otherOrganiser, np.organisationId).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await history(admin, UNKNOWN).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
    });
  });

  describe('notification of the members', () => {
    it('tells the organisation\'s members once when the badge appears (German first), not when only the note changes; again after a revocation', async () => {
      const tree = await makeTree(t.ds);
      const organiser = await makeOrganiser([tree.quarter.id], tree.otherQuarter.id);
      const np = await signup(t.http, 'nonprofit', tree.quarter.id);
      const mine = async () =>
        ((await t.http.get('/v1/me/notifications').set(np.auth).expect(200)).body.items as Array<{ kind: string; subject: string; body: string; organisationId: string }>).filter(
          (n) => n.kind === 'organisation_verified',
        );
      expect(await mine()).toEqual([]);
      await verify(organiser, np.organisationId, { basis: 'charitable_status' }).expect(200);
      const [first] = await mine();
      expect(first).toMatchObject({ organisationId: np.organisationId, subject: expect.stringMatching(/^Ihre Organisation ist verifiziert/) });
      expect(first.body).toContain(np.organisationId);
      expect(first.body).toContain('verifiziert');
      expect(first.body).toContain('verified');
      await verify(organiser, np.organisationId, { basis: 'charitable_status', note: 'nur eine Notiz' }).expect(200);
      expect(await mine()).toHaveLength(1);
      // the organiser, a member of another organisation, hears nothing
      expect(((await t.http.get('/v1/me/notifications').set(organiser.auth).expect(200)).body.items as unknown[]).length).toBe(0);
      await revoke(organiser, np.organisationId, { reason: 'Bescheid abgelaufen' }).expect(204);
      await verify(organiser, np.organisationId, { basis: 'charitable_status' }).expect(200);
      expect(await mine()).toHaveLength(2);
    });
  });

  describe('the badge wherever the organisation appears, and the filters', () => {
    let tree: Tree;
    let organiser: Member;
    let np: Member;
    let verifiedCo: Member;
    let plainCo: Member;
    let need: { id: string };
    let verifiedOffer: { id: string };
    let plainOffer: { id: string };

    const needMatches = async (m: Member, query = '') => (await t.http.get(`/v1/needs/${need.id}/matches?limit=100${query}`).set(m.auth).expect(200)).body.items as MatchItem[];

    beforeAll(async () => {
      tree = await makeTree(t.ds);
      organiser = await makeOrganiser([tree.city.id], tree.otherQuarter.id);
      np = await signup(t.http, 'nonprofit', tree.quarter.id, { lat: 48.8135, lon: 9.2105 });
      verifiedCo = await signup(t.http, 'company', tree.quarter.id, { lat: 48.812, lon: 9.209 });
      plainCo = await signup(t.http, 'company', tree.quarter.id, { lat: 48.811, lon: 9.208 });
      need = await publishedNeed(t.http, np);
      verifiedOffer = await publishedOffer(t.http, verifiedCo);
      plainOffer = await publishedOffer(t.http, plainCo, { title: 'Azubis helfen beim Umzug' });
      await verify(organiser, verifiedCo.organisationId, { basis: 'commercial_register' }).expect(200);
      await waitFor(async () => {
        const ids = (await needMatches(np)).map((m) => m.offer.id);
        return ids.includes(verifiedOffer.id) && ids.includes(plainOffer.id);
      }, 'both offers in the need\'s matches');
    });

    it('shows the badge in needs and offers (one and list)', async () => {
      const offer = await t.http.get(`/v1/offers/${verifiedOffer.id}`).expect(200);
      expect(offer.body.organisation).toMatchObject({ id: verifiedCo.organisationId, verification: { verified: true, basis: 'commercial_register' } });
      expect(typeof offer.body.organisation.verification.verifiedAt).toBe('string');
      const list = await t.http.get('/v1/offers').query({ districtId: tree.quarter.id }).expect(200);
      const byId = new Map(list.body.items.map((o: { id: string; organisation: { verification: Badge } }) => [o.id, o.organisation.verification]));
      expect(byId.get(verifiedOffer.id)).toMatchObject({ verified: true });
      expect(byId.get(plainOffer.id)).toEqual(UNVERIFIED);
      const n = await t.http.get(`/v1/needs/${need.id}`).expect(200);
      expect(n.body.organisation.verification).toEqual(UNVERIFIED);
    });

    it('shows the badge on both sides of a match, with the same date as the profile', async () => {
      const items = await needMatches(np);
      const v = items.find((m) => m.offer.id === verifiedOffer.id)!;
      const profile = await badgeOf(verifiedCo.organisationId);
      expect(v.offer.organisation.verification).toEqual(profile);
      expect(new Date(profile.verifiedAt!).toISOString()).toBe(profile.verifiedAt);
      expect(v.need.organisation.verification).toEqual(UNVERIFIED);
      expect(items.find((m) => m.offer.id === plainOffer.id)!.offer.organisation.verification).toEqual(UNVERIFIED);
      const one = await t.http.get(`/v1/matches/${v.id}`).set(verifiedCo.auth).expect(200);
      expect(one.body.offer.organisation.verification).toEqual(profile);
    });

    it("verifiedOnly=true keeps a need's matches with a verified company", async () => {
      const only = await needMatches(np, '&verifiedOnly=true');
      expect(only.map((m) => m.offer.id)).toEqual([verifiedOffer.id]);
      expect((await needMatches(np, '&verifiedOnly=false')).length).toBeGreaterThanOrEqual(2);
      const bad = await t.http.get(`/v1/needs/${need.id}/matches?verifiedOnly=ja`).set(np.auth).expect(400);
      expect(bad.body.errors[0].field).toBe('verifiedOnly');
    });

    it("verifiedOnly=true on an offer's matches looks at the nonprofit; on a district's matches at both sides", async () => {
      const offerList = async () => (await t.http.get(`/v1/offers/${verifiedOffer.id}/matches?verifiedOnly=true`).set(verifiedCo.auth).expect(200)).body.items as MatchItem[];
      const districtList = async () =>
        (await t.http.get('/v1/matches').query({ districtId: tree.quarter.id, verifiedOnly: 'true', limit: 100 }).set(organiser.auth).expect(200)).body.items as MatchItem[];
      expect(await offerList()).toEqual([]);
      expect(await districtList()).toEqual([]);
      await verify(organiser, np.organisationId, { basis: 'charitable_status' }).expect(200);
      expect((await offerList()).map((m) => m.need.id)).toEqual([need.id]);
      const pairs = (await districtList()).map((m) => [m.need.id, m.offer.id]);
      expect(pairs).toEqual([[need.id, verifiedOffer.id]]);
      // the unfiltered district list still has the unverified company's pair
      const all = (await t.http.get('/v1/matches').query({ districtId: tree.quarter.id, limit: 100 }).set(organiser.auth).expect(200)).body.items as MatchItem[];
      expect(all.some((m) => m.offer.id === plainOffer.id)).toBe(true);
    });

    it('filters organisations by verified=true|false', async () => {
      const list = async (verified: string) =>
        ((await t.http.get('/v1/organisations').query({ districtId: tree.quarter.id, verified, limit: 100 }).expect(200)).body.items as Array<{ id: string; verification: Badge }>).map((o) => o.id);
      await verify(organiser, np.organisationId, { basis: 'charitable_status' }).expect(200);
      expect((await list('true')).sort()).toEqual([np.organisationId, verifiedCo.organisationId].sort());
      expect(await list('false')).toEqual([plainCo.organisationId]);
      expect((await t.http.get('/v1/organisations').query({ verified: 'yes' }).expect(400)).body.errors[0].field).toBe('verified');
    });
  });
});
