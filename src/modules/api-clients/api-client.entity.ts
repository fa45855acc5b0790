import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';

/**
 * A partner integration (API client): the organisations its keys may act for, the scopes they
 * were granted, an optional expiry and rate limit. An organisation's members make clients for
 * their own organisation (owner set); platform admins make platform clients (owner null) for any
 * organisations. Clients are never deleted: revoked clients keep their audit log.
 */
@Entity('api_clients')
@Check('api_clients_organisations_check', 'cardinality(organisation_ids) >= 1')
@Check('api_clients_scopes_check', 'cardinality(scopes) >= 1')
@Check('api_clients_rate_limit_check', 'rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0')
@Index('api_clients_owner_created_idx', ['ownerOrganisationId', 'createdAt', 'id'])
@Index('api_clients_created_idx', ['createdAt', 'id'])
export class ApiClient extends BaseRecord {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The organisation whose members manage the client; null for a platform client (admins only). */
  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'owner_organisation_id' })
  ownerOrganisation?: Organisation | null;

  /** The user who made the client: records written through its keys name this person; null once that account was deleted. */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdByUser?: User;

  /** The organisations the keys may act for (one per request, X-Organisation-Id when several). */
  @Column({ type: 'uuid', array: true })
  organisationIds: string[];

  /** Granted scopes (see src/modules/auth/scopes.ts), `<family>:*` included. */
  @Column({ type: 'text', array: true })
  scopes: string[];

  /** Requests per minute; null: API_KEY_RATE_LIMIT_PER_MINUTE. */
  @Column({ type: 'int', nullable: true })
  rateLimitPerMinute: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

/**
 * One key of a client: `mpk_<prefix>_<secret>`, stored as the visible prefix and the sha256 of
 * the secret. A rotation gives the old keys an `expiresAt` (the end of the grace period).
 */
@Entity('api_keys')
@Index('api_keys_prefix_key', ['prefix'], { unique: true })
@Index('api_keys_client_idx', ['clientId', 'createdAt'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ApiClient, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client?: ApiClient;

  @Column({ type: 'varchar', length: 8 })
  prefix: string;

  /** Lowercase hex sha256 of the secret part. */
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

/** One call made with a key: written when the response has finished (ApiAuditLog). */
@Entity('api_audit_log')
@Index('api_audit_log_client_at_idx', ['clientId', 'at', 'id'])
@Index('api_audit_log_at_idx', ['at']) // the retention sweep (MaintenanceService.pruneAuditLog)
export class ApiAuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ApiClient, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client?: ApiClient;

  @Column({ type: 'varchar', length: 8 })
  keyPrefix: string;

  /** The organisation the call acted for; null when it was refused before that was settled, or answered as anonymous. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 10 })
  method: string;

  /** The route pattern, e.g. /v1/needs/:id/:action. */
  @Column({ type: 'varchar', length: 300 })
  route: string;

  /** The path called (without the query). */
  @Column({ type: 'varchar', length: 2000 })
  path: string;

  /** Controller and method, e.g. NeedsController.create. */
  @Column({ type: 'varchar', length: 200 })
  handler: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  recordType: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  recordId: string | null;

  @Column({ type: 'smallint' })
  status: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;
}
