import type { StateMachine } from '../listings/state-machine';
import type { NeedStatus } from './need.entity';

/** Statuses everybody may read; the others (draft, withdrawn, expired) only the owner and admins. */
export const NEED_PUBLIC_STATUSES: readonly NeedStatus[] = ['published', 'matched', 'fulfilled'];

export const NEED_ACTIONS = ['publish', 'match', 'reopen', 'fulfil', 'withdraw'] as const;
export type NeedAction = (typeof NEED_ACTIONS)[number];

/** draft → published → matched → fulfilled, or withdrawn; `expired` is set by the worker. */
export const NEED_MACHINE: StateMachine<NeedStatus, NeedAction> = {
  publish: { from: ['draft'], to: 'published' },
  match: { from: ['published'], to: 'matched' },
  reopen: { from: ['matched'], to: 'published' },
  fulfil: { from: ['published', 'matched'], to: 'fulfilled' },
  withdraw: { from: ['draft', 'published', 'matched'], to: 'withdrawn' },
};
