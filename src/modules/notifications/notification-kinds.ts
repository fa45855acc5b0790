/**
 * The contract other modules use to tell people about things: the kinds of notification and
 * the input of NotificationsService.notify(). Kept free of Nest and TypeORM so that pure code
 * (templates, state machines) can import it.
 */
export const NOTIFICATION_KINDS = [
  'proposal_received',
  'proposal_accepted',
  'proposal_declined',
  'proposal_expiring',
  'proposal_expired',
  'cooperation_cancelled',
  'message_received',
  'agreement_to_sign',
  'agreement_signed',
  'cooperation_completed',
  'evaluation_due',
  'organisation_verified',
  'marketplace_invited',
  'registration_confirmed',
  'waitlist_moved_up',
  'marketplace_cancelled',
  'meeting_schedule_published',
  'meeting_schedule_changed',
  'meeting_requested',
  'meeting_agreed',
  'follow_up_due',
  'webhook_disabled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);

export type NotificationParams = Record<string, string | number | null>;

export interface NotifyInput {
  kind: NotificationKind;
  /** every member user of each organisation gets its own notification */
  organisationIds: string[];
  cooperationId?: string | null;
  /** values the texts use, e.g. { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe', reason: '...', expiresAt: ISO, url: '/v1/cooperations/…' } */
  params: NotificationParams;
  /** same key + same user = one notification (callers retry; jobs run twice) */
  dedupeKey: string;
}

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
