import { Module } from '@nestjs/common';
import { OutboxRelay } from '../../queue/outbox.relay';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceService } from './maintenance.service';

/**
 * What the worker role runs: the outbox relay and the queue processors. The matching queue's
 * processor arrives with the matching engine; until then its jobs wait in Redis.
 */
@Module({
  providers: [OutboxRelay, MaintenanceService, MaintenanceProcessor],
  exports: [OutboxRelay, MaintenanceService],
})
export class WorkerModule {}
