import { CATEGORIES, GIVE_BACK_KINDS, ORGANISATION_KINDS, UNITS, type OrganisationKind } from '../../common/domain/vocabulary';
import { money, rate, type Rate } from '../reports/report-figures';
import type { AgreementOutcome } from './follow-up.model';

/**
 * The arithmetic of the event and round reports, without Nest or a database: an additive tally
 * per event (what the queries count), summed over a round's events, and the figures derived from
 * it. Rates are recomputed from the summed numerators and denominators, never averaged; `null`
 * when the denominator is 0.
 */

export const PARTICIPANT_COUNTS = ['registered', 'checkedIn', 'noShows', 'waitlisted', 'cancelled', 'invited'] as const;
export type ParticipantCount = (typeof PARTICIPANT_COUNTS)[number];

/** What the companies give in one category (Leistung), over the signed agreements. */
export interface GiveTally {
  agreements: number;
  estimatedHours: number;
  /** contribution quantities per unit */
  quantities: Record<string, number>;
}

/** Counts and sums of one event; every field adds up over events. */
export interface EventTally {
  participants: Record<OrganisationKind, Record<ParticipantCount, number>>;
  meetingsRequested: number;
  meetingsScheduled: number;
  meetingsHeld: number;
  agreementsRecorded: number;
  agreementsSigned: number;
  estimatedHours: number;
  estimatedValueEur: number;
  /** signed agreements by what the follow-up answers say (agreementOutcome) */
  outcomes: Record<AgreementOutcome, number>;
  /** answers given at open stages / party-stage pairs asked (2 sides × signed agreements × open stages) */
  followUpAnswers: number;
  followUpAsked: number;
  /** Leistung per contribution category */
  give: Record<string, GiveTally>;
  /** Gegenleistung: signed agreements per give-back kind */
  giveBack: Record<string, number>;
}

const zeroCounts = (): Record<ParticipantCount, number> => ({ registered: 0, checkedIn: 0, noShows: 0, waitlisted: 0, cancelled: 0, invited: 0 });

export const emptyEventTally = (): EventTally => ({
  participants: { nonprofit: zeroCounts(), company: zeroCounts() },
  meetingsRequested: 0,
  meetingsScheduled: 0,
  meetingsHeld: 0,
  agreementsRecorded: 0,
  agreementsSigned: 0,
  estimatedHours: 0,
  estimatedValueEur: 0,
  outcomes: { carried_out: 0, in_progress: 0, not_carried_out: 0, no_answer: 0 },
  followUpAnswers: 0,
  followUpAsked: 0,
  give: {},
  giveBack: {},
});

/** One signed agreement's current version, as the report reads it. */
export interface SignedAgreement {
  category: string;
  quantity: number;
  unit: string;
  giveBackKind: string;
  estimatedHours: number | null;
  estimatedValueEur: number | null;
  outcome: AgreementOutcome;
}

/** Adds one signed agreement (its current signed version and its outcome) into the tally, in place. */
export function addSignedAgreement(into: EventTally, a: SignedAgreement): EventTally {
  into.agreementsSigned++;
  into.estimatedHours += a.estimatedHours ?? 0;
  into.estimatedValueEur += a.estimatedValueEur ?? 0;
  into.outcomes[a.outcome]++;
  const give = (into.give[a.category] ??= { agreements: 0, estimatedHours: 0, quantities: {} });
  give.agreements++;
  give.estimatedHours += a.estimatedHours ?? 0;
  give.quantities[a.unit] = (give.quantities[a.unit] ?? 0) + a.quantity;
  into.giveBack[a.giveBackKind] = (into.giveBack[a.giveBackKind] ?? 0) + 1;
  return into;
}

/** Adds `part` into `into` (in place) and returns `into`. */
export function addEventTally(into: EventTally, part: EventTally): EventTally {
  for (const kind of ORGANISATION_KINDS) for (const c of PARTICIPANT_COUNTS) into.participants[kind][c] += part.participants[kind][c];
  into.meetingsRequested += part.meetingsRequested;
  into.meetingsScheduled += part.meetingsScheduled;
  into.meetingsHeld += part.meetingsHeld;
  into.agreementsRecorded += part.agreementsRecorded;
  into.agreementsSigned += part.agreementsSigned;
  into.estimatedHours += part.estimatedHours;
  into.estimatedValueEur += part.estimatedValueEur;
  for (const o of Object.keys(into.outcomes) as AgreementOutcome[]) into.outcomes[o] += part.outcomes[o];
  into.followUpAnswers += part.followUpAnswers;
  into.followUpAsked += part.followUpAsked;
  for (const [category, g] of Object.entries(part.give)) {
    const to = (into.give[category] ??= { agreements: 0, estimatedHours: 0, quantities: {} });
    to.agreements += g.agreements;
    to.estimatedHours += g.estimatedHours;
    for (const [unit, q] of Object.entries(g.quantities)) to.quantities[unit] = (to.quantities[unit] ?? 0) + q;
  }
  for (const [kind, n] of Object.entries(part.giveBack)) into.giveBack[kind] = (into.giveBack[kind] ?? 0) + n;
  return into;
}

export const sumEventTallies = (tallies: EventTally[]): EventTally => tallies.reduce((into, t) => addEventTally(into, t), emptyEventTally());

export interface ByKind {
  nonprofit: number;
  company: number;
  total: number;
}

export interface EventFigures {
  participants: Record<ParticipantCount, ByKind> & {
    /** checked in / registered */
    attendance: Rate;
  };
  meetings: {
    requested: number;
    scheduled: number;
    held: number;
    /** held / scheduled */
    heldShare: Rate;
  };
  agreements: {
    recorded: number;
    signed: number;
    /** signed / recorded */
    signing: Rate;
    estimatedHours: number;
    estimatedValueEur: number;
  };
  followUps: {
    /** signed agreements reported carried out by at least one side / signed agreements */
    realisation: Rate;
    carriedOut: number;
    inProgress: number;
    notCarriedOut: number;
    noAnswer: number;
    /** answers / party-stage pairs asked */
    response: Rate;
  };
  giveAndTake: {
    /** what the companies give (Leistung), per category in vocabulary order */
    give: Array<{ category: string; agreements: number; estimatedHours: number; quantities: Array<{ unit: string; quantity: number }> }>;
    /** what the nonprofits give back (Gegenleistung), per kind in vocabulary order */
    giveBack: Array<{ kind: string; agreements: number }>;
  };
}

/** Keys in the vocabulary's order, unknown ones after them alphabetically. */
function ordered(keys: string[], vocabulary: readonly string[]): string[] {
  const rank = (k: string) => (vocabulary.includes(k) ? vocabulary.indexOf(k) : vocabulary.length);
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function eventFigures(t: EventTally): EventFigures {
  const byKind = (c: ParticipantCount): ByKind => ({
    nonprofit: t.participants.nonprofit[c],
    company: t.participants.company[c],
    total: t.participants.nonprofit[c] + t.participants.company[c],
  });
  const participants = Object.fromEntries(PARTICIPANT_COUNTS.map((c) => [c, byKind(c)])) as Record<ParticipantCount, ByKind>;
  return {
    participants: { ...participants, attendance: rate(participants.checkedIn.total, participants.registered.total) },
    meetings: { requested: t.meetingsRequested, scheduled: t.meetingsScheduled, held: t.meetingsHeld, heldShare: rate(t.meetingsHeld, t.meetingsScheduled) },
    agreements: {
      recorded: t.agreementsRecorded,
      signed: t.agreementsSigned,
      signing: rate(t.agreementsSigned, t.agreementsRecorded),
      estimatedHours: money(t.estimatedHours),
      estimatedValueEur: money(t.estimatedValueEur),
    },
    followUps: {
      realisation: rate(t.outcomes.carried_out, t.agreementsSigned),
      carriedOut: t.outcomes.carried_out,
      inProgress: t.outcomes.in_progress,
      notCarriedOut: t.outcomes.not_carried_out,
      noAnswer: t.outcomes.no_answer,
      response: rate(t.followUpAnswers, t.followUpAsked),
    },
    giveAndTake: {
      give: ordered(Object.keys(t.give), CATEGORIES).map((category) => {
        const g = t.give[category];
        return {
          category,
          agreements: g.agreements,
          estimatedHours: money(g.estimatedHours),
          quantities: ordered(Object.keys(g.quantities), UNITS).map((unit) => ({ unit, quantity: money(g.quantities[unit]) })),
        };
      }),
      giveBack: ordered(Object.keys(t.giveBack), GIVE_BACK_KINDS).map((kind) => ({ kind, agreements: t.giveBack[kind] })),
    },
  };
}
