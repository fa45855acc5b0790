import { randomUUID } from 'node:crypto';
import { EventsService } from '../../src/modules/events/events.service';
import { MatchingEngine } from '../../src/modules/matching/matching.engine';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, publishedNeed, publishedOffer, signup, type Member, type Tree } from '../factories';
import { makeOrganiser, proposal, readyCompany, readyNonprofit } from '../factories/cooperations-core';
import { agreementBody } from '../factories/cooperations';

interface FeedEvent {
  id: string;
  seq: number;
  type: string;
  occurredAt: string;
  public: boolean;
  organisationIds: string[];
  districtId: string | null;
  data: Record<string, unknown>;
}
interface FeedPage {
  items: FeedEvent[];
  nextCursor: string;
}

describe('the change feed (GET /v1/events)', () => {
  let t: TestApp;
  let tree: Tree;
  let np: Member;
  let co: Member;
  let other: Member;
  let admin: Member;
  let events: EventsService;
  let coopId: string;
  let needId: string;

  beforeAll(async () => {
    // a database of its own: the feed is global, other suites' public events would show up in it
    t = await createTestApp({}, { ownDatabase: 'events_feed' });
    tree = await makeTree(t.ds);
    np = await readyNonprofit(t.http, tree.quarter.id);
    co = await readyCompany(t.http, tree.quarter.id);
    other = await signup(t.http, 'nonprofit', tree.otherQuarter.id);
    admin = await makeAdmin(t.ds, t.http);
    events = t.app.get(EventsService);
  });
  afterAll(() => t.close());

  const page = async (m: Member, query: Record<string, string | number> = {}): Promise<FeedPage> =>
    (await t.http.get('/v1/events').query(query).set(m.auth).expect(200)).body as FeedPage;

  /** Every event the member can see after `after`, page by page. */
  async function readAll(m: Member, query: Record<string, string | number> = {}): Promise<{ items: FeedEvent[]; cursor: string }> {
    const items: FeedEvent[] = [];
    let after = query.after as string | undefined;
    for (;;) {
      const p = await page(m, { ...query, ...(after ? { after } : {}) });
      items.push(...p.items);
      expect(p.nextCursor).toEqual(expect.any(String));
      after = p.nextCursor;
      if (p.items.length < Number(query.limit ?? 100)) return { items, cursor: after };
    }
  }

  const sequenced = (id: string) =>
    waitFor(async () => {
      const [row] = (await t.ds.query(`SELECT seq FROM domain_events WHERE id = $1`, [id])) as Array<{ seq: string | null }>;
      return row?.seq ? Number(row.seq) : undefined;
    }, `event ${id} to be sequenced`);

  const eventsWhere = async (type: string, key: string, value: string) =>
    (await t.ds.query(`SELECT id, seq FROM domain_events WHERE type = $1 AND data->>$2 = $3 ORDER BY occurred_at`, [type, key, value])) as Array<{ id: string; seq: string | null }>;

  /** The id of the event of this type about this record, once it is in the feed. */
  const eventAbout = (type: string, key: string, value: string) =>
    waitFor(async () => {
      const rows = await eventsWhere(type, key, value);
      return rows.length && rows.every((r) => r.seq) ? rows[rows.length - 1].id : undefined;
    }, `${type} about ${value}`);

  it('shows public events to everybody signed in, and private ones only to the organisations they concern (admins: all)', async () => {
    const need = await publishedNeed(t.http, np);
    needId = need.id;
    const coop = await proposal(t.http, co, { needId });
    coopId = coop.id;
    await t.http.post(`/v1/cooperations/${coopId}/accept`).set(np.auth).expect(200);
    const published = await eventAbout('need.published', 'needId', needId);
    const proposed = await eventAbout('cooperation.proposed', 'cooperationId', coopId);
    const accepted = await eventAbout('cooperation.accepted', 'cooperationId', coopId);

    const ids = async (m: Member) => (await readAll(m)).items.map((e) => e.id);
    for (const party of [np, co, admin]) expect(await ids(party)).toEqual(expect.arrayContaining([published, proposed, accepted]));
    // a member of another organisation, and an organiser (of another district, or of this one): public events only
    const elsewhere = await makeOrganiser(t.ds, t.http, [tree.otherBorough.id]);
    const here = await makeOrganiser(t.ds, t.http, [tree.city.id]);
    for (const m of [other, elsewhere, here]) {
      const seen = await ids(m);
      expect(seen).toContain(published);
      expect(seen).not.toContain(proposed);
      expect(seen).not.toContain(accepted);
    }

    const feed = (await readAll(np)).items;
    const needEvent = feed.find((e) => e.id === published)!;
    expect(needEvent).toMatchObject({
      type: 'need.published',
      public: true,
      organisationIds: [np.organisationId],
      districtId: tree.quarter.id,
      data: { needId, organisationId: np.organisationId, title: need.title, category: 'time', districtId: tree.quarter.id, status: 'published', republished: false, version: need.version },
    });
    expect(Object.keys(needEvent.data).sort()).toEqual(['category', 'districtId', 'needId', 'organisationId', 'publishedAt', 'republished', 'status', 'title', 'version']);
    const acceptedEvent = feed.find((e) => e.id === accepted)!;
    expect(acceptedEvent).toMatchObject({
      type: 'cooperation.accepted',
      public: false,
      districtId: tree.quarter.id,
      data: { cooperationId: coopId, status: 'accepted', previousStatus: 'proposed', action: 'accept', nonprofitId: np.organisationId, companyId: co.organisationId, needId, actorOrganisationId: np.organisationId },
    });
    expect(acceptedEvent.organisationIds.sort()).toEqual([np.organisationId, co.organisationId].sort());
    expect(feed.find((e) => e.id === proposed)).toMatchObject({ data: { previousStatus: null, action: 'propose', status: 'proposed', actorOrganisationId: co.organisationId } });
    // the proposal before its acceptance, in feed order
    expect(feed.findIndex((e) => e.id === proposed)).toBeLessThan(feed.findIndex((e) => e.id === accepted));
  });

  it('emits agreement.signed with the second signature, private to both parties, and cooperation.agreed with it', async () => {
    const base = `/v1/cooperations/${coopId}/agreements`;
    const draft = (await t.http.post(base).set(co.auth).send(agreementBody()).expect(201)).body as { version: number; contentHash: string; id: string };
    await t.http.post(`${base}/${draft.version}/sign`).set(co.auth).send({ contentHash: draft.contentHash }).expect(200);
    expect(await eventsWhere('agreement.signed', 'cooperationId', coopId)).toHaveLength(0);
    await t.http.post(`${base}/${draft.version}/sign`).set(np.auth).send({ contentHash: draft.contentHash }).expect(200);
    const signed = await eventAbout('agreement.signed', 'cooperationId', coopId);
    const agreed = await eventAbout('cooperation.agreed', 'cooperationId', coopId);
    const feed = (await readAll(co)).items;
    expect(feed.find((e) => e.id === signed)).toMatchObject({
      public: false,
      data: { agreementId: draft.id, cooperationId: coopId, version: 1, nonprofitId: np.organisationId, companyId: co.organisationId, startsOn: '2031-03-01', endsOn: '2031-03-31' },
    });
    expect(feed.find((e) => e.id === agreed)).toMatchObject({ data: { status: 'agreed', previousStatus: 'accepted', action: 'agree' } });
    const outsider = (await readAll(other)).items.map((e) => e.id);
    expect(outsider).not.toContain(signed);
    expect(outsider).not.toContain(agreed);
  });

  it('orders by seq, and a cursor resumes exactly after the last event seen, page by page', async () => {
    const whole = (await readAll(np, { limit: 500 })).items;
    expect(whole.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < whole.length; i++) expect(whole[i].seq).toBeGreaterThan(whole[i - 1].seq);
    const paged = await readAll(np, { limit: 2 });
    expect(paged.items.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    // at the end: nothing new, the cursor stays where it is
    const again = await page(np, { after: paged.cursor, limit: 2 });
    expect(again).toEqual({ items: [], nextCursor: paged.cursor });
    // one page of two, then the rest from its cursor
    const first = await page(np, { limit: 2 });
    const rest = await readAll(np, { after: first.nextCursor, limit: 500 });
    expect([...first.items, ...rest.items].map((e) => e.id)).toEqual(whole.map((e) => e.id));
  });

  it('never skips an event whose transaction commits later, although it happened earlier (commit order, not time)', async () => {
    const { cursor: start } = await readAll(np);
    const data = (n: string) => ({
      cooperationId: randomUUID(),
      status: 'cancelled' as const,
      previousStatus: 'proposed' as const,
      action: 'cancel' as const,
      nonprofitId: np.organisationId,
      companyId: co.organisationId,
      needId: null,
      offerId: null,
      marketplaceId: null,
      districtId: tree.quarter.id,
      proposedByOrganisationId: co.organisationId,
      actorOrganisationId: np.organisationId,
      note: n,
    });
    const emit = (manager: Parameters<EventsService['emit']>[0], n: string) =>
      events.emit(manager, { type: 'cooperation.cancelled', organisationIds: [np.organisationId, co.organisationId], public: false, districtId: tree.quarter.id, data: data(n) });

    const slow = t.ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const early = await emit(slow.manager, 'early, committed last');
    const late = await t.ds.transaction((m) => emit(m, 'late, committed first'));
    const lateSeq = await sequenced(late);

    const seen = await readAll(np, { after: start });
    expect(seen.items.map((e) => e.id)).toEqual([late]);
    // the uncommitted event is not in the feed yet: its position is not taken
    expect((await t.ds.query(`SELECT seq FROM domain_events WHERE id = $1`, [early])) as unknown[]).toEqual([]);

    await slow.commitTransaction();
    await slow.release();
    const earlySeq = await sequenced(early);
    expect(earlySeq).toBeGreaterThan(lateSeq);
    const next = await readAll(np, { after: seen.cursor });
    expect(next.items.map((e) => e.id)).toEqual([early]);
    expect(Date.parse(next.items[0].occurredAt)).toBeLessThanOrEqual(Date.parse(seen.items[0].occurredAt));
    // and from the start, both, in commit order
    expect((await readAll(np, { after: start })).items.map((e) => e.id)).toEqual([late, early]);
  });

  it('moves the cursor past events the caller may not see, so a poller neither rescans them nor misses later ones', async () => {
    const { cursor } = await readAll(other);
    const hidden = await t.ds.transaction((m) =>
      events.emit(m, {
        type: 'cooperation.expired',
        organisationIds: [np.organisationId, co.organisationId],
        public: false,
        districtId: tree.quarter.id,
        data: { cooperationId: randomUUID(), status: 'expired', previousStatus: 'proposed', action: 'expire', nonprofitId: np.organisationId, companyId: co.organisationId, needId: null, offerId: null, marketplaceId: null, districtId: tree.quarter.id, proposedByOrganisationId: co.organisationId, actorOrganisationId: null },
      }),
    );
    await sequenced(hidden);
    const empty = await page(other, { after: cursor });
    expect(empty.items).toEqual([]);
    expect(empty.nextCursor).not.toBe(cursor);
    const need = await publishedNeed(t.http, np, { title: 'Lesepaten für die Grundschule' });
    await eventAbout('need.published', 'needId', need.id);
    const next = await readAll(other, { after: empty.nextCursor });
    expect(next.items.map((e) => [e.type, e.data.needId])).toEqual([['need.published', need.id]]);
  });

  it('filters by event type and by family', async () => {
    const coops = (await readAll(np, { types: 'cooperation.*' })).items;
    expect(coops.length).toBeGreaterThanOrEqual(4);
    expect(coops.every((e) => e.type.startsWith('cooperation.'))).toBe(true);
    const two = (await readAll(np, { types: 'need.published,cooperation.accepted' })).items;
    expect(new Set(two.map((e) => e.type))).toEqual(new Set(['need.published', 'cooperation.accepted']));
    const repeated = (await t.http.get('/v1/events?types=agreement.signed&types=cooperation.agreed').set(np.auth).expect(200)).body as FeedPage;
    expect(new Set(repeated.items.map((e) => e.type))).toEqual(new Set(['agreement.signed', 'cooperation.agreed']));
  });

  it('emits match.created for new pairs only: a rematch of existing pairs emits nothing', async () => {
    const nonprofit = await signup(t.http, 'nonprofit', tree.quarter2.id);
    const company = await signup(t.http, 'company', tree.quarter2.id);
    const need = await publishedNeed(t.http, nonprofit, { title: 'Umzugskartons schleppen im Jugendhaus' });
    await publishedOffer(t.http, company);
    const match = await waitFor(async () => {
      const rows = (await t.ds.query(`SELECT id FROM matches WHERE need_id = $1 AND offer_organisation_id = $2`, [need.id, company.organisationId])) as Array<{ id: string }>;
      return rows[0]?.id;
    }, 'the match');
    const created = await eventAbout('match.created', 'matchId', match);
    const count = async () => Number(((await t.ds.query(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'match.created'`)) as Array<{ n: number }>)[0].n);
    const before = await count();
    const engine = t.app.get(MatchingEngine);
    await engine.matchNeed(need.id);
    await engine.rematchDistrict(tree.quarter2.id);
    expect(await count()).toBe(before);
    expect(await eventsWhere('match.created', 'matchId', match)).toHaveLength(1);

    const event = (await readAll(company, { types: 'match.created' })).items.find((e) => e.id === created)!;
    expect(event).toMatchObject({
      public: false,
      districtId: tree.quarter2.id,
      data: { matchId: match, needId: need.id, needOrganisationId: nonprofit.organisationId, offerOrganisationId: company.organisationId, districtId: tree.quarter2.id, score: expect.any(Number) },
    });
    expect((await readAll(nonprofit, { types: 'match.created' })).items.map((e) => e.id)).toContain(created);
    expect((await readAll(other, { types: 'match.created' })).items).toEqual([]);
  });

  it('announces marketplaces publicly, and nothing about drafts', async () => {
    const organiser = await makeOrganiser(t.ds, t.http, [tree.borough.id]);
    const body = (name: string) => ({
      quarterIds: [tree.quarter.id],
      name,
      place: 'Kulturzentrum, Neckarstraße 12',
      startsAt: '2031-05-01T16:00:00.000Z',
      endsAt: '2031-05-01T17:45:00.000Z',
      capacity: 10,
      tables: 5,
    });
    const opened = (await t.http.post('/v1/marketplaces').set(organiser.auth).send(body('Marktplatz Hallschlag')).expect(201)).body as { id: string };
    const dropped = (await t.http.post('/v1/marketplaces').set(organiser.auth).send(body('Marktplatz Entwurf')).expect(201)).body as { id: string };
    await t.http.post(`/v1/marketplaces/${opened.id}/open`).set(organiser.auth).expect(200);
    await t.http.post(`/v1/marketplaces/${dropped.id}/cancel`).set(organiser.auth).expect(200);
    await t.http.post(`/v1/marketplaces/${opened.id}/close`).set(organiser.auth).expect(200);
    const openedEvent = await eventAbout('marketplace.opened', 'marketplaceId', opened.id);
    await eventAbout('marketplace.closed', 'marketplaceId', opened.id);
    const seen = (await readAll(other, { types: 'marketplace.*' })).items;
    expect(seen.map((e) => [e.type, e.data.marketplaceId])).toEqual([
      ['marketplace.opened', opened.id],
      ['marketplace.closed', opened.id],
    ]);
    expect(seen.find((e) => e.id === openedEvent)).toMatchObject({
      public: true,
      districtId: tree.quarter.id,
      data: { name: 'Marktplatz Hallschlag', status: 'open', previousStatus: 'draft', quarterIds: [tree.quarter.id], roundId: null, startsAt: '2031-05-01T16:00:00.000Z' },
    });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM domain_events WHERE data->>'marketplaceId' = $1`, [dropped.id])) as unknown[]).toEqual([{ n: 0 }]);
  });

  it('refuses bad cursors, unknown types and anonymous callers', async () => {
    const bad = await t.http.get('/v1/events?after=not-a-cursor').set(np.auth).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ field: 'after', reason: 'invalidCursor' }] });
    const forged = Buffer.from(JSON.stringify({ s: 'events', v: '1; DROP TABLE domain_events' })).toString('base64url');
    expect((await t.http.get(`/v1/events?after=${forged}`).set(np.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
    const type = await t.http.get('/v1/events?types=need.published,bedarf.*').set(np.auth).expect(400);
    expect(type.body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get('/v1/events?limit=501').set(np.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get('/v1/events').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });
});
