import type { FieldError } from '../../common/errors/error-codes';
import type {
  Answers,
  AnswerValue,
  ChoiceOption,
  DimensionResult,
  I18n,
  Level,
  Question,
  QuestionnaireDefinition,
  ReadinessResult,
  Recommendation,
  Strength,
} from './questionnaire.model';
import { QUESTION_TYPES } from './questionnaire.model';

/**
 * The readiness check's pure core: validates answers against a questionnaire definition, scores
 * them per dimension, and picks strengths and recommendations. No Nest, no database; the same
 * definition and answers always give the same result.
 *
 * Scoring, per question:
 * - single-choice: the chosen option's points (max: the best option);
 * - multi-choice: the chosen options' points summed, capped at `maxPoints`;
 * - scale: value - min (max: max - min);
 * - yes-no: the points of yes or no (max: the larger);
 * - text: `pointsIfAnswered` for a non-empty answer.
 * An unanswered optional question earns 0 of its maximum.
 * Dimension score = round(100 × points / maxPoints); overall = round(mean of the dimension scores).
 * Level: high from thresholds.high, medium from thresholds.medium, low below.
 */

export const levelOf = (score: number, thresholds: QuestionnaireDefinition['thresholds']): Level =>
  score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';

/** The most points a question can earn. */
export function maxPointsOf(q: Question): number {
  switch (q.type) {
    case 'single-choice':
      return Math.max(0, ...q.options.map((o) => o.points));
    case 'multi-choice':
      return q.maxPoints;
    case 'scale':
      return q.max - q.min;
    case 'yes-no':
      return Math.max(q.yes.points, q.no.points);
    case 'text':
      return q.pointsIfAnswered;
  }
}

/** Problems of a definition itself (ids, references, options); empty when it is usable. */
export function checkDefinition(def: QuestionnaireDefinition): string[] {
  const problems: string[] = [];
  const i18n = (t: I18n | undefined, where: string) => {
    if (!t || typeof t.de !== 'string' || typeof t.en !== 'string' || !t.de.trim() || !t.en.trim()) problems.push(`${where}: German and English text required`);
  };
  i18n(def.title, 'title');
  i18n(def.intro, 'intro');
  if (!(def.thresholds.medium > 0 && def.thresholds.medium < def.thresholds.high && def.thresholds.high <= 100)) problems.push('thresholds: 0 < medium < high <= 100');
  const dims = new Set<string>();
  for (const d of def.dimensions) {
    if (dims.has(d.id)) problems.push(`dimension ${d.id}: duplicate id`);
    dims.add(d.id);
    i18n(d.title, `dimension ${d.id}.title`);
    i18n(d.description, `dimension ${d.id}.description`);
    i18n(d.strength, `dimension ${d.id}.strength`);
    if (!d.recommendations.low.length || !d.recommendations.medium.length) problems.push(`dimension ${d.id}: recommendations for low and medium required`);
    [...d.recommendations.low, ...d.recommendations.medium].forEach((r, i) => i18n(r, `dimension ${d.id}.recommendations[${i}]`));
  }
  const ids = new Set<string>();
  const maxByDim = new Map<string, number>();
  for (const q of def.questions) {
    const where = `question ${q.id}`;
    if (ids.has(q.id)) problems.push(`${where}: duplicate id`);
    ids.add(q.id);
    if (!dims.has(q.dimension)) problems.push(`${where}: unknown dimension ${q.dimension}`);
    if (!QUESTION_TYPES.includes(q.type)) problems.push(`${where}: unknown type`);
    i18n(q.text, `${where}.text`);
    if (q.type === 'single-choice' || q.type === 'multi-choice') {
      if (q.options.length < 2) problems.push(`${where}: at least two options`);
      const optionIds = new Set<string>();
      for (const o of q.options) {
        if (optionIds.has(o.id)) problems.push(`${where}: duplicate option ${o.id}`);
        optionIds.add(o.id);
        i18n(o.label, `${where}.${o.id}`);
        if (o.recommendation) i18n(o.recommendation, `${where}.${o.id}.recommendation`);
        if (!Number.isInteger(o.points) || o.points < 0) problems.push(`${where}.${o.id}: points must be a whole number >= 0`);
        if (o.exclusive && q.type !== 'multi-choice') problems.push(`${where}.${o.id}: exclusive is for multi-choice`);
      }
    }
    if (q.type === 'scale' && !(Number.isInteger(q.min) && Number.isInteger(q.max) && q.min < q.max)) problems.push(`${where}: min < max, whole numbers`);
    if (q.type === 'text' && !(q.maxLength > 0)) problems.push(`${where}: maxLength > 0`);
    maxByDim.set(q.dimension, (maxByDim.get(q.dimension) ?? 0) + maxPointsOf(q));
  }
  for (const d of dims) if (!maxByDim.get(d)) problems.push(`dimension ${d}: no question earns points`);
  return problems;
}

const join = (values: string[]) => values.join(', ');

/**
 * Checks raw answers against the definition. Returns the answers normalised (texts trimmed,
 * options in the questionnaire's order, unanswered optional questions left out) or field errors
 * named `answers.<questionId>`.
 */
export function validateAnswers(def: QuestionnaireDefinition, raw: unknown): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: Answers = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { answers, errors: [{ field: 'answers', reason: 'isObject', message: 'answers must be an object keyed by question id' }] };
  }
  const input = raw as Record<string, unknown>;
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const key of Object.keys(input)) {
    if (!byId.has(key)) errors.push({ field: `answers.${key}`, reason: 'unknownQuestion', message: `${key} is not a question of ${def.version}` });
  }
  for (const q of def.questions) {
    const field = `answers.${q.id}`;
    const fail = (reason: string, message: string) => errors.push({ field, reason, message: `${field} ${message}` });
    const value = Object.hasOwn(input, q.id) ? input[q.id] : undefined;
    let answer: AnswerValue | undefined;
    if (value !== undefined && value !== null) {
      switch (q.type) {
        case 'single-choice': {
          if (typeof value !== 'string') fail('wrongType', 'must be an option id (string)');
          else if (!q.options.some((o) => o.id === value)) fail('invalidOption', `must be one of ${join(q.options.map((o) => o.id))}`);
          else answer = value;
          break;
        }
        case 'multi-choice': {
          if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
            fail('wrongType', 'must be a list of option ids');
            break;
          }
          const chosen = value as string[];
          const unknown = chosen.filter((v) => !q.options.some((o) => o.id === v));
          if (unknown.length) fail('invalidOption', `names unknown options (${join(unknown)}); allowed: ${join(q.options.map((o) => o.id))}`);
          else if (new Set(chosen).size !== chosen.length) fail('duplicateOption', 'names an option twice');
          else if (chosen.length > 1 && q.options.some((o) => o.exclusive && chosen.includes(o.id))) {
            fail('exclusiveOption', `cannot combine ${join(q.options.filter((o) => o.exclusive).map((o) => o.id))} with other options`);
          } else if (chosen.length) answer = q.options.filter((o) => chosen.includes(o.id)).map((o) => o.id);
          break;
        }
        case 'scale': {
          if (typeof value !== 'number' || !Number.isInteger(value)) fail('wrongType', `must be a whole number from ${q.min} to ${q.max}`);
          else if (value < q.min || value > q.max) fail('outOfRange', `must be from ${q.min} to ${q.max}`);
          else answer = value;
          break;
        }
        case 'yes-no': {
          if (typeof value !== 'boolean') fail('wrongType', 'must be true (yes) or false (no)');
          else answer = value;
          break;
        }
        case 'text': {
          if (typeof value !== 'string') fail('wrongType', 'must be a text');
          else if (value.trim().length > q.maxLength) fail('tooLong', `must be at most ${q.maxLength} characters`);
          else if (value.trim()) answer = value.trim();
          break;
        }
      }
    }
    const invalid = errors.some((e) => e.field === field);
    if (answer !== undefined) answers[q.id] = answer;
    else if (q.required && !invalid) fail('required', 'is required');
  }
  return { answers, errors };
}

interface Scored {
  points: number;
  recommendations: I18n[];
}

function scoreQuestion(q: Question, answer: AnswerValue | undefined): Scored {
  if (answer === undefined) {
    return { points: 0, recommendations: q.type === 'text' && q.recommendationIfEmpty ? [q.recommendationIfEmpty] : [] };
  }
  const recs = (options: ChoiceOption[]) => options.flatMap((o) => (o.recommendation ? [o.recommendation] : []));
  switch (q.type) {
    case 'single-choice': {
      const option = q.options.find((o) => o.id === answer)!;
      return { points: option.points, recommendations: recs([option]) };
    }
    case 'multi-choice': {
      const chosen = q.options.filter((o) => (answer as string[]).includes(o.id));
      return { points: Math.min(q.maxPoints, chosen.reduce((sum, o) => sum + o.points, 0)), recommendations: recs(chosen) };
    }
    case 'scale': {
      const value = answer as number;
      return { points: value - q.min, recommendations: q.recommendation && value < q.recommendation.below ? [q.recommendation.text] : [] };
    }
    case 'yes-no': {
      const side = answer ? q.yes : q.no;
      return { points: side.points, recommendations: side.recommendation ? [side.recommendation] : [] };
    }
    case 'text':
      return { points: q.pointsIfAnswered, recommendations: [] };
  }
}

/** Scores valid (validated) answers. */
export function scoreAnswers(def: QuestionnaireDefinition, answers: Answers): ReadinessResult {
  const perDim = new Map(def.dimensions.map((d) => [d.id, { points: 0, max: 0, recs: [] as Recommendation[] }]));
  for (const q of def.questions) {
    const acc = perDim.get(q.dimension)!;
    const scored = scoreQuestion(q, answers[q.id]);
    acc.points += scored.points;
    acc.max += maxPointsOf(q);
    for (const r of scored.recommendations) acc.recs.push({ dimension: q.dimension, questionId: q.id, de: r.de, en: r.en });
  }
  const dimensions: DimensionResult[] = def.dimensions.map((d) => {
    const acc = perDim.get(d.id)!;
    const score = acc.max ? Math.round((100 * acc.points) / acc.max) : 0;
    return { id: d.id, title: d.title, score, level: levelOf(score, def.thresholds), points: acc.points, maxPoints: acc.max };
  });
  const overallScore = dimensions.length ? Math.round(dimensions.reduce((s, d) => s + d.score, 0) / dimensions.length) : 0;

  // Stable sorts: ties keep the questionnaire's order.
  const strengths: Strength[] = dimensions
    .filter((d) => d.level === 'high')
    .sort((a, b) => b.score - a.score)
    .map((d) => {
      const text = def.dimensions.find((x) => x.id === d.id)!.strength;
      return { dimension: d.id, score: d.score, de: text.de, en: text.en };
    });

  const seen = new Set<string>();
  const recommendations: Recommendation[] = [];
  for (const d of [...dimensions].sort((a, b) => a.score - b.score)) {
    const def_ = def.dimensions.find((x) => x.id === d.id)!;
    const general = d.level === 'high' ? [] : def_.recommendations[d.level].map((r) => ({ dimension: d.id, questionId: null, de: r.de, en: r.en }));
    for (const r of [...perDim.get(d.id)!.recs, ...general]) {
      if (seen.has(r.de)) continue;
      seen.add(r.de);
      recommendations.push(r);
    }
  }

  return {
    questionnaireVersion: def.version,
    overall: { score: overallScore, level: levelOf(overallScore, def.thresholds) },
    dimensions,
    strengths,
    recommendations,
  };
}

export type Evaluation = { ok: true; answers: Answers; result: ReadinessResult } | { ok: false; errors: FieldError[] };

/** Validates, then scores. */
export function evaluate(def: QuestionnaireDefinition, raw: unknown): Evaluation {
  const { answers, errors } = validateAnswers(def, raw);
  return errors.length ? { ok: false, errors } : { ok: true, answers, result: scoreAnswers(def, answers) };
}
