import { CATEGORIES, CAUSE_AREAS, GIVE_BACK_KINDS, UNITS, type Category } from '../../../common/domain/vocabulary';

/**
 * The matching model, in one place. A nonprofit-readable description is in the README
 * ("How matches are scored"); keep the two in step.
 */

/** The score components, in the order of the breakdown. */
export const COMPONENTS = ['category', 'tags', 'text', 'distance', 'quantity', 'timeframe', 'causes', 'giveBack'] as const;
export type Component = (typeof COMPONENTS)[number];

/** How much each component counts, plus the distance half-life. Weights need not sum to 1. */
export type MatchingWeights = Record<Component, number> & { distanceHalfLifeKm: number };

/**
 * The default weights. Changing them is a model change: bump DEFAULT_WEIGHTS_VERSION so that
 * every match records which weights produced it.
 */
export const DEFAULT_WEIGHTS_VERSION = 'default.v1';
export const DEFAULT_WEIGHTS: Readonly<MatchingWeights> = Object.freeze({
  category: 2,
  tags: 3,
  text: 2,
  distance: 2,
  quantity: 1,
  timeframe: 1,
  causes: 1,
  giveBack: 1,
  distanceHalfLifeKm: 3,
});

/**
 * How well an offer's category serves a need's category. 0 means incompatible (a hard filter).
 * Volunteer hours and pro bono skills can stand in for each other in part; rooms (space) are
 * logistics in the Marktplatz format; goods often need transport.
 */
const CATEGORY_FIT_PAIRS: Array<[Category, Category, number]> = [
  ['time', 'skills', 0.5],
  ['logistics', 'space', 0.6],
  ['goods', 'logistics', 0.3],
  ['skills', 'contacts', 0.3],
];

export const CATEGORY_CODE: Record<Category, number> = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<Category, number>;
export const UNIT_CODE = Object.fromEntries(UNITS.map((u, i) => [u, i])) as Record<(typeof UNITS)[number], number>;

/** CATEGORY_FIT[need * CATEGORIES.length + offer]. */
export const CATEGORY_FIT: Float64Array = (() => {
  const n = CATEGORIES.length;
  const fit = new Float64Array(n * n);
  for (let i = 0; i < n; i++) fit[i * n + i] = 1;
  for (const [a, b, v] of CATEGORY_FIT_PAIRS) {
    fit[CATEGORY_CODE[a] * n + CATEGORY_CODE[b]] = v;
    fit[CATEGORY_CODE[b] * n + CATEGORY_CODE[a]] = v;
  }
  return fit;
})();

export function categoryFit(need: Category, offer: Category): number {
  return CATEGORY_FIT[CATEGORY_CODE[need] * CATEGORIES.length + CATEGORY_CODE[offer]];
}

/** Cause areas (17 SDGs) and Gegenleistungen as bit masks, so that overlaps are one AND. */
export function causeMask(causes: readonly string[]): number {
  let m = 0;
  for (const c of causes) {
    const i = (CAUSE_AREAS as readonly string[]).indexOf(c);
    if (i >= 0) m |= 1 << i;
  }
  return m >>> 0;
}

export function giveBackMask(kinds: readonly string[]): number {
  let m = 0;
  for (const k of kinds) {
    const i = (GIVE_BACK_KINDS as readonly string[]).indexOf(k);
    if (i >= 0) m |= 1 << i;
  }
  return m >>> 0;
}

/** Rounded to 4 decimals, so that scores compare and store exactly. */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
