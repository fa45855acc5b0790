import type { OrganisationKind } from '../../common/domain/vocabulary';

/**
 * The shape of a readiness questionnaire (UPJ step 3, Kooperationsbereitschaft und -fähigkeit).
 * A questionnaire is data: it is stored in `readiness_questionnaires.definition` (jsonb) and read
 * from there at run time; the scoring (scoring.ts) works on any definition of this shape.
 */

/** Every text a user reads, German first. */
export interface I18n {
  de: string;
  en: string;
}

export const QUESTION_TYPES = ['single-choice', 'multi-choice', 'scale', 'text', 'yes-no'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const LEVELS = ['low', 'medium', 'high'] as const;
/** low: ausbaufähig, medium: auf gutem Weg, high: gut aufgestellt. */
export type Level = (typeof LEVELS)[number];

export interface ChoiceOption {
  id: string;
  label: I18n;
  points: number;
  /** Only this option may be chosen (e.g. "noch unklar"); multi-choice only. */
  exclusive?: boolean;
  /** A concrete recommendation when this option is chosen. */
  recommendation?: I18n;
}

interface QuestionBase {
  id: string;
  dimension: string;
  text: I18n;
  help?: I18n;
  required: boolean;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single-choice';
  options: ChoiceOption[];
}

export interface MultiChoiceQuestion extends QuestionBase {
  type: 'multi-choice';
  options: ChoiceOption[];
  /** The points are summed and capped here (e.g. two concrete goals already earn full points). */
  maxPoints: number;
}

export interface ScaleQuestion extends QuestionBase {
  type: 'scale';
  /** Whole numbers min..max; the answer earns (value - min) points out of (max - min). */
  min: number;
  max: number;
  minLabel: I18n;
  maxLabel: I18n;
  /** Given when the answer is below `below`. */
  recommendation?: { below: number; text: I18n };
}

export interface YesNoQuestion extends QuestionBase {
  type: 'yes-no';
  yes: { points: number; recommendation?: I18n };
  no: { points: number; recommendation?: I18n };
}

export interface TextQuestion extends QuestionBase {
  type: 'text';
  maxLength: number;
  /** Points for a non-empty answer (0: the text informs, it does not score). */
  pointsIfAnswered: number;
  recommendationIfEmpty?: I18n;
}

export type Question = SingleChoiceQuestion | MultiChoiceQuestion | ScaleQuestion | YesNoQuestion | TextQuestion;

export interface Dimension {
  id: string;
  title: I18n;
  description: I18n;
  /** Shown as a strength when the dimension reaches `high`. */
  strength: I18n;
  /** The dimension's recommendations when it stays below `high`. */
  recommendations: { low: I18n[]; medium: I18n[] };
}

export interface QuestionnaireDefinition {
  kind: OrganisationKind;
  /** e.g. 'nonprofit.v1': unique, never reused for other content. */
  version: string;
  title: I18n;
  intro: I18n;
  /** Score (0..100) from which a dimension or the whole check counts as medium / high. */
  thresholds: { medium: number; high: number };
  dimensions: Dimension[];
  questions: Question[];
}

/** One answer per question id: option id, option ids, whole number, true/false, or text. */
export type AnswerValue = string | string[] | number | boolean;
export type Answers = Record<string, AnswerValue>;

export interface DimensionResult {
  id: string;
  title: I18n;
  score: number;
  level: Level;
  points: number;
  maxPoints: number;
}

export interface Strength extends I18n {
  dimension: string;
  score: number;
}

export interface Recommendation extends I18n {
  dimension: string;
  /** The answer that triggered it, or null for the dimension's general advice. */
  questionId: string | null;
}

export interface ReadinessResult {
  questionnaireVersion: string;
  overall: { score: number; level: Level };
  dimensions: DimensionResult[];
  strengths: Strength[];
  recommendations: Recommendation[];
}
