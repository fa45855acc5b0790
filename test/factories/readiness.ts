import type { Answers } from '../../src/modules/readiness/questionnaire.model';

/**
 * Answer sets for the readiness questionnaires v1, with the points each answer earns; the
 * expected scores are computed by hand in src/modules/readiness/scoring.spec.ts and
 * test/e2e/readiness.e2e-spec.ts.
 */

/** A nonprofit that has done its homework: clear goals and expectations, some gaps. */
export const NONPROFIT_PREPARED: Answers = {
  'goals.purpose': ['extend-services', 'helping-hands', 'network'], // 3 → capped 2 of 2
  'goals.concreteness': 'planned', // 2 of 2
  'goals.summary': '  Der Jugendtreff zieht um; wir suchen Helfende und Transport.  ', // 0 of 0
  'resources.hoursPerMonth': '4-to-10', // 2 of 3
  'resources.capacity': 4, // 3 of 4
  'resources.experience': 'occasional', // 1 of 2
  'contact.responsible': true, // 2 of 2
  'contact.name': 'Anna Schneider, Vorstand', // 1 of 1
  'contact.deputy': false, // 0 of 1, recommendation
  'mandate.board': 'informed', // 1 of 2
  'mandate.team': 4, // 3 of 4; mandate.criteria unanswered: 0 of 1
  'giveBack.kinds': ['thank-you', 'insight'], // 2 of 3
  'giveBack.benefit': 3, // 2 of 4
  'expectations.support': ['logistics', 'time'], // 2 of 2
  'expectations.form': 'project', // 2 of 2
  'expectations.agreement': true, // 2 of 2
};

/** A young initiative at the very start: only the required answers, all at the weakest. */
export const NONPROFIT_STARTING: Answers = {
  'goals.purpose': ['unclear'],
  'goals.concreteness': 'idea',
  'resources.hoursPerMonth': 'none',
  'resources.capacity': 1,
  'contact.responsible': false,
  'mandate.board': 'not-asked',
  'mandate.team': 2, // 1 of 4
  'giveBack.kinds': ['nothing'],
  'expectations.support': ['unclear'],
  'expectations.form': 'unsure',
  'expectations.agreement': false,
};

/** A logistics company with management backing and a one-off action in mind. */
export const COMPANY_LOGISTICS: Answers = {
  'goals.aims': ['local-impact', 'team-spirit'], // 2 of 2
  'goals.fit': 'strongly', // 2 of 2
  'staffTime.hoursPerYear': '20-to-100', // 2 of 3
  'staffTime.workingTime': 'partly', // 1 of 2
  'staffTime.interest': 4, // 3 of 4
  'decisionMaker.approval': 'approved', // 2 of 2
  'decisionMaker.name': 'Jonas Weber, Geschäftsführer', // 1 of 1; scope unanswered 0 of 1
  'contact.coordinator': true, // 2 of 2
  'contact.internal': false, // 0 of 1
  'contribution.kinds': ['logistics'], // 1 of 2
  'expectations.form': 'one-off', // 1 of 2
  'expectations.eyeLevel': 5, // 4 of 4
  'expectations.agreement': true, // 2 of 2
  'expectations.giveBack': ['thank-you'], // informative, 0 of 0
};
