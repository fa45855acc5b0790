import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions, Transporter } from 'nodemailer';
import { PermanentDeliveryError, type NotificationTransport, type OutgoingNotification } from './notification-transport';

/** The domain part of the sender address ("Marktplatz <noreply@marktplatz.example>" → "marktplatz.example"). */
export function senderDomain(from: string): string {
  const match = /@([^<>@\s]+?)>?\s*$/.exec(from);
  return match ? match[1].toLowerCase() : 'marktplatz.invalid';
}

/**
 * Message-ID derived from the notification id, so a mail re-sent after a crash between the
 * server's acceptance and our commit carries the same id and mail clients can drop the copy.
 */
export function notificationMessageId(notificationId: string, from: string): string {
  return `<notification.${notificationId}@${senderDomain(from)}>`;
}

/** The mail of a notification (pure; nodemailer builds the MIME message from it). */
export function buildMail(message: OutgoingNotification, from: string): SendMailOptions {
  return {
    from,
    to: { name: message.toName, address: message.to },
    subject: message.subject,
    text: message.text,
    messageId: notificationMessageId(message.notificationId, from),
    headers: {
      // RFC 3834: machine-made; out-of-office replies should not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Marktplatz-Notification': `${message.kind}; id=${message.notificationId}`,
    },
  };
}

/** Mail through an SMTP server (NOTIFY_TRANSPORT=smtp) with nodemailer. */
export class SmtpTransport implements NotificationTransport {
  readonly name = 'smtp';

  constructor(
    private readonly transporter: Transporter,
    private readonly from: string,
  ) {}

  /** A transport for SMTP_URL (smtp:// with STARTTLS when the server offers it, or smtps://). */
  static fromUrl(url: string, from: string): SmtpTransport {
    const transporter = nodemailer.createTransport({
      url,
      // Give up on a hanging server within seconds (the URL may override); the job is retried with backoff.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return new SmtpTransport(transporter, from);
  }

  async send(message: OutgoingNotification): Promise<{ messageId?: string }> {
    try {
      const info = (await this.transporter.sendMail(buildMail(message, this.from))) as { messageId?: string };
      return { messageId: info.messageId };
    } catch (err) {
      // nodemailer marks a 5xx reply (but 503) as permanent: unknown mailbox, policy. 4xx and network errors are retried.
      const e = err as NodemailerError;
      if (e.permanent === true) throw new PermanentDeliveryError(`SMTP ${e.responseCode ?? ''}: ${e.message}`.replace(/^SMTP : /, 'SMTP: '));
      throw err;
    }
  }

  close(): void {
    this.transporter.close();
  }
}
