import { NONPROFIT_V1 } from '../questionnaires/nonprofit.v1';
import { evaluate } from '../scoring';

/**
 * OpenAPI examples of the readiness check: the Jugendhaus am Hallschlag's answers to
 * nonprofit.v1, and what the scoring makes of them, computed here by the real scoring so the
 * documented result is exactly what the API answers for these answers.
 */
export const ANSWERS_EXAMPLE = {
  'goals.purpose': ['helping-hands', 'visibility'],
  'goals.concreteness': 'planned',
  'goals.summary': 'Umzug des Jugendtreffs in neue Räume am Hallschlag im März 2027, mit Helfenden aus einem Unternehmen.',
  'resources.hoursPerMonth': '4-to-10',
  'resources.capacity': 4,
  'resources.experience': 'occasional',
  'contact.responsible': true,
  'contact.name': 'Deniz Aksoy, Leitung Jugendtreff',
  'contact.deputy': true,
  'mandate.board': 'agreed',
  'mandate.team': 4,
  'mandate.criteria': false,
  'giveBack.kinds': ['publicity', 'thank-you'],
  'giveBack.benefit': 3,
  'expectations.support': ['time', 'logistics'],
  'expectations.form': 'one-off',
  'expectations.agreement': true,
};

const evaluation = evaluate(NONPROFIT_V1, ANSWERS_EXAMPLE);
if (!evaluation.ok) throw new Error(`The readiness example answers do not validate: ${JSON.stringify(evaluation.errors)}`);

/** The answers as stored (options in questionnaire order) and the result. */
export const STORED_ANSWERS_EXAMPLE = evaluation.answers;
export const RESULT_EXAMPLE = evaluation.result;

export const QUESTIONNAIRE_EXAMPLE = NONPROFIT_V1;
const question = (id: string) => NONPROFIT_V1.questions.find((q) => q.id === id)!;
/** A single-choice question, a scale and a yes-no question of nonprofit.v1. */
export const CHOICE_QUESTION = question('goals.concreteness') as Extract<ReturnType<typeof question>, { type: 'single-choice' }>;
export const SCALE_QUESTION = question('resources.capacity') as Extract<ReturnType<typeof question>, { type: 'scale' }>;
export const YES_NO_QUESTION = question('contact.deputy') as Extract<ReturnType<typeof question>, { type: 'yes-no' }>;
export const DIMENSION_EXAMPLE = NONPROFIT_V1.dimensions[0];
