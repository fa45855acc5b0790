import { Processor } from '@nestjs/bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { FollowUpsService } from './follow-ups.service';
import { RoundsService } from './rounds.service';
import { SchedulesService } from './schedules.service';

/** The marketplaces queue: planning rounds and scheduling an event's meetings (both idempotent: the same inputs write nothing), follow-ups after an event (deduplicated notifications). */
@Processor(QueueName.Marketplaces)
export class MarketplacesProcessor extends QueueProcessor<QueueName.Marketplaces> {
  constructor(rounds: RoundsService, schedules: SchedulesService, followUps: FollowUpsService) {
    super(QueueName.Marketplaces, {
      [JobName.PlanRound]: (d: JobPayloads[JobName.PlanRound]) => rounds.plan(d),
      [JobName.ScheduleEvent]: (d: JobPayloads[JobName.ScheduleEvent]) => schedules.run(d),
      [JobName.MarketplaceFollowUp]: (d: JobPayloads[JobName.MarketplaceFollowUp]) => followUps.remind(d),
    });
  }
}
