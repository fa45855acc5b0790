import { READINESS_V1 } from '../../../migrations/1795638534246-Readiness';
import type { Answers, QuestionnaireDefinition } from './questionnaire.model';
import { ACTIVE_VERSION, COMPANY_V1, NONPROFIT_V1, QUESTIONNAIRES } from './questionnaires';
import { checkDefinition, evaluate, levelOf, maxPointsOf, scoreAnswers, validateAnswers } from './scoring';
import { COMPANY_LOGISTICS, NONPROFIT_PREPARED, NONPROFIT_STARTING } from '../../../test/factories/readiness';

const scores = (def: QuestionnaireDefinition, answers: Answers) => {
  const r = evaluate(def, answers);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.result;
};

describe('readiness questionnaires (data)', () => {
  it.each(QUESTIONNAIRES.map((q) => [q.version, q] as const))('%s is a valid definition', (_, def) => {
    expect(checkDefinition(def)).toEqual([]);
  });

  it('v1 data files equal the frozen copy the migration inserted (change questions in a new version, never in v1)', () => {
    expect(JSON.parse(JSON.stringify(READINESS_V1))).toEqual(JSON.parse(JSON.stringify([NONPROFIT_V1, COMPANY_V1])));
  });

  it('each kind has an active version among the shipped ones', () => {
    expect(QUESTIONNAIRES.find((q) => q.version === ACTIVE_VERSION.nonprofit)?.kind).toBe('nonprofit');
    expect(QUESTIONNAIRES.find((q) => q.version === ACTIVE_VERSION.company)?.kind).toBe('company');
  });

  describe.each([
    ['nonprofit.v1', NONPROFIT_V1, { goals: 4, resources: 9, contact: 4, mandate: 7, giveBack: 7, expectations: 6 }],
    ['company.v1', COMPANY_V1, { goals: 4, staffTime: 9, decisionMaker: 4, contact: 3, contribution: 2, expectations: 8 }],
  ])('%s maximum points per dimension (hand-counted)', (_, def, expected) => {
    it('match the definition', () => {
      const max: Record<string, number> = {};
      for (const q of def.questions) max[q.dimension] = (max[q.dimension] ?? 0) + maxPointsOf(q);
      expect(max).toEqual(expected);
    });
  });

  it('covers what UPJ step 3 asks: goals, resources/time, contact person, board agreement, give-back, expectations; companies: goals, staff time, decision maker', () => {
    expect(NONPROFIT_V1.dimensions.map((d) => d.id)).toEqual(['goals', 'resources', 'contact', 'mandate', 'giveBack', 'expectations']);
    expect(COMPANY_V1.dimensions.map((d) => d.id)).toEqual(['goals', 'staffTime', 'decisionMaker', 'contact', 'contribution', 'expectations']);
  });
});

describe('levelOf', () => {
  it.each([
    [0, 'low'],
    [39, 'low'],
    [40, 'medium'],
    [74, 'medium'],
    [75, 'high'],
    [100, 'high'],
  ])('%i → %s', (score, level) => expect(levelOf(score, { medium: 40, high: 75 })).toBe(level));
});

describe('scoring (hand-computed scenarios)', () => {
  describe.each([
    [
      'Nachbarschaftshilfe, gut vorbereitet',
      NONPROFIT_V1,
      NONPROFIT_PREPARED,
      // goals 4/4, resources 6/9, contact 3/4, mandate 4/7, giveBack 4/7, expectations 6/6
      { goals: [100, 'high'], resources: [67, 'medium'], contact: [75, 'high'], mandate: [57, 'medium'], giveBack: [57, 'medium'], expectations: [100, 'high'] },
      // (100 + 67 + 75 + 57 + 57 + 100) / 6 = 76
      [76, 'high'],
      ['goals', 'expectations', 'contact'],
      [
        ['mandate', null],
        ['giveBack', null],
        ['resources', null],
        ['contact', 'contact.deputy'],
      ],
    ],
    [
      'Initiative am Anfang',
      NONPROFIT_V1,
      NONPROFIT_STARTING,
      { goals: [0, 'low'], resources: [0, 'low'], contact: [0, 'low'], mandate: [14, 'low'], giveBack: [0, 'low'], expectations: [0, 'low'] },
      // 14 / 6 = 2.33
      [2, 'low'],
      [],
      [
        ['goals', 'goals.purpose'],
        ['goals', 'goals.concreteness'],
        ['goals', null],
        ['resources', 'resources.hoursPerMonth'],
        ['resources', 'resources.capacity'],
        ['resources', null],
        ['resources', null],
        ['contact', 'contact.responsible'],
        ['contact', null],
        ['giveBack', 'giveBack.kinds'],
        ['giveBack', null],
        ['expectations', 'expectations.agreement'],
        ['expectations', null],
        ['mandate', 'mandate.board'],
        ['mandate', null],
        ['mandate', null],
      ],
    ],
    [
      'Weber Logistik GmbH',
      COMPANY_V1,
      COMPANY_LOGISTICS,
      // goals 4/4, staffTime 6/9, decisionMaker 3/4, contact 2/3, contribution 1/2, expectations 7/8
      { goals: [100, 'high'], staffTime: [67, 'medium'], decisionMaker: [75, 'high'], contact: [67, 'medium'], contribution: [50, 'medium'], expectations: [88, 'high'] },
      // (100 + 67 + 75 + 67 + 50 + 88) / 6 = 74.5 → 75 (rounds half up): high
      [75, 'high'],
      ['goals', 'expectations', 'decisionMaker'],
      [
        ['contribution', null],
        ['staffTime', null],
        ['contact', null],
      ],
    ],
  ] as const)('%s', (_, def, answers, dims, overall, strengths, recommendations) => {
    const result = scores(def, answers);

    it('scores each dimension', () => {
      expect(Object.fromEntries(result.dimensions.map((d) => [d.id, [d.score, d.level]]))).toEqual(dims);
    });

    it('scores the whole check', () => {
      expect(result.overall).toEqual({ score: overall[0], level: overall[1] });
      expect(result.questionnaireVersion).toBe(def.version);
    });

    it('lists strengths, best first', () => {
      expect(result.strengths.map((s) => s.dimension)).toEqual(strengths);
      for (const s of result.strengths) expect(s.de).toBe(def.dimensions.find((d) => d.id === s.dimension)!.strength.de);
    });

    it('lists recommendations, weakest dimension first, answers before general advice, in German and English', () => {
      expect(result.recommendations.map((r) => [r.dimension, r.questionId])).toEqual(recommendations);
      for (const r of result.recommendations) {
        expect(r.de.length).toBeGreaterThan(20);
        expect(r.en.length).toBeGreaterThan(20);
      }
    });
  });

  it('gives the concrete advice of the chosen option', () => {
    const result = scores(NONPROFIT_V1, NONPROFIT_STARTING);
    const board = result.recommendations.find((r) => r.questionId === 'mandate.board')!;
    expect(board.de).toMatch(/Vorstandssitzung/);
    expect(board.en).toMatch(/board meeting/);
  });

  it('full marks give 100 everywhere, every dimension a strength and no recommendations', () => {
    const best: Answers = {};
    for (const q of NONPROFIT_V1.questions) {
      if (q.type === 'single-choice') best[q.id] = [...q.options].sort((a, b) => b.points - a.points)[0]!.id;
      if (q.type === 'multi-choice') best[q.id] = q.options.filter((o) => !o.exclusive).map((o) => o.id);
      if (q.type === 'scale') best[q.id] = q.max;
      if (q.type === 'yes-no') best[q.id] = q.yes.points >= q.no.points;
      if (q.type === 'text') best[q.id] = 'ja';
    }
    const result = scores(NONPROFIT_V1, best);
    expect(result.dimensions.every((d) => d.score === 100)).toBe(true);
    expect(result.overall).toEqual({ score: 100, level: 'high' });
    expect(result.strengths).toHaveLength(NONPROFIT_V1.dimensions.length);
    expect(result.recommendations).toEqual([]);
  });

  it('is deterministic: same answers in any key order give the same result', () => {
    const reversed = Object.fromEntries(Object.entries(COMPANY_LOGISTICS).reverse());
    expect(scores(COMPANY_V1, reversed)).toEqual(scores(COMPANY_V1, COMPANY_LOGISTICS));
  });

  it('normalises answers: trims texts, orders options as the questionnaire does, leaves out empty optional answers', () => {
    const { answers, errors } = validateAnswers(NONPROFIT_V1, { ...NONPROFIT_PREPARED, 'expectations.notes': '   ', 'resources.experience': null });
    expect(errors).toEqual([]);
    expect(answers['goals.summary']).toBe('Der Jugendtreff zieht um; wir suchen Helfende und Transport.');
    expect(answers['giveBack.kinds']).toEqual(['insight', 'thank-you']);
    expect(answers).not.toHaveProperty('expectations.notes');
    expect(answers).not.toHaveProperty('resources.experience');
  });

  it('scores stay within 0..100 for random valid answers', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const def of QUESTIONNAIRES) {
      for (let i = 0; i < 200; i++) {
        const answers: Answers = {};
        for (const q of def.questions) {
          if (!q.required && rnd(3) === 0) continue;
          if (q.type === 'single-choice') answers[q.id] = q.options[rnd(q.options.length)]!.id;
          if (q.type === 'multi-choice') {
            const normal = q.options.filter((o) => !o.exclusive);
            const pick = normal.filter(() => rnd(2) === 0).map((o) => o.id);
            answers[q.id] = pick.length ? pick : [normal[0]!.id];
          }
          if (q.type === 'scale') answers[q.id] = q.min + rnd(q.max - q.min + 1);
          if (q.type === 'yes-no') answers[q.id] = rnd(2) === 0;
          if (q.type === 'text') answers[q.id] = 'Text';
        }
        const result = scores(def, answers);
        for (const d of result.dimensions) {
          expect(d.score).toBeGreaterThanOrEqual(0);
          expect(d.score).toBeLessThanOrEqual(100);
          expect(d.points).toBeLessThanOrEqual(d.maxPoints);
        }
        expect(new Set(result.recommendations.map((r) => r.de)).size).toBe(result.recommendations.length);
      }
    }
  });
});

describe('validation (field errors answers.<questionId>)', () => {
  const without = (key: string) => Object.fromEntries(Object.entries(NONPROFIT_PREPARED).filter(([k]) => k !== key));

  it.each([
    ['an unknown question', { ...NONPROFIT_PREPARED, 'goals.budget': 'viel' }, 'answers.goals.budget', 'unknownQuestion'],
    ['an unknown option (single-choice)', { ...NONPROFIT_PREPARED, 'goals.concreteness': 'perfect' }, 'answers.goals.concreteness', 'invalidOption'],
    ['an unknown option (multi-choice)', { ...NONPROFIT_PREPARED, 'giveBack.kinds': ['insight', 'money'] }, 'answers.giveBack.kinds', 'invalidOption'],
    ['an option twice', { ...NONPROFIT_PREPARED, 'giveBack.kinds': ['insight', 'insight'] }, 'answers.giveBack.kinds', 'duplicateOption'],
    ['an exclusive option with others', { ...NONPROFIT_PREPARED, 'goals.purpose': ['unclear', 'network'] }, 'answers.goals.purpose', 'exclusiveOption'],
    ['a single option where a list is due', { ...NONPROFIT_PREPARED, 'goals.purpose': 'network' }, 'answers.goals.purpose', 'wrongType'],
    ['a list where one option is due', { ...NONPROFIT_PREPARED, 'goals.concreteness': ['planned'] }, 'answers.goals.concreteness', 'wrongType'],
    ['a scale value above the range', { ...NONPROFIT_PREPARED, 'resources.capacity': 6 }, 'answers.resources.capacity', 'outOfRange'],
    ['a scale value below the range', { ...NONPROFIT_PREPARED, 'resources.capacity': 0 }, 'answers.resources.capacity', 'outOfRange'],
    ['a fractional scale value', { ...NONPROFIT_PREPARED, 'resources.capacity': 2.5 }, 'answers.resources.capacity', 'wrongType'],
    ['a scale value as text', { ...NONPROFIT_PREPARED, 'resources.capacity': '3' }, 'answers.resources.capacity', 'wrongType'],
    ['"yes" instead of true', { ...NONPROFIT_PREPARED, 'contact.responsible': 'yes' }, 'answers.contact.responsible', 'wrongType'],
    ['a text that is too long', { ...NONPROFIT_PREPARED, 'contact.name': 'x'.repeat(201) }, 'answers.contact.name', 'tooLong'],
    ['a number for a text', { ...NONPROFIT_PREPARED, 'contact.name': 7 }, 'answers.contact.name', 'wrongType'],
    ['a missing required answer', without('mandate.board'), 'answers.mandate.board', 'required'],
    ['null for a required answer', { ...NONPROFIT_PREPARED, 'mandate.board': null }, 'answers.mandate.board', 'required'],
    ['an empty list for a required multi-choice', { ...NONPROFIT_PREPARED, 'goals.purpose': [] }, 'answers.goals.purpose', 'required'],
  ])('refuses %s', (_, answers, field, reason) => {
    const r = evaluate(NONPROFIT_V1, answers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ field, reason, message: expect.stringContaining(field.replace(/^answers\./, '')) })]);
  });

  it.each([
    ['an array', []],
    ['a string', 'ja'],
    ['null', null],
  ])('refuses answers given as %s', (_, raw) => {
    const r = evaluate(NONPROFIT_V1, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ field: 'answers', reason: 'isObject' })]);
  });

  it('reports every problem at once, and every missing required answer for an empty object', () => {
    const r = evaluate(NONPROFIT_V1, {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual(NONPROFIT_V1.questions.filter((q) => q.required).map((q) => `answers.${q.id}`));
      expect(new Set(r.errors.map((e) => e.reason))).toEqual(new Set(['required']));
    }
  });

  it('does not read answers from the prototype chain', () => {
    const r = validateAnswers(NONPROFIT_V1, JSON.parse('{"__proto__": {"mandate.board": "agreed"}}'));
    expect(r.errors.map((e) => e.field)).toContain('answers.mandate.board');
  });

  it('accepts the company scenario and refuses nonprofit answers for companies', () => {
    expect(evaluate(COMPANY_V1, COMPANY_LOGISTICS).ok).toBe(true);
    const r = evaluate(COMPANY_V1, NONPROFIT_PREPARED);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.field === 'answers.resources.capacity' && e.reason === 'unknownQuestion')).toBe(true);
  });

  it('scoreAnswers alone matches evaluate', () => {
    const { answers } = validateAnswers(COMPANY_V1, COMPANY_LOGISTICS);
    expect(scoreAnswers(COMPANY_V1, answers)).toEqual(scores(COMPANY_V1, COMPANY_LOGISTICS));
  });
});
