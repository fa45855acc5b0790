import { popcount32, SIGNATURE_BITS, SIGNATURE_WORDS, signatureBits, signatureSimilarity, textSignature, trigramsOf } from './text';

/** Similarity of two lexeme lists (as PostgreSQL's `german` configuration gives them). */
function similarity(a: readonly string[], b: readonly string[]): number {
  const sa = textSignature(a);
  const sb = textSignature(b);
  return signatureSimilarity(sa, 0, signatureBits(sa), sb, 0, signatureBits(sb));
}

describe('trigramsOf', () => {
  it.each<[string, string[]]>([
    ['gart', ['  g', ' ga', 'gar', 'art', 'rt ']],
    ['umzug', ['  u', ' um', 'umz', 'mzu', 'zug', 'ug ']],
    ['a', ['  a', ' a ']],
    ['strass', ['  s', ' st', 'str', 'tra', 'ras', 'ass', 'ss ']], // "Straße" (the stemmer writes ß as ss)
  ])('%s → pg_trgm-style padded trigrams', (lexeme, expected) => {
    expect(trigramsOf(lexeme)).toEqual(expected);
  });

  it('a lexeme of n characters has n + 1 trigrams', () => {
    expect(trigramsOf('gartenarbeit')).toHaveLength(13);
  });

  it('"gart" (Garten) and "gartenarbeit" share four trigrams', () => {
    const a = new Set(trigramsOf('gart'));
    const shared = trigramsOf('gartenarbeit').filter((t) => a.has(t));
    expect(shared).toEqual(['  g', ' ga', 'gar', 'art']);
  });
});

describe('textSignature', () => {
  it('has 512 bits in 16 words', () => {
    expect(SIGNATURE_BITS).toBe(512);
    expect(SIGNATURE_WORDS).toBe(16);
    expect(textSignature(['umzug'])).toHaveLength(16);
  });

  it('is the same on every run (FNV-1a): pinned words for ["umzug"]', () => {
    expect(Array.from(textSignature(['umzug']))).toEqual([
      0x0, 0x200, 0x0, 0x100, 0x0, 0x200, 0x0, 0x0, 0x0, 0x8000, 0x0, 0x0, 0x80, 0x20000000, 0x0, 0x0,
    ]);
  });

  it.each<[string[], number]>([
    [['umzug'], 6],
    [['gart'], 5],
    [['gartenarbeit', 'senior', 'helf'], 24], // 25 trigrams, one hash collision
    [['gart', 'pfleg'], 11],
    [['lebensmittel', 'spend', 'tafel', 'ehrenamt', 'fahr', 'kuhlwag', 'abhol', 'supermarkt'], 62],
    [[], 0],
  ])('pinned popcount for %j is %i', (lexemes, bits) => {
    expect(signatureBits(textSignature(lexemes))).toBe(bits);
  });

  it('is deterministic: two calls give equal signatures', () => {
    const lexemes = ['rollstuhl', 'schieb', 'begleit', 'arztbesuch'];
    expect(Array.from(textSignature(lexemes))).toEqual(Array.from(textSignature([...lexemes])));
  });

  it('does not depend on lexeme order or repetition (a set of trigrams)', () => {
    expect(Array.from(textSignature(['senior', 'gart', 'helf']))).toEqual(Array.from(textSignature(['helf', 'gart', 'senior', 'gart'])));
  });

  it('is case-insensitive', () => {
    expect(Array.from(textSignature(['Umzug', 'KART']))).toEqual(Array.from(textSignature(['umzug', 'kart'])));
  });

  it('clears a reused buffer', () => {
    const buf = new Uint32Array(SIGNATURE_WORDS);
    textSignature(['lebensmittel', 'spend', 'tafel'], buf);
    expect(signatureBits(buf)).toBeGreaterThan(6);
    const again = textSignature(['umzug'], buf);
    expect(again).toBe(buf);
    expect(Array.from(again)).toEqual(Array.from(textSignature(['umzug'])));
  });
});

describe('popcount32 and signatureBits', () => {
  it.each<[number, number]>([
    [0, 0],
    [0x80000000, 1],
    [0xffffffff, 32],
    [0x0f0f0f0f, 16],
  ])('popcount32(%i) = %i', (x, n) => {
    expect(popcount32(x)).toBe(n);
  });

  it('signatureBits reads at an offset', () => {
    const packed = new Uint32Array(2 * SIGNATURE_WORDS);
    packed.fill(0xffffffff, 0, SIGNATURE_WORDS);
    packed[SIGNATURE_WORDS + 3] = 0b111;
    expect(signatureBits(packed, 0)).toBe(512);
    expect(signatureBits(packed, SIGNATURE_WORDS)).toBe(3);
  });
});

describe('signatureSimilarity', () => {
  describe.each<[string, string[], string[], number, number]>([
    // [scenario, need lexemes, offer lexemes, min, max]
    // "Gartenarbeit für Senioren, wer hilft?" vs "Wir pflegen Ihren Garten"
    ['Gartenarbeit/Garten (compound vs. stem)', ['gartenarbeit', 'senior', 'helf'], ['gart', 'pfleg'], 0.3, 0.36],
    // "Kinderbetreuung" vs "Wir betreuen Kinder"
    ['Kinderbetreuung/Kind betreu', ['kinderbetreu'], ['kind', 'betreu'], 0.7, 0.78],
    // "Fahrradreparatur" vs "Fahrradwerkstatt"
    ['Fahrrad reparatur/Fahrradwerkstatt', ['fahrrad', 'reparatur'], ['fahrradwerkstatt'], 0.35, 0.43],
    // a typo the stemmer cannot repair: "Nachhilfe" vs "Nachilfe" (7 of 8 trigrams shared)
    ['Nachhilfe/Nachilfe (typo)', ['nachhilf'], ['nachilf'], 0.8, 0.9],
    // "Arztbesuch begleiten" contained in "Arztbesuch im Rollstuhl begleiten"
    ['Arztbesuch begleiten (contained)', ['arztbesuch', 'begleit', 'rollstuhl'], ['arztbesuch', 'begleit'], 1, 1],
    // "Umzug mit Karten" vs "Computerkurs für Senioren"
    ['Umzug/Computerkurs (unrelated)', ['umzug', 'kart'], ['computerkur', 'senior'], 0, 0],
    ['Umzug packen/Computerkurs Schule (unrelated)', ['umzug', 'kart', 'pack'], ['computerkur', 'senior', 'schul'], 0, 0],
    // "Rollstuhl schieben" vs "Buchhaltung, Steuererklärung": one chance collision is corrected away
    ['Rollstuhl/Buchhaltung (unrelated)', ['rollstuhl', 'schieb'], ['buchhalt', 'steuererklar'], 0, 0.1],
    ['Tafel/Webseite (unrelated)', ['lebensmittel', 'spend', 'tafel'], ['webseit', 'programmier'], 0, 0.1],
  ])('%s', (_name, need, offer, min, max) => {
    const s = similarity(need, offer);
    it(`lies in [${min}, ${max}]`, () => {
      expect(s).toBeGreaterThanOrEqual(min);
      expect(s).toBeLessThanOrEqual(max);
    });
    it('is symmetric', () => {
      expect(similarity(offer, need)).toBe(s);
    });
  });

  it('Gartenarbeit vs Garten is clearly positive, unrelated is near 0', () => {
    expect(similarity(['gartenarbeit', 'senior', 'helf'], ['gart', 'pfleg'])).toBeGreaterThan(0.3);
    expect(similarity(['umzug', 'kart'], ['computerkur', 'senior'])).toBeLessThan(0.1);
  });

  it('pinned value for Gartenarbeit/Garten: 4 shared bits of 11 and 24, chance 24·11/512', () => {
    const chance = (24 * 11) / 512;
    expect(similarity(['gartenarbeit', 'senior', 'helf'], ['gart', 'pfleg'])).toBeCloseTo((4 - chance) / (11 - chance), 12);
  });

  it.each<[string[]]>([[['umzug']], [['gartenarbeit', 'senior', 'helf']], [['lebensmittel', 'spend', 'tafel', 'ehrenamt', 'fahr', 'kuhlwag', 'abhol', 'supermarkt']]])(
    'identical texts give 1: %j',
    (lexemes) => {
      expect(similarity(lexemes, lexemes)).toBe(1);
    },
  );

  it('a short offer text contained in a longer need text gives 1', () => {
    expect(similarity(['nachhilf', 'mathemat', 'schul'], ['mathemat', 'nachhilf'])).toBe(1);
  });

  it.each<[string, string[], string[]]>([
    ['empty need', [], ['umzug']],
    ['empty offer', ['umzug'], []],
    ['both empty', [], []],
  ])('%s gives 0', (_name, a, b) => {
    expect(similarity(a, b)).toBe(0);
  });

  it('reads signatures packed at offsets', () => {
    const a = textSignature(['gartenarbeit', 'senior', 'helf']);
    const b = textSignature(['gart', 'pfleg']);
    const packed = new Uint32Array(3 * SIGNATURE_WORDS);
    packed.set(b, 2 * SIGNATURE_WORDS);
    packed.set(a, SIGNATURE_WORDS);
    expect(signatureSimilarity(packed, SIGNATURE_WORDS, 24, packed, 2 * SIGNATURE_WORDS, 11)).toBe(similarity(['gartenarbeit', 'senior', 'helf'], ['gart', 'pfleg']));
  });

  it('stays in [0, 1] for random lexeme lists', () => {
    const pool = ['umzug', 'kart', 'gart', 'senior', 'helf', 'pfleg', 'computerkur', 'tafel', 'spend', 'rollstuhl', 'schieb', 'nachhilf', 'kind', 'betreu', 'fahrrad', 'reparatur'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200; i++) {
      const a = pool.filter(() => rnd() < 0.3);
      const b = pool.filter(() => rnd() < 0.3);
      const s = similarity(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });
});
