import { Module } from '@nestjs/common';
import { OutboxRelay } from '../../queue/outbox.relay';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceService } from './maintenance.service';
import { CooperationsModule } from '../cooperations/cooperations.module';
import { CooperationsProcessor } from '../cooperations/cooperations.processor';
import { MatchingModule } from '../matching/matching.module';
import { MatchingProcessor } from '../matching/matching.processor';

/** What the worker role runs: the outbox relay and the queue processors. */
@Module({
  imports: [MatchingModule, CooperationsModule],
  providers: [OutboxRelay, MaintenanceService, MaintenanceProcessor, MatchingProcessor, CooperationsProcessor],
  exports: [OutboxRelay, MaintenanceService],
})
export class WorkerModule {}
