import type { ErrorCode } from '../../../src/common/errors/error-codes';
import { agreementBody } from '../../factories/cooperations';
import { needBody, offerBody, uid } from '../../factories';
import { NONPROFIT_PREPARED } from '../../factories/readiness';
import type { World } from '../../factories/world';

/**
 * The object-level authorisation matrix: one entry (or several, with a label) per route of the
 * route table, saying which record of organisation A the request names (path parameters, query,
 * body filled from the world, test/factories/world.ts), who owns it, and what each attacker gets.
 * test/e2e/authorisation-matrix.e2e-spec.ts sends every entry as every attacker and checks the
 * answer, that nothing of A leaked, and that the database did not change; a route without an
 * entry (or an entry without a route) fails that suite.
 */

/** Who attacks: B's nonprofit member, A's other side (the company on the nonprofit's record and vice versa), an organiser of other districts, B's API key with every scope, nobody. */
export const ATTACKERS = ['otherOrg', 'partner', 'otherOrganiser', 'otherKey', 'anonymous'] as const;
export type Attacker = (typeof ATTACKERS)[number];

/** Who may do it (the positive control of a read is sent as this caller). */
export type Owner = 'na' | 'ca' | 'organiser' | 'broker' | 'admin' | 'anyone';

type Status = 401 | 403 | 404 | 409 | 422;
/**
 * - a status (optionally with the code it must carry, `'403 SELF_VERIFICATION'`): refused with
 *   problem+json; 401 is UNAUTHENTICATED, 403 FORBIDDEN and 404 the entry's `notFound` unless named;
 * - `public`: a public read (2xx) that shows nothing private of A;
 * - `own`: answered for the caller's own organisation only: reads are sent (2xx, nothing of A in
 *   them); writes of the caller's own records are legitimate and not sent, unless `ownChangesNothing`;
 * - `party`: the caller legitimately acts here (a party of the cooperation): not an attack, not sent;
 * - `refused`: any 4xx with problem+json (the exact answer is another suite's, e.g. login throttling).
 */
export type Outcome = Status | `${Status} ${ErrorCode}` | 'public' | 'own' | 'party' | 'refused';

export interface MatrixEntry {
  /** As in the route table: `PATCH /v1/needs/:id`. */
  route: string;
  /** Tells several entries of one route apart (another record, another state). */
  label?: string;
  owner: Owner;
  params?: (w: World) => Record<string, string | number>;
  query?: (w: World) => Record<string, string>;
  body?: (w: World) => Record<string, unknown>;
  /** The code every 404 of this entry carries. */
  notFound?: ErrorCode;
  otherOrg: Outcome;
  /** Default: as otherOrg. Who it is: A's company on a nonprofit's record, A's nonprofit otherwise (also a registered participant of A's marketplaces). */
  partner?: Outcome;
  partnerIs?: 'na' | 'ca';
  /** Default: as otherOrg. */
  otherOrganiser?: Outcome;
  /** Default: 403 on routes closed to keys (no scope), else as otherOrg (the key acts as a member of B). */
  otherKey?: Outcome;
  /** Default: 401 (the suite insists on a value for public routes). */
  anonymous?: Outcome;
  /** An `own` write sent anyway, because for the attackers it changes nothing (B has no unread notifications). */
  ownChangesNothing?: true;
  /** The owner's read is not expected to succeed in the world's state (says why). */
  noControl?: string;
  /** Besides the world's secrets: what no answer to an attacker of this entry may contain. */
  hidden?: (w: World) => string[];
  /** What no answer to an anonymous caller may contain (contact details are for signed-in users). */
  hiddenFromAnonymous?: (w: World) => string[];
}

const COOP = 'COOPERATION_NOT_FOUND' as const;
const WEBHOOK = 'WEBHOOK_NOT_FOUND' as const;
const CLIENT = 'API_CLIENT_NOT_FOUND' as const;

/** A cooperation's record: only the two parties act, its district's organisers and admins read; everybody else 404. */
const coopRoute = (route: string, coop: keyof World['coop'], extra: Partial<MatrixEntry> = {}): MatrixEntry => ({
  route,
  owner: 'na',
  params: (w) => ({ id: w.coop[coop] }),
  notFound: COOP,
  otherOrg: 404,
  partner: 'party',
  ...extra,
});

/** Run by the organisers of A's borough (and admins): everybody else 403; A's nonprofit is a registered participant. */
const organiserRoute = (route: string, params: MatrixEntry['params'], extra: Partial<MatrixEntry> = {}): MatrixEntry => ({ route, owner: 'organiser', params, otherOrg: 403, ...extra });

const weights = { category: 3, tags: 2, text: 2, distance: 2, quantity: 1, timeframe: 1, causes: 1, giveBack: 1, distanceHalfLifeKm: 5 };
const marketplaceBody = (w: World) => ({
  quarterIds: [w.tree.quarter.id],
  name: `Marktplatz Hallschlag ${uid()}`,
  place: 'Bürgerhaus Hallschlag',
  startsAt: '2031-05-14T16:00:00Z',
  endsAt: '2031-05-14T18:00:00Z',
  capacity: 40,
  tables: 10,
});

const ENTRIES: MatrixEntry[] = [
  // ---- infrastructure and accounts ------------------------------------------------------------
  { route: 'GET /health/live', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /health/ready', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'DELETE /admin/queues/session', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'POST /admin/queues/session', owner: 'admin', otherOrg: 403 },
  {
    route: 'POST /v1/auth/login',
    label: "A's e-mail with a wrong password",
    owner: 'anyone',
    body: (w) => ({ email: w.na.email, password: 'not the password of A at all' }),
    otherOrg: 'refused',
    anonymous: 'refused',
    noControl: 'a wrong password',
  },
  {
    route: 'POST /v1/auth/signup',
    label: "A's e-mail",
    owner: 'anyone',
    body: (w) => ({ email: w.na.email, password: 'another horse battery staple', displayName: 'Mallory', organisation: { kind: 'nonprofit', name: `Übernahme ${uid()} e.V.`, districtId: w.tree.quarter.id } }),
    otherOrg: 'refused',
    anonymous: 'refused',
    noControl: 'the e-mail is taken',
  },
  { route: 'GET /v1/me', owner: 'na', otherOrg: 'own' },
  // A's company is told about the cooperations it shares with A's nonprofit: its own inbox, rightly
  // personal data: one's own export and deletion; another organisation's export and deletion are refused
  // A's company's own export names the cooperations and notifications it shares with A's nonprofit, rightly
  { route: 'GET /v1/me/export', owner: 'na', otherOrg: 'own', partner: 'party' },
  { route: 'DELETE /v1/me', owner: 'na', body: () => ({ password: 'nicht-das-richtige-passwort' }), otherOrg: 'own' },
  { route: 'GET /v1/organisations/:id/export', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'DELETE /v1/organisations/:id', owner: 'na', params: (w) => ({ id: w.na.organisationId }), body: () => ({ password: 'nicht-das-richtige-passwort' }), otherOrg: 403 },
  { route: 'GET /v1/me/notifications', owner: 'na', otherOrg: 'own', partner: 'party' },
  { route: 'POST /v1/me/notifications/read-all', owner: 'na', otherOrg: 'own', partner: 'party', ownChangesNothing: true },
  { route: 'POST /v1/me/notifications/:id/read', owner: 'na', params: (w) => ({ id: w.notification }), notFound: 'NOTIFICATION_NOT_FOUND', otherOrg: 404 },
  { route: 'PUT /v1/users/:id/organiser-districts', owner: 'admin', params: (w) => ({ id: w.na.userId }), body: (w) => ({ districtIds: [w.tree.borough.id] }), otherOrg: 403 },

  // ---- districts, matching, reports -----------------------------------------------------------
  { route: 'GET /v1/districts', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/districts/:id', owner: 'anyone', params: (w) => ({ id: w.tree.quarter.id }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/districts/:id/matching-weights', owner: 'anyone', params: (w) => ({ id: w.tree.quarter.id }), otherOrg: 'public', anonymous: 'public' },
  {
    route: 'POST /v1/districts',
    owner: 'admin',
    body: (w) => ({ name: 'Neugereut', slug: `neugereut-${uid()}`, level: 'quarter', parentId: w.tree.borough.id, lat: 48.82, lon: 9.24 }),
    otherOrg: 403,
  },
  { route: 'PATCH /v1/districts/:id', owner: 'admin', params: (w) => ({ id: w.tree.quarter.id }), body: () => ({ name: 'Übernommen' }), otherOrg: 403 },
  { route: 'DELETE /v1/districts/:id', owner: 'admin', params: (w) => ({ id: w.tree.quarter.id }), otherOrg: 403 },
  { route: 'PUT /v1/districts/:id/matching-weights', owner: 'admin', params: (w) => ({ id: w.tree.city.id }), body: () => weights, otherOrg: 403 },
  organiserRoute('POST /v1/districts/:id/rematch', (w) => ({ id: w.tree.quarter.id })),
  { route: 'POST /v1/matching/rematch-all', owner: 'admin', otherOrg: 403 },
  { route: 'GET /v1/jobs/:id', owner: 'organiser', params: (w) => ({ id: w.job }), notFound: 'JOB_NOT_FOUND', otherOrg: 404 },
  organiserRoute('GET /v1/reports/districts/:id', (w) => ({ id: w.tree.borough.id })),
  organiserRoute('GET /v1/reports/districts/:id', (w) => ({ id: w.tree.borough.id }), { label: 'CSV', query: () => ({ format: 'csv' }) }),
  organiserRoute('GET /v1/matches', undefined, { query: (w) => ({ districtId: w.tree.quarter.id }) }),

  // ---- organisations: profile, journey, readiness, shortlist, trust ---------------------------
  { route: 'GET /v1/organisations', owner: 'anyone', query: (w) => ({ districtId: w.tree.quarter.id }), otherOrg: 'public', anonymous: 'public', hiddenFromAnonymous: (w) => [w.naContactEmail] },
  { route: 'GET /v1/organisations/:id', owner: 'anyone', params: (w) => ({ id: w.na.organisationId }), otherOrg: 'public', anonymous: 'public', hiddenFromAnonymous: (w) => [w.naContactEmail] },
  { route: 'PATCH /v1/organisations/:id', label: 'the nonprofit', owner: 'na', params: (w) => ({ id: w.na.organisationId }), body: () => ({ description: 'Übernommen.' }), otherOrg: 403 },
  { route: 'PATCH /v1/organisations/:id', label: 'the company', owner: 'ca', params: (w) => ({ id: w.ca.organisationId }), body: () => ({ description: 'Übernommen.' }), otherOrg: 403 },
  { route: 'GET /v1/organisations/:id/journey', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'GET /v1/organisations/:id/marketplace-history', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'GET /v1/organisations/:id/readiness', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'GET /v1/organisations/:id/readiness/history', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'POST /v1/organisations/:id/readiness', owner: 'na', params: (w) => ({ id: w.na.organisationId }), body: () => ({ answers: NONPROFIT_PREPARED }), otherOrg: 403 },
  { route: 'GET /v1/readiness/questionnaires/:kind', owner: 'anyone', params: () => ({ kind: 'nonprofit' }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/organisations/:id/shortlist', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  { route: 'POST /v1/organisations/:id/shortlist', owner: 'na', params: (w) => ({ id: w.na.organisationId }), body: (w) => ({ offerId: w.offer.published }), otherOrg: 403 },
  {
    route: 'PATCH /v1/organisations/:id/shortlist/:entryId',
    owner: 'na',
    params: (w) => ({ id: w.na.organisationId, entryId: w.shortlistEntry }),
    body: () => ({ note: 'Übernommen' }),
    otherOrg: 403,
  },
  { route: 'DELETE /v1/organisations/:id/shortlist/:entryId', owner: 'na', params: (w) => ({ id: w.na.organisationId, entryId: w.shortlistEntry }), otherOrg: 403 },
  { route: 'GET /v1/organisations/:id/verification/history', owner: 'na', params: (w) => ({ id: w.na.organisationId }), otherOrg: 403 },
  {
    route: 'PUT /v1/organisations/:id/verification',
    owner: 'organiser',
    params: (w) => ({ id: w.na.organisationId }),
    body: () => ({ basis: 'charitable_status', note: 'Selbst bestätigt.' }),
    otherOrg: 403,
    partner: '403 SELF_VERIFICATION',
  },
  {
    route: 'DELETE /v1/organisations/:id/verification',
    owner: 'organiser',
    params: (w) => ({ id: w.na.organisationId }),
    body: () => ({ reason: 'Bescheid abgelaufen.' }),
    otherOrg: 403,
    partner: '403 SELF_VERIFICATION',
  },

  // ---- needs (the nonprofit's) and offers (the company's) --------------------------------------
  { route: 'GET /v1/needs', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/needs', label: "A's, drafts included for members", owner: 'anyone', query: (w) => ({ organisationId: w.na.organisationId }), otherOrg: 'public', partnerIs: 'ca', anonymous: 'public' },
  { route: 'GET /v1/needs/:id', label: 'published', owner: 'anyone', params: (w) => ({ id: w.need.published }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/needs/:id', label: 'draft', owner: 'na', params: (w) => ({ id: w.need.draft }), notFound: 'NEED_NOT_FOUND', otherOrg: 404, anonymous: 404 },
  { route: 'POST /v1/needs', owner: 'na', body: () => needBody(), otherOrg: 'own', partner: '403 WRONG_ORGANISATION_KIND', otherOrganiser: '403 WRONG_ORGANISATION_KIND' },
  { route: 'PATCH /v1/needs/:id', label: 'published', owner: 'na', params: (w) => ({ id: w.need.published }), body: () => ({ title: 'Übernommener Bedarf' }), otherOrg: 403 },
  { route: 'PATCH /v1/needs/:id', label: 'draft', owner: 'na', params: (w) => ({ id: w.need.draft }), body: () => ({ title: 'Übernommener Bedarf' }), notFound: 'NEED_NOT_FOUND', otherOrg: 404 },
  { route: 'POST /v1/needs/:id/:action', label: 'withdraw the published', owner: 'na', params: (w) => ({ id: w.need.published, action: 'withdraw' }), otherOrg: 403 },
  { route: 'POST /v1/needs/:id/:action', label: 'publish the draft', owner: 'na', params: (w) => ({ id: w.need.draft, action: 'publish' }), notFound: 'NEED_NOT_FOUND', otherOrg: 404 },
  { route: 'DELETE /v1/needs/:id', label: 'draft', owner: 'na', params: (w) => ({ id: w.need.draft }), notFound: 'NEED_NOT_FOUND', otherOrg: 404 },
  { route: 'DELETE /v1/needs/:id', label: 'published', owner: 'na', params: (w) => ({ id: w.need.published }), otherOrg: 403 },
  { route: 'GET /v1/offers', owner: 'anyone', otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/offers', label: "A's, drafts included for members", owner: 'anyone', query: (w) => ({ organisationId: w.ca.organisationId }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/offers/:id', label: 'published', owner: 'anyone', params: (w) => ({ id: w.offer.published }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/offers/:id', label: 'draft', owner: 'ca', params: (w) => ({ id: w.offer.draft }), notFound: 'OFFER_NOT_FOUND', otherOrg: 404, anonymous: 404 },
  { route: 'POST /v1/offers', owner: 'ca', body: () => offerBody(), otherOrg: '403 WRONG_ORGANISATION_KIND' },
  { route: 'PATCH /v1/offers/:id', label: 'published', owner: 'ca', params: (w) => ({ id: w.offer.published }), body: () => ({ title: 'Übernommenes Angebot' }), otherOrg: 403 },
  { route: 'PATCH /v1/offers/:id', label: 'draft', owner: 'ca', params: (w) => ({ id: w.offer.draft }), body: () => ({ title: 'Übernommenes Angebot' }), notFound: 'OFFER_NOT_FOUND', otherOrg: 404 },
  { route: 'POST /v1/offers/:id/:action', label: 'pause the published', owner: 'ca', params: (w) => ({ id: w.offer.published, action: 'pause' }), otherOrg: 403 },
  { route: 'POST /v1/offers/:id/:action', label: 'publish the draft', owner: 'ca', params: (w) => ({ id: w.offer.draft, action: 'publish' }), notFound: 'OFFER_NOT_FOUND', otherOrg: 404 },
  { route: 'DELETE /v1/offers/:id', label: 'draft', owner: 'ca', params: (w) => ({ id: w.offer.draft }), notFound: 'OFFER_NOT_FOUND', otherOrg: 404 },
  { route: 'DELETE /v1/offers/:id', label: 'published', owner: 'ca', params: (w) => ({ id: w.offer.published }), otherOrg: 403 },

  // ---- matches --------------------------------------------------------------------------------
  { route: 'GET /v1/needs/:id/matches', label: 'published', owner: 'na', params: (w) => ({ id: w.need.published }), otherOrg: 403 },
  { route: 'GET /v1/needs/:id/matches', label: 'draft', owner: 'na', params: (w) => ({ id: w.need.draft }), notFound: 'NEED_NOT_FOUND', otherOrg: 404 },
  // organisers see an offer's matches in their own districts: none of A's
  { route: 'GET /v1/offers/:id/matches', label: 'published', owner: 'ca', params: (w) => ({ id: w.offer.published }), otherOrg: 403, otherOrganiser: 'own' },
  { route: 'GET /v1/offers/:id/matches', label: 'draft', owner: 'ca', params: (w) => ({ id: w.offer.draft }), notFound: 'OFFER_NOT_FOUND', otherOrg: 404 },
  { route: 'GET /v1/matches/:id', owner: 'na', params: (w) => ({ id: w.match }), notFound: 'MATCH_NOT_FOUND', otherOrg: 404, partner: 'party' },
  { route: 'POST /v1/matches/:id/interest', owner: 'na', params: (w) => ({ id: w.match }), notFound: 'MATCH_NOT_FOUND', otherOrg: 404, partner: 'party' },
  { route: 'POST /v1/matches/:id/dismiss', owner: 'na', params: (w) => ({ id: w.match }), notFound: 'MATCH_NOT_FOUND', otherOrg: 404, partner: 'party' },
  { route: 'DELETE /v1/matches/:id/reaction', owner: 'na', params: (w) => ({ id: w.match }), notFound: 'MATCH_NOT_FOUND', otherOrg: 404, partner: 'party' },

  // ---- cooperations, agreements, implementation, evaluation, follow-ups ------------------------
  {
    route: 'POST /v1/cooperations',
    label: "A's need with A's offer",
    owner: 'ca',
    body: (w) => ({ needId: w.need.published, offerId: w.offer.published, message: 'Wir vermitteln das für euch, versprochen.' }),
    otherOrg: '422 PROPOSAL_NOT_POSSIBLE',
    partner: 'party',
    otherOrganiser: 403,
  },
  { route: 'GET /v1/cooperations', owner: 'na', otherOrg: 'own', partner: 'party' },
  organiserRoute('GET /v1/cooperations', undefined, { label: "A's borough", query: (w) => ({ districtId: w.tree.borough.id }) }),
  { route: 'GET /v1/cooperations', label: "filtered by A's need and offer", owner: 'na', query: (w) => ({ needId: w.need.active, offerId: w.offer.published }), otherOrg: 'own', partner: 'party' },
  coopRoute('GET /v1/cooperations/:id', 'active'),
  coopRoute('GET /v1/cooperations/:id/history', 'active'),
  coopRoute('GET /v1/cooperations/:id/messages', 'active'),
  coopRoute('POST /v1/cooperations/:id/messages', 'active', { body: () => ({ body: 'Wir übernehmen das jetzt.' }) }),
  // only the receiver (the nonprofit) answers; the company sent it
  coopRoute('POST /v1/cooperations/:id/accept', 'proposed', { body: () => ({}), partner: 403 }),
  coopRoute('POST /v1/cooperations/:id/decline', 'proposed', { body: () => ({ reason: 'Kein Interesse mehr.' }), partner: 403 }),
  coopRoute('POST /v1/cooperations/:id/cancel', 'active', { body: () => ({ reason: 'Übernommen.' }) }),
  coopRoute('POST /v1/cooperations/:id/start', 'active', { body: () => ({}) }),
  coopRoute('POST /v1/cooperations/:id/complete', 'active', { body: () => ({}) }),
  coopRoute('GET /v1/cooperations/:id/agreements', 'active'),
  coopRoute('GET /v1/cooperations/:id/agreements/:version', 'active', { params: (w) => ({ id: w.coop.active, version: w.agreement.signed.version }) }),
  coopRoute('POST /v1/cooperations/:id/agreements', 'accepted', { body: () => agreementBody(), noControl: 'a draft is open' }),
  coopRoute('PUT /v1/cooperations/:id/agreements/:version', 'accepted', { params: (w) => ({ id: w.coop.accepted, version: w.agreement.draft.version }), body: () => agreementBody({ place: 'Bei uns' }) }),
  coopRoute('DELETE /v1/cooperations/:id/agreements/:version', 'accepted', { params: (w) => ({ id: w.coop.accepted, version: w.agreement.draft.version }) }),
  coopRoute('POST /v1/cooperations/:id/agreements/:version/sign', 'accepted', {
    params: (w) => ({ id: w.coop.accepted, version: w.agreement.draft.version }),
    body: (w) => ({ contentHash: w.agreement.draft.contentHash }),
  }),
  coopRoute('GET /v1/cooperations/:id/updates', 'active'),
  coopRoute('POST /v1/cooperations/:id/updates', 'active', { body: () => ({ note: 'Alles abgesagt.' }) }),
  coopRoute('GET /v1/cooperations/:id/milestones', 'active'),
  coopRoute('POST /v1/cooperations/:id/milestones', 'active', { body: () => ({ title: 'Übernahme' }) }),
  coopRoute('POST /v1/cooperations/:id/milestones/:mid/done', 'active', { params: (w) => ({ id: w.coop.active, mid: w.milestone }) }),
  coopRoute('GET /v1/cooperations/:id/deliveries', 'active'),
  coopRoute('GET /v1/cooperations/:id/deliveries/summary', 'active'),
  coopRoute('POST /v1/cooperations/:id/deliveries', 'active', { body: () => ({ description: 'Nichts geliefert.', deliveredOn: '2031-03-13', hours: 1 }) }),
  // the company recorded it: only the nonprofit (the receiving side) confirms
  coopRoute('POST /v1/cooperations/:id/deliveries/:did/confirm', 'active', { params: (w) => ({ id: w.coop.active, did: w.delivery }), partner: 403 }),
  coopRoute('GET /v1/cooperations/:id/evaluations', 'completed'),
  coopRoute('POST /v1/cooperations/:id/evaluations', 'completed', { body: () => ({ rating: 1, whatWorked: 'Nichts.', wouldCooperateAgain: false }) }),
  coopRoute('GET /v1/cooperations/:id/follow-ups', 'notary'),
  coopRoute('POST /v1/cooperations/:id/follow-ups', 'notary', { body: () => ({ stage: 'first', outcome: 'not_carried_out' }) }),

  // ---- marketplaces ---------------------------------------------------------------------------
  organiserRoute('POST /v1/marketplaces', undefined, { body: marketplaceBody }),
  { route: 'GET /v1/marketplaces', owner: 'anyone', query: (w) => ({ districtId: w.tree.borough.id }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/marketplaces', label: 'drafts', owner: 'organiser', query: (w) => ({ districtId: w.tree.borough.id, status: 'draft' }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/marketplaces/:id', label: 'open', owner: 'anyone', params: (w) => ({ id: w.mp.open }), otherOrg: 'public', anonymous: 'public' },
  { route: 'GET /v1/marketplaces/:id', label: 'draft', owner: 'organiser', params: (w) => ({ id: w.mp.draft }), notFound: 'MARKETPLACE_NOT_FOUND', otherOrg: 404, anonymous: 404 },
  organiserRoute('PATCH /v1/marketplaces/:id', (w) => ({ id: w.mp.open }), { label: 'open', body: () => ({ name: 'Übernommen' }) }),
  organiserRoute('PATCH /v1/marketplaces/:id', (w) => ({ id: w.mp.draft }), { label: 'draft', body: () => ({ name: 'Übernommen' }), notFound: 'MARKETPLACE_NOT_FOUND', otherOrg: 404 }),
  organiserRoute('POST /v1/marketplaces/:id/open', (w) => ({ id: w.mp.draft }), { notFound: 'MARKETPLACE_NOT_FOUND', otherOrg: 404 }),
  organiserRoute('POST /v1/marketplaces/:id/close', (w) => ({ id: w.mp.open })),
  organiserRoute('POST /v1/marketplaces/:id/reopen', (w) => ({ id: w.mp.scheduled })),
  organiserRoute('POST /v1/marketplaces/:id/start', (w) => ({ id: w.mp.scheduled })),
  organiserRoute('POST /v1/marketplaces/:id/finish', (w) => ({ id: w.mp.running })),
  organiserRoute('POST /v1/marketplaces/:id/report', (w) => ({ id: w.mp.finished })),
  organiserRoute('POST /v1/marketplaces/:id/cancel', (w) => ({ id: w.mp.open })),
  organiserRoute('GET /v1/marketplaces/:id/report', (w) => ({ id: w.mp.finished })),
  organiserRoute('GET /v1/marketplaces/:id/report', (w) => ({ id: w.mp.finished }), { label: 'CSV', query: () => ({ format: 'csv' }) }),
  {
    route: 'POST /v1/marketplaces/:id/registrations',
    label: "registering A's nonprofit",
    owner: 'admin',
    params: (w) => ({ id: w.mp.open }),
    body: (w) => ({ organisationId: w.na.organisationId, listedPublicly: true }),
    otherOrg: 403,
    partnerIs: 'ca',
  },
  // the registrations of the caller's own organisation only (A's company sees its own, not A's nonprofit's)
  organiserRoute('GET /v1/marketplaces/:id/registrations', (w) => ({ id: w.mp.open }), { otherOrg: 'own', partnerIs: 'ca', partner: 'own', otherOrganiser: 403 }),
  {
    route: 'DELETE /v1/marketplaces/:id/registrations/:organisationId',
    owner: 'na',
    params: (w) => ({ id: w.mp.open, organisationId: w.na.organisationId }),
    otherOrg: 403,
  },
  // A's nonprofit and company are registered, not listed publicly (the default)
  { route: 'GET /v1/marketplaces/:id/participants', owner: 'anyone', params: (w) => ({ id: w.mp.open }), otherOrg: 'public', anonymous: 'public', hidden: (w) => [w.na.organisationId, w.ca.organisationId] },
  organiserRoute('POST /v1/marketplaces/:id/registrations/:organisationId/check-in', (w) => ({ id: w.mp.running, organisationId: w.na.organisationId }), { owner: 'broker' }),
  organiserRoute('GET /v1/marketplaces/:id/brokers', (w) => ({ id: w.mp.running })),
  // B appoints itself
  organiserRoute('PUT /v1/marketplaces/:id/brokers/:userId', (w) => ({ id: w.mp.running, userId: w.b.userId })),
  organiserRoute('DELETE /v1/marketplaces/:id/brokers/:userId', (w) => ({ id: w.mp.running, userId: w.broker.userId })),
  organiserRoute('GET /v1/marketplaces/:id/notary-agreements', (w) => ({ id: w.mp.finished }), { owner: 'broker', noControl: 'the broker is appointed for the running marketplace' }),
  organiserRoute('POST /v1/marketplaces/:id/notary-agreements', (w) => ({ id: w.mp.running }), {
    owner: 'broker',
    body: (w) => ({ nonprofitId: w.na.organisationId, companyId: w.ca.organisationId, needId: w.need.running, agreement: agreementBody() }),
  }),
  {
    route: 'PUT /v1/marketplaces/:id/meeting-wishes/:partnerId',
    label: 'open',
    owner: 'na',
    params: (w) => ({ id: w.mp.open, partnerId: w.ca.organisationId }),
    body: () => ({ wish: 'declined' }),
    otherOrg: 403,
    partner: 'party',
  },
  {
    route: 'PUT /v1/marketplaces/:id/meeting-wishes/:partnerId',
    label: 'draft',
    owner: 'na',
    params: (w) => ({ id: w.mp.draft, partnerId: w.ca.organisationId }),
    body: () => ({ wish: 'declined' }),
    notFound: 'MARKETPLACE_NOT_FOUND',
    otherOrg: 404,
    partner: 404,
  },
  { route: 'GET /v1/marketplaces/:id/meeting-wishes', owner: 'na', params: (w) => ({ id: w.mp.open }), otherOrg: 'own', partner: 'party', otherOrganiser: 403 },
  { route: 'GET /v1/marketplaces/:id/suggestions', owner: 'na', params: (w) => ({ id: w.mp.open }), query: (w) => ({ organisationId: w.na.organisationId }), otherOrg: 403 },
  { route: 'GET /v1/marketplaces/:id/agenda', owner: 'na', params: (w) => ({ id: w.mp.scheduled }), query: (w) => ({ organisationId: w.na.organisationId }), otherOrg: 403 },
  { route: 'GET /v1/marketplaces/:id/agenda', label: 'iCalendar', owner: 'na', params: (w) => ({ id: w.mp.scheduled }), query: (w) => ({ organisationId: w.na.organisationId, format: 'ics' }), otherOrg: 403 },
  organiserRoute('POST /v1/marketplaces/:id/schedule', (w) => ({ id: w.mp.scheduled })),
  organiserRoute('GET /v1/marketplaces/:id/schedules', (w) => ({ id: w.mp.scheduled })),
  organiserRoute('GET /v1/marketplaces/:id/schedules/:version', (w) => ({ id: w.mp.scheduled, version: w.scheduleVersion })),
  organiserRoute('POST /v1/marketplaces/:id/schedules/:version/publish', (w) => ({ id: w.mp.scheduled, version: w.scheduleVersion })),
  organiserRoute('GET /v1/marketplaces/:id/table-plan', (w) => ({ id: w.mp.scheduled })),
  organiserRoute('GET /v1/marketplaces/:id/table-plan', (w) => ({ id: w.mp.scheduled }), { label: 'a version, printable', query: (w) => ({ version: String(w.scheduleVersion), format: 'html' }) }),

  // ---- rounds ---------------------------------------------------------------------------------
  organiserRoute('POST /v1/rounds', undefined, {
    body: (w) => ({ districtId: w.tree.borough.id, name: 'Übernommene Runde', periodStart: '2031-06-01', periodEnd: '2031-06-30', candidateDates: ['2031-06-18'], targetMin: 2, targetMax: 10 }),
  }),
  organiserRoute('GET /v1/rounds', undefined, { otherOrganiser: 'own' }),
  organiserRoute('GET /v1/rounds', undefined, { label: "A's borough", query: (w) => ({ districtId: w.tree.borough.id }), otherOrganiser: 'own' }),
  organiserRoute('GET /v1/rounds/:id', (w) => ({ id: w.round })),
  organiserRoute('PATCH /v1/rounds/:id', (w) => ({ id: w.round }), { body: () => ({ name: 'Übernommene Runde' }) }),
  organiserRoute('GET /v1/rounds/:id/venues', (w) => ({ id: w.round })),
  organiserRoute('POST /v1/rounds/:id/venues', (w) => ({ id: w.round }), {
    body: (w) => ({ districtId: w.tree.quarter.id, name: 'Keller', lat: 48.81, lon: 9.21, capacity: 10, tables: 2 }),
  }),
  organiserRoute('DELETE /v1/rounds/:id/venues/:venueId', (w) => ({ id: w.round, venueId: w.venue })),
  organiserRoute('POST /v1/rounds/:id/plan', (w) => ({ id: w.round })),
  organiserRoute('GET /v1/rounds/:id/plan', (w) => ({ id: w.round })),
  organiserRoute('PUT /v1/rounds/:id/plan', (w) => ({ id: w.round }), { body: (w) => ({ events: [{ quarterIds: [w.tree.quarter.id], venueId: w.venue, date: '2031-03-20' }] }) }),
  organiserRoute('POST /v1/rounds/:id/confirm', (w) => ({ id: w.round }), { body: () => ({}) }),
  organiserRoute('POST /v1/rounds/:id/cancel', (w) => ({ id: w.round })),
  organiserRoute('GET /v1/rounds/:id/report', (w) => ({ id: w.round })),
  organiserRoute('GET /v1/rounds/:id/report', (w) => ({ id: w.round }), { label: 'CSV', query: () => ({ format: 'csv' }) }),

  // ---- the partner API: events, webhooks, API clients -----------------------------------------
  // the feed has the events of the cooperations A's company shares with A's nonprofit: its own, rightly
  { route: 'GET /v1/events', owner: 'na', otherOrg: 'own', partner: 'party' },
  { route: 'GET /v1/events', label: "the types of A's private events", owner: 'na', query: () => ({ types: 'cooperation.*,agreement.signed,match.created' }), otherOrg: 'own', partner: 'party' },
  { route: 'POST /v1/webhooks', owner: 'na', body: () => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['need.published'] }), otherOrg: 'own', otherOrganiser: 403 },
  { route: 'GET /v1/webhooks', owner: 'na', otherOrg: 'own', otherOrganiser: 'own' },
  { route: 'GET /v1/webhooks', label: "filtered by A's nonprofit", owner: 'na', query: (w) => ({ organisationId: w.na.organisationId }), otherOrg: 'own', otherOrganiser: 'own' },
  ...(
    [
      ['GET /v1/webhooks/:id', undefined],
      ['PATCH /v1/webhooks/:id', () => ({ description: 'Übernommen' })],
      ['DELETE /v1/webhooks/:id', undefined],
      ['POST /v1/webhooks/:id/rotate-secret', () => ({ graceHours: 0 })],
      ['POST /v1/webhooks/:id/enable', undefined],
      ['POST /v1/webhooks/:id/disable', undefined],
      ['POST /v1/webhooks/:id/ping', undefined],
      ['GET /v1/webhooks/:id/deliveries', undefined],
    ] as const
  ).map(([route, body]): MatrixEntry => ({ route, owner: 'na', params: (w) => ({ id: w.webhook }), body, notFound: WEBHOOK, otherOrg: 404 })),
  { route: 'GET /v1/webhooks/:id/deliveries/:deliveryId', owner: 'na', params: (w) => ({ id: w.webhook, deliveryId: w.webhookDelivery }), notFound: WEBHOOK, otherOrg: 404 },
  { route: 'POST /v1/webhooks/:id/deliveries/:deliveryId/redeliver', owner: 'na', params: (w) => ({ id: w.webhook, deliveryId: w.webhookDelivery }), notFound: WEBHOOK, otherOrg: 404 },
  {
    route: 'POST /v1/api-clients',
    label: "for A's nonprofit",
    owner: 'na',
    body: (w) => ({ name: 'Übernahme', scopes: ['needs:*'], organisationIds: [w.na.organisationId] }),
    otherOrg: 403,
  },
  { route: 'GET /v1/api-clients', owner: 'na', otherOrg: 'own', otherOrganiser: 403 },
  { route: 'GET /v1/api-clients', label: "filtered by A's nonprofit", owner: 'na', query: (w) => ({ organisationId: w.na.organisationId }), otherOrg: 'own', otherOrganiser: 403 },
  { route: 'GET /v1/api-clients/:id', owner: 'na', params: (w) => ({ id: w.apiClient }), notFound: CLIENT, otherOrg: 404, otherOrganiser: 403 },
  { route: 'GET /v1/api-clients/:id/audit', owner: 'na', params: (w) => ({ id: w.apiClient }), notFound: CLIENT, otherOrg: 404, otherOrganiser: 403 },
  { route: 'POST /v1/api-clients/:id/rotate', owner: 'na', params: (w) => ({ id: w.apiClient }), body: () => ({ graceHours: 0 }), notFound: CLIENT, otherOrg: 404, otherOrganiser: 403 },
  { route: 'POST /v1/api-clients/:id/revoke', owner: 'na', params: (w) => ({ id: w.apiClient }), notFound: CLIENT, otherOrg: 404, otherOrganiser: 403 },
];

/**
 * Every route of a marketplace, once more on a draft: nobody but its organisers may learn that it
 * exists, so every attacker gets 404 (B's key 403 where keys are closed out), whatever the route.
 */
const ON_DRAFT_MARKETPLACE: Record<string, Partial<MatrixEntry>> = {
  // refused for naming another organisation before any marketplace is looked at: 403 for every id, so it tells nothing
  'POST /v1/marketplaces/:id/registrations': { otherOrg: 403, partner: 403, otherOrganiser: 403 },
};
const onDraftMarketplace = (entries: MatrixEntry[]): MatrixEntry[] =>
  entries
    .filter((e) => e.route.includes(' /v1/marketplaces/:id') && !e.label?.includes('draft') && !e.route.endsWith('/open'))
    .filter((e, i, all) => all.findIndex((x) => x.route === e.route) === i)
    .map((e) => ({
      ...e,
      label: e.label ? `${e.label}, on a draft marketplace` : 'on a draft marketplace',
      params: (w: World) => ({ ...e.params!(w), id: w.mp.draft }),
      notFound: 'MARKETPLACE_NOT_FOUND' as const,
      otherOrg: 404,
      partner: 404,
      otherOrganiser: 404,
      otherKey: undefined,
      anonymous: e.anonymous === 'public' ? 404 : e.anonymous,
      noControl: 'the draft has no registrations, schedule or report',
      ...ON_DRAFT_MARKETPLACE[e.route],
    }));

export const MATRIX: MatrixEntry[] = [...ENTRIES, ...onDraftMarketplace(ENTRIES)];

/**
 * Positive controls for writes, one per resource family, sent as the owner after the matrix: each
 * must succeed and change the database, so the matrix cannot pass because the world is broken
 * or the snapshot blind. (Every read entry's owner is checked in the matrix itself.)
 */
export const WRITE_CONTROLS: Array<{ route: string; label?: string }> = [
  { route: 'PATCH /v1/organisations/:id', label: 'the nonprofit' },
  { route: 'PATCH /v1/needs/:id', label: 'published' },
  { route: 'PATCH /v1/offers/:id', label: 'draft' },
  { route: 'POST /v1/organisations/:id/readiness' },
  { route: 'PATCH /v1/organisations/:id/shortlist/:entryId' },
  { route: 'PUT /v1/organisations/:id/verification' },
  { route: 'POST /v1/matches/:id/interest' },
  { route: 'POST /v1/cooperations/:id/messages' },
  { route: 'PUT /v1/cooperations/:id/agreements/:version' },
  { route: 'POST /v1/cooperations/:id/deliveries/:did/confirm' },
  { route: 'POST /v1/cooperations/:id/evaluations' },
  { route: 'POST /v1/cooperations/:id/follow-ups' },
  { route: 'PATCH /v1/marketplaces/:id', label: 'open' },
  { route: 'PUT /v1/marketplaces/:id/meeting-wishes/:partnerId', label: 'open' },
  { route: 'POST /v1/marketplaces/:id/registrations/:organisationId/check-in' },
  { route: 'PATCH /v1/rounds/:id' },
  { route: 'PATCH /v1/webhooks/:id' },
  { route: 'POST /v1/api-clients/:id/rotate' },
  { route: 'POST /v1/me/notifications/:id/read' },
  { route: 'POST /v1/marketplaces/:id/notary-agreements' },
  { route: 'POST /v1/marketplaces/:id/schedule' },
  { route: 'PUT /v1/marketplaces/:id/brokers/:userId' },
  { route: 'PATCH /v1/districts/:id' },
  { route: 'PUT /v1/users/:id/organiser-districts' },
];
