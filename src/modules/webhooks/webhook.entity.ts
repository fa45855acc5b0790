import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { District } from '../districts/district.entity';
import { DomainEvent } from '../events/domain-event.entity';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** pending until an attempt succeeds (delivered) or the last one failed (failed). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why a delivery exists: an event the subscription wants, a ping, or a redelivery asked for by hand. */
export const DELIVERY_KINDS = ['event', 'ping', 'redelivery'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/**
 * A webhook subscription of one organisation: where to POST which events, signed with its secret.
 * The secret is kept as it is (the service must sign with it); it is shown once, when created or
 * rotated. After a rotation the previous secret signs along until `previousSecretExpiresAt`.
 */
@Entity('webhook_subscriptions')
@Index('webhook_subscriptions_organisation_idx', ['organisationId', 'createdAt', 'id'])
@Index('webhook_subscriptions_active_idx', ['status'], { where: `status = 'active'` })
export class WebhookSubscription extends BaseRecord {
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Event types and `<family>.*` patterns. */
  @Column({ type: 'text', array: true })
  eventTypes: string[];

  /** Public events only from this district and below (private events concerning the organisation always come). */
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  @Column({ type: 'enum', enum: WEBHOOK_STATUSES, enumName: 'webhook_status', default: 'active' })
  status: WebhookStatus;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text', nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Event deliveries that failed for good in a row (a success resets it); at the limit the subscription is disabled. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdByUser?: User;
}

/**
 * One message to one subscription: an event (created when the event is sequenced), a ping, or a
 * redelivery. Tried with the backoff of WEBHOOK_RETRY_DELAYS_MS (event deliveries) or once (pings
 * and redeliveries); every attempt is logged in webhook_delivery_attempts.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_subscription_idx', ['subscriptionId', 'createdAt', 'id'])
@Index('webhook_deliveries_created_idx', ['createdAt']) // the retention sweep (MaintenanceService.pruneWebhookDeliveries)
@Index('webhook_deliveries_event_key', ['subscriptionId', 'eventId'], { unique: true, where: `kind = 'event'` })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;

  /** The event delivered; null for a ping. */
  @Index('webhook_deliveries_event_idx')
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => DomainEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: DomainEvent;

  /** The event's type, or `ping`. */
  @Column({ type: 'text' })
  eventType: string;

  @Column({ type: 'enum', enum: DELIVERY_KINDS, enumName: 'webhook_delivery_kind' })
  kind: DeliveryKind;

  /** For a redelivery: the delivery it repeats. */
  @Column({ type: 'uuid', nullable: true })
  redeliveryOf: string | null;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'redelivery_of' })
  original?: WebhookDelivery;

  @Column({ type: 'enum', enum: DELIVERY_STATUSES, enumName: 'webhook_delivery_status', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** A worker is sending it until then (a worker that died gives it up). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One HTTP attempt of a delivery: what came back (status, latency, the first KiB of the body) or what went wrong. */
@Entity('webhook_delivery_attempts')
@Index('webhook_delivery_attempts_key', ['deliveryId', 'attempt'], { unique: true })
export class WebhookDeliveryAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  /** Until the response's status line arrived, or until the attempt gave up. */
  @Column({ type: 'integer' })
  latencyMs: number;

  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  /** At most 1 KiB of the response body. */
  @Column({ type: 'text', nullable: true })
  responseExcerpt: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'boolean' })
  success: boolean;
}
