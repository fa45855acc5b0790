import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, Member, signup, Tree } from '../factories';
import { acceptedCooperation, act, agreementBody, makeOrganiser, type AcceptedCooperation } from '../factories/cooperations';
import { CooperationWorkflow } from '../../src/modules/cooperations/cooperation.workflow';

interface Agreement {
  id: string;
  version: number;
  state: 'draft' | 'signed' | 'superseded';
  contentHash: string;
  awaitingSignatureFrom: string[];
  nonprofit: { organisationId: string; name: string; contact: { name: string; email: string | null; phone: string | null }; signedAt: string | null };
  company: { organisationId: string; name: string; contact: { name: string; email: string | null; phone: string | null }; signedAt: string | null };
  contribution: { category: string; quantity: number; unit: string; description: string };
  giveBack: { kind: string; description: string };
  endsOn: string;
  signedAt: string | null;
  supersededAt: string | null;
}

describe('Engagement-Vereinbarung and implementation (real PostgreSQL)', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;
  let organiser: Member;
  let outsider: Member;
  let workflow: CooperationWorkflow;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id], tree.otherQuarter.id);
    outsider = await signup(t.http, 'company', tree.quarter.id);
    workflow = t.app.get(CooperationWorkflow);
  });
  afterAll(() => t.close());

  const base = (c: AcceptedCooperation) => `/v1/cooperations/${c.id}/agreements`;
  const draft = async (c: AcceptedCooperation, by: Member, over: Record<string, unknown> = {}) =>
    (await t.http.post(base(c)).set(by.auth).send(agreementBody(over)).expect(201)).body as Agreement;
  const sign = async (c: AcceptedCooperation, by: Member, a: Pick<Agreement, 'version' | 'contentHash'>, status = 200) =>
    (await t.http.post(`${base(c)}/${a.version}/sign`).set(by.auth).send({ contentHash: a.contentHash }).expect(status)).body;
  const coopRow = async (id: string) =>
    ((await t.ds.query(`SELECT status, evaluation_due_at, version FROM cooperations WHERE id = $1`, [id])) as Array<{ status: string; evaluation_due_at: Date | null; version: number }>)[0];
  const notifications = async (coopId: string, organisationId: string, kind: string) =>
    Number(
      ((await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE cooperation_id = $1 AND organisation_id = $2 AND kind = $3`, [coopId, organisationId, kind])) as Array<{ n: number }>)[0].n,
    );
  const signedByBoth = async (c: AcceptedCooperation, over: Record<string, unknown> = {}) => {
    const a = await draft(c, c.company, over);
    await sign(c, c.company, a);
    return (await sign(c, c.nonprofit, a)) as Agreement;
  };

  describe('drafting, editing and signing', () => {
    let c: AcceptedCooperation;
    let v1: Agreement;

    beforeAll(async () => {
      c = await acceptedCooperation(t.ds, t.http, tree.quarter.id, { nonprofit: { contactName: 'Anna Schneider', contactEmail: 'anna@verein.example' } });
    });

    it('lets either party draft version 1, with contact persons from the organisations, and asks the other side to sign', async () => {
      v1 = await draft(c, c.company);
      expect(v1).toMatchObject({
        version: 1,
        state: 'draft',
        awaitingSignatureFrom: ['nonprofit', 'company'],
        nonprofit: { organisationId: c.nonprofit.organisationId, contact: { name: 'Anna Schneider', email: 'anna@verein.example' }, signedAt: null },
        company: { organisationId: c.company.organisationId, signedAt: null },
        contribution: { category: 'time', quantity: 40, unit: 'hours' },
        giveBack: { kind: 'thank_you_event' },
        signedAt: null,
      });
      // No contact fields on the company's profile: its name stands in.
      expect(v1.company.contact.name).toBe(v1.company.name);
      expect(v1.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(await notifications(c.id, c.nonprofit.organisationId, 'agreement_to_sign')).toBe(1);
      expect(await notifications(c.id, c.company.organisationId, 'agreement_to_sign')).toBe(0);
      const read = await t.http.get(`${base(c)}/1`).set(c.nonprofit.auth).expect(200);
      expect(read.body.contentHash).toBe(v1.contentHash);
    });

    it('keeps one open draft at a time (409)', async () => {
      const res = await t.http.post(base(c)).set(c.nonprofit.auth).send(agreementBody()).expect(409);
      expect(res.body).toMatchObject({ code: 'AGREEMENT_DRAFT_EXISTS', version: 1 });
    });

    it('refuses a signature on a text the signer did not see: 409 with the current hash', async () => {
      const edited = (await t.http.put(`${base(c)}/1`).set(c.nonprofit.auth).send(agreementBody({ place: 'Jugendtreff, Rostocker Straße 5' })).expect(200)).body as Agreement;
      expect(edited.contentHash).not.toBe(v1.contentHash);
      const res = await t.http.post(`${base(c)}/1/sign`).set(c.company.auth).send({ contentHash: v1.contentHash }).expect(409);
      expect(res.body).toMatchObject({ code: 'CONTENT_HASH_MISMATCH', currentHash: edited.contentHash });
      v1 = edited;
    });

    it('records one side\'s signature; an edit clears it; signing again is a no-op', async () => {
      const once = (await sign(c, c.company, v1)) as Agreement;
      expect(once.company.signedAt).toEqual(expect.any(String));
      expect(once.awaitingSignatureFrom).toEqual(['nonprofit']);
      expect(once.state).toBe('draft');
      const again = (await sign(c, c.company, v1)) as Agreement;
      expect(again.company.signedAt).toBe(once.company.signedAt);
      expect(await notifications(c.id, c.nonprofit.organisationId, 'agreement_to_sign')).toBeGreaterThanOrEqual(2);

      const edited = (await t.http
        .put(`${base(c)}/1`)
        .set(c.nonprofit.auth)
        .send(agreementBody({ place: 'Jugendtreff, Rostocker Straße 5', contribution: { category: 'time', quantity: 48, unit: 'hours', description: 'Zehn Mitarbeitende helfen beim Umzug.' } }))
        .expect(200)).body as Agreement;
      expect(edited.company.signedAt).toBeNull();
      expect(edited.awaitingSignatureFrom).toEqual(['nonprofit', 'company']);
      expect(edited.contribution.quantity).toBe(48);
      v1 = edited;
      expect((await coopRow(c.id)).status).toBe('accepted');
    });

    it('the second signature makes it binding: agreed, history by the signer, evaluation scheduled, both notified', async () => {
      await sign(c, c.nonprofit, v1);
      const signed = (await sign(c, c.company, v1)) as Agreement;
      expect(signed).toMatchObject({ state: 'signed', awaitingSignatureFrom: [], supersededAt: null });
      expect(signed.signedAt).toEqual(expect.any(String));
      const row = await coopRow(c.id);
      expect(row.status).toBe('agreed');
      // 31 March 2031 is summer time in Berlin: the day ends at 22:00 UTC.
      expect(new Date(row.evaluation_due_at!).toISOString()).toBe('2031-03-31T22:00:00.000Z');
      const [event] = (await t.ds.query(`SELECT action, from_status, to_status, actor_user_id, actor_organisation_id FROM cooperation_events WHERE cooperation_id = $1 ORDER BY id DESC LIMIT 1`, [c.id])) as Array<Record<string, string>>;
      expect(event).toMatchObject({ action: 'agree', from_status: 'accepted', to_status: 'agreed', actor_user_id: c.company.userId, actor_organisation_id: c.company.organisationId });
      const outbox = (await t.ds.query(`SELECT job_id FROM outbox WHERE job_name = 'request-evaluation' AND payload->>'cooperationId' = $1`, [c.id])) as Array<{ job_id: string }>;
      expect(outbox.map((o) => o.job_id)).toEqual([`request-evaluation.${c.id}.${Date.parse('2031-03-31T22:00:00.000Z')}`]);
      expect(await notifications(c.id, c.nonprofit.organisationId, 'agreement_signed')).toBe(1);
      expect(await notifications(c.id, c.company.organisationId, 'agreement_signed')).toBe(1);
    });

    it('a signed version is immutable: PUT, sign and DELETE answer 409 AGREEMENT_IMMUTABLE', async () => {
      expect((await t.http.put(`${base(c)}/1`).set(c.nonprofit.auth).send(agreementBody()).expect(409)).body.code).toBe('AGREEMENT_IMMUTABLE');
      expect((await t.http.post(`${base(c)}/1/sign`).set(c.nonprofit.auth).send({ contentHash: v1.contentHash }).expect(409)).body.code).toBe('AGREEMENT_IMMUTABLE');
      expect((await t.http.delete(`${base(c)}/1`).set(c.company.auth).expect(409)).body.code).toBe('AGREEMENT_IMMUTABLE');
    });

    it('and the database trigger refuses a direct UPDATE or DELETE of a signed version', async () => {
      await expect(t.ds.query(`UPDATE agreements SET place = 'anderswo' WHERE cooperation_id = $1 AND version = 1`, [c.id])).rejects.toMatchObject({
        message: expect.stringMatching(/signed by both parties and cannot be changed/),
        driverError: expect.objectContaining({ code: '23000' }),
      });
      await expect(t.ds.query(`UPDATE agreements SET company_signed_at = NULL WHERE cooperation_id = $1 AND version = 1`, [c.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.ds.query(`DELETE FROM agreements WHERE cooperation_id = $1 AND version = 1`, [c.id])).rejects.toThrow(/cannot be deleted/);
      const [row] = (await t.ds.query(`SELECT place FROM agreements WHERE cooperation_id = $1 AND version = 1`, [c.id])) as Array<{ place: string }>;
      expect(row.place).toBe('Jugendtreff, Rostocker Straße 5');
    });

    it('a change is a new version; when both sign it, it supersedes the first and moves the evaluation date', async () => {
      const v2 = await draft(c, c.nonprofit, { endsOn: '2031-04-30' });
      expect(v2).toMatchObject({ version: 2, state: 'draft' });
      // Until both sign, version 1 stays in force.
      expect((await t.http.get(`${base(c)}/1`).set(c.company.auth).expect(200)).body.state).toBe('signed');
      await sign(c, c.nonprofit, v2);
      const signed = (await sign(c, c.company, v2)) as Agreement;
      expect(signed.state).toBe('signed');
      const list = (await t.http.get(base(c)).set(c.company.auth).expect(200)).body.items as Agreement[];
      expect(list.map((a) => [a.version, a.state])).toEqual([
        [1, 'superseded'],
        [2, 'signed'],
      ]);
      expect(list[0].supersededAt).toBe(signed.signedAt);
      const row = await coopRow(c.id);
      expect(row.status).toBe('agreed');
      expect(new Date(row.evaluation_due_at!).toISOString()).toBe('2031-04-30T22:00:00.000Z');
      // The trigger lets superseded_at be set once, never again.
      await expect(t.ds.query(`UPDATE agreements SET superseded_at = now() WHERE cooperation_id = $1 AND version = 1`, [c.id])).rejects.toThrow(/cannot be changed/);
    });

    it('a draft can be deleted, and the next one takes the next version number', async () => {
      const v3 = await draft(c, c.company, { place: 'Stadtteilhaus' });
      expect(v3.version).toBe(3);
      await t.http.delete(`${base(c)}/3`).set(c.nonprofit.auth).expect(204);
      await t.http.get(`${base(c)}/3`).set(c.nonprofit.auth).expect(404);
      expect((await draft(c, c.company)).version).toBe(3);
      await t.http.delete(`${base(c)}/3`).set(c.company.auth).expect(204);
    });
  });

  describe('content rules', () => {
    let c: AcceptedCooperation;
    beforeAll(async () => {
      c = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
    });

    it('requires the Gegenleistung: a clear 400 naming giveBack', async () => {
      const { giveBack: _, ...body } = agreementBody();
      const res = await t.http.post(base(c)).set(c.company.auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'giveBack', message: expect.stringContaining('Gegenleistung') })]);
      const empty = await t.http.post(base(c)).set(c.company.auth).send(agreementBody({ giveBack: { kind: 'visibility', description: '      ' } })).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'giveBack', reason: 'giveBackRequired' })]);
      const unknownKind = await t.http.post(base(c)).set(c.company.auth).send(agreementBody({ giveBack: { kind: 'cash', description: 'Logo auf der Website' } })).expect(400);
      expect(unknownKind.body.errors.map((e: { field: string }) => e.field)).toContain('giveBack.kind');
    });

    it.each([
      ['an amount in the Leistung', { contribution: { category: 'goods', quantity: 1, unit: 'items', description: 'Wir überweisen 500 Euro für Material.' } }, 'contribution.description'],
      ['money as Gegenleistung', { giveBack: { kind: 'visibility', description: 'Geldspende an den Verein' } }, 'giveBack.description'],
      ['euro as the unit', { contribution: { category: 'goods', quantity: 1, unit: 'euro', description: 'Material' } }, 'contribution.unit'],
    ])('refuses an agreement that trades money (%s): 422 MONEY_NOT_ALLOWED', async (_what, over, field) => {
      const res = await t.http.post(base(c)).set(c.company.auth).send(agreementBody(over)).expect(422);
      expect(res.body).toMatchObject({ code: 'MONEY_NOT_ALLOWED', rule: 'everything-but-money' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('allows the euro equivalent for reporting', async () => {
      const a = await draft(c, c.company, { estimatedValueEur: 2500.5 });
      await t.http.delete(`${base(c)}/${a.version}`).set(c.company.auth).expect(204);
    });

    it.each([
      ['end before start', { startsOn: '2031-03-10', endsOn: '2031-03-01' }, 'endsOn'],
      ['a day that does not exist', { endsOn: '2031-02-30' }, 'endsOn'],
      ['a quantity of zero', { contribution: { category: 'time', quantity: 0, unit: 'hours', description: 'Umzugshilfe' } }, 'contribution.quantity'],
      ['an unknown field', { price: 3 }, 'price'],
    ])('refuses %s (400)', async (_what, over, field) => {
      const res = await t.http.post(base(c)).set(c.company.auth).send(agreementBody(over)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a bad version in the path (400) and an unknown version (404)', async () => {
      expect((await t.http.get(`${base(c)}/abc`).set(c.company.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await t.http.get(`${base(c)}/0`).set(c.company.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await t.http.get(`${base(c)}/9`).set(c.company.auth).expect(404)).body.code).toBe('AGREEMENT_NOT_FOUND');
    });

    it('allows no agreement once the cooperation is cancelled (409)', async () => {
      const other = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
      await act(t.ds, workflow, other.id, 'cancel', other.nonprofit);
      const res = await t.http.post(base(other)).set(other.company.auth).send(agreementBody()).expect(409);
      expect(res.body).toMatchObject({ code: 'COOPERATION_STATUS_CONFLICT', currentStatus: 'cancelled' });
    });
  });

  describe('implementation: updates, milestones, deliveries', () => {
    let c: AcceptedCooperation;
    const path = (s: string) => `/v1/cooperations/${c.id}/${s}`;

    beforeAll(async () => {
      c = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
    });

    it('refuses implementation records before the agreement is signed (409)', async () => {
      const res = await t.http.post(path('updates')).set(c.company.auth).send({ note: 'Wir legen los.' }).expect(409);
      expect(res.body).toMatchObject({ code: 'COOPERATION_STATUS_CONFLICT', currentStatus: 'accepted', allowedStatuses: ['agreed', 'active'] });
      await t.http.post(path('deliveries')).set(c.company.auth).send({ description: 'Umzug', hours: 4, deliveredOn: '2031-03-02' }).expect(409);
    });

    it('records status updates and milestones of both parties', async () => {
      await signedByBoth(c);
      await act(t.ds, workflow, c.id, 'start', c.company);
      await t.http.post(path('updates')).set(c.company.auth).send({ note: 'Transporter sind gebucht.' }).expect(201);
      const u2 = (await t.http.post(path('updates')).set(c.nonprofit.auth).send({ note: 'Die Kisten sind gepackt.' }).expect(201)).body;
      expect(u2).toMatchObject({ authorOrganisationId: c.nonprofit.organisationId, authorUserId: c.nonprofit.userId });
      const updates = (await t.http.get(path('updates')).set(c.company.auth).expect(200)).body.items;
      expect(updates.map((u: { note: string }) => u.note)).toEqual(['Die Kisten sind gepackt.', 'Transporter sind gebucht.']);
      expect((await t.http.post(path('updates')).set(c.company.auth).send({ note: 'Wir zahlen 200 € dazu.' }).expect(422)).body.code).toBe('MONEY_NOT_ALLOWED');

      const late = (await t.http.post(path('milestones')).set(c.nonprofit.auth).send({ title: 'Einweihungsfest' }).expect(201)).body;
      const m = (await t.http.post(path('milestones')).set(c.company.auth).send({ title: 'Möbel im neuen Treff', dueOn: '2031-03-15' }).expect(201)).body;
      const done = (await t.http.post(path(`milestones/${m.id}/done`)).set(c.nonprofit.auth).expect(200)).body;
      expect(done.doneAt).toEqual(expect.any(String));
      expect((await t.http.post(path(`milestones/${m.id}/done`)).set(c.company.auth).expect(200)).body.doneAt).toBe(done.doneAt);
      const list = (await t.http.get(path('milestones')).set(c.nonprofit.auth).expect(200)).body.items;
      expect(list.map((x: { id: string }) => x.id)).toEqual([m.id, late.id]);
      await t.http.post(path(`milestones/${c.need.id}/done`)).set(c.company.auth).expect(404);
    });

    it('records deliveries by side, confirmed by the receiving side, and sums up agreed against delivered', async () => {
      const leistung = (await t.http.post(path('deliveries')).set(c.company.auth).send({ description: '8 Mitarbeitende beim Umzug', hours: 28, deliveredOn: '2031-03-12' }).expect(201)).body;
      expect(leistung).toMatchObject({ side: 'company', hours: 28, quantity: null, unit: null, confirmedAt: null });
      const gegen = (await t.http.post(path('deliveries')).set(c.nonprofit.auth).send({ description: 'Dankeschön-Fest mit 30 Gästen', deliveredOn: '2031-03-28' }).expect(201)).body;
      expect(gegen.side).toBe('nonprofit');

      const noUnit = await t.http.post(path('deliveries')).set(c.company.auth).send({ description: 'Kisten', quantity: 30, deliveredOn: '2031-03-12' }).expect(400);
      expect(noUnit.body.errors).toEqual([expect.objectContaining({ field: 'unit', reason: 'unitRequired' })]);
      expect((await t.http.post(path('deliveries')).set(c.company.auth).send({ description: 'Bargeld für die Kasse', deliveredOn: '2031-03-12' }).expect(422)).body.code).toBe(
        'MONEY_NOT_ALLOWED',
      );

      // The side that recorded a delivery does not confirm it itself.
      expect((await t.http.post(path(`deliveries/${leistung.id}/confirm`)).set(c.company.auth).expect(403)).body.code).toBe('FORBIDDEN');
      const confirmed = (await t.http.post(path(`deliveries/${leistung.id}/confirm`)).set(c.nonprofit.auth).expect(200)).body;
      expect(confirmed.confirmedByUserId).toBe(c.nonprofit.userId);
      await t.http.post(path(`deliveries/${c.need.id}/confirm`)).set(c.nonprofit.auth).expect(404);

      const before = (await t.http.get(path('deliveries/summary')).set(c.company.auth).expect(200)).body;
      expect(before).toEqual({
        agreementVersion: 1,
        agreed: { hours: 40, quantity: 40, unit: 'hours', giveBackKind: 'thank_you_event' },
        delivered: { hours: 28, quantity: 28, confirmedHours: 28, confirmedQuantity: 28, records: 1 },
        realisation: 0.7,
        giveBack: { delivered: true, confirmed: false, records: 1 },
      });
      await t.http.post(path(`deliveries/${gegen.id}/confirm`)).set(c.company.auth).expect(200);
      expect((await t.http.get(path('deliveries/summary')).set(c.nonprofit.auth).expect(200)).body.giveBack).toEqual({ delivered: true, confirmed: true, records: 1 });
      expect((await t.http.get(path('deliveries')).set(c.nonprofit.auth).expect(200)).body.items).toHaveLength(2);
    });

    it('still takes deliveries once completed, but no more updates', async () => {
      await act(t.ds, workflow, c.id, 'complete', c.company);
      await t.http.post(path('deliveries')).set(c.nonprofit.auth).send({ description: 'Wirkungsbericht verschickt', deliveredOn: '2031-04-02' }).expect(201);
      await t.http.post(path('updates')).set(c.nonprofit.auth).send({ note: 'Danke!' }).expect(409);
    });
  });

  describe('authorisation on every route', () => {
    let c: AcceptedCooperation;
    let v1: Agreement;
    let milestoneId: string;
    let deliveryId: string;

    beforeAll(async () => {
      c = await acceptedCooperation(t.ds, t.http, tree.quarter.id);
      v1 = await signedByBoth(c);
      await draft(c, c.company, { place: 'Stadtteilhaus' });
      milestoneId = (await t.http.post(`/v1/cooperations/${c.id}/milestones`).set(c.company.auth).send({ title: 'Start' }).expect(201)).body.id;
      deliveryId = (await t.http.post(`/v1/cooperations/${c.id}/deliveries`).set(c.company.auth).send({ description: 'Umzug', hours: 2, deliveredOn: '2031-03-02' }).expect(201)).body.id;
    });

    const reads = () => [
      `/v1/cooperations/${c.id}/agreements`,
      `/v1/cooperations/${c.id}/agreements/1`,
      `/v1/cooperations/${c.id}/updates`,
      `/v1/cooperations/${c.id}/milestones`,
      `/v1/cooperations/${c.id}/deliveries`,
      `/v1/cooperations/${c.id}/deliveries/summary`,
    ];
    const writes = (): Array<['post' | 'put' | 'delete', string, object | undefined]> => [
      ['post', `/v1/cooperations/${c.id}/agreements`, agreementBody()],
      ['put', `/v1/cooperations/${c.id}/agreements/2`, agreementBody()],
      ['delete', `/v1/cooperations/${c.id}/agreements/2`, undefined],
      ['post', `/v1/cooperations/${c.id}/agreements/2/sign`, { contentHash: v1.contentHash }],
      ['post', `/v1/cooperations/${c.id}/updates`, { note: 'Läuft.' }],
      ['post', `/v1/cooperations/${c.id}/milestones`, { title: 'Mitte' }],
      ['post', `/v1/cooperations/${c.id}/milestones/${milestoneId}/done`, undefined],
      ['post', `/v1/cooperations/${c.id}/deliveries`, { description: 'Umzug', hours: 2, deliveredOn: '2031-03-02' }],
      ['post', `/v1/cooperations/${c.id}/deliveries/${deliveryId}/confirm`, undefined],
    ];

    it('anonymous: 401 everywhere', async () => {
      for (const url of reads()) await t.http.get(url).expect(401);
      for (const [method, url, body] of writes()) await t.http[method](url).send(body).expect(401);
    });

    it('another organisation: 404 everywhere (the cooperation stays private)', async () => {
      for (const url of reads()) expect((await t.http.get(url).set(outsider.auth).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
      for (const [method, url, body] of writes()) expect((await t.http[method](url).set(outsider.auth).send(body).expect(404)).body.code).toBe('COOPERATION_NOT_FOUND');
    });

    it('an organiser of another district: 404', async () => {
      const far = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id], tree.otherQuarter.id);
      await t.http.get(reads()[0]).set(far.auth).expect(404);
    });

    it.each(['organiser', 'admin'])('the district\'s %s reads everything and writes nothing (403)', async (who) => {
      const m = who === 'organiser' ? organiser : admin;
      for (const url of reads()) await t.http.get(url).set(m.auth).expect(200);
      for (const [method, url, body] of writes()) expect((await t.http[method](url).set(m.auth).send(body).expect(403)).body.code).toBe('FORBIDDEN');
    });

    it('the parties read everything', async () => {
      for (const url of reads()) {
        await t.http.get(url).set(c.nonprofit.auth).expect(200);
        await t.http.get(url).set(c.company.auth).expect(200);
      }
    });
  });
});
