import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Listing } from '../listings/listing.entity';
import { Organisation } from '../organisations/organisation.entity';
import { District } from '../districts/district.entity';

export const NEED_STATUSES = ['draft', 'published', 'matched', 'fulfilled', 'withdrawn', 'expired'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Bedarf: what a nonprofit asks for, and what it gives back. */
@Entity('needs')
@Index('needs_search_gin', { synchronize: false })
@Index('needs_tags_gin', { synchronize: false })
@Index('needs_status_created_idx', ['status', 'createdAt', 'id'])
@Index('needs_lat_lon_idx', ['lat', 'lon'])
@Index('needs_organisation_id_idx', ['organisationId'])
/** Reports: needs of a district published in a period. */
@Index('needs_district_published_idx', ['districtId', 'publishedAt'])
export class Need extends Listing {
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  /** Gegenleistung: what the nonprofit gives back for this need. */
  @Column({ type: 'text', default: '' })
  giveBack: string;

  @Column({ type: 'enum', enum: NEED_STATUSES, enumName: 'need_status', default: 'draft' })
  status: NeedStatus;
}
