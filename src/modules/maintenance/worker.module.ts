import { Module } from '@nestjs/common';
import { OutboxRelay } from '../../queue/outbox.relay';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceService } from './maintenance.service';
import { CooperationsModule } from '../cooperations/cooperations.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { EventsProcessor } from '../events/events.processor';
import { CooperationsProcessor } from '../cooperations/cooperations.processor';
import { MarketplacesModule } from '../marketplaces/marketplaces.module';
import { MarketplacesProcessor } from '../marketplaces/marketplaces.processor';
import { MatchingModule } from '../matching/matching.module';
import { MatchingProcessor } from '../matching/matching.processor';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsProcessor } from '../notifications/notifications.processor';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WebhooksProcessor } from '../webhooks/webhooks.processor';

/** What the worker role runs: the outbox relay and the queue processors. */
@Module({
  imports: [MatchingModule, CooperationsModule, NotificationsModule, MarketplacesModule, IdempotencyModule, WebhooksModule],
  providers: [OutboxRelay, MaintenanceService, MaintenanceProcessor, MatchingProcessor, CooperationsProcessor, NotificationsProcessor, MarketplacesProcessor, EventsProcessor, WebhooksProcessor],
  exports: [OutboxRelay, MaintenanceService],
})
export class WorkerModule {}
