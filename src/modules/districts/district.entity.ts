import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { DISTRICT_LEVELS, type DistrictLevel } from '../../common/domain/vocabulary';

/** City → borough (Stadtbezirk) → quarter (Stadtteil / Quartier). */
@Entity('districts')
@Index('districts_ancestor_ids_gin', { synchronize: false })
export class District extends BaseRecord {
  @Column({ type: 'text' })
  name: string;

  @Index('districts_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  @Index('districts_parent_id_idx')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => District, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: District | null;

  @Column({ type: 'enum', enum: DISTRICT_LEVELS, enumName: 'district_level' })
  level: DistrictLevel;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  /** Ids from the root down to this district, itself included: a subtree is `ancestor_ids @> {id}`. */
  @Column({ type: 'uuid', array: true })
  ancestorIds: string[];
}
