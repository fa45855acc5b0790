import { Column } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { CATEGORIES, UNITS, type Category, type Unit } from '../../common/domain/vocabulary';

/**
 * What needs (Bedarfe) and offers (Angebote) have in common. Each table also carries GIN indexes
 * over search_vector and tags, created in the migrations.
 */
export abstract class Listing extends BaseRecord {
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
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

  /**
   * German full-text vector of title and description, kept by PostgreSQL (stored generated
   * column) so that search and ranking read it instead of re-parsing the text per row.
   */
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('german'::regconfig, (title::text || ' ') || description)`,
  })
  searchVector?: string;
}

/** The stored German full-text vector (GIN-indexed) of a listing alias. */
export const listingSearchVector = (alias: string) => `${alias}.search_vector`;
