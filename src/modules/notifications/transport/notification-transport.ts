import type { NotificationKind } from '../notification-kinds';

/** One notification on its way out: who gets it and what it says. */
export interface OutgoingNotification {
  notificationId: string;
  kind: NotificationKind;
  userId: string;
  /** The user's e-mail address. */
  to: string;
  /** The user's display name. */
  toName: string;
  subject: string;
  /** Plain text, German first, then English. */
  text: string;
}

/**
 * How notifications leave the service (NOTIFY_TRANSPORT). A transport either resolves (the
 * message was handed over) or throws; a throw of PermanentDeliveryError says retrying cannot help
 * (the server refused the recipient for good), anything else is retried with backoff.
 */
export interface NotificationTransport {
  /** Short name for logs and errors: "log", "smtp". */
  readonly name: string;
  send(message: OutgoingNotification): Promise<{ messageId?: string }>;
}

/** Provider token of the configured transport (tests override it). */
export const NOTIFICATION_TRANSPORT = Symbol('NOTIFICATION_TRANSPORT');

/** Delivery failed for a reason retries cannot fix (e.g. SMTP 550 mailbox unknown). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
