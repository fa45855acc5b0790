import { Processor } from '@nestjs/bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { FollowUpsService } from './follow-ups.service';
import { RoundsService } from './rounds.service';

/** The marketplaces queue: planning rounds (idempotent: the same inputs write nothing) and follow-ups after an event (deduplicated notifications). */
@Processor(QueueName.Marketplaces)
export class MarketplacesProcessor extends QueueProcessor<QueueName.Marketplaces> {
  constructor(rounds: RoundsService, followUps: FollowUpsService) {
    super(QueueName.Marketplaces, {
      [JobName.PlanRound]: (d: JobPayloads[JobName.PlanRound]) => rounds.plan(d),
      [JobName.MarketplaceFollowUp]: (d: JobPayloads[JobName.MarketplaceFollowUp]) => followUps.remind(d),
    });
  }
}
