import type { JobsOptions } from 'bullmq';

/** Every queue the service uses. */
export enum QueueName {
  Matching = 'matching',
  Maintenance = 'maintenance',
}

/** Every job the service enqueues. */
export enum JobName {
  /** Recompute one need's matches (processor arrives with the matching engine). */
  MatchNeed = 'match-need',
  /** Recompute one offer's matches (processor arrives with the matching engine). */
  MatchOffer = 'match-offer',
  /** Expire needs and offers whose end date has passed. */
  ExpireListings = 'expire-listings',
}

/** Why a need or offer is announced: first published, content changed, status changed, expired. */
export type ListingChange = 'published' | 'updated' | 'status' | 'expired';

/** The payload of each job. enqueue() and the processors are typed by it. */
export interface JobPayloads {
  [JobName.MatchNeed]: { needId: string; version: number; change: ListingChange };
  [JobName.MatchOffer]: { offerId: string; version: number; change: ListingChange };
  [JobName.ExpireListings]: { at?: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.MatchNeed]: QueueName.Matching,
  [JobName.MatchOffer]: QueueName.Matching,
  [JobName.ExpireListings]: QueueName.Maintenance,
};

const retained = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** Retry, backoff and retention of each job, in one place. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.MatchNeed]: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retained },
  [JobName.MatchOffer]: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retained },
  [JobName.ExpireListings]: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...retained },
};

/** Job ids derived from what they work on make enqueueing idempotent. No ":" (BullMQ reserves it). */
export const JOB_ID: { [K in JobName]: (data: JobPayloads[K]) => string } = {
  [JobName.MatchNeed]: (d) => `match-need.${d.needId}.v${d.version}`,
  [JobName.MatchOffer]: (d) => `match-offer.${d.offerId}.v${d.version}`,
  [JobName.ExpireListings]: (d) => `expire-listings.${d.at ?? 'now'}`,
};
