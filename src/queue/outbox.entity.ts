import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: a row written in the same transaction as the change it announces,
 * relayed to BullMQ by the OutboxRelay. A row is delivered when dispatchedAt is set.
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['availableAt', 'id'], { where: 'dispatched_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ length: 60 })
  queue: string;

  @Column({ length: 60 })
  jobName: string;

  /** BullMQ job id: makes delivery idempotent (an existing id makes `add` a no-op). */
  @Column({ length: 200 })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
