/**
 * Text similarity of two German descriptions.
 *
 * PostgreSQL's `german` configuration gives the lexemes: stop words dropped, inflections reduced
 * to a stem ("Umzüge" and "Umzug" both become "umzug"). It does not split compounds, so
 * "Gartenarbeit" and "Garten" share no lexeme. Character trigrams of the lexemes do share most of
 * their material ("gar", "art", "rte", ...), which is how pg_trgm finds such pairs. We therefore
 * compare the sets of trigrams of the stems: stemming handles inflection, trigrams handle
 * compounds and small spelling differences.
 *
 * For speed the trigram set of a text is hashed into a fixed 512-bit signature (16 × 32-bit
 * words), so one comparison is 16 AND + popcount steps instead of a set merge. Unrelated texts
 * share some bits by chance; the similarity subtracts the overlap two random sets of the same
 * sizes would have, so it is 0 for unrelated and 1 for contained texts.
 */
export const SIGNATURE_BITS = 512;
export const SIGNATURE_WORDS = SIGNATURE_BITS / 32;

/** FNV-1a, 32 bit: a fixed hash, so signatures are the same on every machine and run. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The trigrams of one lexeme, padded like pg_trgm ("  w "). */
export function trigramsOf(lexeme: string): string[] {
  const padded = `  ${lexeme} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** The signature of a text given its lexemes (e.g. tsvector_to_array(search_vector)). */
export function textSignature(lexemes: readonly string[], into = new Uint32Array(SIGNATURE_WORDS)): Uint32Array {
  into.fill(0);
  for (const lexeme of lexemes) {
    for (const tri of trigramsOf(lexeme.toLowerCase())) {
      const bit = fnv1a(tri) & (SIGNATURE_BITS - 1);
      into[bit >>> 5] |= 1 << (bit & 31);
    }
  }
  return into;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function signatureBits(sig: Uint32Array, offset = 0): number {
  let n = 0;
  for (let i = 0; i < SIGNATURE_WORDS; i++) n += popcount32(sig[offset + i]);
  return n;
}

/**
 * Chance-corrected overlap of two signatures, in [0, 1]: the shared bits beyond what two random
 * sets of these sizes would share, relative to the smaller set (a short offer text wholly
 * contained in a longer need text scores 1).
 */
export function signatureSimilarity(a: Uint32Array, aOffset: number, aBits: number, b: Uint32Array, bOffset: number, bBits: number): number {
  if (aBits === 0 || bBits === 0) return 0;
  let shared = 0;
  for (let i = 0; i < SIGNATURE_WORDS; i++) shared += popcount32(a[aOffset + i] & b[bOffset + i]);
  const smaller = aBits < bBits ? aBits : bBits;
  const chance = (aBits * bBits) / SIGNATURE_BITS;
  if (shared <= chance || smaller <= chance) return 0;
  const sim = (shared - chance) / (smaller - chance);
  return sim > 1 ? 1 : sim;
}
