/**
 * The demo's cooperation workflow (issue 4, the six UPJ steps): an organiser login for the city,
 * readiness checks (step 3), verification badges, shortlists (step 4) and twelve cooperations
 * between demo nonprofits and companies (steps 5 and 6) in every status, with their history,
 * messages, Engagement-Vereinbarungen, implementation records and evaluations, dated relative to
 * `now`. Runs inside seedDemo()'s transaction; idempotent: what exists is left alone.
 *
 * The rows are written directly (the demo's past cannot be replayed through the routes), but
 * with the application's own rules: readiness results come from the real scoring, histories are
 * replayed through COOPERATION_MACHINE, agreement hashes from contentHash(contentOf(row)), jobs
 * and notifications go through the outbox with the payloads the services use. Nothing involves
 * money: the euro figure on agreements is the estimate for reporting that every agreement carries.
 */
import { EntityManager, In } from 'typeorm';
import type { Category, GiveBackKind, OrganisationKind, Unit } from '../../common/domain/vocabulary';
import type { AppConfig } from '../../config/env';
import { contentHash, endOfDayBerlin, type AgreementContent } from '../../modules/cooperations/agreement-content';
import { Agreement } from '../../modules/cooperations/agreement.entity';
import { contentOf } from '../../modules/cooperations/agreements.service';
import { namesOf, paramsFor } from '../../modules/cooperations/cooperation-notices';
import { Cooperation, CooperationEvent, CooperationMessage } from '../../modules/cooperations/cooperation.entity';
import { COOPERATION_MACHINE, type CooperationAction, type CooperationStatus } from '../../modules/cooperations/cooperation.machine';
import { STATUS_STAMP } from '../../modules/cooperations/cooperation.workflow';
import { CooperationDelivery, CooperationEvaluation, CooperationMilestone, CooperationUpdate, type CooperationSide } from '../../modules/cooperations/implementation.entity';
import type { District } from '../../modules/districts/district.entity';
import { transition } from '../../modules/listings/state-machine';
import { Need } from '../../modules/needs/need.entity';
import { NotificationsService } from '../../modules/notifications/notifications.service';
import { Offer } from '../../modules/offers/offer.entity';
import { Organisation } from '../../modules/organisations/organisation.entity';
import type { Answers } from '../../modules/readiness/questionnaire.model';
import { ReadinessCheck, ReadinessQuestionnaire } from '../../modules/readiness/readiness.entity';
import { evaluate } from '../../modules/readiness/scoring';
import { todayIn } from '../../modules/reports/report-period';
import { ShortlistEntry } from '../../modules/shortlist/shortlist-entry.entity';
import { OrganisationVerification } from '../../modules/trust/organisation-verification.entity';
import { basisFitsKind, VERIFICATION_BASIS_LABELS_DE, type VerificationBasis } from '../../modules/trust/verification';
import { User } from '../../modules/users/user.entity';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { DEMO_ORGANISATIONS, type DemoOrganisation } from './demo-data';
import { DEMO_ORGANISER, demoEmail } from './demo-logins';
import { pickDemoPairs, type DemoPair } from './demo-pairs';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The timing settings the services use (src/config/env.ts). */
export type DemoTiming = Pick<AppConfig, 'PROPOSAL_TTL_HOURS' | 'PROPOSAL_REMINDER_HOURS' | 'EVALUATION_WINDOW_DAYS'>;

/**
 * One demo cooperation per scenario, in this order over the pairs from pickDemoPairs() (the best
 * pairs get the longest stories). Every status of COOPERATION_MACHINE appears.
 */
export const DEMO_SCENARIOS = [
  'evaluated', // both sides evaluated
  'evaluatedWindowClosed', // one evaluation, then the window closed
  'completed', // end date passed, evaluation window open
  'activeRevised', // active, agreement version 2 supersedes version 1
  'active', // deliveries, milestones, status updates
  'agreed', // signed by both, starts soon
  'accepted', // draft agreement signed by the nonprofit, awaiting the company
  'cancelled', // accepted, then cancelled with a reason
  'declined', // declined with a reason
  'expired', // nobody answered
  'proposed', // pending, sent by the nonprofit
  'proposedByCompany', // pending, sent by the company, with a question in the thread
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** Who sends the proposal in each scenario. */
const PROPOSER: Record<DemoScenario, CooperationSide> = {
  evaluated: 'nonprofit',
  evaluatedWindowClosed: 'company',
  completed: 'nonprofit',
  activeRevised: 'company',
  active: 'nonprofit',
  agreed: 'company',
  accepted: 'nonprofit',
  cancelled: 'company',
  declined: 'nonprofit',
  expired: 'company',
  proposed: 'nonprofit',
  proposedByCompany: 'company',
};

// ---------------------------------------------------------------------------------------------
// Readiness (UPJ step 3): answer sets, scored by the real questionnaire at seed time.

type Readiness = 'experienced' | 'onTheWay' | 'beginner';

const SUPPORT_OPTION: Record<Category, string> = { time: 'time', skills: 'skills', goods: 'goods', logistics: 'logistics', contacts: 'contacts', space: 'space' };
const GIVE_BACK_OPTION: Record<GiveBackKind, string> = {
  thank_you_event: 'thank-you',
  volunteering_experience: 'insight',
  visibility: 'publicity',
  press: 'publicity',
  expertise: 'expertise',
  training: 'expertise',
  team_event: 'insight',
  certificate: 'publicity',
  networking: 'contacts',
  report: 'publicity',
};
const CONTRIBUTION_OPTION: Partial<Record<Category, string>> = { skills: 'skills', goods: 'goods', logistics: 'logistics', space: 'space', contacts: 'contacts' };

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** A nonprofit's answers to nonprofit.v1 (German texts), from its profile and its needs' categories. */
function nonprofitAnswers(org: DemoOrganisation, level: Readiness, needCategories: Category[]): Answers {
  const support = uniq(needCategories.map((c) => SUPPORT_OPTION[c]));
  const giveBacks = uniq(org.giveBacks.map((g) => GIVE_BACK_OPTION[g]));
  switch (level) {
    case 'experienced':
      return {
        'goals.purpose': ['extend-services', 'helping-hands', 'visibility'],
        'goals.concreteness': 'planned',
        'goals.summary': `Wir wollen mit einem Partnerunternehmen unser Angebot im Quartier verlässlich ausbauen und mehr Menschen erreichen. (${org.name})`,
        'resources.hoursPerMonth': 'over-10',
        'resources.capacity': 5,
        'resources.experience': 'regular',
        'contact.responsible': true,
        'contact.name': `${org.contactName}, Koordination Kooperationen`,
        'contact.deputy': true,
        'mandate.board': 'agreed',
        'mandate.team': 5,
        'mandate.criteria': true,
        'giveBack.kinds': giveBacks.length ? giveBacks : ['thank-you'],
        'giveBack.benefit': 5,
        'expectations.support': support.length ? support : ['time'],
        'expectations.form': 'long-term',
        'expectations.agreement': true,
        'expectations.notes': 'Uns sind feste Ansprechpersonen auf beiden Seiten und ein gemeinsamer Rückblick am Ende wichtig.',
      };
    case 'onTheWay':
      return {
        'goals.purpose': ['helping-hands', 'network'],
        'goals.concreteness': 'outlined',
        'goals.summary': 'Wir suchen Unterstützung für ein konkretes Vorhaben und möchten dabei erste Erfahrungen mit Unternehmen sammeln.',
        'resources.hoursPerMonth': '4-to-10',
        'resources.capacity': 3,
        'resources.experience': 'occasional',
        'contact.responsible': true,
        'contact.name': org.contactName,
        'contact.deputy': false,
        'mandate.board': 'agreed',
        'mandate.team': 4,
        'mandate.criteria': false,
        'giveBack.kinds': giveBacks.slice(0, 2).length ? giveBacks.slice(0, 2) : ['thank-you'],
        'giveBack.benefit': 3,
        'expectations.support': support.length ? support : ['time'],
        'expectations.form': 'project',
        'expectations.agreement': true,
      };
    case 'beginner':
      return {
        'goals.purpose': ['helping-hands'],
        'goals.concreteness': 'idea',
        'resources.hoursPerMonth': 'under-4',
        'resources.capacity': 2,
        'resources.experience': 'never',
        'contact.responsible': true,
        'mandate.board': 'informed',
        'mandate.team': 3,
        'giveBack.kinds': ['thank-you'],
        'giveBack.benefit': 2,
        'expectations.support': support.length ? support.slice(0, 1) : ['unclear'],
        'expectations.form': 'one-off',
        'expectations.agreement': false,
      };
  }
}

/** A company's answers to company.v1 (German texts), from its profile and its offers' categories. */
function companyAnswers(org: DemoOrganisation, level: Readiness, offerCategories: Category[]): Answers {
  const kinds = uniq(offerCategories.flatMap((c) => (CONTRIBUTION_OPTION[c] ? [CONTRIBUTION_OPTION[c]] : [])));
  const contribution = kinds.length ? kinds : ['time-only'];
  switch (level) {
    case 'experienced':
      return {
        'goals.aims': ['local-impact', 'staff-development', 'team-spirit'],
        'goals.fit': 'strongly',
        'staffTime.hoursPerYear': 'over-100',
        'staffTime.workingTime': 'yes',
        'staffTime.interest': 5,
        'decisionMaker.approval': 'approved',
        'decisionMaker.name': `${org.contactName}, Geschäftsleitung`,
        'decisionMaker.scope': true,
        'contact.coordinator': true,
        'contact.internal': true,
        'contribution.kinds': contribution,
        'expectations.form': 'long-term',
        'expectations.eyeLevel': 5,
        'expectations.agreement': true,
        'expectations.giveBack': ['insight', 'staff-learning', 'publicity'],
      };
    case 'onTheWay':
      return {
        'goals.aims': ['local-impact', 'employer-appeal'],
        'goals.fit': 'partly',
        'staffTime.hoursPerYear': '20-to-100',
        'staffTime.workingTime': 'partly',
        'staffTime.interest': 4,
        'decisionMaker.approval': 'approved',
        'decisionMaker.name': org.contactName,
        'decisionMaker.scope': true,
        'contact.coordinator': true,
        'contact.internal': false,
        'contribution.kinds': contribution,
        'expectations.form': 'project',
        'expectations.eyeLevel': 4,
        'expectations.agreement': true,
        'expectations.giveBack': ['publicity', 'thank-you'],
      };
    case 'beginner':
      return {
        'goals.aims': ['team-spirit'],
        'goals.fit': 'partly',
        'staffTime.hoursPerYear': 'under-20',
        'staffTime.workingTime': 'partly',
        'staffTime.interest': 3,
        'decisionMaker.approval': 'informed',
        'decisionMaker.scope': false,
        'contact.coordinator': true,
        'contact.internal': false,
        'contribution.kinds': contribution.slice(0, 1),
        'expectations.form': 'one-off',
        'expectations.eyeLevel': 3,
        'expectations.agreement': false,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Texts

const UNIT_DE: Record<Unit, string> = { hours: 'Stunden', persons: 'Personen', items: 'Stück', trips: 'Fahrten', m2: 'm²' };
const amountDe = (q: number, unit: Unit) => `${q} ${UNIT_DE[unit]}`;

/** What the nonprofit did as its Gegenleistung, as recorded in a delivery. */
const GIVE_BACK_DONE: Record<GiveBackKind, string> = {
  thank_you_event: 'Dankeschön-Fest für die Helferinnen und Helfer des Unternehmens ausgerichtet',
  volunteering_experience: 'Einblick in unsere Arbeit: Mitarbeitende haben einen Tag bei uns mitgearbeitet',
  visibility: 'Dank und Logo auf unserer Website und in den sozialen Medien veröffentlicht',
  press: 'Pressemitteilung zur Kooperation verschickt, Bericht im Amtsblatt erschienen',
  expertise: 'Workshop aus unserer Praxis für Mitarbeitende des Unternehmens gehalten',
  training: 'Schulung für Mitarbeitende des Unternehmens durchgeführt',
  team_event: 'Gemeinsamer Teamtag mit Mitarbeitenden des Unternehmens',
  certificate: 'Urkunde und Nachweis für den Nachhaltigkeitsbericht überreicht',
  networking: 'Vorstellung des Unternehmens beim Netzwerktreffen im Quartier',
  report: 'Wirkungsbericht mit Zahlen und Stimmen aus dem Projekt übergeben',
};

/** Estimated hours for a quantity (for reporting): hours as they are, other units by a rule of thumb. */
function estimatedHours(q: number, unit: Unit): number {
  switch (unit) {
    case 'hours':
      return q;
    case 'persons':
      return q * 6; // a volunteering day
    case 'trips':
      return q * 3;
    case 'items':
      return Math.max(2, Math.round(q / 2));
    case 'm2':
      return Math.max(2, Math.round(q / 10));
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding

export interface DemoWorkflowSummary {
  organiserCreated: boolean;
  readinessChecks: number;
  verifications: number;
  shortlistEntries: number;
  cooperations: number;
  byStatus: Partial<Record<CooperationStatus, number>>;
}

interface Member {
  org: Organisation;
  userId: string;
  demo: DemoOrganisation;
}

interface Ctx {
  manager: EntityManager;
  now: Date;
  timing: DemoTiming;
  outbox: OutboxService;
  notifications: NotificationsService;
  districts: Map<string, District>;
  members: Map<string, Member>;
  organiserId: string;
}

/** Seeds the workflow part of the demo; see the file comment. */
export async function seedDemoWorkflow(
  manager: EntityManager,
  options: { now: Date; timing: DemoTiming; outbox: OutboxService; districts: Map<string, District>; passwordHash: string },
): Promise<DemoWorkflowSummary> {
  const city = options.districts.get(DEMO_ORGANISER.districtSlug);
  if (!city) throw new Error(`demo workflow: district ${DEMO_ORGANISER.districtSlug} missing`);
  const summary: DemoWorkflowSummary = { organiserCreated: false, readinessChecks: 0, verifications: 0, shortlistEntries: 0, cooperations: 0, byStatus: {} };

  // The organiser of the city (no password change on later runs).
  const organiserEmail = demoEmail(DEMO_ORGANISER.key);
  let organiser = await manager.findOneBy(User, { email: organiserEmail });
  if (!organiser) {
    await manager.insert(User, {
      email: organiserEmail,
      passwordHash: options.passwordHash, // DEMO_PASSWORD
      displayName: DEMO_ORGANISER.displayName,
      organisationId: null,
      organiserDistrictIds: [city.id],
    });
    organiser = await manager.findOneByOrFail(User, { email: organiserEmail });
    summary.organiserCreated = true;
  }

  // The demo organisations and their members.
  const users = await manager.find(User, { where: { email: In(DEMO_ORGANISATIONS.map((o) => demoEmail(o.key))) } });
  const orgs = await manager.findBy(Organisation, { id: In(users.flatMap((u) => (u.organisationId ? [u.organisationId] : []))) });
  const members = new Map<string, Member>();
  for (const demo of DEMO_ORGANISATIONS) {
    const user = users.find((u) => u.email === demoEmail(demo.key));
    const org = orgs.find((o) => o.id === user?.organisationId);
    if (user && org) members.set(demo.key, { org, userId: user.id, demo });
  }

  const ctx: Ctx = {
    manager,
    now: options.now,
    timing: options.timing,
    outbox: options.outbox,
    notifications: new NotificationsService(manager.dataSource, options.outbox),
    districts: options.districts,
    members,
    organiserId: organiser.id,
  };

  const scenarios = pickDemoPairs(DEMO_SCENARIOS.length).map((pair, i) => ({ pair, scenario: DEMO_SCENARIOS[i] }));
  const start = proposalTimes(options.now, options.timing);

  // Step 3 for a third of the organisations: every party of a demo cooperation (a proposal needs
  // it), and every eighth other organisation.
  const parties = new Map<string, { at: Date; level: Readiness }>();
  for (const { pair, scenario } of scenarios) {
    const at = new Date(start[scenario].getTime() - 12 * DAY);
    const level: Readiness = ['evaluated', 'evaluatedWindowClosed', 'completed', 'activeRevised', 'active', 'agreed'].includes(scenario) ? 'experienced' : 'onTheWay';
    parties.set(pair.nonprofit.key, { at, level });
    parties.set(pair.company.key, { at: new Date(at.getTime() + 2 * DAY), level });
  }
  const target = Math.ceil(DEMO_ORGANISATIONS.length / 3);
  const readinessFor = new Map(parties);
  DEMO_ORGANISATIONS.forEach((o, i) => {
    if (readinessFor.size >= target || readinessFor.has(o.key) || i % 8 !== 3) return;
    readinessFor.set(o.key, { at: new Date(options.now.getTime() - (20 + ((i * 7) % 90)) * DAY), level: i % 16 === 3 ? 'onTheWay' : 'beginner' });
  });
  summary.readinessChecks = await seedReadiness(ctx, readinessFor);

  // Verification badges: the parties of agreed cooperations, and every sixth other organisation.
  const verify: DemoOrganisation[] = [];
  for (const { pair, scenario } of scenarios) {
    if (['evaluated', 'evaluatedWindowClosed', 'completed', 'activeRevised', 'active', 'agreed'].includes(scenario)) verify.push(pair.nonprofit, pair.company);
  }
  DEMO_ORGANISATIONS.forEach((o, i) => {
    if (i % 6 === 1 && !verify.includes(o)) verify.push(o);
  });
  summary.verifications = await seedVerifications(ctx, verify);

  for (const { pair, scenario } of scenarios) {
    const written = await seedCooperation(ctx, pair, scenario, start[scenario]);
    if (!written) continue;
    summary.cooperations++;
    summary.shortlistEntries += written.shortlisted;
    summary.byStatus[written.status] = (summary.byStatus[written.status] ?? 0) + 1;
  }
  return summary;
}

/** When each scenario's proposal was sent: long stories far back, pending ones within the proposal's time to live. */
function proposalTimes(now: Date, timing: DemoTiming): Record<DemoScenario, Date> {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * HOUR);
  const ttl = timing.PROPOSAL_TTL_HOURS;
  const window = timing.EVALUATION_WINDOW_DAYS;
  return {
    evaluated: ago(Math.max(200, window + 150), 5),
    evaluatedWindowClosed: ago(Math.max(170, window + 140), 3),
    completed: ago(140, 2),
    activeRevised: ago(120, 6),
    active: ago(90, 4),
    agreed: ago(32, 1),
    accepted: ago(21, 7),
    cancelled: ago(64, 2),
    declined: ago(50, 5),
    expired: new Date(now.getTime() - ttl * HOUR - 9 * DAY),
    proposed: new Date(now.getTime() - Math.min(2 * DAY, (ttl * HOUR) / 5)),
    proposedByCompany: new Date(now.getTime() - Math.min(9 * DAY, (ttl * HOUR) * 0.6)),
  };
}

async function seedReadiness(ctx: Ctx, wanted: Map<string, { at: Date; level: Readiness }>): Promise<number> {
  const { manager } = ctx;
  const questionnaires = await manager.findBy(ReadinessQuestionnaire, { active: true });
  const byKind = new Map<OrganisationKind, ReadinessQuestionnaire>(questionnaires.map((q) => [q.kind, q]));
  const ids = [...wanted.keys()].flatMap((k) => (ctx.members.get(k) ? [ctx.members.get(k)!.org.id] : []));
  const done = new Set((await manager.find(ReadinessCheck, { where: { organisationId: In(ids) }, select: { organisationId: true } })).map((c) => c.organisationId));
  let created = 0;
  for (const [key, { at, level }] of wanted) {
    const m = ctx.members.get(key);
    if (!m || done.has(m.org.id)) continue;
    const questionnaire = byKind.get(m.org.kind);
    if (!questionnaire) throw new Error(`demo readiness: no active questionnaire for ${m.org.kind}`);
    const categories = m.org.kind === 'nonprofit' ? await listingCategories(manager, 'needs', m.org.id) : await listingCategories(manager, 'offers', m.org.id);
    const raw = m.org.kind === 'nonprofit' ? nonprofitAnswers(m.demo, level, categories) : companyAnswers(m.demo, level, categories);
    const evaluation = evaluate(questionnaire.definition, raw);
    if (!evaluation.ok) throw new Error(`demo readiness answers for ${key} (${level}) do not fit ${questionnaire.version}: ${JSON.stringify(evaluation.errors)}`);
    await manager.insert(ReadinessCheck, {
      organisationId: m.org.id,
      questionnaireId: questionnaire.id,
      answers: evaluation.answers,
      result: evaluation.result,
      overallScore: evaluation.result.overall.score,
      completedBy: m.userId,
      createdAt: at,
    });
    created++;
  }
  return created;
}

async function listingCategories(manager: EntityManager, table: 'needs' | 'offers', organisationId: string): Promise<Category[]> {
  const rows = (await manager.query(`SELECT DISTINCT category FROM ${table} WHERE organisation_id = $1 ORDER BY category`, [organisationId])) as Array<{ category: Category }>;
  return rows.map((r) => r.category);
}

/** The basis an organiser checks: a nonprofit's charitable status, a company's register entry; freelancers have neither. */
function basisFor(o: DemoOrganisation): VerificationBasis | null {
  if (o.kind === 'nonprofit') return 'charitable_status';
  if (o.legalForm === 'freelancer') return null;
  return o.legalForm === 'sole_trader' ? 'trade_register' : 'commercial_register';
}

const VERIFICATION_NOTE: Record<VerificationBasis, string> = {
  charitable_status: 'Freistellungsbescheid des Finanzamts Stuttgart eingesehen (Gemeinnützigkeit bestätigt).',
  commercial_register: 'Eintrag im Handelsregister beim Amtsgericht Stuttgart geprüft.',
  trade_register: 'Gewerbeanmeldung beim Amt für öffentliche Ordnung eingesehen.',
};

/** Verified by the organiser, as TrustService.verify writes it: the organisation's columns, a history row, the members told. */
async function seedVerifications(ctx: Ctx, orgs: DemoOrganisation[]): Promise<number> {
  const { manager } = ctx;
  let created = 0;
  for (const [i, demo] of orgs.entries()) {
    const m = ctx.members.get(demo.key);
    const basis = basisFor(demo);
    if (!m || !basis) continue;
    if (!basisFitsKind(m.org.kind, basis)) throw new Error(`demo verification: ${basis} does not fit a ${m.org.kind}`);
    const org = await manager.findOneByOrFail(Organisation, { id: m.org.id });
    const history = await manager.countBy(OrganisationVerification, { organisationId: org.id });
    if (org.verifiedAt || history > 0) continue; // verified (or revoked) before: leave it
    const at = new Date(ctx.now.getTime() - (230 - i * 4) * DAY);
    const note = VERIFICATION_NOTE[basis];
    await manager.update(Organisation, { id: org.id }, { verifiedAt: at, verifiedBy: ctx.organiserId, verificationBasis: basis, verificationNote: note });
    const { identifiers } = await manager.insert(OrganisationVerification, { organisationId: org.id, action: 'verified', basis, note, byUserId: ctx.organiserId, at });
    await ctx.notifications.notify(manager, {
      kind: 'organisation_verified',
      organisationIds: [org.id],
      params: { organisation: org.name, basis: VERIFICATION_BASIS_LABELS_DE[basis], url: `/v1/organisations/${org.id}` },
      dedupeKey: `organisation-verified.${String(identifiers[0].id)}`,
    });
    created++;
  }
  return created;
}

// ---------------------------------------------------------------------------------------------
// Cooperations

interface Step {
  action: CooperationAction;
  at: Date;
  /** null: the system (a job, or a side effect of signing / evaluating as noted). */
  by: CooperationSide | null;
  note?: string | null;
}

interface AgreementPlan {
  by: CooperationSide;
  createdAt: Date;
  quantity: number;
  startsOn: string;
  endsOn: string;
  /** Signatures; both set: signed (in force), the later one is signedAt. */
  nonprofitSignedAt: Date | null;
  companySignedAt: Date | null;
  supersededAt?: Date | null;
  note?: string;
}

interface Story {
  steps: Step[];
  agreements: AgreementPlan[];
  messages: Array<{ at: Date; by: CooperationSide; body: string }>;
  updates: Array<{ at: Date; by: CooperationSide; note: string }>;
  milestones: Array<{ title: string; dueOn: string; doneAt: Date | null; by: CooperationSide; createdAt: Date }>;
  deliveries: Array<{ side: CooperationSide; on: Date; quantity: number | null; hours: number | null; description: string; confirmed: boolean }>;
  evaluations: Array<{ side: CooperationSide; at: Date; rating: number; peopleReached: number | null }>;
  declineReason?: string;
  cancel?: { by: CooperationSide; reason: string };
  evaluationDueAt?: Date;
  evaluationClosesAt?: Date;
}

const berlinDay = (d: Date) => todayIn('Europe/Berlin', d);

/** The quantity agreed: what the need asks, as far as the offer's capacity goes. */
const agreedQuantity = (p: DemoPair) => Math.max(1, Math.min(p.need.quantity, p.offer.capacity));

/** Writes one cooperation with everything that belongs to it; null when the pair already has one. */
async function seedCooperation(ctx: Ctx, pair: DemoPair, scenario: DemoScenario, proposedAt: Date): Promise<{ status: CooperationStatus; shortlisted: number } | null> {
  const { manager, now } = ctx;
  const np = ctx.members.get(pair.nonprofit.key);
  const co = ctx.members.get(pair.company.key);
  if (!np || !co) return null;
  const need = await manager.findOne(Need, { where: { organisationId: np.org.id, title: pair.need.title }, order: { createdAt: 'ASC' } });
  const offer = await manager.findOne(Offer, { where: { organisationId: co.org.id, title: pair.offer.title }, order: { createdAt: 'ASC' } });
  if (!need || !offer) return null;
  const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM cooperations WHERE nonprofit_id = $1 AND company_id = $2 AND need_id = $3`, [
    np.org.id,
    co.org.id,
    need.id,
  ])) as Array<{ n: number }>;
  if (n > 0) return null;

  const proposer = PROPOSER[scenario];
  // The real rule: a proposal needs the sender's readiness check (step 3).
  const sender = proposer === 'nonprofit' ? np : co;
  if (!(await manager.exists(ReadinessCheck, { where: { organisationId: sender.org.id } }))) {
    throw new Error(`demo cooperation ${scenario}: ${sender.demo.key} proposes without a readiness check`);
  }

  // The listings were published a little before they were found (steps 2 and 4).
  const listedAt = new Date(proposedAt.getTime() - 6 * DAY);
  for (const [table, id] of [['needs', need.id], ['offers', offer.id]] as const) {
    await manager.query(`UPDATE ${table} SET created_at = $2, published_at = $2, updated_at = $2 WHERE id = $1 AND published_at > $2`, [id, listedAt]);
  }

  // Step 4: the sender saved the other side's listing to its shortlist.
  let shortlisted = 0;
  const saved = proposer === 'nonprofit' ? { organisationId: np.org.id, offerId: offer.id } : { organisationId: co.org.id, needId: need.id };
  if (!(await manager.exists(ShortlistEntry, { where: saved }))) {
    const at = new Date(proposedAt.getTime() - 2 * DAY);
    await manager.insert(ShortlistEntry, {
      ...saved,
      note: proposer === 'nonprofit' ? `Passt zu unserem Bedarf „${pair.need.title}“` : `Könnten wir mit „${pair.offer.title}“ unterstützen`,
      createdBy: sender.userId,
      createdAt: at,
      updatedAt: at,
    });
    shortlisted = 1;
  }

  const story = storyOf(scenario, pair, proposedAt, now, ctx.timing);
  const userOf = (side: CooperationSide) => (side === 'nonprofit' ? np.userId : co.userId);
  const orgOf = (side: CooperationSide) => (side === 'nonprofit' ? np.org.id : co.org.id);

  // Replay the history through the state machine: every step must be allowed where it is taken.
  let status: CooperationStatus = 'proposed';
  const events: Array<Partial<CooperationEvent>> = [
    { fromStatus: null, toStatus: 'proposed', action: 'propose', actorUserId: userOf(proposer), actorOrganisationId: orgOf(proposer), note: null, createdAt: proposedAt },
  ];
  const stamps: Partial<Record<keyof Cooperation, Date>> = {};
  let last = proposedAt;
  for (const step of story.steps) {
    if (step.at.getTime() <= last.getTime() || step.at.getTime() > now.getTime()) throw new Error(`demo cooperation ${scenario}: step ${step.action} out of order`);
    const to: CooperationStatus = transition(COOPERATION_MACHINE, status, step.action, 'cooperation');
    events.push({
      fromStatus: status,
      toStatus: to,
      action: step.action,
      actorUserId: step.by ? userOf(step.by) : null,
      actorOrganisationId: step.by ? orgOf(step.by) : null,
      note: step.note ?? null,
      createdAt: step.at,
    });
    const stamp = STATUS_STAMP[to];
    if (stamp) stamps[stamp] = step.at;
    status = to;
    last = step.at;
  }

  const expiresAt = new Date(proposedAt.getTime() + ctx.timing.PROPOSAL_TTL_HOURS * HOUR);
  const coopRow = manager.create(Cooperation, {
    status,
    districtId: need.districtId,
    nonprofitId: np.org.id,
    companyId: co.org.id,
    needId: need.id,
    offerId: offer.id,
    matchId: null,
    proposedByOrganisationId: orgOf(proposer),
    proposedByUserId: userOf(proposer),
    message: proposalMessage(pair, proposer),
    expiresAt,
    declineReason: story.declineReason ?? null,
    cancelledByOrganisationId: story.cancel ? orgOf(story.cancel.by) : null,
    cancelReason: story.cancel?.reason ?? null,
    evaluationDueAt: story.evaluationDueAt ?? null,
    evaluationClosesAt: story.evaluationClosesAt ?? null,
    ...(stamps as Partial<Cooperation>),
    createdAt: proposedAt,
    updatedAt: last,
    // One version per change: each transition, a later agreement version signed, the evaluation window opened.
    version: events.length + Math.max(0, story.agreements.filter((a) => a.nonprofitSignedAt && a.companySignedAt).length - 1) + (story.evaluationClosesAt ? 1 : 0),
  });
  await manager.insert(Cooperation, coopRow);
  const coop = await manager.findOneByOrFail(Cooperation, { id: coopRow.id });
  await manager.insert(
    CooperationEvent,
    events.map((e) => ({ ...e, cooperationId: coop.id })),
  );

  for (const m of story.messages) {
    await manager.insert(CooperationMessage, { cooperationId: coop.id, authorUserId: userOf(m.by), authorOrganisationId: orgOf(m.by), body: m.body, createdAt: m.at });
  }

  // Engagement-Vereinbarungen: content hashed by the application's own function.
  const agreementRows: Agreement[] = [];
  for (const [i, a] of story.agreements.entries()) {
    const content = agreementContent(ctx, pair, np.org, co.org, need, a);
    const both = a.nonprofitSignedAt && a.companySignedAt;
    const row = manager.create(Agreement, {
      cooperationId: coop.id,
      version: i + 1,
      ...agreementColumns(content),
      contentHash: '',
      createdByUserId: userOf(a.by),
      createdByOrganisationId: orgOf(a.by),
      nonprofitSignedAt: a.nonprofitSignedAt,
      nonprofitSignedByUserId: a.nonprofitSignedAt ? np.userId : null,
      companySignedAt: a.companySignedAt,
      companySignedByUserId: a.companySignedAt ? co.userId : null,
      signedAt: both ? new Date(Math.max(a.nonprofitSignedAt!.getTime(), a.companySignedAt!.getTime())) : null,
      supersededAt: a.supersededAt ?? null,
      createdAt: a.createdAt,
    });
    row.contentHash = contentHash(contentOf(row));
    await manager.insert(Agreement, row);
    agreementRows.push(row);
  }

  for (const u of story.updates) {
    await manager.insert(CooperationUpdate, { cooperationId: coop.id, authorUserId: userOf(u.by), authorOrganisationId: orgOf(u.by), note: u.note, createdAt: u.at });
  }
  for (const m of story.milestones) {
    await manager.insert(CooperationMilestone, {
      cooperationId: coop.id,
      title: m.title,
      dueOn: m.dueOn,
      doneAt: m.doneAt,
      doneByUserId: m.doneAt ? userOf(m.by) : null,
      createdByUserId: userOf(m.by),
      createdByOrganisationId: orgOf(m.by),
      createdAt: m.createdAt,
    });
  }
  for (const d of story.deliveries) {
    const other: CooperationSide = d.side === 'company' ? 'nonprofit' : 'company';
    await manager.insert(CooperationDelivery, {
      cooperationId: coop.id,
      side: d.side,
      description: d.description,
      hours: d.hours === null ? null : d.hours.toFixed(2),
      quantity: d.quantity === null ? null : d.quantity.toFixed(2),
      unit: d.quantity === null ? null : pair.offer.unit,
      deliveredOn: berlinDay(d.on),
      recordedByUserId: userOf(d.side),
      confirmedAt: d.confirmed ? new Date(d.on.getTime() + DAY) : null,
      confirmedByUserId: d.confirmed ? userOf(other) : null,
      createdAt: new Date(d.on.getTime() + 3 * HOUR),
    });
  }
  for (const e of story.evaluations) {
    await manager.insert(CooperationEvaluation, {
      cooperationId: coop.id,
      organisationId: orgOf(e.side),
      side: e.side,
      ...evaluationTexts(pair, e.side, e.rating),
      peopleReached: e.peopleReached,
      wouldCooperateAgain: e.rating >= 3,
      submittedByUserId: userOf(e.side),
      createdAt: e.at,
    });
  }

  await scheduleAndNotify(ctx, coop, agreementRows, story, proposer, proposedAt);
  return { status, shortlisted };
}

/** The timestamp each status sets (as CooperationWorkflow does). */

/** The jobs still ahead and the notifications of the current state, as the services make them. */
async function scheduleAndNotify(ctx: Ctx, coop: Cooperation, agreements: Agreement[], story: Story, proposer: CooperationSide, proposedAt: Date): Promise<void> {
  const { manager, outbox, notifications } = ctx;
  const names = await namesOf(manager, coop);
  if (coop.status === 'proposed') {
    // ProposalsService.create: ExpireProposal at expiresAt, RemindProposal before it if that was still ahead.
    const expiresAt = coop.expiresAt as Date;
    await outbox.enqueue(manager, JobName.ExpireProposal, { cooperationId: coop.id, expiresAt: expiresAt.toISOString() });
    const hours = ctx.timing.PROPOSAL_REMINDER_HOURS;
    const remindAt = new Date(expiresAt.getTime() - hours * HOUR);
    if (hours > 0 && remindAt > proposedAt) {
      await outbox.enqueue(manager, JobName.RemindProposal, { cooperationId: coop.id, remindAt: remindAt.toISOString(), expiresAt: expiresAt.toISOString() });
    }
    const receiver: CooperationSide = proposer === 'nonprofit' ? 'company' : 'nonprofit';
    await notifications.notify(manager, {
      kind: 'proposal_received',
      organisationIds: [receiver === 'nonprofit' ? coop.nonprofitId : coop.companyId],
      cooperationId: coop.id,
      params: paramsFor(names, receiver, coop.id, { expiresAt: expiresAt.toISOString() }),
      dedupeKey: `proposal-received.${coop.id}`,
    });
  }
  // AgreementsService.sign: every version signed by both schedules RequestEvaluation at the end of
  // its last day; the ones still ahead are pending (a superseded version's job finds itself stale).
  if (coop.status === 'agreed' || coop.status === 'active') {
    for (const a of agreements.filter((x) => x.signedAt)) {
      await outbox.enqueue(manager, JobName.RequestEvaluation, { cooperationId: coop.id, dueAt: endOfDayBerlin(a.endsOn).toISOString() });
    }
  }
  const draft = agreements.find((a) => !a.signedAt);
  if (draft) {
    const missing: CooperationSide = draft.nonprofitSignedAt ? 'company' : 'nonprofit';
    await notifications.notify(manager, {
      kind: 'agreement_to_sign',
      organisationIds: [missing === 'nonprofit' ? coop.nonprofitId : coop.companyId],
      cooperationId: coop.id,
      params: paramsFor(names, missing, coop.id, { version: draft.version }),
      dedupeKey: `agreement-to-sign.${draft.id}.${draft.contentHash}.signed-by-${missing === 'company' ? 'nonprofit' : 'company'}`,
    });
  }
  // EvaluationsService.request opened the window: CloseEvaluation at its end, both sides asked.
  if (coop.status === 'completed' && story.evaluationClosesAt) {
    const closesAt = story.evaluationClosesAt;
    await outbox.enqueue(manager, JobName.CloseEvaluation, { cooperationId: coop.id, closesAt: closesAt.toISOString() });
    for (const side of ['nonprofit', 'company'] as const) {
      await notifications.notify(manager, {
        kind: 'evaluation_due',
        organisationIds: [side === 'nonprofit' ? coop.nonprofitId : coop.companyId],
        cooperationId: coop.id,
        params: paramsFor(names, side, coop.id, { dueAt: closesAt.toISOString() }),
        dedupeKey: `evaluation-due.${coop.id}.${closesAt.getTime()}`,
      });
    }
  }
}

function agreementContent(ctx: Ctx, pair: DemoPair, np: Organisation, co: Organisation, need: Need, a: AgreementPlan): AgreementContent {
  const q = a.quantity;
  const unit = pair.offer.unit;
  const hours = estimatedHours(q, unit);
  const district = [...ctx.districts.values()].find((d) => d.id === need.districtId);
  const place = need.districtId === np.districtId ? `${np.street}, ${np.postalCode} Stuttgart (${district?.name ?? 'Stuttgart'})` : `${district?.name ?? 'Stuttgart'}, Stuttgart`;
  const giveBackKind = pair.nonprofit.giveBacks[0] ?? 'thank_you_event';
  return {
    nonprofitContact: { name: np.contactName ?? np.name, email: np.contactEmail ?? null, phone: null },
    companyContact: { name: co.contactName ?? co.name, email: co.contactEmail ?? null, phone: null },
    contribution: {
      category: pair.offer.category,
      quantity: q,
      unit,
      description:
        `${co.name} unterstützt ${np.name} bei „${pair.need.title}“ mit „${pair.offer.title}“: ${amountDe(q, unit)} im vereinbarten Zeitraum. ` +
        `${pair.offer.description}${a.note ? ` ${a.note}` : ''}`,
    },
    giveBack: { kind: giveBackKind, description: pair.need.giveBack },
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    place,
    estimatedHours: hours,
    // The euro equivalent for reports (no money changes hands): 35 per hour of work, 25 per item of goods.
    estimatedValueEur: hours * 35 + (unit === 'items' ? q * 25 : 0),
  };
}

function agreementColumns(c: AgreementContent): Partial<Agreement> {
  const dec = (v: number | string | null) => (v === null ? null : Number(v).toFixed(2));
  return {
    nonprofitContact: c.nonprofitContact,
    companyContact: c.companyContact,
    contributionCategory: c.contribution.category,
    contributionQuantity: dec(c.contribution.quantity) as string,
    contributionUnit: c.contribution.unit,
    contributionDescription: c.contribution.description.trim(),
    giveBackKind: c.giveBack.kind,
    giveBackDescription: c.giveBack.description.trim(),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    place: c.place.trim(),
    estimatedHours: dec(c.estimatedHours),
    estimatedValueEur: dec(c.estimatedValueEur),
  };
}

function proposalMessage(p: DemoPair, proposer: CooperationSide): string {
  if (proposer === 'nonprofit') {
    return (
      `Guten Tag ${p.company.contactName}, wir von ${p.nonprofit.name} suchen Unterstützung für „${p.need.title}“. ` +
      `Ihr Angebot „${p.offer.title}“ passt sehr gut dazu. Als Gegenleistung können wir anbieten: ${p.need.giveBack} ` +
      `Wir würden uns über ein kurzes Kennenlernen freuen. Viele Grüße, ${p.nonprofit.contactName}`
    );
  }
  return (
    `Guten Tag ${p.nonprofit.contactName}, wir haben Ihren Bedarf „${p.need.title}“ auf dem Marktplatz gesehen. ` +
    `Mit „${p.offer.title}“ würden wir Sie gern unterstützen. Passt das für Sie? Viele Grüße, ${p.company.contactName} (${p.company.name})`
  );
}

function evaluationTexts(p: DemoPair, side: CooperationSide, rating: number) {
  if (side === 'nonprofit') {
    return {
      rating,
      whatWorked: `Die Zusammenarbeit mit ${p.company.name} war verlässlich und unkompliziert: „${p.offer.title}“ kam genau zur richtigen Zeit, Absprachen wurden eingehalten.`,
      whatToImprove: 'Die Termine hätten wir früher gemeinsam festlegen können; beim nächsten Mal planen wir einen Puffer ein.',
      outcomes: `„${p.need.title}“ ist umgesetzt. Unsere Ehrenamtlichen wurden entlastet, und wir erreichen mehr Menschen im Quartier.`,
    };
  }
  return {
    rating,
    whatWorked: `Unsere Mitarbeitenden haben viel über die Arbeit von ${p.nonprofit.name} gelernt. Die Einsätze waren gut vorbereitet, die Ansprechperson war immer erreichbar.`,
    whatToImprove: rating >= 5 ? '' : 'Eine kurze Einweisung vor dem ersten Einsatz hätte uns den Start erleichtert.',
    outcomes: 'Das Team war begeistert und möchte im nächsten Jahr wieder mitmachen; die Kooperation steht im Nachhaltigkeitsbericht.',
  };
}

/**
 * The scenario's story, dated from the proposal on. Each step is a transition the application
 * takes the same way (who, what note); the dates are in the past (the seed checks it).
 */
function storyOf(scenario: DemoScenario, p: DemoPair, proposedAt: Date, now: Date, timing: DemoTiming): Story {
  const t0 = proposedAt.getTime();
  const at = (days: number, hours = 0) => new Date(t0 + days * DAY + hours * HOUR);
  const q = agreedQuantity(p);
  const unit = p.offer.unit;
  const receiver: CooperationSide = PROPOSER[scenario] === 'nonprofit' ? 'company' : 'nonprofit';
  const proposer = PROPOSER[scenario];
  const story: Story = { steps: [], agreements: [], messages: [], updates: [], milestones: [], deliveries: [], evaluations: [] };
  const windowMs = timing.EVALUATION_WINDOW_DAYS * DAY;

  const thread = () => {
    story.messages.push(
      { at: at(0, 20), by: receiver, body: 'Vielen Dank für Ihre Anfrage! Wir haben im Team darüber gesprochen und sind gern dabei. Passt Ihnen ein kurzes Telefonat in den nächsten Tagen, um Umfang und Termine abzustimmen?' },
      { at: at(1, 2), by: proposer, body: 'Sehr gern! Dienstag oder Donnerstag vormittags geht bei uns gut. Danach schicken wir Ihnen einen Entwurf der Engagement-Vereinbarung.' },
    );
  };
  const accept = () => story.steps.push({ action: 'accept', at: at(2, 3), by: receiver, note: null });
  /** v1 drafted by the nonprofit, signed by the nonprofit then by the company: agreed. */
  const agree = (startsInDays: number, durationDays: number) => {
    const start = at(startsInDays);
    const v1: AgreementPlan = {
      by: 'nonprofit',
      createdAt: at(4, 1),
      quantity: q,
      startsOn: berlinDay(start),
      endsOn: berlinDay(new Date(start.getTime() + durationDays * DAY)),
      nonprofitSignedAt: at(5, 2),
      companySignedAt: at(6, 4),
    };
    story.agreements.push(v1);
    story.steps.push({ action: 'agree', at: at(6, 4), by: 'company', note: 'Engagement-Vereinbarung Version 1 von beiden unterschrieben / agreement version 1 signed by both' });
    story.evaluationDueAt = endOfDayBerlin(v1.endsOn);
    return v1;
  };
  const start = (days: number) => {
    story.steps.push({ action: 'start', at: at(days, 1), by: 'nonprofit', note: 'Der erste Einsatz hat begonnen.' });
    story.milestones.push(
      { title: 'Auftaktgespräch vor Ort', dueOn: berlinDay(at(days - 2)), doneAt: at(days - 2, 5), by: 'nonprofit', createdAt: at(6, 6) },
      { title: 'Erster Einsatz', dueOn: berlinDay(at(days)), doneAt: at(days, 8), by: 'company', createdAt: at(6, 6) },
    );
  };
  /** Company deliveries in the agreed unit, spread from `fromDays` in `parts`, summing to `share` of the quantity. */
  const deliver = (fromDays: number, everyDays: number, parts: number, share: number, confirmedParts = parts) => {
    const total = Math.max(1, Math.round(q * share));
    let left = total;
    for (let i = 0; i < parts && left > 0; i++) {
      const amount = i === parts - 1 ? left : Math.max(1, Math.round(total / parts));
      left -= amount;
      story.deliveries.push({
        side: 'company',
        on: at(fromDays + i * everyDays, 6),
        // Work in hours is recorded as hours (as the implementation routes do); other units as quantities.
        quantity: unit === 'hours' ? null : amount,
        hours: unit === 'hours' ? amount : estimatedHours(amount, unit),
        description: `${amountDe(amount, unit)}: ${p.offer.title} (${i === 0 ? 'erster Einsatz' : `Einsatz ${i + 1}`})`,
        confirmed: i < confirmedParts,
      });
    }
  };
  const giveBack = (days: number, confirmed: boolean) =>
    story.deliveries.push({ side: 'nonprofit', on: at(days, 4), quantity: null, hours: 4, description: GIVE_BACK_DONE[p.nonprofit.giveBacks[0] ?? 'thank_you_event'], confirmed });
  /** The system completes the cooperation at the end of the agreement's last day and opens the evaluation window. */
  const completeAtEnd = (endsOn: string) => {
    const end = endOfDayBerlin(endsOn);
    story.steps.push({ action: 'complete', at: end, by: null, note: 'Enddatum erreicht / end date reached' });
    story.evaluationDueAt = end;
    story.evaluationClosesAt = new Date(end.getTime() + windowMs);
    story.milestones.push({ title: 'Abschlusstreffen und Dankeschön', dueOn: berlinDay(new Date(end.getTime() - 3 * DAY)), doneAt: new Date(end.getTime() - 3 * DAY), by: 'nonprofit', createdAt: at(6, 6) });
    return end;
  };

  switch (scenario) {
    case 'evaluated':
    case 'evaluatedWindowClosed': {
      thread();
      accept();
      // The last day lies far enough back that the evaluation window has closed (or both answered).
      const durationDays = Math.max(30, Math.round((now.getTime() - t0) / DAY) - 20 - timing.EVALUATION_WINDOW_DAYS - 20);
      const v1 = agree(14, durationDays);
      start(14);
      deliver(14, Math.max(3, Math.floor(durationDays / 4)), 3, scenario === 'evaluated' ? 1 : 0.8);
      story.updates.push(
        { at: at(16), by: 'company', note: 'Der erste Einsatz lief sehr gut, das Team freut sich auf die nächsten Termine.' },
        { at: at(14 + Math.floor(durationDays / 2)), by: 'nonprofit', note: 'Halbzeit: Alles läuft nach Plan, die Rückmeldungen aus dem Quartier sind durchweg positiv.' },
      );
      giveBack(14 + durationDays - 5, scenario === 'evaluated');
      const end = completeAtEnd(v1.endsOn);
      const e = (days: number) => new Date(end.getTime() + days * DAY);
      if (scenario === 'evaluated') {
        story.evaluations.push({ side: 'company', at: e(3), rating: 5, peopleReached: null }, { side: 'nonprofit', at: e(6), rating: 5, peopleReached: 120 });
        story.steps.push({ action: 'evaluate', at: e(6), by: 'nonprofit', note: 'Beide Seiten haben bewertet / both sides evaluated' });
      } else {
        story.evaluations.push({ side: 'nonprofit', at: e(4), rating: 4, peopleReached: 45 });
        story.steps.push({
          action: 'evaluate',
          at: story.evaluationClosesAt!,
          by: null,
          note: 'Bewertungsfrist abgelaufen, 1 von 2 Bewertungen / evaluation window closed, 1 of 2 evaluations',
        });
      }
      break;
    }
    case 'completed': {
      thread();
      accept();
      const daysSince = Math.round((now.getTime() - t0) / DAY);
      // Ended a few days ago (within the evaluation window).
      const endedDaysAgo = Math.min(5, Math.max(1, Math.floor(timing.EVALUATION_WINDOW_DAYS / 3)));
      const v1 = agree(12, daysSince - 12 - endedDaysAgo - 1);
      start(12);
      deliver(12, 20, 4, 1);
      story.updates.push({ at: at(20), by: 'nonprofit', note: 'Toller Start! Die ersten Rückmeldungen der Besucherinnen und Besucher sind sehr positiv.' });
      giveBack(daysSince - endedDaysAgo - 3, true);
      const end = completeAtEnd(v1.endsOn);
      story.evaluations.push({ side: 'company', at: new Date(Math.min(end.getTime() + DAY, now.getTime() - HOUR)), rating: 4, peopleReached: null });
      break;
    }
    case 'activeRevised': {
      thread();
      accept();
      const v1 = agree(10, Math.round((now.getTime() - t0) / DAY) + 20 - 10);
      start(10);
      // Version 2: more of the same, six weeks longer; drafted by the company, signed by both.
      const daysSince = Math.round((now.getTime() - t0) / DAY);
      const v2Signed = at(daysSince - 27, 3);
      v1.supersededAt = v2Signed;
      const moreQ = Math.max(q + 1, Math.round(q * 1.5));
      story.agreements.push({
        by: 'company',
        createdAt: at(daysSince - 30, 2),
        quantity: moreQ,
        startsOn: v1.startsOn,
        endsOn: berlinDay(new Date(endOfDayBerlin(v1.endsOn).getTime() + 42 * DAY - HOUR)),
        nonprofitSignedAt: at(daysSince - 28, 5),
        companySignedAt: v2Signed,
        note: 'Version 2: Umfang erweitert und um sechs Wochen verlängert, weil der Bedarf größer ist als gedacht.',
      });
      story.evaluationDueAt = endOfDayBerlin(story.agreements[1].endsOn);
      story.messages.push({ at: at(daysSince - 31, 4), by: 'nonprofit', body: 'Der Bedarf ist größer als gedacht. Könnten Sie sich vorstellen, den Einsatz zu verlängern? Dann passen wir die Vereinbarung an.' });
      story.updates.push({ at: at(daysSince - 27, 5), by: 'company', note: 'Version 2 der Engagement-Vereinbarung ist unterschrieben: mehr Umfang, sechs Wochen länger.' });
      deliver(10, 25, 3, 0.5, 2);
      story.milestones.push({ title: 'Zwischenbilanz mit beiden Teams', dueOn: berlinDay(new Date(now.getTime() + 14 * DAY)), doneAt: null, by: 'company', createdAt: at(daysSince - 27, 6) });
      break;
    }
    case 'active': {
      thread();
      accept();
      const v1 = agree(15, Math.round((now.getTime() - t0) / DAY) + 30 - 15);
      start(15);
      deliver(15, 20, 2, 0.4, 1);
      story.updates.push(
        { at: at(17), by: 'company', note: 'Der erste Einsatz ist gut gelaufen. Beim nächsten Mal bringen wir zwei Kolleginnen mehr mit.' },
        { at: at(40), by: 'nonprofit', note: 'Kurzer Zwischenstand: Wir liegen gut im Plan, der zweite Einsatz ist bestätigt.' },
      );
      story.milestones.push({ title: 'Abschlusstreffen und Dankeschön', dueOn: v1.endsOn, doneAt: null, by: 'nonprofit', createdAt: at(6, 6) });
      break;
    }
    case 'agreed': {
      thread();
      accept();
      agree(Math.round((now.getTime() - t0) / DAY) + 7, 60);
      story.milestones.push({ title: 'Auftaktgespräch vor Ort', dueOn: berlinDay(new Date(now.getTime() + 5 * DAY)), doneAt: null, by: 'nonprofit', createdAt: at(7) });
      story.messages.push({ at: at(8), by: 'company', body: 'Die Vereinbarung ist unterschrieben, danke! Wir freuen uns auf den Start. Wer ist am ersten Tag vor Ort unsere Ansprechperson?' });
      break;
    }
    case 'accepted': {
      thread();
      accept();
      const daysSince = Math.round((now.getTime() - t0) / DAY);
      const start = new Date(now.getTime() + 14 * DAY);
      story.agreements.push({
        by: 'nonprofit',
        createdAt: at(daysSince - 5, 1),
        quantity: q,
        startsOn: berlinDay(start),
        endsOn: berlinDay(new Date(start.getTime() + 45 * DAY)),
        nonprofitSignedAt: at(daysSince - 5, 2),
        companySignedAt: null,
      });
      story.messages.push({ at: at(daysSince - 5, 3), by: 'nonprofit', body: 'Der Entwurf der Engagement-Vereinbarung ist fertig und von uns unterschrieben. Bitte schauen Sie ihn sich an!' });
      break;
    }
    case 'cancelled': {
      thread();
      accept();
      story.messages.push({ at: at(10), by: 'company', body: 'Leider gibt es bei uns eine personelle Veränderung. Wir melden uns in den nächsten Tagen.' });
      const reason =
        'Unsere Ansprechpartnerin hat das Unternehmen verlassen, und wir können den Einsatz im geplanten Zeitraum nicht sicher zusagen. Sobald wir wieder Kapazität haben, melden wir uns gern erneut.';
      story.steps.push({ action: 'cancel', at: at(14), by: 'company', note: reason });
      story.cancel = { by: 'company', reason };
      break;
    }
    case 'declined': {
      const reason = 'Vielen Dank für die Anfrage! Leider ist unser Team bis zum Sommer mit einem anderen Projekt ausgelastet. Im Herbst sprechen wir gern wieder miteinander.';
      story.steps.push({ action: 'decline', at: at(3, 2), by: receiver, note: reason });
      story.declineReason = reason;
      break;
    }
    case 'expired': {
      const expiresAt = new Date(t0 + timing.PROPOSAL_TTL_HOURS * HOUR);
      story.messages.push({ at: at(Math.min(5, (timing.PROPOSAL_TTL_HOURS / 24) * 0.5)), by: proposer, body: 'Wir wollten kurz nachfragen, ob Sie unsere Anfrage erhalten haben. Wir würden uns über eine Rückmeldung freuen.' });
      story.steps.push({ action: 'expire', at: expiresAt, by: null, note: 'Keine Antwort bis zum Ablauf / no answer before the proposal expired' });
      break;
    }
    case 'proposed':
      break;
    case 'proposedByCompany':
      story.messages.push({
        at: new Date(Math.min(t0 + DAY, now.getTime() - HOUR)),
        by: receiver,
        body: 'Danke für Ihr Angebot, das klingt sehr gut! Eine Rückfrage: Wäre ein Einsatz auch an einem Samstag möglich? Dann könnten mehr Ehrenamtliche dabei sein.',
      });
      break;
  }
  return story;
}
