import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import type { NotificationDto, NotificationQueryDto } from './dto/notification.dto';
import { isNotificationKind, type NotifyInput } from './notification-kinds';
import { Notification } from './notification.entity';
import { renderNotification } from './templates';

export { NOTIFICATION_KINDS, type NotificationKind, type NotifyInput } from './notification-kinds';

const SORT = 'createdAt';

/**
 * Creating notifications (notify(), called by other modules inside their transactions) and the
 * user's own list. Delivery is NotificationDeliveryService's, run by the notifications queue.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * One notification for every member user of each organisation, with its texts rendered now,
   * and one delivery job each through the outbox. Runs in the caller's transaction, so the
   * notifications exist exactly when the change they tell about does; called with a manager
   * outside a transaction, it opens one of its own. A user who already has a notification with
   * the same dedupeKey gets no second one (callers retry, jobs run twice). Returns the rows created.
   */
  async notify(manager: EntityManager, input: NotifyInput): Promise<number> {
    if (!isNotificationKind(input.kind)) throw new Error(`notify(): unknown notification kind "${String(input.kind)}"`);
    const dedupeKey = typeof input.dedupeKey === 'string' ? input.dedupeKey.trim() : '';
    if (!dedupeKey) throw new Error('notify(): dedupeKey is required');
    const organisationIds = [...new Set(input.organisationIds.filter((id) => typeof id === 'string' && id))];
    if (!organisationIds.length) return 0;
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((tx) => this.notify(tx, input));

    const params = input.params ?? {};
    const { subject, body } = renderNotification(input.kind, params);
    const rows = (await manager.query(
      `INSERT INTO notifications (user_id, organisation_id, kind, cooperation_id, params, subject, body, dedupe_key)
       SELECT u.id, u.organisation_id, $2, $3, $4::jsonb, $5, $6, $7
         FROM users u
        WHERE u.organisation_id = ANY($1::uuid[])
        ORDER BY u.id
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [organisationIds, input.kind, input.cooperationId ?? null, JSON.stringify(params), subject, body, dedupeKey],
    )) as Array<{ id: string }>;
    for (const row of rows) await this.outbox.enqueue(manager, JobName.DeliverNotification, { notificationId: row.id });
    return rows.length;
  }

  /** The actor's own notifications, newest first. */
  async list(actor: Actor, query: NotificationQueryDto): Promise<Page<Notification> & { unreadCount: number }> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :userId', { userId: actor.userId });
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(n.created_at, n.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [
      actor.userId,
    ])) as Array<{ count: number }>;
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null,
      unreadCount: count,
    };
  }

  /** Marks one of the actor's notifications as read; again is a no-op (the first time stays). Another user's: 404. */
  async markRead(actor: Actor, id: string): Promise<Notification> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE id = $1 AND user_id = $2 AND read_at IS NULL`, [id, actor.userId]);
    const notification = await this.dataSource.getRepository(Notification).findOneBy({ id, userId: actor.userId });
    if (!notification) throw new AppError('NOTIFICATION_NOT_FOUND', `Notification ${id} does not exist.`);
    return notification;
  }

  /** Marks all of the actor's unread notifications as read. */
  async markAllRead(actor: Actor): Promise<number> {
    const [, count] = (await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [actor.userId])) as [
      unknown,
      number,
    ];
    return count;
  }

  toDto(n: Notification): NotificationDto {
    return {
      id: n.id,
      kind: n.kind,
      organisationId: n.organisationId,
      cooperationId: n.cooperationId,
      subject: n.subject,
      body: n.body,
      params: n.params,
      status: n.status,
      sentAt: n.sentAt,
      readAt: n.readAt,
      createdAt: n.createdAt,
    };
  }
}
