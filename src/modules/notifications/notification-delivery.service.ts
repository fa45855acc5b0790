import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationKind, NotificationStatus } from './notification-kinds';
import { NOTIFICATION_TRANSPORT, PermanentDeliveryError, type NotificationTransport } from './transport/notification-transport';

export type DeliveryOutcome =
  | { outcome: 'sent'; messageId: string | null }
  | { outcome: 'already-sent' }
  | { outcome: 'missing' }
  | { outcome: 'failed'; final: boolean; error: Error };

/** Which attempt of the delivery job this is (BullMQ's count before this run, and its limit). */
export interface Attempt {
  made: number;
  max: number;
}

interface ClaimedRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  status: NotificationStatus;
  email: string;
  display_name: string;
}

/**
 * Sends one notification through the configured transport, once.
 *
 * The row is claimed with FOR UPDATE for the whole send: a second run of the same job (BullMQ
 * delivers at least once) waits for the first and then finds the row `sent` and stops. If the
 * process dies after the transport accepted but before the commit, the next run sends again:
 * the SMTP Message-ID is derived from the notification id, so mail clients can drop the copy.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
  ) {}

  async deliver(notificationId: string, attempt: Attempt): Promise<DeliveryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT n.id, n.user_id, n.kind, n.subject, n.body, n.status, u.email, u.display_name
           FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE n.id = $1
          FOR UPDATE OF n`,
        [notificationId],
      )) as ClaimedRow[];
      if (!row) return { outcome: 'missing' } as const;
      if (row.status === 'sent') return { outcome: 'already-sent' } as const;
      try {
        const { messageId } = await this.transport.send({
          notificationId: row.id,
          kind: row.kind,
          userId: row.user_id,
          to: row.email,
          toName: row.display_name,
          subject: row.subject,
          text: row.body,
        });
        await manager.query(
          `UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, transport_message_id = $2 WHERE id = $1`,
          [row.id, messageId ?? null],
        );
        return { outcome: 'sent', messageId: messageId ?? null } as const;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const final = error instanceof PermanentDeliveryError || attempt.made + 1 >= attempt.max;
        await manager.query(`UPDATE notifications SET attempts = attempts + 1, last_error = $2, status = $3 WHERE id = $1`, [
          row.id,
          `${this.transport.name}: ${error.message}`.slice(0, 1000),
          final ? 'failed' : 'pending',
        ]);
        if (final) this.logger.error(`notification ${row.id} (${row.kind}) failed for good after ${attempt.made + 1} attempt(s): ${error.message}`);
        return { outcome: 'failed', final, error } as const;
      }
    });
  }
}
