import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CATEGORIES, UNITS, type Category, type GiveBackKind, type Unit } from '../../common/domain/vocabulary';
import { User } from '../users/user.entity';
import { Cooperation } from './cooperation.entity';

export interface ContactPerson {
  name: string;
  email?: string | null;
  phone?: string | null;
}

/**
 * The Engagement-Vereinbarung: who gives what. Versions per cooperation (1, 2, ...). A version
 * is a draft until both parties signed it; from then on it is immutable (a trigger in the
 * migration refuses any change to its content and any delete), and a change needs a new version
 * signed by both, which supersedes it. Signatures bind to `contentHash`.
 */
@Check('agreements_dates_check', `"ends_on" >= "starts_on"`)
@Check('agreements_amounts_check', `"contribution_quantity" > 0 AND COALESCE("estimated_hours", 0) >= 0 AND COALESCE("estimated_value_eur", 0) >= 0`)
@Check('agreements_give_back_check', `length(btrim("give_back_description")) > 0`)
@Entity('agreements')
@Index('agreements_cooperation_version_key', ['cooperationId', 'version'], { unique: true })
export class Agreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cooperationId: string;

  @ManyToOne(() => Cooperation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cooperation_id' })
  cooperation?: Cooperation;

  /** 1, 2, ... per cooperation. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  nonprofitContact: ContactPerson;

  @Column({ type: 'jsonb' })
  companyContact: ContactPerson;

  /** What the company gives (Leistung). */
  @Column({ type: 'enum', enum: CATEGORIES, enumName: 'listing_category' })
  contributionCategory: Category;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  contributionQuantity: string;

  @Column({ type: 'enum', enum: UNITS, enumName: 'listing_unit' })
  contributionUnit: Unit;

  @Column({ type: 'text' })
  contributionDescription: string;

  /** What the nonprofit gives back (Gegenleistung): always named; one of GIVE_BACK_KINDS. */
  @Column({ type: 'text' })
  giveBackKind: GiveBackKind;

  @Column({ type: 'text' })
  giveBackDescription: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'text' })
  place: string;

  /** Estimated volunteer / pro bono hours. */
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true })
  estimatedHours: string | null;

  /** A euro equivalent for reporting only: no money changes hands. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  estimatedValueEur: string | null;

  /** sha256 of the content fields: what each signature confirms. */
  @Column({ type: 'text' })
  contentHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdByUser?: User;

  /** The party that drafted it; null when an organiser recorded it at a marketplace's notary desk. */
  @Column({ type: 'uuid', nullable: true })
  createdByOrganisationId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nonprofitSignedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  nonprofitSignedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  companySignedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  companySignedByUserId: string | null;

  /** Set when the second signature arrives; from then on the content is frozen. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  signedAt: Date | null;

  /** A later version signed by both replaced this one. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  supersededAt: Date | null;

  /**
   * Set when a party's account was deleted after signing: its contact person was replaced by an
   * anonymous one (the only change a signed version admits, under the erasure setting; see the
   * trigger). `contentHash` still is the hash of what was signed, so it no longer matches the content.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
