import { AppError } from '../../src/common/errors/error-codes';
import { COMPANY_V1, NONPROFIT_V1 } from '../../src/modules/readiness/questionnaires';
import { ReadinessService } from '../../src/modules/readiness/readiness.service';
import { makeAdmin, makeTree, Member, signup, Tree } from '../factories';
import { COMPANY_LOGISTICS, NONPROFIT_PREPARED, NONPROFIT_STARTING } from '../factories/readiness';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('readiness check (UPJ step 3)', () => {
  let t: TestApp;
  let tree: Tree;
  let admin: Member;
  let np: Member;
  let company: Member;
  let otherNp: Member;
  let organiser: Member; // organiser of the borough (an ancestor of np's Quartier)
  let farOrganiser: Member; // organiser of another borough
  let readiness: ReadinessService;

  const route = (m: Member | string) => `/v1/organisations/${typeof m === 'string' ? m : m.organisationId}/readiness`;

  const makeOrganiser = async (districtIds: string[]) => {
    const m = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
    await t.http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
    return m;
  };

  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
    admin = await makeAdmin(t.ds, t.http);
    np = await signup(t.http, 'nonprofit', tree.quarter.id);
    company = await signup(t.http, 'company', tree.quarter2.id);
    otherNp = await signup(t.http, 'nonprofit', tree.quarter.id);
    organiser = await makeOrganiser([tree.borough.id]);
    farOrganiser = await makeOrganiser([tree.otherBorough.id]);
    readiness = t.app.get(ReadinessService);
  });
  afterAll(() => t.close());

  describe('questionnaires', () => {
    it.each([
      ['nonprofit', NONPROFIT_V1],
      ['company', COMPANY_V1],
    ] as const)('serves the active %s questionnaire to anyone, German and English, as seeded by the migration', async (kind, def) => {
      const res = await t.http.get(`/v1/readiness/questionnaires/${kind}`).expect(200);
      expect(res.body).toMatchObject({ kind, version: `${kind}.v1`, active: true, id: expect.any(String) });
      expect(res.body.definition).toEqual(JSON.parse(JSON.stringify(def)));
      expect(res.body.definition.questions[0].text).toEqual({ de: expect.any(String), en: expect.any(String) });
    });

    it('refuses an unknown kind (400 naming the parameter)', async () => {
      const res = await t.http.get('/v1/readiness/questionnaires/charity').expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'kind' })] });
    });

    it('allows only one active version per kind (database rule)', async () => {
      await expect(
        t.ds.query(`INSERT INTO readiness_questionnaires (kind, version, definition, active) VALUES ('nonprofit', 'nonprofit.test', '{}', true)`),
      ).rejects.toThrow(/readiness_questionnaires_one_active_per_kind/);
      await expect(
        t.ds.query(`INSERT INTO readiness_questionnaires (kind, version, definition, active) VALUES ('nonprofit', 'nonprofit.v1', '{}', false)`),
      ).rejects.toThrow(/readiness_questionnaires_kind_version_key/);
    });
  });

  describe('before the check', () => {
    it('answers 404 READINESS_CHECK_NOT_FOUND saying what to do next', async () => {
      const res = await t.http.get(route(np)).set(np.auth).expect(404);
      expect(res.body).toMatchObject({
        code: 'READINESS_CHECK_NOT_FOUND',
        step: 3,
        done: false,
        organisationId: np.organisationId,
        questionnaire: 'GET /v1/readiness/questionnaires/nonprofit',
        next: `POST /v1/organisations/${np.organisationId}/readiness`,
      });
      expect(res.body.detail).toMatch(/Schritt 3.*Step 3/s);
    });

    it('isDone is false and assertDone throws READINESS_CHECK_REQUIRED (409) with a German and English message', async () => {
      expect(await readiness.isDone(company.organisationId)).toBe(false);
      const error = await readiness.assertDone(company.organisationId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('READINESS_CHECK_REQUIRED');
      expect(appError.status).toBe(409);
      expect(appError.details).toEqual({ step: 3, organisationId: company.organisationId, next: `POST /v1/organisations/${company.organisationId}/readiness` });
      expect(appError.message).toMatch(/^Schritt 3 fehlt: .*Step 3 is missing: /s);
    });
  });

  describe('submitting', () => {
    it('scores a nonprofit\'s answers (hand-computed: 100, 67, 75, 57, 57, 100 → 76) and keeps them', async () => {
      const res = await t.http.post(route(np)).set(np.auth).send({ answers: NONPROFIT_PREPARED, version: 'nonprofit.v1' }).expect(201);
      expect(res.body).toMatchObject({
        organisationId: np.organisationId,
        questionnaireVersion: 'nonprofit.v1',
        completedBy: np.userId,
        result: { questionnaireVersion: 'nonprofit.v1', overall: { score: 76, level: 'high' } },
      });
      expect(res.body.result.dimensions.map((d: { id: string; score: number; level: string; points: number; maxPoints: number }) => [d.id, d.points, d.maxPoints, d.score, d.level])).toEqual([
        ['goals', 4, 4, 100, 'high'],
        ['resources', 6, 9, 67, 'medium'],
        ['contact', 3, 4, 75, 'high'],
        ['mandate', 4, 7, 57, 'medium'],
        ['giveBack', 4, 7, 57, 'medium'],
        ['expectations', 6, 6, 100, 'high'],
      ]);
      expect(res.body.result.strengths.map((s: { dimension: string }) => s.dimension)).toEqual(['goals', 'expectations', 'contact']);
      expect(res.body.result.recommendations.map((r: { dimension: string; questionId: string | null }) => [r.dimension, r.questionId])).toEqual([
        ['mandate', null],
        ['giveBack', null],
        ['resources', null],
        ['contact', 'contact.deputy'],
      ]);
      expect(res.body.result.recommendations[3]).toMatchObject({ de: expect.stringMatching(/Vertretung/), en: expect.stringMatching(/deputy/) });
      expect(res.body.answers['goals.summary']).toBe('Der Jugendtreff zieht um; wir suchen Helfende und Transport.');

      const row = (await t.ds.query(`SELECT overall_score, completed_by, answers FROM readiness_checks WHERE id = $1`, [res.body.id]))[0];
      expect(row).toMatchObject({ overall_score: 76, completed_by: np.userId });
      expect(row.answers['giveBack.kinds']).toEqual(['insight', 'thank-you']);
    });

    it('scores a company\'s answers on the company variant (hand-computed: 100, 67, 75, 67, 50, 88 → 74.5 → 75)', async () => {
      const res = await t.http.post(route(company)).set(company.auth).send({ answers: COMPANY_LOGISTICS }).expect(201);
      expect(res.body.questionnaireVersion).toBe('company.v1');
      expect(res.body.result.overall).toEqual({ score: 75, level: 'high' });
      expect(Object.fromEntries(res.body.result.dimensions.map((d: { id: string; score: number }) => [d.id, d.score]))).toEqual({
        goals: 100,
        staffTime: 67,
        decisionMaker: 75,
        contact: 67,
        contribution: 50,
        expectations: 88,
      });
      expect(res.body.result.strengths.map((s: { dimension: string }) => s.dimension)).toEqual(['goals', 'expectations', 'decisionMaker']);
      expect(res.body.result.recommendations.map((r: { dimension: string }) => r.dimension)).toEqual(['contribution', 'staffTime', 'contact']);
    });

    it('afterwards isDone is true and assertDone passes, also inside a caller\'s transaction', async () => {
      expect(await readiness.isDone(np.organisationId)).toBe(true);
      await expect(readiness.assertDone(company.organisationId)).resolves.toBeUndefined();
      await t.ds.transaction(async (manager) => {
        expect(await readiness.isDone(np.organisationId, manager)).toBe(true);
        await expect(readiness.assertDone(np.organisationId, manager)).resolves.toBeUndefined();
        await expect(readiness.assertDone(otherNp.organisationId, manager)).rejects.toMatchObject({ code: 'READINESS_CHECK_REQUIRED' });
      });
    });

    it('a check written in the caller\'s uncommitted transaction counts there only', async () => {
      const org = await signup(t.http, 'nonprofit', tree.quarter.id);
      const q = (await t.ds.query(`SELECT id FROM readiness_questionnaires WHERE kind = 'nonprofit' AND active`))[0];
      await t.ds
        .transaction(async (manager) => {
          await manager.query(`INSERT INTO readiness_checks (organisation_id, questionnaire_id, answers, result, overall_score) VALUES ($1, $2, '{}', '{}', 0)`, [org.organisationId, q.id]);
          expect(await readiness.isDone(org.organisationId, manager)).toBe(true);
          expect(await readiness.isDone(org.organisationId)).toBe(false);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect(await readiness.isDone(org.organisationId)).toBe(false);
    });
  });

  describe('validation (400, nothing stored)', () => {
    let fresh: Member;
    beforeAll(async () => {
      fresh = await signup(t.http, 'nonprofit', tree.quarter.id);
    });
    afterAll(async () => {
      expect(await readiness.isDone(fresh.organisationId)).toBe(false);
    });

    const without = (key: string) => Object.fromEntries(Object.entries(NONPROFIT_PREPARED).filter(([k]) => k !== key));

    it.each([
      ['a missing required answer', { answers: without('mandate.board') }, 'answers.mandate.board', 'required'],
      ['an unknown question', { answers: { ...NONPROFIT_PREPARED, 'goals.budget': 'viel' } }, 'answers.goals.budget', 'unknownQuestion'],
      ['a wrong option', { answers: { ...NONPROFIT_PREPARED, 'goals.concreteness': 'perfect' } }, 'answers.goals.concreteness', 'invalidOption'],
      ['a scale value out of range', { answers: { ...NONPROFIT_PREPARED, 'resources.capacity': 9 } }, 'answers.resources.capacity', 'outOfRange'],
      ['an exclusive option with others', { answers: { ...NONPROFIT_PREPARED, 'giveBack.kinds': ['nothing', 'insight'] } }, 'answers.giveBack.kinds', 'exclusiveOption'],
      ['the company variant\'s questions', { answers: { ...NONPROFIT_PREPARED, 'staffTime.hoursPerYear': 'over-100' } }, 'answers.staffTime.hoursPerYear', 'unknownQuestion'],
      ['no answers at all', {}, 'answers', 'isObject'],
      ['answers as a list', { answers: [] }, 'answers', 'isObject'],
      ['an outdated questionnaire version', { answers: NONPROFIT_PREPARED, version: 'nonprofit.v0' }, 'version', 'notActive'],
      ['an unknown body field', { answers: NONPROFIT_PREPARED, score: 100 }, 'score', 'unknownField'],
    ])('refuses %s', async (_, body, field, reason) => {
      const res = await t.http.post(route(fresh)).set(fresh.auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason })]));
    });

    it('lists every problem at once', async () => {
      const res = await t.http
        .post(route(fresh))
        .set(fresh.auth)
        .send({ answers: { ...without('expectations.agreement'), 'contact.responsible': 'ja', 'foo': 1 } })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['answers.contact.responsible', 'answers.expectations.agreement', 'answers.foo']);
    });
  });

  describe('who may read and submit', () => {
    it('anonymous: 401 on every organisation route', async () => {
      await t.http.get(route(np)).expect(401);
      await t.http.post(route(np)).send({ answers: NONPROFIT_PREPARED }).expect(401);
      await t.http.get(`${route(np)}/history`).expect(401);
    });

    it('another organisation: 403 reading, submitting and listing', async () => {
      expect((await t.http.get(route(np)).set(otherNp.auth).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.get(`${route(np)}/history`).set(otherNp.auth).expect(403);
      await t.http.post(route(np)).set(otherNp.auth).send({ answers: NONPROFIT_PREPARED }).expect(403);
      await t.http.post(route(np)).set(company.auth).send({ answers: COMPANY_LOGISTICS }).expect(403);
    });

    it('organiser of the district (or a district above it) may read, not submit', async () => {
      const res = await t.http.get(route(np)).set(organiser.auth).expect(200);
      expect(res.body.latest.result.overall.score).toBe(76);
      await t.http.get(`${route(np)}/history`).set(organiser.auth).expect(200);
      await t.http.post(route(np)).set(organiser.auth).send({ answers: NONPROFIT_PREPARED }).expect(403);
      // the company sits in quarter2 of the same borough
      await t.http.get(route(company)).set(organiser.auth).expect(200);
    });

    it('organiser of another district may not read', async () => {
      await t.http.get(route(np)).set(farOrganiser.auth).expect(403);
      await t.http.get(`${route(np)}/history`).set(farOrganiser.auth).expect(403);
    });

    it('admins may read, not submit (the answers are the organisation\'s own)', async () => {
      await t.http.get(route(np)).set(admin.auth).expect(200);
      await t.http.post(route(np)).set(admin.auth).send({ answers: NONPROFIT_PREPARED }).expect(403);
    });

    it('unknown organisation 404, malformed id 400', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await t.http.get(route(missing)).set(admin.auth).expect(404)).body.code).toBe('ORGANISATION_NOT_FOUND');
      await t.http.post(route(missing)).set(np.auth).send({ answers: NONPROFIT_PREPARED }).expect(404);
      await t.http.get(route('not-a-uuid')).set(np.auth).expect(400);
    });
  });

  describe('history', () => {
    let org: Member;
    const ids: string[] = [];
    beforeAll(async () => {
      org = await signup(t.http, 'nonprofit', tree.quarter.id);
      for (const answers of [NONPROFIT_STARTING, NONPROFIT_PREPARED, NONPROFIT_STARTING]) {
        ids.push((await t.http.post(route(org)).set(org.auth).send({ answers }).expect(201)).body.id);
      }
    });

    it('every submission is kept; the latest counts', async () => {
      const res = await t.http.get(route(org)).set(org.auth).expect(200);
      expect(res.body).toMatchObject({ organisationId: org.organisationId, done: true, latest: { id: ids[2], result: { overall: { score: 2, level: 'low' } } } });
      expect(res.body.history.count).toBe(3);
      expect(res.body.history.recent.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(res.body.history.recent.map((c: { overall: { score: number } }) => c.overall.score)).toEqual([2, 76, 2]);
      expect(new Date(res.body.history.firstAt).getTime()).toBeLessThanOrEqual(new Date(res.body.latest.createdAt).getTime());
    });

    it('pages newest first with a cursor', async () => {
      const first = await t.http.get(`${route(org)}/history?limit=2`).set(org.auth).expect(200);
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.items[0]).toMatchObject({ questionnaireVersion: 'nonprofit.v1', completedBy: org.userId, dimensions: expect.arrayContaining([{ id: 'mandate', score: 14, level: 'low' }]) });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http.get(`${route(org)}/history?limit=2&cursor=${first.body.nextCursor}`).set(org.auth).expect(200);
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('refuses a made-up cursor and a bad limit', async () => {
      expect((await t.http.get(`${route(org)}/history?cursor=abc`).set(org.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
      await t.http.get(`${route(org)}/history?limit=0`).set(org.auth).expect(400);
    });

    it('an organisation without checks has an empty history', async () => {
      const res = await t.http.get(`${route(otherNp)}/history`).set(otherNp.auth).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });
});
