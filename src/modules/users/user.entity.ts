import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { Organisation } from '../organisations/organisation.entity';

@Entity('users')
export class User extends BaseRecord {
  /** Stored lower-cased; unique. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  /** scrypt$N$r$p$salt$hash (see password.ts). Never selected by default. */
  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  displayName: string;

  @Index('users_organisation_id_idx')
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ default: false })
  isAdmin: boolean;

  /** Districts this user organises marketplaces for (role "organiser"); subtree included. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organiserDistrictIds: string[];
}
