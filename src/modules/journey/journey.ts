import type { OrganisationKind } from '../../common/domain/vocabulary';
import type { Completeness } from '../organisations/completeness';

/**
 * The six UPJ cooperation steps ("Neue Verbindungen schaffen") for one organisation, derived
 * from its data, never ticked by hand. Pure: the service gathers the facts, this decides.
 */
export const JOURNEY_STEP_KEYS = ['profile', 'needsAndPossibilities', 'readiness', 'partnerSearch', 'winningPartners', 'cooperationProject'] as const;
export type JourneyStepKey = (typeof JOURNEY_STEP_KEYS)[number];
export type StepStatus = 'not_started' | 'in_progress' | 'done';

export interface Text {
  de: string;
  en: string;
}

export interface JourneyFacts {
  organisationId: string;
  kind: OrganisationKind;
  completeness: Completeness;
  /** Needs (nonprofit) or offers (company): drafts, and those ever published. */
  listings: { drafts: number; published: number };
  readiness: { done: boolean };
  /** Shortlist entries saved, and matches the organisation marked interesting. */
  shortlist: { saved: number; interested: number };
  /** Matches the organisation's published listings have (candidates to shortlist). */
  matches: number;
  proposals: { pendingSent: number; pendingReceived: number; accepted: number; closedWithoutAcceptance: number };
  cooperations: { agreed: number; active: number; delivered: number; awaitingEvaluation: number; evaluated: number };
}

export interface NextAction {
  text: Text;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
}

export interface JourneyStep {
  step: number;
  key: JourneyStepKey;
  title: Text;
  status: StepStatus;
  /** What is still missing for the step to be done (empty when done). */
  missing: Text[];
  /** The next thing to do for this step, or null when done. */
  nextAction: NextAction | null;
}

export interface Journey {
  organisationId: string;
  kind: OrganisationKind;
  steps: JourneyStep[];
  /** The first step not yet done (null when all six are done). */
  currentStep: number | null;
  /** Steps done, 0..6. */
  stepsDone: number;
}

const TITLES: Record<JourneyStepKey, Text> = {
  profile: { de: 'Profil der eigenen Organisation', en: 'Profile of your own organisation' },
  needsAndPossibilities: { de: 'Kooperationsbedarfe und -möglichkeiten', en: 'Cooperation needs and possibilities' },
  readiness: { de: 'Kooperationsbereitschaft und -fähigkeit', en: 'Readiness and capability to cooperate' },
  partnerSearch: { de: 'Recherche und Auswahl von Partnern', en: 'Research and selection of partners' },
  winningPartners: { de: 'Partner für Kooperationsprojekte gewinnen', en: 'Winning partners for cooperation projects' },
  cooperationProject: { de: 'Kooperationsprojekt planen, umsetzen, evaluieren', en: 'Plan, implement, evaluate the cooperation project' },
};

/** German hints for the profile checks of the foundation's completeness (which are English). */
const PROFILE_HINTS_DE: Record<string, string> = {
  description: 'Beschreiben Sie Ihre Organisation in mindestens 80 Zeichen.',
  legalForm: 'Geben Sie Ihre Rechtsform an.',
  address: 'Geben Sie Straße, Postleitzahl und Ort an.',
  location: 'Geben Sie die Koordinaten Ihrer Adresse an, damit Partner in der Nähe Sie finden.',
  causeAreas: 'Wählen Sie mindestens ein Themenfeld.',
  website: 'Ergänzen Sie Ihre Website.',
  contactName: 'Nennen Sie eine Ansprechperson.',
  contactEmail: 'Geben Sie die E-Mail-Adresse der Ansprechperson an.',
  giveBacks: 'Nennen Sie, was Sie zurückgeben können (Gegenleistung), z. B. eine Dankeschön-Veranstaltung.',
  'engagement.causeAreas': 'Wählen Sie die Themenfelder, die Ihr Unternehmen unterstützen möchte.',
  'engagement.districtIds': 'Wählen Sie die Quartiere, in denen Ihr Unternehmen sich engagieren möchte.',
  'engagement.yearlyHours': 'Schätzen Sie die Engagement-Stunden, die Ihr Unternehmen pro Jahr geben kann.',
};

const statusOf = (done: boolean, started: boolean): StepStatus => (done ? 'done' : started ? 'in_progress' : 'not_started');

export function journeyOf(f: JourneyFacts): Journey {
  const org = `/v1/organisations/${f.organisationId}`;
  const nonprofit = f.kind === 'nonprofit';
  const listing = nonprofit ? { de: 'Bedarf', en: 'need', path: '/v1/needs' } : { de: 'Angebot', en: 'offer', path: '/v1/offers' };
  const steps: JourneyStep[] = [];
  const add = (key: JourneyStepKey, status: StepStatus, missing: Text[], nextAction: NextAction | null) =>
    steps.push({ step: steps.length + 1, key, title: TITLES[key], status, missing: status === 'done' ? [] : missing, nextAction: status === 'done' ? null : nextAction });

  // 1 Profile: the completeness value from the foundation.
  const c = f.completeness;
  add(
    'profile',
    statusOf(c.complete, c.score > 0),
    c.missing.map((m) => ({ de: PROFILE_HINTS_DE[m.field] ?? `Profilfeld ${m.field} ergänzen`, en: m.hint })),
    { text: { de: 'Profil vervollständigen', en: 'Complete your profile' }, method: 'PATCH', path: org },
  );

  // 2 Needs and possibilities: at least one published need (nonprofit) or offer (company).
  add(
    'needsAndPossibilities',
    statusOf(f.listings.published > 0, f.listings.drafts > 0),
    [{ de: `Mindestens ein veröffentlichter ${listing.de}`, en: `At least one published ${listing.en}` }],
    f.listings.drafts > 0
      ? { text: { de: `${listing.de} veröffentlichen`, en: `Publish your ${listing.en}` }, method: 'POST', path: `${listing.path}/{id}/publish` }
      : { text: { de: `${listing.de} anlegen`, en: `Create a ${listing.en}` }, method: 'POST', path: listing.path },
  );

  // 3 Readiness: the questionnaire answered.
  add(
    'readiness',
    statusOf(f.readiness.done, false),
    [{ de: 'Kooperationscheck (Fragebogen) ausfüllen', en: 'Answer the readiness questionnaire' }],
    { text: { de: 'Kooperationscheck ausfüllen', en: 'Take the readiness check' }, method: 'POST', path: `${org}/readiness` },
  );

  // 4 Partner search: a shortlist (saved partners or matches marked interesting).
  const shortlisted = f.shortlist.saved + f.shortlist.interested;
  add(
    'partnerSearch',
    statusOf(shortlisted > 0, f.matches > 0),
    [{ de: 'Mindestens einen möglichen Partner vormerken', en: 'Shortlist at least one potential partner' }],
    f.matches > 0
      ? { text: { de: 'Passende Partner ansehen und vormerken', en: 'Review your matches and shortlist partners' }, method: 'GET', path: `${listing.path}/{id}/matches` }
      : { text: { de: 'Partner suchen und vormerken', en: 'Search for partners and save them' }, method: 'POST', path: `${org}/shortlist` },
  );

  // 5 Winning partners: at least one proposal accepted.
  const p = f.proposals;
  const waiting = p.pendingSent + p.pendingReceived;
  add(
    'winningPartners',
    statusOf(p.accepted > 0, waiting + p.closedWithoutAcceptance > 0),
    [{ de: 'Eine angenommene Kooperationsanfrage', en: 'An accepted cooperation proposal' }],
    p.pendingReceived > 0
      ? { text: { de: 'Offene Anfragen beantworten', en: 'Answer the proposals you received' }, method: 'GET', path: '/v1/cooperations?role=received&status=proposed' }
      : { text: { de: 'Kooperationsanfrage senden', en: 'Send a cooperation proposal' }, method: 'POST', path: '/v1/cooperations' },
  );

  // 6 The cooperation project: agreed, then delivered, then evaluated.
  const k = f.cooperations;
  const missing6: Text[] = [];
  if (k.agreed === 0) missing6.push({ de: 'Eine von beiden Seiten unterschriebene Engagement-Vereinbarung', en: 'An Engagement-Vereinbarung signed by both sides' });
  if (k.delivered === 0) missing6.push({ de: 'Erbrachte Leistungen erfasst', en: 'Delivered contributions recorded' });
  if (k.evaluated === 0) missing6.push({ de: 'Eine abgeschlossene Auswertung', en: 'A completed evaluation' });
  let next6: NextAction;
  if (k.awaitingEvaluation > 0) next6 = { text: { de: 'Kooperation auswerten', en: 'Evaluate your cooperation' }, method: 'POST', path: '/v1/cooperations/{id}/evaluations' };
  else if (k.agreed > 0) next6 = { text: { de: 'Erbrachte Leistungen erfassen', en: 'Record what was delivered' }, method: 'POST', path: '/v1/cooperations/{id}/deliveries' };
  else next6 = { text: { de: 'Engagement-Vereinbarung entwerfen und unterschreiben', en: 'Draft and sign the Engagement-Vereinbarung' }, method: 'POST', path: '/v1/cooperations/{id}/agreements' };
  add('cooperationProject', statusOf(k.evaluated > 0, k.agreed > 0), missing6, next6);

  const current = steps.find((s) => s.status !== 'done');
  return { organisationId: f.organisationId, kind: f.kind, steps, currentStep: current?.step ?? null, stepsDone: steps.filter((s) => s.status === 'done').length };
}
