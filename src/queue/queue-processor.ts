import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { jobsStalled } from '../modules/metrics/registry';
import { runJob } from './job-run';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from './jobs';
import { connectionErrorLogger } from './redis';

/** The handler of every job of queue Q, typed by its payload. */
export type QueueHandlers<Q extends QueueName> = {
  [K in JobName as (typeof JOB_QUEUE)[K] extends Q ? K : never]: (data: JobPayloads[K], job: Job) => Promise<unknown>;
};

/**
 * A queue's one processor: dispatches on job.name to the handlers a subclass passes to
 * `super()` (which hold no logic: they call services). At boot, a job of the queue without a
 * handler is an error; a failed attempt is logged as a warning, the last one as an error. Every
 * log line of a job carries its id and name, and its duration and outcome go to /metrics
 * (runJob). On shutdown the worker stops taking jobs and waits for its running ones before the
 * database closes.
 */
export abstract class QueueProcessor<Q extends QueueName> extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
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

  /** Takes no new job and waits for the running ones (Nest closes the connections after this hook). */
  async beforeApplicationShutdown(): Promise<void> {
    let worker;
    try {
      worker = this.worker;
    } catch {
      return; // never started (the start failed before the workers were made)
    }
    await worker.close();
  }

  @OnWorkerEvent('stalled')
  jobStalled(jobId: string): void {
    jobsStalled.inc({ queue: this.queueName });
    this.logger.warn(`job ${jobId} stalled (its worker stopped renewing the lock): moved back to wait`);
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

  process(job: Job): Promise<unknown> {
    return runJob(this.queueName, job, async () => {
      const handler = this.handlers[job.name];
      if (!handler) throw new Error(`${this.queueName} queue: unknown job ${job.name}`);
      this.logger.log(`running ${job.name} (${job.id})`);
      return handler(job.data as never, job);
    });
  }
}
