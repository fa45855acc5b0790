import type { StateMachine } from '../listings/state-machine';
import type { OfferStatus } from './offer.entity';

/** Statuses everybody may read; the others (draft, withdrawn, expired) only the owner and admins. */
export const OFFER_PUBLIC_STATUSES: readonly OfferStatus[] = ['published', 'paused', 'exhausted'];

export const OFFER_ACTIONS = ['publish', 'pause', 'resume', 'exhaust', 'withdraw'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/** draft → published ⇄ paused, → exhausted (capacity used up), or withdrawn; `expired` is set by the worker. */
export const OFFER_MACHINE: StateMachine<OfferStatus, OfferAction> = {
  publish: { from: ['draft'], to: 'published' },
  pause: { from: ['published'], to: 'paused' },
  resume: { from: ['paused', 'exhausted'], to: 'published' },
  exhaust: { from: ['published', 'paused'], to: 'exhausted' },
  withdraw: { from: ['draft', 'published', 'paused', 'exhausted'], to: 'withdrawn' },
};
