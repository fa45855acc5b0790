import { Processor } from '@nestjs/bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { EvaluationsService } from './evaluations.service';
import { ProposalsService } from './proposals.service';

/**
 * The cooperations queue: the timed steps of a cooperation. Every job is due at a time stored on
 * the cooperation (JOB_DELAY); the services check that time and the status again, so a stale,
 * early or repeated job changes nothing.
 */
@Processor(QueueName.Cooperations)
export class CooperationsProcessor extends QueueProcessor<QueueName.Cooperations> {
  constructor(proposals: ProposalsService, evaluations: EvaluationsService) {
    super(QueueName.Cooperations, {
      [JobName.RemindProposal]: (d: JobPayloads[JobName.RemindProposal]) => proposals.remind(d),
      [JobName.ExpireProposal]: (d: JobPayloads[JobName.ExpireProposal]) => proposals.expire(d),
      [JobName.RequestEvaluation]: (d: JobPayloads[JobName.RequestEvaluation]) => evaluations.request(d),
      [JobName.CloseEvaluation]: (d: JobPayloads[JobName.CloseEvaluation]) => evaluations.close(d),
    });
  }
}
