import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { District } from '../districts/district.entity';
import { Marketplace } from '../marketplaces/marketplace.entity';
import { Need } from '../needs/need.entity';
import { Offer } from '../offers/offer.entity';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { COOPERATION_STATUSES, type CooperationStatus } from './cooperation.machine';

/**
 * A Kooperation between one nonprofit and one company, from the proposal (UPJ step 5) to the
 * evaluation (step 6). At most one open cooperation per pair and need: the partial unique index
 * cooperations_open_pair_key (migration) over (nonprofit, company, need or none) while open.
 */
@Check('cooperations_two_parties_check', `"nonprofit_id" <> "company_id"`)
@Check('cooperations_subject_check', `"need_id" IS NOT NULL OR "offer_id" IS NOT NULL`)
@Entity('cooperations')
@Index('cooperations_open_pair_key', { synchronize: false })
@Index('cooperations_nonprofit_idx', ['nonprofitId', 'createdAt'])
@Index('cooperations_company_idx', ['companyId', 'createdAt'])
@Index('cooperations_district_idx', ['districtId', 'createdAt'])
@Index('cooperations_status_expires_idx', ['status', 'expiresAt'])
export class Cooperation extends BaseRecord {
  @Column({ type: 'enum', enum: COOPERATION_STATUSES, enumName: 'cooperation_status', default: 'proposed' })
  status: CooperationStatus;

  /** Where it belongs for organisers and reports: the need's district, else the nonprofit's. */
  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  @Column({ type: 'uuid' })
  nonprofitId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'nonprofit_id' })
  nonprofit?: Organisation;

  @Column({ type: 'uuid' })
  companyId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  needId: string | null;

  @ManyToOne(() => Need, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'need_id' })
  need?: Need;

  @Column({ type: 'uuid', nullable: true })
  offerId: string | null;

  @ManyToOne(() => Offer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offer_id' })
  offer?: Offer;

  /** The match the proposal came from, if any (match ids are derived, no foreign key). */
  @Column({ type: 'uuid', nullable: true })
  matchId: string | null;

  /** The marketplace where it was agreed (the notary desk), if any. */
  @Index('cooperations_marketplace_idx')
  @Column({ type: 'uuid', nullable: true })
  marketplaceId: string | null;

  @ManyToOne(() => Marketplace, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  /** The organisation that sent the proposal; the other party receives it. */
  @Column({ type: 'uuid' })
  proposedByOrganisationId: string;

  @Column({ type: 'uuid', nullable: true })
  proposedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proposed_by_user_id' })
  proposedByUser?: User;

  /** The proposal's message (Anschreiben). */
  @Column({ type: 'text' })
  message: string;

  /** A pending proposal expires then (a delayed job; the hourly sweep catches what it missed). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  agreedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  /** Both sides are asked to evaluate from then on (the agreement's end, or the completion). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  evaluationDueAt: Date | null;

  /** The evaluation window closes then; the cooperation is evaluated with what was answered. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  evaluationClosesAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  evaluatedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByOrganisationId: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;
}

/** What every record under a cooperation has: an id, its cooperation (deleted with it) and when it was made. */
export abstract class CooperationChild {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cooperationId: string;

  @ManyToOne(() => Cooperation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cooperation_id' })
  cooperation?: Cooperation;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** The history of a cooperation: one row per transition (who, when, from, to, note). Append-only. */
@Entity('cooperation_events')
@Index('cooperation_events_cooperation_idx', ['cooperationId', 'id'])
export class CooperationEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  cooperationId: string;

  @ManyToOne(() => Cooperation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cooperation_id' })
  cooperation?: Cooperation;

  @Column({ type: 'enum', enum: COOPERATION_STATUSES, enumName: 'cooperation_status', nullable: true })
  fromStatus: CooperationStatus | null;

  @Column({ type: 'enum', enum: COOPERATION_STATUSES, enumName: 'cooperation_status' })
  toStatus: CooperationStatus;

  /** The action taken (propose for the first row). */
  @Column({ type: 'text' })
  action: string;

  /** null: the system (a job). */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id' })
  actorUser?: User;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** The thread of messages between the two parties (organisers read along). */
@Entity('cooperation_messages')
@Index('cooperation_messages_cooperation_idx', ['cooperationId', 'createdAt'])
export class CooperationMessage extends CooperationChild {
  @Column({ type: 'uuid', nullable: true })
  authorUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_user_id' })
  authorUser?: User;

  @Column({ type: 'uuid' })
  authorOrganisationId: string;

  @Column({ type: 'text' })
  body: string;
}
