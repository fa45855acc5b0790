import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from './jobs';
import { connectionErrorLogger } from './redis';

/** The handler of every job of queue Q, typed by its payload. */
export type QueueHandlers<Q extends QueueName> = {
  [K in JobName as (typeof JOB_QUEUE)[K] extends Q ? K : never]: (data: JobPayloads[K], job: Job) => Promise<unknown>;
};

/**
 * A queue's one processor: dispatches on job.name to the handlers a subclass passes to
 * `super()` (which hold no logic: they call services). At boot, a job of the queue without a
 * handler is an error; a failed attempt is logged as a warning, the last one as an error.
 */
export abstract class QueueProcessor<Q extends QueueName> extends WorkerHost implements OnApplicationBootstrap {
  protected readonly logger: Logger;
  private readonly handlers: Record<string, (data: never, job: Job) => Promise<unknown>>;
  private readonly onError: (err: Error) => void;

  protected constructor(
    private readonly queueName: Q,
    handlers: QueueHandlers<Q>,
  ) {
    super();
    this.logger = new Logger(`Queue ${queueName}`);
    this.onError = connectionErrorLogger(`Worker ${queueName}`);
    this.handlers = handlers as unknown as Record<string, (data: never, job: Job) => Promise<unknown>>;
  }

  onApplicationBootstrap(): void | Promise<void> {
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => JOB_QUEUE[n] === this.queueName && !this.handlers[n]);
    if (missing.length) throw new Error(`${this.queueName} queue: no handler for job(s) ${missing.join(', ')}`);
  }

  @OnWorkerEvent('error')
  workerError(err: Error): void {
    this.onError(err);
  }

  @OnWorkerEvent('failed')
  jobFailed(job: Job | undefined, err: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= attempts;
    const line = `${job?.name} (${job?.id}) failed, attempt ${job?.attemptsMade}/${attempts}: ${err.message}`;
    if (final) this.logger.error(line);
    else this.logger.warn(line);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new Error(`${this.queueName} queue: unknown job ${job.name}`);
    this.logger.log(`running ${job.name} (${job.id})`);
    return handler(job.data as never, job);
  }
}
