import { ShortlistService } from '../../src/modules/shortlist/shortlist.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, Member, needBody, offerBody, publishedNeed, publishedOffer, signup, Tree } from '../factories';

const UNKNOWN = '5d2b7a38-8d8f-4a43-9a4e-1b2c3d4e5f60';

interface Entry {
  id: string;
  organisationId: string;
  item: {
    type: 'need' | 'offer';
    id: string;
    title: string;
    status: string;
    published: boolean;
    amount: number;
    organisation: { id: string; kind: string; verification: { verified: boolean; basis: string | null } };
  };
  match: { id: string; score: number } | null;
  note: string | null;
  createdBy: string | null;
  version: number;
}
interface MatchItem {
  id: string;
  score: number;
  need: { id: string };
  offer: { id: string };
}

describe('shortlist (UPJ step 4; real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: Member;
  let tree: Tree;
  let np: Member;
  let np2: Member;
  let company: Member;
  let company2: Member;
  let organiser: Member;
  let otherOrganiser: Member;
  let need: { id: string };
  let np2Need: { id: string };
  let offer: { id: string };
  let offer2: { id: string };
  let match: MatchItem;

  const url = (m: Member) => `/v1/organisations/${m.organisationId}/shortlist`;
  const save = (actor: Member | null, owner: Member, body: Record<string, unknown>) => {
    const req = t.http.post(url(owner));
    return (actor ? req.set(actor.auth) : req).send(body);
  };
  const list = async (m: Member, query: Record<string, unknown> = {}) => (await t.http.get(url(m)).query({ limit: 100, ...query }).set(m.auth).expect(200)).body as { items: Entry[]; nextCursor: string | null };
  const count = () => t.app.get(ShortlistService);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t.ds, t.http);
    tree = await makeTree(t.ds);
    np = await signup(t.http, 'nonprofit', tree.quarter.id, { lat: 48.8135, lon: 9.2105 });
    np2 = await signup(t.http, 'nonprofit', tree.quarter.id);
    company = await signup(t.http, 'company', tree.quarter.id, { lat: 48.812, lon: 9.209 });
    company2 = await signup(t.http, 'company', tree.quarter2.id);
    organiser = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
    await t.http.put(`/v1/users/${organiser.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [tree.quarter.id] }).expect(200);
    otherOrganiser = await signup(t.http, 'nonprofit', tree.quarter.id);
    await t.http.put(`/v1/users/${otherOrganiser.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [tree.otherBorough.id] }).expect(200);
    need = await publishedNeed(t.http, np);
    np2Need = await publishedNeed(t.http, np2, { title: 'Laptops für die Hausaufgabenhilfe', category: 'goods', unit: 'items', quantity: 5, tags: ['laptop'] });
    offer = await publishedOffer(t.http, company);
    offer2 = await publishedOffer(t.http, company2, { title: 'Transporter am Wochenende', category: 'logistics', tags: ['transport'], capacity: 2, unit: 'trips' });
    match = await waitFor(async () => {
      const items = (await t.http.get(`/v1/needs/${need.id}/matches?limit=100`).set(np.auth).expect(200)).body.items as MatchItem[];
      return items.find((m) => m.offer.id === offer.id);
    }, 'the match of the need and the offer');
  });
  afterAll(() => t.close());

  describe('POST', () => {
    it('lets a nonprofit save an offer (201), and answers 200 with the same entry when saved again', async () => {
      const res = await save(np, np, { offerId: offer.id, note: 'Passt zum Umzug im Frühjahr.' }).expect(201);
      const entry = res.body as Entry;
      expect(entry).toMatchObject({
        organisationId: np.organisationId,
        note: 'Passt zum Umzug im Frühjahr.',
        createdBy: np.userId,
        version: 1,
        item: { type: 'offer', id: offer.id, title: offerBody().title, status: 'published', published: true, amount: 40, organisation: { id: company.organisationId, kind: 'company', verification: { verified: false, basis: null } } },
        // the saved offer already matches one of the nonprofit's needs: its score is shown
        match: { id: match.id, score: match.score },
      });
      expect(res.headers.etag).toBe('"1"');

      const again = await save(np, np, { offerId: offer.id, note: 'anderer Text' }).expect(200);
      expect(again.body).toEqual(entry);
      // saving from the match names the same offer: still the one entry
      const fromMatch = await save(np, np, { matchId: match.id }).expect(200);
      expect(fromMatch.body.id).toBe(entry.id);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM shortlist_entries WHERE organisation_id = $1`, [np.organisationId]);
      expect(n).toBe(1);
    });

    it("lets a company save a need from one of its matches (the match's other side), with the match's score", async () => {
      const res = await save(company, company, { matchId: match.id }).expect(201);
      expect(res.body).toMatchObject({ item: { type: 'need', id: need.id, organisation: { id: np.organisationId, kind: 'nonprofit' } }, match: { id: match.id, score: match.score }, note: null });
      await save(company, company, { needId: need.id }).expect(200);
    });

    it('saves an item without a match: match is null', async () => {
      const res = await save(company, company, { needId: np2Need.id }).expect(201);
      expect(res.body).toMatchObject({ item: { type: 'need', id: np2Need.id, amount: 5 }, match: null });
    });

    it('validates the body: exactly one of needId, offerId, matchId', async () => {
      const none = await save(np, np, { note: 'nichts' }).expect(400);
      expect(none.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'needId', reason: 'required' }] });
      const two = await save(np, np, { offerId: offer.id, matchId: match.id }).expect(400);
      expect(two.body.errors.map((e: { field: string }) => e.field)).toEqual(['offerId', 'matchId']);
      expect((await save(np, np, { offerId: 'abc' }).expect(400)).body.errors[0].field).toBe('offerId');
      expect((await save(np, np, { matchId: 'abc' }).expect(400)).body.errors[0].field).toBe('matchId');
      expect((await save(np, np, { offerId: offer2.id, note: 'x'.repeat(2001) }).expect(400)).body.errors[0].field).toBe('note');
    });

    it('refuses one\'s own items and items of one\'s own kind with clear codes', async () => {
      expect((await save(np, np, { needId: need.id }).expect(422)).body.code).toBe('SHORTLIST_OWN_ITEM');
      expect((await save(company, company, { offerId: offer.id }).expect(422)).body.code).toBe('SHORTLIST_OWN_ITEM');
      const kind = await save(np, np, { needId: np2Need.id }).expect(422);
      expect(kind.body).toMatchObject({ code: 'SHORTLIST_WRONG_KIND', errors: [{ field: 'needId', reason: 'wrongKind' }] });
      expect((await save(company, company, { offerId: offer2.id }).expect(422)).body.code).toBe('SHORTLIST_WRONG_KIND');
    });

    it('saves only what is published: drafts and unknown items are not found, a paused offer is not shortlistable', async () => {
      const draft = (await t.http.post('/v1/offers').set(company2.auth).send(offerBody({ title: 'Noch ein Entwurf' })).expect(201)).body;
      expect((await save(np, np, { offerId: draft.id }).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await save(np, np, { offerId: UNKNOWN }).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      expect((await save(company, company, { needId: UNKNOWN }).expect(404)).body.code).toBe('NEED_NOT_FOUND');
      const paused = await publishedOffer(t.http, company2, { title: 'Pausiertes Angebot' });
      await t.http.post(`/v1/offers/${paused.id}/pause`).set(company2.auth).expect(200);
      const res = await save(np, np, { offerId: paused.id }).expect(409);
      expect(res.body).toMatchObject({ code: 'NOT_SHORTLISTABLE', status: 409, itemStatus: 'paused' });
      const withdrawn = await publishedOffer(t.http, company2, { title: 'Zurückgezogenes Angebot' });
      await t.http.post(`/v1/offers/${withdrawn.id}/withdraw`).set(company2.auth).expect(200);
      expect((await save(np, np, { offerId: withdrawn.id }).expect(404)).body.code).toBe('OFFER_NOT_FOUND');
      // a matched need can still be shortlisted
      const matched = await publishedNeed(t.http, np2, { title: 'Schon fast vergeben' });
      await t.http.post(`/v1/needs/${matched.id}/match`).set(np2.auth).expect(200);
      const ok = await save(company2, company2, { needId: matched.id }).expect(201);
      expect(ok.body.item).toMatchObject({ status: 'matched', published: true });
    });

    it("refuses a match that is not one of the organisation's", async () => {
      expect((await save(company2, company2, { matchId: match.id }).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
      expect((await save(np, np, { matchId: '00000000-0000-0000-0000-000000000000' }).expect(404)).body.code).toBe('MATCH_NOT_FOUND');
    });

    it('lets only the organisation\'s members (and admins) save', async () => {
      expect((await save(null, np, { offerId: offer2.id }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await save(np2, np, { offerId: offer2.id }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await save(company, np, { offerId: offer2.id }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await save(organiser, np, { offerId: offer2.id }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await save(otherOrganiser, np, { offerId: offer2.id }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.post(`/v1/organisations/${UNKNOWN}/shortlist`).set(admin.auth).send({ offerId: offer2.id }).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      expect((await list(np)).items.map((e) => e.item.id)).toEqual([offer.id]);
      const byAdmin = await save(admin, np, { offerId: offer2.id }).expect(201);
      expect(byAdmin.body.createdBy).toBe(admin.userId);
    });
  });

  describe('GET', () => {
    it('lists newest first, pages with a cursor, and shows the badge of the saved item\'s organisation', async () => {
      await t.http.put(`/v1/organisations/${company.organisationId}/verification`).set(organiser.auth).send({ basis: 'commercial_register' }).expect(200);
      const all = await list(np);
      expect(all.items.map((e) => e.item.id)).toEqual([offer2.id, offer.id]);
      expect(all.items[1].item.organisation.verification).toMatchObject({ verified: true, basis: 'commercial_register' });
      expect(all.items[0].item.organisation.verification).toMatchObject({ verified: false });

      const first = await list(np, { limit: 1 });
      expect(first.items.map((e) => e.item.id)).toEqual([offer2.id]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(np, { limit: 1, cursor: first.nextCursor });
      expect(second.items.map((e) => e.item.id)).toEqual([offer.id]);
      expect(second.nextCursor).toBeNull();
      expect((await t.http.get(url(np)).query({ cursor: 'kaputt' }).set(np.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
      expect((await t.http.get(url(np)).query({ limit: 0 }).set(np.auth).expect(400)).body.errors[0].field).toBe('limit');
    });

    it('says when a saved item is no longer published', async () => {
      const temp = await publishedOffer(t.http, company2, { title: 'Bald zurückgezogen' });
      await save(np, np, { offerId: temp.id }).expect(201);
      await t.http.post(`/v1/offers/${temp.id}/withdraw`).set(company2.auth).expect(200);
      const entry = (await list(np)).items.find((e) => e.item.id === temp.id)!;
      expect(entry.item).toMatchObject({ status: 'withdrawn', published: false, title: 'Bald zurückgezogen' });
    });

    it('is readable by the members and admins only', async () => {
      expect((await t.http.get(url(np)).expect(401)).body.code).toBe('UNAUTHENTICATED');
      for (const other of [np2, company, organiser, otherOrganiser]) expect((await t.http.get(url(np)).set(other.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(url(np)).set(admin.auth).expect(200)).body.items.length).toBeGreaterThan(0);
      expect((await t.http.get(`/v1/organisations/${UNKNOWN}/shortlist`).set(admin.auth).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
    });
  });

  describe('PATCH and DELETE', () => {
    let entry: Entry;

    beforeAll(async () => {
      const fresh = await publishedNeed(t.http, np2, needBody({ title: 'Hilfe beim Sommerfest' }));
      entry = (await save(company, company, { needId: fresh.id, note: 'erste Notiz' }).expect(201)).body;
    });

    it('changes the note (ETag / If-Match), and null clears it', async () => {
      const res = await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).set('If-Match', '"1"').send({ note: 'Frau Schneider anrufen' }).expect(200);
      expect(res.body).toMatchObject({ id: entry.id, note: 'Frau Schneider anrufen', version: 2 });
      expect(res.headers.etag).toBe('"2"');
      const stale = await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).set('If-Match', '"1"').send({ note: 'zu spät' }).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      const cleared = await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).send({ note: null }).expect(200);
      expect(cleared.body).toMatchObject({ note: null, version: 3 });
      // the same note again changes nothing
      expect((await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).send({ note: null }).expect(200)).body.version).toBe(3);
    });

    it('validates the note and refuses others', async () => {
      expect((await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).send({}).expect(400)).body.errors[0].field).toBe('note');
      expect((await t.http.patch(`${url(company)}/${entry.id}`).set(company.auth).send({ note: 42 }).expect(400)).body.errors[0].field).toBe('note');
      expect((await t.http.patch(`${url(company)}/${UNKNOWN}`).set(company.auth).send({ note: 'x' }).expect(404)).body.code).toBe('SHORTLIST_ENTRY_NOT_FOUND');
      expect((await t.http.patch(`${url(company)}/${entry.id}`).send({ note: 'x' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      for (const other of [company2, np, organiser, otherOrganiser]) {
        expect((await t.http.patch(`${url(company)}/${entry.id}`).set(other.auth).send({ note: 'x' }).expect(403)).body.code).toBe('FORBIDDEN');
      }
      // another organisation's entry id under one's own shortlist is not found
      expect((await t.http.patch(`${url(company2)}/${entry.id}`).set(company2.auth).send({ note: 'x' }).expect(404)).body.code).toBe('SHORTLIST_ENTRY_NOT_FOUND');
    });

    it('removes an entry (204), idempotently; only members may', async () => {
      expect((await t.http.delete(`${url(company)}/${entry.id}`).expect(401)).body.code).toBe('UNAUTHENTICATED');
      for (const other of [company2, np, organiser, otherOrganiser]) {
        expect((await t.http.delete(`${url(company)}/${entry.id}`).set(other.auth).expect(403)).body.code).toBe('FORBIDDEN');
      }
      // deleting through another organisation's path removes nothing of this one
      await t.http.delete(`${url(company2)}/${entry.id}`).set(company2.auth).expect(204);
      expect((await list(company)).items.map((e) => e.id)).toContain(entry.id);
      await t.http.delete(`${url(company)}/${entry.id}`).set(company.auth).expect(204);
      await t.http.delete(`${url(company)}/${entry.id}`).set(company.auth).expect(204);
      expect((await list(company)).items.map((e) => e.id)).not.toContain(entry.id);
      expect((await t.http.delete(`${url(company)}/nope`).set(company.auth).expect(400)).body.errors[0].field).toBe('entryId');
    });
  });

  describe('ShortlistService.countFor (the journey, step 4)', () => {
    it('counts saved entries and matches marked interesting, each partner item once', async () => {
      const fresh = await makeTree(t.ds);
      const a = await signup(t.http, 'nonprofit', fresh.quarter.id, { lat: 48.8135, lon: 9.2105 });
      const b = await signup(t.http, 'company', fresh.quarter.id, { lat: 48.812, lon: 9.209 });
      const c = await signup(t.http, 'company', fresh.quarter.id);
      expect(await count().countFor(a.organisationId)).toEqual({ saved: 0, interested: 0, total: 0 });
      const n = await publishedNeed(t.http, a);
      const o = await publishedOffer(t.http, b);
      const other = await publishedOffer(t.http, c, { title: 'Transporter', category: 'logistics', tags: ['transport'], capacity: 1, unit: 'trips' });
      const m = await waitFor(async () => {
        const items = (await t.http.get(`/v1/needs/${n.id}/matches?limit=100`).set(a.auth).expect(200)).body.items as MatchItem[];
        return items.find((x) => x.offer.id === o.id);
      }, 'the pair');
      await t.http.post(`/v1/matches/${m.id}/interest`).set(a.auth).expect(200);
      expect(await count().countFor(a.organisationId)).toEqual({ saved: 0, interested: 1, total: 1 });
      // the company's interest is the company's, not the nonprofit's
      expect(await count().countFor(b.organisationId)).toEqual({ saved: 0, interested: 0, total: 0 });
      await save(a, a, { matchId: m.id }).expect(201);
      expect(await count().countFor(a.organisationId)).toEqual({ saved: 1, interested: 1, total: 1 });
      await save(a, a, { offerId: other.id }).expect(201);
      const counted = await t.ds.transaction((manager) => count().countFor(a.organisationId, manager));
      expect(counted).toEqual({ saved: 2, interested: 1, total: 2 });
      await t.http.post(`/v1/matches/${m.id}/interest`).set(b.auth).expect(200);
      expect(await count().countFor(b.organisationId)).toEqual({ saved: 0, interested: 1, total: 1 });
    });
  });
});
