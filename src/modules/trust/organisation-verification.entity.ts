import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import type { VerificationBasis } from './verification';

export const VERIFICATION_ACTIONS = ['verified', 'revoked'] as const;
export type VerificationAction = (typeof VERIFICATION_ACTIONS)[number];

/**
 * The history of an organisation's verification: one row per change (verified, re-verified on
 * another basis, revoked), written in the same transaction as the organisation's columns.
 */
@Entity('organisation_verifications')
@Index('organisation_verifications_organisation_at_idx', ['organisationId', 'at'])
export class OrganisationVerification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'enum', enum: VERIFICATION_ACTIONS, enumName: 'verification_action' })
  action: VerificationAction;

  /** verified: what was checked; revoked: the basis that was withdrawn. */
  @Column({ type: 'text', nullable: true })
  basis: VerificationBasis | null;

  /** verified: the organiser's note; revoked: the reason. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  byUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'by_user_id' })
  byUser?: User | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;
}
