/**
 * The report's arithmetic, without Nest or a database: additive tallies (what the SQL counts and
 * sums per district), rolled up over a subtree, and the figures derived from them (rates, means).
 * Rates are `null` when their denominator is 0, never 0 or NaN.
 */

/** Counts and sums per district, as the aggregate queries deliver them. Every field adds up over districts. */
export interface Tally {
  needsPublished: number;
  offersPublished: number;
  matches: number;
  needsMatched: number;
  matchesMutual: number;
  proposals: number;
  proposalsPending: number;
  proposalsAccepted: number;
  proposalsDeclined: number;
  proposalsExpired: number;
  proposalsWithdrawn: number;
  agreements: number;
  agreementsRealised: number;
  agreementsCompleted: number;
  agreementsWithGiveBack: number;
  giveBackDelivered: number;
  estimatedHours: number;
  estimatedValueEur: number;
  deliveries: number;
  hoursDelivered: number;
  /** Company deliveries' quantities per unit (hours, persons, items, trips, m2). */
  goodsDelivered: Record<string, number>;
  giveBackDeliveries: number;
  giveBackHours: number;
  evaluations: number;
  ratingSum: number;
  wouldCooperateAgain: number;
  peopleReached: number;
}

export const emptyTally = (): Tally => ({
  needsPublished: 0,
  offersPublished: 0,
  matches: 0,
  needsMatched: 0,
  matchesMutual: 0,
  proposals: 0,
  proposalsPending: 0,
  proposalsAccepted: 0,
  proposalsDeclined: 0,
  proposalsExpired: 0,
  proposalsWithdrawn: 0,
  agreements: 0,
  agreementsRealised: 0,
  agreementsCompleted: 0,
  agreementsWithGiveBack: 0,
  giveBackDelivered: 0,
  estimatedHours: 0,
  estimatedValueEur: 0,
  deliveries: 0,
  hoursDelivered: 0,
  goodsDelivered: {},
  giveBackDeliveries: 0,
  giveBackHours: 0,
  evaluations: 0,
  ratingSum: 0,
  wouldCooperateAgain: 0,
  peopleReached: 0,
});

type NumericKey = { [K in keyof Tally]: Tally[K] extends number ? K : never }[keyof Tally];

/** Adds `part` into `into` (in place) and returns `into`. */
export function addTally(into: Tally, part: Partial<Tally>): Tally {
  for (const [key, value] of Object.entries(part) as Array<[keyof Tally, unknown]>) {
    if (key === 'goodsDelivered') {
      for (const [unit, qty] of Object.entries(value as Record<string, number>)) into.goodsDelivered[unit] = (into.goodsDelivered[unit] ?? 0) + qty;
    } else {
      into[key as NumericKey] += Number(value);
    }
  }
  return into;
}

/** Sums from PostgreSQL (numeric arrives as text) without float noise: kept to cents. */
export const money = (x: number): number => Math.round(x * 100) / 100;

/** A rate with its parts, so a reader can check it (and add rates up across reports). */
export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator, rounded to 4 decimals; null when the denominator is 0. */
  rate: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null };
}

/** A mean rounded to 2 decimals; null without values. */
export const mean = (sum: number, count: number): number | null => (count > 0 ? Math.round((sum / count) * 100) / 100 : null);

export interface Figures {
  needsPublished: number;
  offersPublished: number;
  matches: { pairs: number; needsMatched: number; mutual: number };
  proposals: {
    total: number;
    pending: number;
    accepted: number;
    declined: number;
    expired: number;
    withdrawn: number;
    /** accepted / (accepted + declined + expired) */
    acceptance: Rate;
  };
  agreements: {
    total: number;
    /** agreements with at least one company delivery / agreements */
    realisation: Rate;
    completed: number;
    estimatedHours: number;
    estimatedValueEur: number;
    giveAndTake: {
      withGiveBack: number;
      /** agreements with at least one nonprofit delivery / agreements recording a Gegenleistung */
      giveBackDelivered: Rate;
    };
  };
  deliveries: {
    count: number;
    hours: number;
    goods: Array<{ unit: string; quantity: number }>;
    giveBackCount: number;
    giveBackHours: number;
  };
  evaluations: {
    count: number;
    meanRating: number | null;
    wouldCooperateAgain: Rate;
    peopleReached: number;
  };
}

export function figures(t: Tally): Figures {
  const decided = t.proposalsAccepted + t.proposalsDeclined + t.proposalsExpired;
  return {
    needsPublished: t.needsPublished,
    offersPublished: t.offersPublished,
    matches: { pairs: t.matches, needsMatched: t.needsMatched, mutual: t.matchesMutual },
    proposals: {
      total: t.proposals,
      pending: t.proposalsPending,
      accepted: t.proposalsAccepted,
      declined: t.proposalsDeclined,
      expired: t.proposalsExpired,
      withdrawn: t.proposalsWithdrawn,
      acceptance: rate(t.proposalsAccepted, decided),
    },
    agreements: {
      total: t.agreements,
      realisation: rate(t.agreementsRealised, t.agreements),
      completed: t.agreementsCompleted,
      estimatedHours: money(t.estimatedHours),
      estimatedValueEur: money(t.estimatedValueEur),
      giveAndTake: { withGiveBack: t.agreementsWithGiveBack, giveBackDelivered: rate(t.giveBackDelivered, t.agreementsWithGiveBack) },
    },
    deliveries: {
      count: t.deliveries,
      hours: money(t.hoursDelivered),
      goods: Object.entries(t.goodsDelivered)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([unit, quantity]) => ({ unit, quantity: money(quantity) })),
      giveBackCount: t.giveBackDeliveries,
      giveBackHours: money(t.giveBackHours),
    },
    evaluations: {
      count: t.evaluations,
      meanRating: mean(t.ratingSum, t.evaluations),
      wouldCooperateAgain: rate(t.wouldCooperateAgain, t.evaluations),
      peopleReached: t.peopleReached,
    },
  };
}

/**
 * Rolls per-district tallies up: the whole subtree into `total`, and each row into the bucket of
 * the root's child it lies under (`bucketOf` returns undefined for rows of the root itself, which
 * count in the total only).
 */
export function rollUp(rows: Array<{ districtId: string; tally: Partial<Tally> }>, bucketOf: (districtId: string) => string | undefined): { total: Tally; buckets: Map<string, Tally> } {
  const total = emptyTally();
  const buckets = new Map<string, Tally>();
  for (const { districtId, tally } of rows) {
    addTally(total, tally);
    const bucket = bucketOf(districtId);
    if (bucket === undefined) continue;
    let into = buckets.get(bucket);
    if (!into) buckets.set(bucket, (into = emptyTally()));
    addTally(into, tally);
  }
  return { total, buckets };
}
