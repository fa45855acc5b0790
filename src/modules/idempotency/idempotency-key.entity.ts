import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const IDEMPOTENCY_STATES = ['in_progress', 'completed'] as const;
export type IdempotencyState = (typeof IDEMPOTENCY_STATES)[number];

/** The response headers a replay repeats (lower-case names). */
export type StoredHeaders = Partial<Record<'content-type' | 'location' | 'etag', string>>;

/**
 * One Idempotency-Key of one principal (`client:<apiClientId>` or `user:<userId>`): claimed
 * while its first request runs (`in_progress`, held by `claimToken` until `lockedUntil`), then
 * `completed` with the response a retry replays. Error responses delete the row (the claim is
 * released). Rows older than 24 h are pruned by the maintenance sweep.
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_at_idx', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  principal: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 (hex) of method, path, query, organisation and canonical body (request-fingerprint.ts). */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 10 })
  method: string;

  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'enum', enum: IDEMPOTENCY_STATES, enumName: 'idempotency_key_state' })
  state: IdempotencyState;

  /** Who holds the claim: only the holder stores the response or releases it. */
  @Column({ type: 'uuid' })
  claimToken: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'smallint', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders: StoredHeaders | null;

  /** The body exactly as sent (text, not jsonb: jsonb would reorder keys); null for an empty body. */
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}
