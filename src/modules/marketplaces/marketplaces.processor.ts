import { Processor } from '@nestjs/bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { RoundsService } from './rounds.service';

/** The marketplaces queue: planning rounds (idempotent: the same inputs write nothing). */
@Processor(QueueName.Marketplaces)
export class MarketplacesProcessor extends QueueProcessor<QueueName.Marketplaces> {
  constructor(rounds: RoundsService) {
    super(QueueName.Marketplaces, {
      [JobName.PlanRound]: (d: JobPayloads[JobName.PlanRound]) => rounds.plan(d),
    });
  }
}
