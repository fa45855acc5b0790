import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/password';
import { Cooperation, CooperationEvent } from '../../src/modules/cooperations/cooperation.entity';
import { DELETED_ORGANISATION_NAME, DELETED_PERSON_NAME } from '../../src/modules/privacy/erasure.service';
import { EXPORT_BATCH } from '../../src/modules/privacy/export.service';
import { OMITTED_COLUMNS, ORGANISATION_SECTIONS, USER_SECTIONS } from '../../src/modules/privacy/export-sections';
import { USER_OWNED, USER_REFERENCES } from '../../src/modules/privacy/user-references';
import { User } from '../../src/modules/users/user.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { acceptedCooperation, agreementBody, type AcceptedCooperation } from '../factories/cooperations';
import { makeOrganiser, submitReadiness } from '../factories/cooperations-core';
import { makeTree, Member, PASSWORD, publishedNeed, publishedOffer, signup, Tree, uid } from '../factories';
import { parseApiKey } from '../../src/modules/auth/api-key';

type Json = Record<string, any>;

/** Every column of every table as text, searched for a value: where personal data could still be. */
async function tablesHolding(ds: DataSource, needle: string): Promise<string[]> {
  const tables = (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)) as Array<{ table_name: string }>;
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(lower(t::text), lower($1)) > 0`, [needle]);
    if (n) found.push(`${table_name} (${n})`);
  }
  return found;
}

/** A second member of an organisation (the API has no invitations yet: written directly), logged in. */
async function secondMember(t: TestApp, organisationId: string, displayName: string): Promise<Member> {
  const email = `zweite-${uid()}@privat.example`;
  const user = await t.ds.getRepository(User).save({ email, passwordHash: await hashPassword(PASSWORD), displayName, organisationId, isAdmin: false, organiserDistrictIds: [] });
  const res = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { token: res.body.accessToken, userId: user.id, organisationId, email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

describe('personal data: export and account deletion', () => {
  let t: TestApp;
  let tree: Tree;
  /** nonprofit (to be deleted) and company, agreed: a version signed by both */
  let c: AcceptedCooperation;
  let np: Member;
  let np2: Member;
  let company: Member;
  let outsider: Member;
  let organiser: Member;
  let draftNeed: Json;
  let agreement: Json;
  let pending: { id: string; company: Member };
  let apiKey: string;
  let orgName: string;
  const secret = { name: `Nora Privat ${uid()}`, email: `nora-${uid()}@privat.example`, phone: `+49 711 ${Date.now() % 10_000_000}`, street: `Geheimweg ${uid()}` };

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { ownDatabase: 'privacy' });
    tree = await makeTree(t.ds);
    c = await acceptedCooperation(t.ds, t.http, tree.quarter.id, {
      nonprofit: { contactName: secret.name, contactEmail: secret.email, contactPhone: secret.phone, street: secret.street, postalCode: '70376', city: 'Stuttgart' },
    });
    np = c.nonprofit;
    company = c.company;
    np2 = await secondMember(t, np.organisationId, 'Zweite Helferin');
    orgName = (await t.http.get(`/v1/organisations/${np.organisationId}`).expect(200)).body.name;
    outsider = await signup(t.http, 'nonprofit', tree.quarter.id);
    organiser = await makeOrganiser(t.ds, t.http, [tree.city.id]);

    // the agreement, signed by both: the cooperation is agreed
    const base = `/v1/cooperations/${c.id}/agreements`;
    const draft = (await t.http.post(base).set(company.auth).send(agreementBody()).expect(201)).body;
    expect(draft.nonprofit.contact).toMatchObject({ name: secret.name, email: secret.email });
    await t.http.post(`${base}/1/sign`).set(company.auth).send({ contentHash: draft.contentHash }).expect(200);
    agreement = (await t.http.post(`${base}/1/sign`).set(np.auth).send({ contentHash: draft.contentHash }).expect(200)).body;
    expect(agreement.state).toBe('signed');
    await t.http.post(`/v1/cooperations/${c.id}/messages`).set(np.auth).send({ body: 'Wir freuen uns auf den Umzugstag.' }).expect(201);
    await t.http.post(`/v1/cooperations/${c.id}/messages`).set(np2.auth).send({ body: 'Die Schlüssel liegen bereit.' }).expect(201);
    await t.http.post(`/v1/cooperations/${c.id}/messages`).set(company.auth).send({ body: 'Wir kommen um neun Uhr.' }).expect(201);

    // more of the nonprofit: a draft, a readiness check, a shortlist entry, an API client, a webhook
    draftNeed = (await t.http.post('/v1/needs').set(np.auth).send({ title: 'Entwurf: Hilfe beim Streichen', description: 'Noch nicht veröffentlicht.', category: 'time', unit: 'hours', quantity: 8, districtId: tree.quarter.id, tags: ['streichen'], giveBack: 'Ein gemeinsames Mittagessen.' }).expect(201)).body;
    await submitReadiness(t.http, np, 'nonprofit');
    const offer = await publishedOffer(t.http, company);
    await t.http.post(`/v1/organisations/${np.organisationId}/shortlist`).set(np.auth).send({ offerId: offer.id, note: 'Passt gut' }).expect(201);
    apiKey = (await t.http.post('/v1/api-clients').set(np2.auth).send({ name: 'Vereinsportal', scopes: ['needs:read'] }).expect(201)).body.key;
    await t.http.post('/v1/webhooks').set(np.auth).send({ url: 'http://127.0.0.1:9/privacy-hook', eventTypes: ['marketplace.opened'] }).expect(201);

    // a proposal from another company, still pending (no signed agreement): it goes with the organisation
    const otherCompany = await signup(t.http, 'company', tree.quarter.id);
    const need2 = await publishedNeed(t.http, np, { title: 'Transporter für die Tafel' });
    const coop = await t.ds.getRepository(Cooperation).save({
      status: 'proposed',
      districtId: tree.quarter.id,
      nonprofitId: np.organisationId,
      companyId: otherCompany.organisationId,
      needId: need2.id,
      proposedByOrganisationId: otherCompany.organisationId,
      proposedByUserId: otherCompany.userId,
      message: 'Wir hätten einen Transporter.',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await t.ds.getRepository(CooperationEvent).insert({ cooperationId: coop.id, fromStatus: null, toStatus: 'proposed', action: 'propose', actorUserId: otherCompany.userId, actorOrganisationId: otherCompany.organisationId });
    pending = { id: coop.id, company: otherCompany };
  }, 120_000);
  afterAll(() => t.close());

  const download = async (path: string, who: Member) => {
    const res = await t.http.get(path).set(who.auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    return { res, text: res.body as string, doc: JSON.parse(res.body as string) as Json };
  };

  describe('export', () => {
    it('of an organisation: one JSON download with every section, from one snapshot, members only', async () => {
      const { res, text, doc } = await download(`/v1/organisations/${np.organisationId}/export`, np2);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="marktplatz-organisation-${np.organisationId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
      expect(res.headers['cache-control']).toBe('no-store');
      expect(doc).toMatchObject({ format: 'marktplatz-export', formatVersion: 1, subject: { type: 'organisation', id: np.organisationId } });
      expect(Object.keys(doc.sections)).toEqual(ORGANISATION_SECTIONS.map((s) => s.name));
      const s = doc.sections;
      expect(s.organisation).toEqual([expect.objectContaining({ id: np.organisationId, contactEmail: secret.email, street: secret.street })]);
      expect(s.members.map((m: Json) => m.email).sort()).toEqual([np.email, np2.email].sort());
      expect(s.needs.map((n: Json) => n.id)).toEqual(expect.arrayContaining([c.need.id, draftNeed.id]));
      expect(s.offers).toEqual([]);
      expect(s.cooperations.map((x: Json) => x.id).sort()).toEqual([c.id, pending.id].sort());
      expect(s.cooperationHistory.length).toBeGreaterThanOrEqual(4);
      expect(s.cooperationMessages.map((m: Json) => m.body)).toEqual(['Wir freuen uns auf den Umzugstag.', 'Die Schlüssel liegen bereit.', 'Wir kommen um neun Uhr.']);
      expect(s.agreements).toEqual([expect.objectContaining({ id: agreement.id, version: 1, contentHash: agreement.contentHash, nonprofitContact: expect.objectContaining({ email: secret.email }) })]);
      expect(s.readinessChecks).toHaveLength(1);
      expect(s.shortlist).toHaveLength(1);
      expect(s.apiClients).toEqual([expect.objectContaining({ name: 'Vereinsportal' })]);
      expect(s.apiKeys).toHaveLength(1);
      expect(s.webhooks).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:9/privacy-hook' })]);
      expect(s.notifications.length).toBeGreaterThan(0);
      // no credential, no search index: not as a key, not as a value
      for (const column of OMITTED_COLUMNS) expect(text).not.toContain(`"${column.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase())}"`);
      // the whole secret (base64url, so it may hold '_' itself: splitting the key on '_' once gave a one-letter fragment)
      expect(text).not.toContain(parseApiKey(apiKey)!.secret);
      const [{ secret: whsec }] = await t.ds.query(`SELECT secret FROM webhook_subscriptions WHERE organisation_id = $1`, [np.organisationId]);
      expect(text).not.toContain(whsec);
      const [{ password_hash }] = await t.ds.query(`SELECT password_hash FROM users WHERE id = $1`, [np.userId]);
      expect(text).not.toContain(password_hash);
    });

    it('of a user: the account, the organisation, their notifications and what they wrote', async () => {
      const { res, doc } = await download('/v1/me/export', np2);
      expect(res.headers['content-disposition']).toContain(`marktplatz-user-${np2.userId}-`);
      expect(Object.keys(doc.sections)).toEqual(USER_SECTIONS.map((s) => s.name));
      const s = doc.sections;
      expect(s.account).toEqual([expect.objectContaining({ id: np2.userId, email: np2.email, displayName: 'Zweite Helferin' })]);
      expect(s.account[0].passwordHash).toBeUndefined();
      expect(s.organisationMembership).toEqual([expect.objectContaining({ id: np.organisationId })]);
      expect(s.messagesWritten.map((m: Json) => m.body)).toEqual(['Die Schlüssel liegen bereit.']);
      expect(s.apiClientsCreated).toEqual([expect.objectContaining({ name: 'Vereinsportal' })]);
      // the first member's own rows are theirs, not hers
      const first = (await download('/v1/me/export', np)).doc.sections;
      expect(first.messagesWritten.map((m: Json) => m.body)).toEqual(['Wir freuen uns auf den Umzugstag.']);
      expect(first.agreementsDraftedOrSigned).toEqual([expect.objectContaining({ id: agreement.id })]);
      expect(first.readinessChecksCompleted).toHaveLength(1);
    });

    it('holds back the other side\'s evaluation until the organisation answered or the window closed, as the API does', async () => {
      const evaluate = (org: Member, side: string, text: string) =>
        t.ds.query(
          `INSERT INTO cooperation_evaluations (cooperation_id, organisation_id, side, rating, what_worked, would_cooperate_again, submitted_by_user_id)
           VALUES ($1, $2, $3, 4, $4, true, $5)`,
          [c.id, org.organisationId, side, text, org.userId],
        );
      const seen = async (who: Member) => ((await download(`/v1/organisations/${who.organisationId}/export`, who)).doc.sections.evaluations as Json[]).map((e) => e.whatWorked).sort();
      try {
        await evaluate(company, 'company', 'Die Firma fand es gut.');
        expect(await seen(np)).toEqual([]);
        expect(await seen(company)).toEqual(['Die Firma fand es gut.']);
        await t.ds.query(`UPDATE cooperations SET evaluation_closes_at = now() - interval '1 minute' WHERE id = $1`, [c.id]);
        expect(await seen(np)).toEqual(['Die Firma fand es gut.']);
        await t.ds.query(`UPDATE cooperations SET evaluation_closes_at = NULL WHERE id = $1`, [c.id]);
        await evaluate(np, 'nonprofit', 'Der Verein fand es gut.');
        expect(await seen(np)).toEqual(['Der Verein fand es gut.', 'Die Firma fand es gut.']);
      } finally {
        await t.ds.query(`DELETE FROM cooperation_evaluations WHERE cooperation_id = $1`, [c.id]);
        await t.ds.query(`UPDATE cooperations SET evaluation_closes_at = NULL WHERE id = $1`, [c.id]);
      }
    });

    it('streams large sections in batches, every row once and in order', async () => {
      const n = EXPORT_BATCH * 2 + 7;
      await t.ds.query(
        `INSERT INTO notifications (user_id, organisation_id, kind, params, subject, body, dedupe_key, created_at)
         SELECT $1, $2, 'message_received', '{}', 'Nachricht ' || i, 'Text ' || i, 'bulk-' || i, now() - (i || ' seconds')::interval
           FROM generate_series(1, $3) i`,
        [outsider.userId, outsider.organisationId, n],
      );
      const { doc } = await download('/v1/me/export', outsider);
      const subjects = (doc.sections.notifications as Json[]).map((x) => x.subject).filter((x: string) => x.startsWith('Nachricht '));
      expect(subjects).toHaveLength(n);
      expect(subjects[0]).toBe(`Nachricht ${n}`);
      expect(subjects[n - 1]).toBe('Nachricht 1');
      expect(new Set(subjects).size).toBe(n);
    });

    it('is refused to everybody else; nothing is sent', async () => {
      const path = `/v1/organisations/${np.organisationId}/export`;
      expect((await t.http.get(path).set(outsider.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(path).set(company.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(path).set(organiser.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get(path).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await t.http.get(path).set('X-API-Key', apiKey).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get('/v1/me/export').set('X-API-Key', apiKey).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.get('/v1/me/export').expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await t.http.get(`/v1/organisations/${randomUUID()}/export`).set(np.auth).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      const refused = await t.http.get(path).set(outsider.auth);
      expect(refused.headers['content-disposition']).toBeUndefined();
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('deleting a user', () => {
    it('needs the right password, a user and not an API key; nothing changes otherwise', async () => {
      const wrong = await t.http.delete('/v1/me').set(np2.auth).send({ password: 'falsches passwort' }).expect(403);
      expect(wrong.body.code).toBe('REAUTHENTICATION_FAILED');
      expect((await t.http.delete('/v1/me').set(np2.auth).send({}).expect(400)).body.errors[0]).toMatchObject({ field: 'password' });
      await t.http.delete('/v1/me').send({ password: PASSWORD }).expect(401);
      await t.http.delete('/v1/me').set('X-API-Key', apiKey).send({ password: PASSWORD }).expect(403);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [np2.userId]))[0].n).toBe(1);
      await t.http.get('/v1/me').set(np2.auth).expect(200);
    });

    it('refuses the last member of an organisation: delete the organisation instead (409 LAST_MEMBER)', async () => {
      const res = await t.http.delete('/v1/me').set(outsider.auth).send({ password: PASSWORD }).expect(409);
      expect(res.body).toMatchObject({ code: 'LAST_MEMBER', organisationId: outsider.organisationId });
      await t.http.get('/v1/me').set(outsider.auth).expect(200);
    });

    it('deletes the account: no login, no token, no record names her; what she wrote stays without her name; her API client is revoked', async () => {
      await t.http.delete('/v1/me').set(np2.auth).send({ password: PASSWORD }).expect(204);
      expect((await t.http.get('/v1/me').set(np2.auth).expect(401)).body.code).toBe('UNAUTHENTICATED');
      const login = await t.http.post('/v1/auth/login').send({ email: np2.email, password: PASSWORD }).expect(401);
      expect(login.body.code).toBe('INVALID_CREDENTIALS');
      expect((await t.http.get('/v1/needs').set('X-API-Key', apiKey).expect(401)).body.code).toBe('API_KEY_REVOKED');
      expect(await tablesHolding(t.ds, np2.userId)).toEqual([]);
      expect(await tablesHolding(t.ds, np2.email)).toEqual([]);
      expect(await tablesHolding(t.ds, 'Zweite Helferin')).toEqual([]);
      const messages = (await t.http.get(`/v1/cooperations/${c.id}/messages`).set(company.auth).expect(200)).body.items as Json[];
      expect(messages.map((m) => m.body)).toContain('Die Schlüssel liegen bereit.');
      // the organisation and its other member are untouched
      await t.http.get('/v1/me').set(np.auth).expect(200);
      expect((await t.http.get(`/v1/organisations/${np.organisationId}`).set(np.auth).expect(200)).body.contactEmail).toBe(secret.email);
    });

    it('clears the organisation\'s contact person and anonymises agreement contacts when they were that user', async () => {
      const c2 = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
      const paul = await secondMember(t, c2.company.organisationId, 'Paul Kontakt');
      await t.http.patch(`/v1/organisations/${c2.company.organisationId}`).set(c2.company.auth).send({ contactName: 'Paul Kontakt', contactEmail: paul.email, contactPhone: '+49 711 1234567' }).expect(200);
      const base = `/v1/cooperations/${c2.id}/agreements`;
      const v1 = (await t.http.post(base).set(c2.company.auth).send(agreementBody()).expect(201)).body;
      expect(v1.company.contact).toMatchObject({ name: 'Paul Kontakt', email: paul.email });
      await t.http.post(`${base}/1/sign`).set(c2.company.auth).send({ contentHash: v1.contentHash }).expect(200);
      const signed = (await t.http.post(`${base}/1/sign`).set(c2.nonprofit.auth).send({ contentHash: v1.contentHash }).expect(200)).body;
      // a second version, drafted and signed by the company only
      const v2 = (await t.http.post(base).set(c2.nonprofit.auth).send(agreementBody({ place: 'Neues Vereinsheim, Stuttgart' })).expect(201)).body;
      await t.http.post(`${base}/2/sign`).set(c2.company.auth).send({ contentHash: v2.contentHash }).expect(200);

      await t.http.delete('/v1/me').set(paul.auth).send({ password: PASSWORD }).expect(204);

      const profile = (await t.http.get(`/v1/organisations/${c2.company.organisationId}`).set(c2.company.auth).expect(200)).body;
      expect(profile).toMatchObject({ contactName: null, contactEmail: null, contactPhone: null });
      const [a1, a2] = (await t.http.get(base).set(c2.nonprofit.auth).expect(200)).body.items as Json[];
      const anonymous = { name: DELETED_PERSON_NAME, email: null, phone: null };
      // the signed version: what was signed and its hash stay, the contact person is anonymous
      expect(a1).toMatchObject({ state: 'signed', contentHash: signed.contentHash, signedAt: signed.signedAt, company: { contact: anonymous }, nonprofit: { contact: signed.nonprofit.contact } });
      expect(a1.anonymisedAt).toEqual(expect.any(String));
      // the draft: a changed text, so a new hash and the one-sided signature cleared, as after an edit
      expect(a2).toMatchObject({ state: 'draft', company: { contact: anonymous, signedAt: null }, anonymisedAt: null });
      expect(a2.contentHash).not.toBe(v2.contentHash);
      await t.http.post(`${base}/2/sign`).set(c2.nonprofit.auth).send({ contentHash: v2.contentHash }).expect(409);
      await t.http.post(`${base}/2/sign`).set(c2.nonprofit.auth).send({ contentHash: a2.contentHash }).expect(200);
      expect(await tablesHolding(t.ds, paul.email)).toEqual([]);
      expect(await tablesHolding(t.ds, 'Paul Kontakt')).toEqual([]);
    });
  });

  describe('deleting an organisation', () => {
    const path = () => `/v1/organisations/${np.organisationId}`;
    const snapshot = async () => ({
      org: (await t.ds.query(`SELECT name, contact_email, deleted_at FROM organisations WHERE id = $1`, [np.organisationId]))[0],
      users: (await t.ds.query(`SELECT count(*)::int AS n FROM users WHERE organisation_id = $1`, [np.organisationId]))[0].n,
      needs: (await t.ds.query(`SELECT count(*)::int AS n FROM needs WHERE organisation_id = $1`, [np.organisationId]))[0].n,
      coops: (await t.ds.query(`SELECT count(*)::int AS n FROM cooperations WHERE nonprofit_id = $1`, [np.organisationId]))[0].n,
      agreement: (await t.ds.query(`SELECT nonprofit_contact FROM agreements WHERE id = $1`, [agreement.id]))[0],
    });

    it('is refused to other members, the district\'s organiser, anonymous callers, API keys and a wrong password: nothing changes', async () => {
      const before = await snapshot();
      expect((await t.http.delete(path()).set(outsider.auth).send({ password: PASSWORD }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(path()).set(company.auth).send({ password: PASSWORD }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(path()).set(organiser.auth).send({ password: PASSWORD }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(path()).send({ password: PASSWORD }).expect(401)).body.code).toBe('UNAUTHENTICATED');
      const key = (await t.http.post('/v1/api-clients').set(np.auth).send({ name: 'Zweiter Client', scopes: ['organisations:write'] }).expect(201)).body.key;
      expect((await t.http.delete(path()).set('X-API-Key', key).send({ password: PASSWORD }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.delete(path()).set(np.auth).send({ password: 'falsches passwort' }).expect(403)).body.code).toBe('REAUTHENTICATION_FAILED');
      expect(await snapshot()).toEqual(before);
    });

    it('is one transaction: a failure half-way leaves everything as it was', async () => {
      const before = await snapshot();
      // a trigger of the test's own makes deleting the member fail after most of the work was done
      await t.ds.query(`CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: refused'; END $$`);
      await t.ds.query(`CREATE TRIGGER test_refuse_delete BEFORE DELETE ON users FOR EACH ROW WHEN (OLD.id = '${np.userId}') EXECUTE FUNCTION test_refuse_delete()`);
      try {
        const res = await t.http.delete(path()).set(np.auth).send({ password: PASSWORD }).expect(500);
        expect(res.body.code).toBe('INTERNAL');
      } finally {
        await t.ds.query(`DROP TRIGGER test_refuse_delete ON users`);
        await t.ds.query(`DROP FUNCTION test_refuse_delete()`);
      }
      expect(await snapshot()).toEqual(before);
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM cooperations WHERE id = $1`, [pending.id]))[0].n).toBe(1);
    });

    it('deletes it; the other party still reads the signed agreement and the history, with the deleted side anonymised', async () => {
      const res = await t.http.delete(path()).set(np.auth).send({ password: PASSWORD }).expect(200);
      expect(res.body).toMatchObject({
        organisationId: np.organisationId,
        tombstone: true,
        members: 1,
        cooperationsDeleted: 1,
        cooperationsKept: 1,
        cooperationsCancelled: 1,
        agreementsAnonymised: 1,
        apiClients: 2,
        webhooks: 1,
      });

      // the other party
      const coop = (await t.http.get(`/v1/cooperations/${c.id}`).set(company.auth).expect(200)).body;
      expect(coop.status).toBe('cancelled');
      expect(JSON.stringify(coop)).toContain(DELETED_ORGANISATION_NAME);
      const versions = (await t.http.get(`/v1/cooperations/${c.id}/agreements`).set(company.auth).expect(200)).body.items as Json[];
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({
        id: agreement.id,
        state: 'signed',
        contentHash: agreement.contentHash,
        contribution: agreement.contribution,
        giveBack: agreement.giveBack,
        signedAt: agreement.signedAt,
        nonprofit: { name: DELETED_ORGANISATION_NAME, contact: { name: DELETED_ORGANISATION_NAME, email: null, phone: null }, signedAt: agreement.nonprofit.signedAt },
        company: { organisationId: company.organisationId, contact: agreement.company.contact },
      });
      expect(versions[0].anonymisedAt).toEqual(expect.any(String));
      const history = (await t.http.get(`/v1/cooperations/${c.id}/history`).set(company.auth).expect(200)).body.items as Json[];
      expect(history.map((h) => h.action)).toEqual(['propose', 'accept', 'agree', 'cancel']);
      expect((await t.http.get(`/v1/cooperations/${c.id}/messages`).set(company.auth).expect(200)).body.items).toHaveLength(3);
      const inbox = (await t.http.get('/v1/me/notifications').set(company.auth).expect(200)).body.items as Json[];
      expect(inbox.find((n) => n.kind === 'cooperation_cancelled')?.body).toContain(DELETED_ORGANISATION_NAME);

      // the deleted side
      expect((await t.http.post('/v1/auth/login').send({ email: np.email, password: PASSWORD }).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
      await t.http.get('/v1/me').set(np.auth).expect(401);
      await t.http.get(path()).expect(404);
      await t.http.delete(path()).set(company.auth).send({ password: PASSWORD }).expect(404);
      const listed = (await t.http.get(`/v1/organisations?districtId=${tree.quarter.id}&limit=100`).expect(200)).body.items as Json[];
      expect(listed.map((o) => o.id)).not.toContain(np.organisationId);
      expect((await t.http.get(`/v1/cooperations/${pending.id}`).set(pending.company.auth).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    });

    it('leaves none of its personal data in any table', async () => {
      const [org] = await t.ds.query(`SELECT * FROM organisations WHERE id = $1`, [np.organisationId]);
      expect(org).toMatchObject({ name: DELETED_ORGANISATION_NAME, description: '', street: null, postal_code: null, city: null, website: null, contact_name: null, contact_email: null, contact_phone: null, verified_at: null });
      expect(org.deleted_at).toBeInstanceOf(Date);
      for (const value of [orgName, secret.name, secret.email, secret.phone, secret.street, np.email, np.userId]) {
        expect({ value, tables: await tablesHolding(t.ds, value) }).toEqual({ value, tables: [] });
      }
      const count = async (sql: string) => (await t.ds.query(sql, [np.organisationId]))[0].n as number;
      expect(await count(`SELECT count(*)::int AS n FROM users WHERE organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM readiness_checks WHERE organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM shortlist_entries WHERE organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM api_clients WHERE owner_organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM webhook_subscriptions WHERE organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM notifications WHERE organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM matches WHERE need_organisation_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'need.published' AND data->>'organisationId' = $1::text`)).toBe(0);
      // drafts and unpublished data are gone; the need the kept cooperation names is withdrawn and emptied
      const needs = (await t.ds.query(`SELECT id, status, description FROM needs WHERE organisation_id = $1`, [np.organisationId])) as Json[];
      expect(needs).toEqual([{ id: c.need.id, status: 'withdrawn', description: '' }]);
      await t.http.get(`/v1/needs/${c.need.id}`).expect(404);
      // no record names one of its users
      for (const [table, columns] of Object.entries(USER_REFERENCES)) {
        for (const column of columns) {
          const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [np.userId]);
          expect({ table, column, n }).toEqual({ table, column, n: 0 });
        }
      }
    });

    it('a signed agreement stays immutable outside an erasure', async () => {
      await expect(t.ds.query(`UPDATE agreements SET company_contact = '{"name":"x"}' WHERE id = $1`, [agreement.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.ds.query(`UPDATE agreements SET anonymised_at = now() WHERE id = $1`, [agreement.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.ds.query(`DELETE FROM agreements WHERE id = $1`, [agreement.id])).rejects.toThrow(/cannot be deleted/);
      // even under the erasure setting only the contacts, the mark and user references (to NULL) may change
      const runner = t.ds.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(`SELECT set_config('marktplatz.erasure', 'on', true)`);
        await runner.query(`SAVEPOINT s`);
        await expect(runner.query(`UPDATE agreements SET place = 'anderswo' WHERE id = $1`, [agreement.id])).rejects.toThrow(/cannot be changed/);
        await runner.query(`ROLLBACK TO SAVEPOINT s`);
        await expect(runner.query(`UPDATE agreements SET created_by_user_id = $2 WHERE id = $1`, [agreement.id, outsider.userId])).rejects.toThrow(/only remove user references/);
        await runner.query(`ROLLBACK TO SAVEPOINT s`);
        await runner.query(`UPDATE agreements SET company_contact = '{"name":"Gelöschte Person","email":null,"phone":null}' WHERE id = $1`, [agreement.id]);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await t.ds.query(`SELECT company_contact FROM agreements WHERE id = $1`, [agreement.id]))[0].company_contact).toEqual(agreement.company.contact);
    });

    it('an organisation without a signed agreement leaves no row at all', async () => {
      const org = await signup(t.http, 'company', tree.quarter.id);
      const offer = await publishedOffer(t.http, org);
      const res = await t.http.delete(`/v1/organisations/${org.organisationId}`).set(org.auth).send({ password: PASSWORD }).expect(200);
      expect(res.body).toMatchObject({ tombstone: false, members: 1, offers: 1 });
      expect(await tablesHolding(t.ds, org.organisationId)).toEqual([]);
      // the outbox keeps job payloads (ids only) until it prunes them a week after delivery
      expect((await tablesHolding(t.ds, offer.id)).filter((table) => !table.startsWith('outbox '))).toEqual([]);
    });
  });

  it('knows every column that names a user (a new one must be added to USER_REFERENCES)', async () => {
    const columns = (await t.ds.query(
      `SELECT c.table_name || '.' || c.column_name AS col
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.data_type = 'uuid' AND c.table_name <> 'users'
          AND (c.column_name ~ '(user_id|_by)$' OR c.column_name IN ('created_by', 'completed_by', 'verified_by')
               OR EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                            JOIN information_schema.constraint_column_usage u ON u.constraint_name = k.constraint_name
                           WHERE k.table_name = c.table_name AND k.column_name = c.column_name AND u.table_name = 'users'))
        ORDER BY 1`,
    )) as Array<{ col: string }>;
    const known = [...Object.entries(USER_REFERENCES).flatMap(([table, cols]) => cols.map((col) => `${table}.${col}`)), ...Object.entries(USER_OWNED).map(([table, col]) => `${table}.${col}`)].sort();
    expect(columns.map((r) => r.col)).toEqual(known);
  });

  it('leaves out every column that holds a credential (a new one must be added to OMITTED_COLUMNS or declared harmless)', async () => {
    const HARMLESS = ['webhook_subscriptions.previous_secret_expires_at', 'agreements.content_hash', 'idempotency_keys.claim_token', 'idempotency_keys.request_hash', 'meeting_schedules.input_hash', 'rounds.plan_input_hash'];
    const columns = (await t.ds.query(
      `SELECT table_name || '.' || column_name AS col, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name ~ '(secret|hash|password|token|search_vector)' ORDER BY 1`,
    )) as Array<{ col: string; column_name: string }>;
    const unexpected = columns.filter((r) => !(OMITTED_COLUMNS as readonly string[]).includes(r.column_name) && !HARMLESS.includes(r.col));
    expect(unexpected).toEqual([]);
  });
});
