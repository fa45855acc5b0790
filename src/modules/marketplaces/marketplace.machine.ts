import type { StateMachine } from '../listings/state-machine';

/**
 * A round (Runde): a series of decentralised marketplaces in a city or borough, planned by the
 * plan-round job. draft → planned (a draft plan exists; re-planning keeps it planned) → confirmed
 * (events created) → finished; cancelled before finished.
 */
export const ROUND_STATUSES = ['draft', 'planned', 'confirmed', 'finished', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_ACTIONS = ['plan', 'confirm', 'finish', 'cancel'] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

export const ROUND_MACHINE: StateMachine<RoundStatus, RoundAction> = {
  /** the plan-round job wrote a draft plan (again) */
  plan: { from: ['draft', 'planned'], to: 'planned' },
  /** the organiser confirms the (edited) plan: the events are created */
  confirm: { from: ['planned'], to: 'confirmed' },
  /** every event of the round is reported */
  finish: { from: ['confirmed'], to: 'finished' },
  cancel: { from: ['draft', 'planned', 'confirmed'], to: 'cancelled' },
};

/**
 * A marketplace (Marktplatz für Gute Geschäfte), one event:
 * draft → open (registration) → closed → scheduled (1:1 meetings published) → running → finished
 * → reported; cancelled before running.
 */
export const MARKETPLACE_STATUSES = ['draft', 'open', 'closed', 'scheduled', 'running', 'finished', 'reported', 'cancelled'] as const;
export type MarketplaceStatus = (typeof MARKETPLACE_STATUSES)[number];

export const MARKETPLACE_ACTIONS = ['open', 'close', 'reopen', 'schedule', 'start', 'finish', 'report', 'cancel'] as const;
export type MarketplaceAction = (typeof MARKETPLACE_ACTIONS)[number];

export const MARKETPLACE_MACHINE: StateMachine<MarketplaceStatus, MarketplaceAction> = {
  /** registration opens; invitations go out */
  open: { from: ['draft'], to: 'open' },
  /** registration closes */
  close: { from: ['open'], to: 'closed' },
  /** late registrations: open again (a published schedule gets a new version later) */
  reopen: { from: ['closed', 'scheduled'], to: 'open' },
  /** the schedule-event job published the 1:1 meetings */
  schedule: { from: ['closed', 'scheduled'], to: 'scheduled' },
  /** the day: check-in and the notary desk */
  start: { from: ['closed', 'scheduled'], to: 'running' },
  finish: { from: ['running'], to: 'finished' },
  /** the event report is out; follow-ups run */
  report: { from: ['finished'], to: 'reported' },
  cancel: { from: ['draft', 'open', 'closed', 'scheduled'], to: 'cancelled' },
};

/** Registration: invited (not yet answered) → registered | waitlisted → cancelled; waitlisted → registered when a place frees up. */
export const REGISTRATION_STATUSES = ['invited', 'registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A side's wish for a 1:1 meeting; `accepted` answers the other side's wish without one of its own. */
export const MEETING_WISHES = ['must', 'would', 'accepted', 'declined'] as const;
export type MeetingWish = (typeof MEETING_WISHES)[number];

export const SCHEDULE_STATUSES = ['draft', 'published', 'superseded'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];
