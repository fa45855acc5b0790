import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UNITS, type Unit } from '../../common/domain/vocabulary';
import { User } from '../users/user.entity';
import { CooperationChild } from './cooperation.entity';

export const COOPERATION_SIDES = ['nonprofit', 'company'] as const;
export type CooperationSide = (typeof COOPERATION_SIDES)[number];

/** Implementation: a status update by either party (UPJ step 6, "umsetzen"). */
@Entity('cooperation_updates')
@Index('cooperation_updates_cooperation_idx', ['cooperationId', 'createdAt'])
export class CooperationUpdate extends CooperationChild {
  @Column({ type: 'uuid', nullable: true })
  authorUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_user_id' })
  authorUser?: User;

  @Column({ type: 'uuid' })
  authorOrganisationId: string;

  @Column({ type: 'text' })
  note: string;

}

/** A milestone of the cooperation project: planned (due), then done. */
@Entity('cooperation_milestones')
@Index('cooperation_milestones_cooperation_idx', ['cooperationId', 'dueOn'])
export class CooperationMilestone extends CooperationChild {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  doneByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'uuid' })
  createdByOrganisationId: string;

}

/**
 * What was actually delivered: hours and goods by the company (Leistung), or the nonprofit's
 * Gegenleistung. Recorded by the side that delivered; the receiving side may confirm it.
 */
@Check('cooperation_deliveries_amounts_check', `COALESCE("hours", 0) >= 0 AND COALESCE("quantity", 0) >= 0 AND ("quantity" IS NULL) = ("unit" IS NULL)`)
@Entity('cooperation_deliveries')
@Index('cooperation_deliveries_cooperation_idx', ['cooperationId', 'deliveredOn'])
export class CooperationDelivery extends CooperationChild {
  /** company: part of the Leistung; nonprofit: the Gegenleistung. */
  @Column({ type: 'enum', enum: COOPERATION_SIDES, enumName: 'cooperation_side' })
  side: CooperationSide;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true })
  hours: string | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  quantity: string | null;

  @Column({ type: 'enum', enum: UNITS, enumName: 'listing_unit', nullable: true })
  unit: Unit | null;

  @Column({ type: 'date' })
  deliveredOn: string;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_user_id' })
  recordedByUser?: User;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedByUserId: string | null;

}

/** One evaluation per party after the end (UPJ step 6, "evaluieren"). */
@Check('cooperation_evaluations_rating_check', `"rating" BETWEEN 1 AND 5`)
@Entity('cooperation_evaluations')
@Index('cooperation_evaluations_party_key', ['cooperationId', 'organisationId'], { unique: true })
export class CooperationEvaluation extends CooperationChild {
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'enum', enum: COOPERATION_SIDES, enumName: 'cooperation_side' })
  side: CooperationSide;

  /** 1 (poor) to 5 (excellent). */
  @Column({ type: 'smallint' })
  rating: number;

  @Column({ type: 'text' })
  whatWorked: string;

  @Column({ type: 'text', default: '' })
  whatToImprove: string;

  /** Outcomes: people reached (nonprofit side mostly). */
  @Column({ type: 'integer', nullable: true })
  peopleReached: number | null;

  @Column({ type: 'text', default: '' })
  outcomes: string;

  @Column({ type: 'boolean' })
  wouldCooperateAgain: boolean;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId: string | null;

}
