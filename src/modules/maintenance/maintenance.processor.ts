import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { connectionErrorLogger } from '../../queue/redis';
import { ProposalsService } from '../cooperations/proposals.service';
import { MaintenanceService } from './maintenance.service';

type Handlers = { [K in JobName as (typeof JOB_QUEUE)[K] extends QueueName.Maintenance ? K : never]?: (data: JobPayloads[K]) => Promise<unknown> };

/** The maintenance queue's one processor: dispatches on job.name to the service. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private readonly handlers: Record<string, (data: never) => Promise<unknown>>;

  constructor(
    private readonly maintenance: MaintenanceService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proposals: ProposalsService,
  ) {
    super();
    const handlers: Handlers = {
      [JobName.ExpireListings]: async () => {
        const expired = await this.maintenance.expireListings();
        const prunedOutboxRows = await this.maintenance.pruneOutbox();
        // proposals past their expiry whose own job was lost (the job normally expires them)
        const { expired: proposals } = await this.proposals.expireOverdue();
        return { ...expired, proposals, prunedOutboxRows };
      },
    };
    this.handlers = handlers as Record<string, (data: never) => Promise<unknown>>;
  }

  async onApplicationBootstrap(): Promise<void> {
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => JOB_QUEUE[n] === QueueName.Maintenance && !this.handlers[n]);
    if (missing.length) throw new Error(`maintenance queue: no handler for job(s) ${missing.join(', ')}`);
    await this.queue.upsertJobScheduler(
      JobName.ExpireListings,
      { pattern: this.config.EXPIRY_CRON, tz: 'Europe/Berlin' },
      { name: JobName.ExpireListings, data: {}, opts: JOB_OPTIONS[JobName.ExpireListings] },
    );
  }

  private readonly onError = connectionErrorLogger('Worker maintenance');

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
    if (!handler) throw new Error(`maintenance queue: unknown job ${job.name}`);
    this.logger.log(`running ${job.name} (${job.id})`);
    return handler(job.data as never);
  }
}
