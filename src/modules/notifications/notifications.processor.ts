import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { connectionErrorLogger } from '../../queue/redis';
import { NotificationDeliveryService } from './notification-delivery.service';
import { PermanentDeliveryError } from './transport/notification-transport';

type Handlers = {
  [K in JobName as (typeof JOB_QUEUE)[K] extends QueueName.Notifications ? K : never]?: (data: JobPayloads[K], job: Job) => Promise<unknown>;
};

/**
 * The notifications queue's one processor: dispatches on job.name. A failed send is recorded on
 * the row and rethrown, so BullMQ retries it with the backoff of JOB_OPTIONS; a permanent refusal
 * (SMTP 5xx) is not retried.
 */
@Processor(QueueName.Notifications, { concurrency: 4 })
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private readonly handlers: Record<string, (data: never, job: Job) => Promise<unknown>>;

  constructor(private readonly delivery: NotificationDeliveryService) {
    super();
    const handlers: Handlers = {
      [JobName.DeliverNotification]: async ({ notificationId }: JobPayloads[JobName.DeliverNotification], job: Job) => {
        const result = await this.delivery.deliver(notificationId, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
        if (result.outcome !== 'failed') return result;
        if (result.error instanceof PermanentDeliveryError) throw new UnrecoverableError(result.error.message);
        throw result.error;
      },
    };
    this.handlers = handlers as Record<string, (data: never, job: Job) => Promise<unknown>>;
  }

  onApplicationBootstrap(): void {
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => JOB_QUEUE[n] === QueueName.Notifications && !this.handlers[n]);
    if (missing.length) throw new Error(`notifications queue: no handler for job(s) ${missing.join(', ')}`);
  }

  private readonly onError = connectionErrorLogger('Worker notifications');

  @OnWorkerEvent('error')
  workerError(err: Error): void {
    this.onError(err);
  }

  @OnWorkerEvent('failed')
  jobFailed(job: Job | undefined, err: Error): void {
    const final = !!job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
    const line = `${job?.name} (${job?.id}) failed, attempt ${job?.attemptsMade}/${job?.opts.attempts ?? 1}: ${err.message}`;
    if (final) this.logger.error(line);
    else this.logger.warn(line);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new Error(`notifications queue: unknown job ${job.name}`);
    return handler(job.data as never, job);
  }
}
