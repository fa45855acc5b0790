import { Column, Index } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { CATEGORIES, UNITS, type Category, type Unit } from '../../common/domain/vocabulary';

/**
 * What needs (Bedarfe) and offers (Angebote) have in common. Each table also carries a German
 * full-text GIN index over title and description and a GIN index over tags, created in the
 * migrations (see LISTING_SEARCH_VECTOR).
 */
export abstract class Listing extends BaseRecord {
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ length: 160 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'enum', enum: CATEGORIES, enumName: 'listing_category' })
  category: Category;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'enum', enum: UNITS, enumName: 'listing_unit' })
  unit: Unit;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** Where it happens: the organisation's address, else its district's centroid. */
  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}

/** The expression the GIN full-text indexes are built on; queries must use it verbatim. */
export const listingSearchVector = (alias: string) =>
  `to_tsvector('german'::regconfig, ${alias}.title || ' ' || ${alias}.description)`;
