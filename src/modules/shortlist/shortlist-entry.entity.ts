import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { Need } from '../needs/need.entity';
import { Offer } from '../offers/offer.entity';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';

/**
 * A partner an organisation saved for later (UPJ step 4, Recherche und Auswahl): a nonprofit
 * saves companies' offers, a company saves nonprofits' needs, from search or from a match.
 */
@Entity('shortlist_entries')
@Check('shortlist_entries_one_item_check', 'num_nonnulls(need_id, offer_id) = 1')
@Index('shortlist_entries_organisation_need_key', ['organisationId', 'needId'], { unique: true })
@Index('shortlist_entries_organisation_offer_key', ['organisationId', 'offerId'], { unique: true })
@Index('shortlist_entries_organisation_created_idx', ['organisationId', 'createdAt', 'id'])
@Index('shortlist_entries_need_id_idx', ['needId'])
@Index('shortlist_entries_offer_id_idx', ['offerId'])
export class ShortlistEntry extends BaseRecord {
  /** The organisation whose shortlist this is. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  needId: string | null;

  @ManyToOne(() => Need, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'need_id' })
  need?: Need | null;

  @Column({ type: 'uuid', nullable: true })
  offerId: string | null;

  @ManyToOne(() => Offer, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'offer_id' })
  offer?: Offer | null;

  /**
   * The match it was saved from, if any. No foreign key: matches are derived rows that the
   * matching jobs replace; the id is derived from the pair and stays the same.
   */
  @Column({ type: 'uuid', nullable: true })
  matchId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by' })
  creator?: User | null;
}
