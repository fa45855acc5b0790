import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { MatchingEngine } from '../../src/modules/matching/matching.engine';
import { makeTree, publishedNeed, publishedOffer, signup, type Member } from '../factories';

/** Scores read the organisations' profiles: a change there rescoring their published items. */
describe('matching: profile changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Found = { score: number; offer: { id: string }; breakdown: { components: Array<{ name: string; value: number }> } };
  /** The pair of this need and this offer (other suites' offers may serve the same place). */
  const matchOf = async (np: Member, needId: string, offerId: string) => {
    const res = await t.http.get(`/v1/needs/${needId}/matches?limit=100`).set(np.auth).expect(200);
    return (res.body.items as Found[]).find((m) => m.offer.id === offerId);
  };
  const causes = (m: { breakdown: { components: Array<{ name: string; value: number }> } }) => m.breakdown.components.find((c) => c.name === 'causes')!.value;

  it("rescoring follows a company's new preferred cause areas and a nonprofit's new cause areas", async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id, { causeAreas: ['quality-education'] });
    const co = await signup(t.http, 'company', tree.quarter.id, { engagement: { causeAreas: ['climate-action'] } });
    const need = await publishedNeed(t.http, np);
    const offer = await publishedOffer(t.http, co);
    const first = await waitFor(() => matchOf(np, need.id, offer.id), 'the first match');
    expect(causes(first)).toBe(0);

    const profile = await t.http.get(`/v1/organisations/${co.organisationId}`).set(co.auth).expect(200);
    await t.http
      .patch(`/v1/organisations/${co.organisationId}`)
      .set(co.auth)
      .set('If-Match', `"${profile.body.version}"`)
      .send({ engagement: { causeAreas: ['quality-education', 'climate-action'] } })
      .expect(200);
    const second = await waitFor(async () => {
      const m = await matchOf(np, need.id, offer.id);
      return m && causes(m) === 1 ? m : undefined;
    }, 'the rescored match after the company profile change');
    expect(second.score).toBeGreaterThan(first.score);

    const npProfile = await t.http.get(`/v1/organisations/${np.organisationId}`).set(np.auth).expect(200);
    await t.http
      .patch(`/v1/organisations/${np.organisationId}`)
      .set(np.auth)
      .set('If-Match', `"${npProfile.body.version}"`)
      .send({ causeAreas: ['no-poverty'] })
      .expect(200);
    await waitFor(async () => {
      const m = await matchOf(np, need.id, offer.id);
      return m && causes(m) === 0 ? m : undefined;
    }, 'the rescored match after the nonprofit profile change');
  });

  it('a profile change the score does not read enqueues nothing', async () => {
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    await publishedNeed(t.http, np);
    const before = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'trigger' LIKE 'org%'`))[0].n;
    const profile = await t.http.get(`/v1/organisations/${np.organisationId}`).set(np.auth).expect(200);
    await t.http.patch(`/v1/organisations/${np.organisationId}`).set(np.auth).set('If-Match', `"${profile.body.version}"`).send({ description: 'Neu beschrieben' }).expect(200);
    const after = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'trigger' LIKE 'org%'`))[0].n;
    expect(after).toBe(before);
  });

  it('scores with a snapshot of the tag statistics that rematch-all refreshes, the same in every process', async () => {
    const engine = t.app.get(MatchingEngine);
    const before = await engine.tagStatistics();
    const tree = await makeTree(t.ds);
    const np = await signup(t.http, 'nonprofit', tree.quarter.id);
    const tag = `seltenesschlagwort${Date.now()}`;
    await publishedNeed(t.http, np, { tags: [tag] });
    // a new listing does not move the snapshot: every job until the next refresh scores alike
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM tag_statistics WHERE tag = $1`, [tag]);
    expect(n).toBe(0);
    expect((await engine.tagStatistics()).total).toBe(before.total);
    const after = await engine.refreshTagStatistics();
    expect(after.df.get(tag)).toBe(1);
    expect(after.total).toBe(Number((await t.ds.query(`SELECT (SELECT count(*) FROM needs WHERE status = 'published') + (SELECT count(*) FROM offers WHERE status = 'published') AS n`))[0].n));
    const [{ tags, at }] = await t.ds.query(`SELECT count(DISTINCT refreshed_at)::int AS at, count(*)::int AS tags FROM tag_statistics`);
    expect(at).toBe(1);
    expect(tags).toBe(after.df.size);
  });
});
