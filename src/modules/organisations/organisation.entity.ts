import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { ORGANISATION_KINDS, type CauseArea, type GiveBackKind, type LegalForm, type OrganisationKind } from '../../common/domain/vocabulary';
import { District } from '../districts/district.entity';
import type { VerificationBasis } from '../trust/verification';
import { User } from '../users/user.entity';

@Entity('organisations')
@Check('organisations_verification_check', '(verified_at IS NULL) = (verification_basis IS NULL) AND (verified_at IS NOT NULL OR verified_by IS NULL)')
export class Organisation extends BaseRecord {
  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Column({ type: 'text', nullable: true })
  legalForm: LegalForm | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', nullable: true })
  street: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  @Index('organisations_district_id_idx')
  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  causeAreas: CauseArea[];

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  /** Nonprofits: Gegenleistungen they can give back. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  giveBacks: GiveBackKind[];

  /** Companies: engagement preferences. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  engagementCauseAreas: CauseArea[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  engagementDistrictIds: string[];

  @Column({ type: 'integer', nullable: true })
  engagementYearlyHours: number | null;

  /** Trust: set when an organiser of the district verified the organisation (see src/modules/trust). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  verifiedAt: Date | null;

  /** The organiser (or admin) who verified it; null when unverified or the user was deleted. */
  @Column({ type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'verified_by' })
  verifier?: Relation<User> | null;

  /** What was checked: charitable_status (nonprofits), commercial_register or trade_register (companies). */
  @Column({ type: 'text', nullable: true })
  verificationBasis: VerificationBasis | null;

  @Column({ type: 'text', nullable: true })
  verificationNote: string | null;

  /**
   * Set when the organisation deleted its account but cooperations with a signed agreement keep
   * the row for the other party: then the name reads "Gelöschte Organisation" and everything else
   * that described it is empty (src/modules/privacy). Such a row is not found by the API.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}
