import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';

/** Housekeeping the worker runs on a schedule. Every method is idempotent. */
@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Published needs and published or paused offers whose end date has passed become `expired`;
   * each expiry is announced through the outbox so that their matches are recomputed.
   */
  async expireListings(now = new Date()): Promise<{ needs: number; offers: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [needs] = (await manager.query(
        `UPDATE needs SET status = 'expired', version = version + 1, updated_at = now()
          WHERE status = 'published' AND ends_at IS NOT NULL AND ends_at < $1 RETURNING id, version`,
        [now],
      )) as [Array<{ id: string; version: number }>, number];
      const [offers] = (await manager.query(
        `UPDATE offers SET status = 'expired', version = version + 1, updated_at = now()
          WHERE status IN ('published', 'paused') AND ends_at IS NOT NULL AND ends_at < $1 RETURNING id, version`,
        [now],
      )) as [Array<{ id: string; version: number }>, number];
      for (const n of needs) await this.outbox.enqueue(manager, JobName.MatchNeed, { needId: n.id, version: n.version, change: 'expired' });
      for (const o of offers) await this.outbox.enqueue(manager, JobName.MatchOffer, { offerId: o.id, version: o.version, change: 'expired' });
      if (needs.length || offers.length) this.logger.log(`expired ${needs.length} needs and ${offers.length} offers`);
      return { needs: needs.length, offers: offers.length };
    });
  }

  /**
   * The audit log of API key calls is kept `days` (AUDIT_LOG_RETENTION_DAYS), then removed: it names
   * who did what, so it is personal data and kept no longer than it serves. Batches of 5,000 rows,
   * so a sweep after a long pause never holds one long lock.
   */
  async pruneAuditLog(days: number): Promise<number> {
    return this.deleteInBatches(`DELETE FROM api_audit_log WHERE id IN (SELECT id FROM api_audit_log WHERE at < now() - make_interval(days => $1) LIMIT 5000)`, [days]);
  }

  /**
   * Finished webhook deliveries (delivered or failed) are kept `days` (WEBHOOK_DELIVERY_RETENTION_DAYS)
   * for the delivery log and manual redelivery, then removed with their attempts (ON DELETE CASCADE);
   * pending ones stay whatever their age. The events themselves stay in the feed.
   */
  async pruneWebhookDeliveries(days: number): Promise<number> {
    return this.deleteInBatches(
      `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND created_at < now() - make_interval(days => $1) LIMIT 5000)`,
      [days],
    );
  }

  private async deleteInBatches(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(sql, params)) as [unknown, number];
      total += count;
      if (count < 5000) return total;
    }
  }

  /** Delivered outbox rows are kept a week for inspection, then removed. */
  async pruneOutbox(olderThanDays = 7): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM outbox WHERE dispatched_at IS NOT NULL AND dispatched_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    )) as [unknown, number];
    return count;
  }
}
