import type { JobsOptions } from 'bullmq';

/** Every queue the service uses. */
export enum QueueName {
  Matching = 'matching',
  Maintenance = 'maintenance',
  Notifications = 'notifications',
  /** Timed steps of cooperations: proposal reminders and expiry, evaluation requests and closing. */
  Cooperations = 'cooperations',
  /** Marketplace rounds and events: planning a round, scheduling an event's 1:1 meetings, follow-ups after an event. */
  Marketplaces = 'marketplaces',
  /** Domain events: placing them in the change feed (seq) and fanning them out to webhook subscriptions. */
  Events = 'events',
  /** Webhook deliveries: one HTTP attempt per job, the next attempt a delayed job of its own. */
  Webhooks = 'webhooks',
}

/** Every job the service enqueues. */
export enum JobName {
  /** Recompute one need's matches (after it was published, changed or closed). */
  MatchNeed = 'match-need',
  /** Recompute one offer's matches. */
  MatchOffer = 'match-offer',
  /** Recompute a whole Quartier: its published needs against every offer serving it. */
  RematchDistrict = 'rematch-district',
  /** The offer side for a batch of offers: each one's top K over every need it serves. */
  RematchOffers = 'rematch-offers',
  /** Fan out rematch-district children (need side), then rematch-offers children (offer side), then sum up. */
  RematchAll = 'rematch-all',
  /** Expire needs and offers whose end date has passed; the same hourly sweep prunes the outbox and idempotency keys. */
  ExpireListings = 'expire-listings',
  /** Send one notification through the configured transport (mail, log). */
  DeliverNotification = 'deliver-notification',
  /** Remind the receiver of a pending proposal before it expires (due at remindAt). */
  RemindProposal = 'remind-proposal',
  /** Expire a proposal nobody answered (due at expiresAt). */
  ExpireProposal = 'expire-proposal',
  /** Ask both parties to evaluate; complete an active cooperation whose end date passed (due at dueAt). */
  RequestEvaluation = 'request-evaluation',
  /** Close the evaluation window: the cooperation is evaluated with what was answered (due at closesAt). */
  CloseEvaluation = 'close-evaluation',
  /** Plan a round: group the Quartiere into events, pick venues and dates; writes the round's draft plan. */
  PlanRound = 'plan-round',
  /** Schedule a marketplace's 1:1 meetings: which to hold, slot and table; writes a new draft schedule version when the inputs changed. */
  ScheduleEvent = 'schedule-event',
  /** Ask both parties of every agreement signed at a finished marketplace whether it was carried out (due at dueAt: 2 weeks, 3 months after the end). */
  MarketplaceFollowUp = 'marketplace-follow-up',
  /** Give every committed, unsequenced domain event its feed position (under an advisory lock) and create its webhook deliveries. */
  SequenceEvent = 'sequence-event',
  /** One attempt of a webhook delivery (`attempt` counts from 1; due at dueAt for a retry). */
  DeliverWebhook = 'deliver-webhook',
}

/** Why a need or offer is announced: first published, content changed, status changed, expired. */
export type ListingChange = 'published' | 'updated' | 'status' | 'expired' | 'reaction';

/** The payload of each job. enqueue() and the processors are typed by it. */
export interface JobPayloads {
  /** `trigger` tells apart reruns for the same version (e.g. a refill after a dismissal). */
  [JobName.MatchNeed]: { needId: string; version: number; change: ListingChange; trigger?: string };
  [JobName.MatchOffer]: { offerId: string; version: number; change: ListingChange; trigger?: string };
  /** `phase: 'needs'` inside a rematch-all (the offer side follows); alone, both sides. */
  [JobName.RematchDistrict]: { districtId: string; runId: string; requestedBy?: string | null; phase?: 'needs' };
  [JobName.RematchOffers]: { runId: string; batch: number; offerIds: string[]; requestedBy?: string | null; scopeDistrictId?: string | null };
  [JobName.RematchAll]: {
    runId?: string;
    scopeDistrictId?: string | null;
    requestedBy?: string | null;
    reason?: 'nightly' | 'organiser' | 'admin';
    step?: 'plan' | 'offers' | 'collect';
    districts?: number;
    offerBatches?: number;
  };
  [JobName.ExpireListings]: { at?: string };
  [JobName.DeliverNotification]: { notificationId: string };
  [JobName.RemindProposal]: { cooperationId: string; remindAt: string; expiresAt: string };
  [JobName.ExpireProposal]: { cooperationId: string; expiresAt: string };
  [JobName.RequestEvaluation]: { cooperationId: string; dueAt: string };
  [JobName.CloseEvaluation]: { cooperationId: string; closesAt: string };
  /** `runId` tells apart runs the organiser asked for; the plan itself is idempotent (same inputs, same plan). */
  [JobName.PlanRound]: { roundId: string; runId: string; requestedBy: string | null };
  /** `runId` tells apart runs the organiser asked for; the schedule itself is idempotent (same inputs, no new version). */
  [JobName.ScheduleEvent]: { marketplaceId: string; runId: string; requestedBy: string | null };
  /** `dueAt` as stored in marketplace_follow_ups: a job whose time no longer matches is stale. */
  [JobName.MarketplaceFollowUp]: { marketplaceId: string; stage: 'first' | 'second'; dueAt: string };
  /** `eventId`: the (first) event its transaction emitted; the job sequences every pending event. */
  [JobName.SequenceEvent]: { eventId: string };
  /** A job whose attempt is not the delivery's next one is stale and does nothing. */
  [JobName.DeliverWebhook]: { deliveryId: string; attempt: number; dueAt?: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.MatchNeed]: QueueName.Matching,
  [JobName.MatchOffer]: QueueName.Matching,
  [JobName.RematchDistrict]: QueueName.Matching,
  [JobName.RematchOffers]: QueueName.Matching,
  [JobName.RematchAll]: QueueName.Matching,
  [JobName.ExpireListings]: QueueName.Maintenance,
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.RemindProposal]: QueueName.Cooperations,
  [JobName.ExpireProposal]: QueueName.Cooperations,
  [JobName.RequestEvaluation]: QueueName.Cooperations,
  [JobName.CloseEvaluation]: QueueName.Cooperations,
  [JobName.PlanRound]: QueueName.Marketplaces,
  [JobName.ScheduleEvent]: QueueName.Marketplaces,
  [JobName.MarketplaceFollowUp]: QueueName.Marketplaces,
  [JobName.SequenceEvent]: QueueName.Events,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
};

const retained = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** Retry, backoff and retention of each job, in one place. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.MatchNeed]: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retained },
  [JobName.MatchOffer]: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, ...retained },
  [JobName.RematchDistrict]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.RematchOffers]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.RematchAll]: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...retained },
  [JobName.ExpireListings]: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...retained },
  // A mail server that is down for a while: 1, 2, 4, ... 32 minutes between tries (about an hour in all).
  [JobName.DeliverNotification]: { attempts: 7, backoff: { type: 'exponential', delay: 60_000 }, ...retained },
  [JobName.RemindProposal]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.ExpireProposal]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.RequestEvaluation]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.CloseEvaluation]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.PlanRound]: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.ScheduleEvent]: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  [JobName.MarketplaceFollowUp]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
  // Retried only when PostgreSQL fails; a later event's job sequences what an exhausted one left.
  [JobName.SequenceEvent]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 }, ...retained },
  // An HTTP failure is not a job failure: it is logged and the next attempt is a job of its own
  // (WEBHOOK_RETRY_DELAYS_MS). These retries cover a database that is briefly away.
  [JobName.DeliverWebhook]: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...retained },
};

/** Job ids derived from what they work on make enqueueing idempotent. No ":" (BullMQ reserves it). */
export const JOB_ID: { [K in JobName]: (data: JobPayloads[K]) => string } = {
  [JobName.MatchNeed]: (d) => `match-need.${d.needId}.v${d.version}${d.trigger ? `.${d.trigger}` : ''}`,
  [JobName.MatchOffer]: (d) => `match-offer.${d.offerId}.v${d.version}${d.trigger ? `.${d.trigger}` : ''}`,
  [JobName.RematchDistrict]: (d) => `rematch-district.${d.districtId}.${d.runId}`,
  [JobName.RematchOffers]: (d) => `rematch-offers.${d.runId}.${d.batch}`,
  [JobName.RematchAll]: (d) => `rematch-all.${d.runId ?? 'now'}`,
  [JobName.ExpireListings]: (d) => `expire-listings.${d.at ?? 'now'}`,
  [JobName.DeliverNotification]: (d) => `notify.${d.notificationId}`,
  // A changed due time is a new job; the handler ignores a job whose time no longer matches the record.
  [JobName.RemindProposal]: (d) => `remind-proposal.${d.cooperationId}.${Date.parse(d.remindAt)}`,
  [JobName.ExpireProposal]: (d) => `expire-proposal.${d.cooperationId}.${Date.parse(d.expiresAt)}`,
  [JobName.RequestEvaluation]: (d) => `request-evaluation.${d.cooperationId}.${Date.parse(d.dueAt)}`,
  [JobName.CloseEvaluation]: (d) => `close-evaluation.${d.cooperationId}.${Date.parse(d.closesAt)}`,
  [JobName.PlanRound]: (d) => `plan-round.${d.roundId}.${d.runId}`,
  [JobName.ScheduleEvent]: (d) => `schedule-event.${d.marketplaceId}.${d.runId}`,
  [JobName.MarketplaceFollowUp]: (d) => `marketplace-follow-up.${d.marketplaceId}.${d.stage}.${Date.parse(d.dueAt)}`,
  [JobName.SequenceEvent]: (d) => `sequence-event.${d.eventId}`,
  [JobName.DeliverWebhook]: (d) => `deliver-webhook.${d.deliveryId}.${d.attempt}`,
};

/**
 * Jobs that run at a given time rather than at once: the time they are due (ISO 8601), taken
 * from their payload. The outbox relay turns it into a BullMQ delay; the handler still checks
 * the record, since a job can be promoted early (tests) or the record may have changed since.
 */
export const JOB_DELAY: { [K in JobName]?: (data: JobPayloads[K]) => string | undefined } = {
  [JobName.RemindProposal]: (d) => d.remindAt,
  [JobName.ExpireProposal]: (d) => d.expiresAt,
  [JobName.RequestEvaluation]: (d) => d.dueAt,
  [JobName.CloseEvaluation]: (d) => d.closesAt,
  [JobName.MarketplaceFollowUp]: (d) => d.dueAt,
  [JobName.DeliverWebhook]: (d) => d.dueAt,
};
