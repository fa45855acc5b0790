import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import type { BrokerDto } from './dto/broker.dto';
import type { MarketplaceStatus } from './marketplace.machine';
import { MarketplacesService } from './marketplaces.service';

/** Brokers are appointed until the event is over: there is nothing left for them to do afterwards. */
const APPOINTABLE: readonly MarketplaceStatus[] = ['draft', 'open', 'closed', 'scheduled', 'running'];

interface BrokerRow {
  marketplace_id: string;
  user_id: string;
  display_name: string;
  organisation_id: string | null;
  organisation_name: string | null;
  appointed_by_user_id: string | null;
  appointed_by_name: string | null;
  appointed_at: Date;
}

/**
 * Brokers (Makler) of a marketplace: users the event's organisers (and admins) appoint to keep
 * the notary desk and check participants in on the day. What brokers may do is decided in one
 * place, MarketplacesService.mayBroker; this service only appoints, removes and lists them.
 */
@Injectable()
export class BrokersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly marketplaces: MarketplacesService,
  ) {}

  /** Appoints a user (idempotent: an appointed broker stays as appointed, by whom and when). */
  async appoint(actor: Actor, marketplaceId: string, userId: string): Promise<{ broker: BrokerDto; created: boolean }> {
    const visible = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, visible, 'appoint brokers');
    const created = await this.ds.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      if (!APPOINTABLE.includes(m.status)) {
        throw new AppError('INVALID_TRANSITION', `Brokers are appointed until the marketplace is over; it is ${m.status}.`, {
          currentStatus: m.status,
          allowedStatuses: [...APPOINTABLE],
        });
      }
      const [user] = (await manager.query(`SELECT id FROM users WHERE id = $1`, [userId])) as unknown[];
      if (!user) throw new AppError('USER_NOT_FOUND', `User ${userId} does not exist.`);
      const inserted = (await manager.query(
        `INSERT INTO marketplace_brokers (marketplace_id, user_id, appointed_by_user_id) VALUES ($1, $2, $3)
         ON CONFLICT (marketplace_id, user_id) DO NOTHING RETURNING id`,
        [m.id, userId, actor.userId],
      )) as unknown[];
      return inserted.length > 0;
    });
    const [broker] = await this.rows(this.ds.manager, marketplaceId, userId);
    return { broker: broker!, created };
  }

  /** Removes a broker; removing one who is not (or no longer) a broker changes nothing. */
  async remove(actor: Actor, marketplaceId: string, userId: string): Promise<void> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'remove brokers');
    await this.ds.query(`DELETE FROM marketplace_brokers WHERE marketplace_id = $1 AND user_id = $2`, [m.id, userId]);
  }

  /** The marketplace's brokers, in the order they were appointed (those who run it). */
  async list(actor: Actor, marketplaceId: string): Promise<BrokerDto[]> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'see its brokers');
    return this.rows(this.ds.manager, m.id);
  }

  private async rows(manager: EntityManager, marketplaceId: string, userId?: string): Promise<BrokerDto[]> {
    const rows = (await manager.query(
      `SELECT b.marketplace_id, b.user_id, u.display_name, u.organisation_id, o.name AS organisation_name,
              b.appointed_by_user_id, a.display_name AS appointed_by_name, b.appointed_at
         FROM marketplace_brokers b
         JOIN users u ON u.id = b.user_id
         LEFT JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN users a ON a.id = b.appointed_by_user_id
        WHERE b.marketplace_id = $1 AND ($2::uuid IS NULL OR b.user_id = $2)
        ORDER BY b.appointed_at, b.id`,
      [marketplaceId, userId ?? null],
    )) as BrokerRow[];
    return rows.map((r) => ({
      marketplaceId: r.marketplace_id,
      userId: r.user_id,
      displayName: r.display_name,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      appointedBy: r.appointed_by_user_id ? { id: r.appointed_by_user_id, displayName: r.appointed_by_name ?? '' } : null,
      appointedAt: r.appointed_at,
    }));
  }
}
