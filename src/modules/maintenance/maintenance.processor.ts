import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { JOB_OPTIONS, JobName, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { ProposalsService } from '../cooperations/proposals.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { MaintenanceService } from './maintenance.service';

/** The maintenance queue: the hourly expiry of needs, offers and overdue proposals; pruning of the outbox, of idempotency keys past their 24 h, of the API audit log and of finished webhook deliveries past their retention. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends QueueProcessor<QueueName.Maintenance> {
  constructor(
    maintenance: MaintenanceService,
    proposals: ProposalsService,
    idempotency: IdempotencyService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(QueueName.Maintenance, {
      [JobName.ExpireListings]: async () => {
        const expired = await maintenance.expireListings();
        const prunedOutboxRows = await maintenance.pruneOutbox();
        // proposals past their expiry whose own job was lost (the job normally expires them)
        const overdue = await proposals.expireOverdue();
        const prunedIdempotencyKeys = await idempotency.prune();
        const prunedAuditLogRows = await maintenance.pruneAuditLog(config.AUDIT_LOG_RETENTION_DAYS);
        const prunedWebhookDeliveries = await maintenance.pruneWebhookDeliveries(config.WEBHOOK_DELIVERY_RETENTION_DAYS);
        return { ...expired, proposals: overdue.expired, prunedOutboxRows, prunedIdempotencyKeys, prunedAuditLogRows, prunedWebhookDeliveries };
      },
    });
  }

  override async onApplicationBootstrap(): Promise<void> {
    super.onApplicationBootstrap();
    await this.queue.upsertJobScheduler(
      JobName.ExpireListings,
      { pattern: this.config.EXPIRY_CRON, tz: 'Europe/Berlin' },
      { name: JobName.ExpireListings, data: {}, opts: JOB_OPTIONS[JobName.ExpireListings] },
    );
  }
}
