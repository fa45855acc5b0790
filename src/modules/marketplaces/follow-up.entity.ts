import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CooperationChild } from '../cooperations/cooperation.entity';
import { COOPERATION_SIDES, type CooperationSide } from '../cooperations/implementation.entity';
import { FOLLOW_UP_OUTCOMES, FOLLOW_UP_STAGES, type FollowUpOutcome, type FollowUpStage } from './follow-up.model';
import { Marketplace } from './marketplace.entity';

/**
 * A follow-up stage of a finished marketplace: written when the event finishes, with the time the
 * marketplace-follow-up job is due; `sentAt` when the job first asked the parties.
 */
@Entity('marketplace_follow_ups')
export class MarketplaceFollowUp {
  @PrimaryColumn({ type: 'uuid' })
  marketplaceId: string;

  @ManyToOne(() => Marketplace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  @PrimaryColumn({ type: 'enum', enum: FOLLOW_UP_STAGES, enumName: 'follow_up_stage' })
  stage: FollowUpStage;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** A party's answer to a follow-up stage: was the agreement made at the marketplace carried out? One per side and stage. */
@Entity('cooperation_follow_ups')
@Index('cooperation_follow_ups_party_key', ['cooperationId', 'side', 'stage'], { unique: true })
export class CooperationFollowUp extends CooperationChild {
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'enum', enum: COOPERATION_SIDES, enumName: 'cooperation_side' })
  side: CooperationSide;

  @Column({ type: 'enum', enum: FOLLOW_UP_STAGES, enumName: 'follow_up_stage' })
  stage: FollowUpStage;

  @Column({ type: 'enum', enum: FOLLOW_UP_OUTCOMES, enumName: 'follow_up_outcome' })
  outcome: FollowUpOutcome;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId: string | null;
}
