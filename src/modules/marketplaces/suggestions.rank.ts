/**
 * Suggestion lists ("talk to these"): which registered participants of the other kind a
 * participant should meet at a marketplace, ranked by the best match between what the two
 * brought. Pure: the candidates come from one query (every counting match between the
 * participant and a partner), the ranking is here.
 */

/** One counting match between the participant and a partner. */
export interface SuggestionCandidate {
  partnerId: string;
  matchId: string;
  needId: string;
  offerId: string;
  score: number;
}

/** Better first: higher score, then the need's and the offer's id (so equal scores always pick the same match). */
const betterMatch = (a: SuggestionCandidate, b: SuggestionCandidate): number =>
  b.score - a.score || (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0) || (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0);

/**
 * Each partner once, with its best match; partners ranked by that score (highest first), equal
 * scores by the partner's id; at most `limit`. Partners without a counting match are not among
 * the candidates and so not suggested.
 */
export function rankSuggestions<T extends SuggestionCandidate>(candidates: readonly T[], limit: number): T[] {
  const best = new Map<string, T>();
  for (const c of candidates) {
    const kept = best.get(c.partnerId);
    if (!kept || betterMatch(c, kept) < 0) best.set(c.partnerId, c);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0))
    .slice(0, Math.max(0, limit));
}
