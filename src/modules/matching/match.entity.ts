import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Need } from '../needs/need.entity';
import { Offer } from '../offers/offer.entity';
import type { Component } from './scoring/model';

/** What a match's breakdown records: each component's value, the weights used, and the facts. */
export interface MatchBreakdown {
  components: Record<Component, number>;
  distanceKm: number;
  sharedTags: string[];
}

/**
 * A scored need/offer pair, kept when it is among the top K of its need or of its offer (over
 * every Quartier the offer serves), or when one side showed interest. Derived data: the matching jobs own
 * every row. The id is derived from the pair (md5 of both ids), so it survives recomputation.
 */
@Entity('matches')
@Index('matches_need_offer_key', ['needId', 'offerId'], { unique: true })
@Index('matches_offer_score_idx', ['offerId', 'score'])
@Index('matches_district_score_idx', ['districtId', 'score'])
export class Match {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid' })
  needId: string;

  @ManyToOne(() => Need, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id' })
  need?: Need;

  @Column({ type: 'uuid' })
  offerId: string;

  @ManyToOne(() => Offer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'offer_id' })
  offer?: Offer;

  /** The need's district (Quartier): the unit of the district jobs. */
  @Column({ type: 'uuid' })
  districtId: string;

  @Column({ type: 'uuid' })
  needOrganisationId: string;

  @Column({ type: 'uuid' })
  offerOrganisationId: string;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ type: 'jsonb' })
  breakdown: MatchBreakdown;

  @Column({ type: 'text' })
  weightsVersion: string;

  /** Kept because it is in its need's top K (or a side showed interest). */
  @Column({ type: 'boolean', default: false })
  forNeed: boolean;

  /** Kept because it is in its offer's top K (over all Quartiere the offer serves). */
  @Column({ type: 'boolean', default: false })
  forOffer: boolean;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  computedAt: Date;
}

export const REACTIONS = ['interested', 'dismissed'] as const;
export type Reaction = (typeof REACTIONS)[number];

/**
 * What each side said about a pair. Kept apart from the computed matches so that it survives
 * recomputation: dismissed pairs stay out of the results, pairs with interest stay in.
 */
@Entity('match_reactions')
@Index('match_reactions_need_offer_key', ['needId', 'offerId'], { unique: true })
@Index('match_reactions_offer_id_idx', ['offerId'])
export class MatchReaction {
  /** The match's id (derived from the pair), so a reaction can be found and undone by it. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid' })
  needId: string;

  @ManyToOne(() => Need, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id' })
  need?: Need;

  @Column({ type: 'uuid' })
  offerId: string;

  @ManyToOne(() => Offer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'offer_id' })
  offer?: Offer;

  /** The nonprofit's reaction (the need's side). */
  @Column({ type: 'enum', enum: REACTIONS, enumName: 'match_reaction', nullable: true })
  needSide: Reaction | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  needSideAt: Date | null;

  /** The company's reaction (the offer's side). */
  @Column({ type: 'enum', enum: REACTIONS, enumName: 'match_reaction', nullable: true })
  offerSide: Reaction | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  offerSideAt: Date | null;
}

/**
 * Weights an organiser tuned for a city (a root district), versioned: each save is a new
 * version, and every match records the version that scored it.
 */
@Entity('matching_weights')
@Index('matching_weights_city_version_key', ['cityId', 'version'], { unique: true })
export class MatchingWeightsVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cityId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  weights: Record<string, number>;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}

/**
 * How many published needs and offers carry each tag: the corpus behind the tags' rarity (IDF).
 * A snapshot, refreshed at the start of every rematch-all, so that all workers of a run (and the
 * item jobs until the next refresh) score with the same statistics.
 */
@Entity('tag_statistics')
export class TagStatistic {
  @PrimaryColumn({ type: 'text' })
  tag: string;

  /** Published needs and offers with this tag. */
  @Column({ type: 'integer' })
  listings: number;

  /** All published needs and offers when the snapshot was taken. */
  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'timestamptz', precision: 3 })
  refreshedAt: Date;
}
