import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Marketplace } from './marketplace.entity';

/**
 * A broker (Makler) of one marketplace: a user the event's organisers appointed to help on the
 * day. Brokers keep the notary desk, check participants in and read the registrations of this
 * marketplace only (MarketplacesService.mayBroker); they do not run the event.
 */
@Entity('marketplace_brokers')
@Index('marketplace_brokers_key', ['marketplaceId', 'userId'], { unique: true })
@Index('marketplace_brokers_user_idx', ['userId'])
export class MarketplaceBroker {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  marketplaceId: string;

  @ManyToOne(() => Marketplace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The organiser (or admin) who appointed the broker; null once that user is deleted. */
  @Column({ type: 'uuid', nullable: true })
  appointedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'appointed_by_user_id' })
  appointedByUser?: User;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  appointedAt: Date;
}
