import type { StateMachine } from '../listings/state-machine';

/**
 * UPJ steps 5 and 6 as a state machine:
 * proposed → accepted | declined | expired; accepted → agreed (both signed the Engagement-Vereinbarung)
 * → active → completed → evaluated; cancelled (with a reason) from any state before completed.
 */
export const COOPERATION_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'agreed', 'active', 'completed', 'evaluated', 'cancelled'] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];

export const COOPERATION_ACTIONS = ['accept', 'decline', 'expire', 'agree', 'start', 'complete', 'evaluate', 'cancel'] as const;
export type CooperationAction = (typeof COOPERATION_ACTIONS)[number];

export const COOPERATION_MACHINE: StateMachine<CooperationStatus, CooperationAction> = {
  /** the receiver of the proposal */
  accept: { from: ['proposed'], to: 'accepted' },
  /** the receiver, with a reason */
  decline: { from: ['proposed'], to: 'declined' },
  /** the system, when the proposal's time is up */
  expire: { from: ['proposed'], to: 'expired' },
  /** the system, when the second party signs the agreement */
  agree: { from: ['accepted'], to: 'agreed' },
  /** either party: the work has begun */
  start: { from: ['agreed'], to: 'active' },
  /** either party, or the system when the agreement's end date has passed */
  complete: { from: ['active'], to: 'completed' },
  /** the system: both parties evaluated, or the evaluation window closed */
  evaluate: { from: ['completed'], to: 'evaluated' },
  /** either party (the sender withdraws a proposal this way), with a reason */
  cancel: { from: ['proposed', 'accepted', 'agreed', 'active'], to: 'cancelled' },
};

/** Statuses in which a pair (and need) counts as an open cooperation: no second proposal then. */
export const OPEN_STATUSES: readonly CooperationStatus[] = ['proposed', 'accepted', 'agreed', 'active'];

/** Statuses that end the cooperation. */
export const FINAL_STATUSES: readonly CooperationStatus[] = ['declined', 'expired', 'evaluated', 'cancelled'];

/** Which party does what: the actions a member of an organisation may take by hand. */
export const PARTY_ACTIONS: readonly CooperationAction[] = ['accept', 'decline', 'start', 'complete', 'cancel'];
/** Only the system takes these (jobs, or a side effect of signing / evaluating). */
export const SYSTEM_ACTIONS: readonly CooperationAction[] = ['expire', 'agree', 'evaluate'];
