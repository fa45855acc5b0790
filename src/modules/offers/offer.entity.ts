import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Listing } from '../listings/listing.entity';
import { Organisation } from '../organisations/organisation.entity';
import { District } from '../districts/district.entity';

export const OFFER_STATUSES = ['draft', 'published', 'paused', 'exhausted', 'withdrawn', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Angebot: what a company gives (time, skills, logistics, goods, contacts, space). */
@Entity('offers')
@Index('offers_search_gin', { synchronize: false })
@Index('offers_tags_gin', { synchronize: false })
@Index('offers_district_ids_gin', { synchronize: false })
@Index('offers_status_created_idx', ['status', 'createdAt', 'id'])
@Index('offers_lat_lon_idx', ['lat', 'lon'])
@Index('offers_organisation_id_idx', ['organisationId'])
/** Reports: offers of companies in a district published in a period. */
@Index('offers_home_district_published_idx', ['homeDistrictId', 'publishedAt'])
/** Published radius offers, which the district jobs look up by distance. */
@Index('offers_radius_published_idx', ['lat', 'lon'], { where: `radius_km IS NOT NULL AND status = 'published'` })
export class Offer extends Listing {
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'integer' })
  capacity: number;

  /** Districts served (descendants included). Empty when the offer serves a radius. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  districtIds: string[];

  /** Serves everything within this many km of the company. */
  @Column({ type: 'double precision', nullable: true })
  radiusKm: number | null;

  /** The company's home district when the offer was saved (radius offers are found through it). */
  @Column({ type: 'uuid' })
  homeDistrictId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'home_district_id' })
  homeDistrict?: District;

  /** Gegenleistungen the company would like in return (matched against the nonprofit's). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  wantsInReturn: string[];

  @Column({ type: 'enum', enum: OFFER_STATUSES, enumName: 'offer_status', default: 'draft' })
  status: OfferStatus;
}
