import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { ORGANISATION_KINDS, type CauseArea, type GiveBackKind, type LegalForm, type OrganisationKind } from '../../common/domain/vocabulary';
import { District } from '../districts/district.entity';

@Entity('organisations')
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
}
