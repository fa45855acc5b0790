import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event (need published, cooperation accepted, ...): written by EventsService.emit in
 * the transaction of the change, then given its place in the feed (`seq`) by the sequence-event
 * job, which also creates the webhook deliveries. Never changed after that, never deleted: the
 * change feed is durable.
 *
 * `seq` is assigned under one advisory lock, one transaction after the other, so seq order is
 * commit order: a reader who has seen seq n will never later find an event below n.
 */
@Entity('domain_events')
@Index('domain_events_seq_key', ['seq'], { unique: true })
@Index('domain_events_pending_idx', ['occurredAt', 'id'], { where: 'seq IS NULL' })
@Index('domain_events_public_seq_idx', ['seq'], { where: 'public' })
@Index('domain_events_organisation_ids_gin', { synchronize: false })
export class DomainEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The position in the feed; null until the sequence-event job has placed it. */
  @Column({ type: 'bigint', nullable: true })
  seq: string | null;

  @Column({ type: 'text' })
  type: string;

  /** clock_timestamp(), full precision: events of one transaction keep the order they were emitted in. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  /** The organisations the event concerns: their members (and API keys) see it when it is private. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organisationIds: string[];

  /** Readable by everybody (needs and offers published, marketplaces); else only by the organisations above. */
  @Column({ type: 'boolean' })
  public: boolean;

  /** The district it belongs to (no foreign key: events outlive what they tell about). */
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sequencedAt: Date | null;
}
