import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { connectionErrorLogger } from '../../queue/redis';
import { EvaluationsService } from './evaluations.service';
import { ProposalsService } from './proposals.service';

type Handlers = { [K in JobName as (typeof JOB_QUEUE)[K] extends QueueName.Cooperations ? K : never]: (data: JobPayloads[K]) => Promise<unknown> };

/**
 * The cooperations queue's one processor: the timed steps of a cooperation. Every job is due at
 * a time stored on the cooperation (JOB_DELAY); the services check that time and the status
 * again, so a stale, early or repeated job changes nothing.
 */
@Processor(QueueName.Cooperations)
export class CooperationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CooperationsProcessor.name);
  private readonly handlers: Record<string, (data: never) => Promise<unknown>>;

  constructor(proposals: ProposalsService, evaluations: EvaluationsService) {
    super();
    const handlers: Handlers = {
      [JobName.RemindProposal]: (d: JobPayloads[JobName.RemindProposal]) => proposals.remind(d),
      [JobName.ExpireProposal]: (d: JobPayloads[JobName.ExpireProposal]) => proposals.expire(d),
      [JobName.RequestEvaluation]: (d: JobPayloads[JobName.RequestEvaluation]) => evaluations.request(d),
      [JobName.CloseEvaluation]: (d: JobPayloads[JobName.CloseEvaluation]) => evaluations.close(d),
    };
    this.handlers = handlers as Record<string, (data: never) => Promise<unknown>>;
  }

  onApplicationBootstrap(): void {
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => JOB_QUEUE[n] === QueueName.Cooperations && !this.handlers[n]);
    if (missing.length) throw new Error(`cooperations queue: no handler for job(s) ${missing.join(', ')}`);
  }

  private readonly onError = connectionErrorLogger('Worker cooperations');

  @OnWorkerEvent('error')
  workerError(err: Error): void {
    this.onError(err);
  }

  @OnWorkerEvent('failed')
  jobFailed(job: Job | undefined, err: Error): void {
    this.logger.error(`${job?.name} (${job?.id}) failed after ${job?.attemptsMade} attempt(s): ${err.message}`);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new Error(`cooperations queue: unknown job ${job.name}`);
    this.logger.log(`running ${job.name} (${job.id})`);
    return handler(job.data as never);
  }
}
