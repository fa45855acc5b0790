import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { NOTIFICATION_STATUSES, type NotificationKind, type NotificationParams, type NotificationStatus } from './notification-kinds';

/**
 * One notification for one user (the outbox of notifications). Written in the transaction of
 * the change it tells about, its texts rendered then (German, then English); delivered by the
 * `deliver-notification` job through the configured transport, and readable in the API.
 */
@Entity('notifications')
@Unique('notifications_user_id_dedupe_key_key', ['userId', 'dedupeKey'])
@Index('notifications_user_list_idx', ['userId', 'createdAt', 'id'])
@Index('notifications_user_unread_idx', ['userId', 'createdAt', 'id'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The organisation the user was told about as a member of. */
  @Index('notifications_organisation_id_idx')
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  /** One of NOTIFICATION_KINDS; text, so that a new kind needs no migration. */
  @Column({ type: 'text' })
  kind: NotificationKind;

  /** The cooperation it is about, if any (no foreign key: notifications outlive what they tell about). */
  @Index('notifications_cooperation_id_idx')
  @Column({ type: 'uuid', nullable: true })
  cooperationId: string | null;

  /** The values the texts were rendered from (kept for clients that render their own). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: NotificationParams;

  /** German subject / English subject. */
  @Column({ type: 'text' })
  subject: string;

  /** German text, then the English one. */
  @Column({ type: 'text' })
  body: string;

  /** Same key for the same user = one notification. */
  @Column({ type: 'text' })
  dedupeKey: string;

  @Column({ type: 'enum', enum: NOTIFICATION_STATUSES, enumName: 'notification_status', default: 'pending' })
  status: NotificationStatus;

  /** Delivery attempts made (successful or not). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Message id the transport reported (SMTP: the Message-ID header). */
  @Column({ type: 'text', nullable: true })
  transportMessageId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
