import { DelayedError, RateLimitError, UnrecoverableError, WaitingChildrenError, WaitingError, type Job } from 'bullmq';
import { jobContext } from '../common/log-context';
import { jobDuration, jobFailures } from '../modules/metrics/registry';

/** Errors by which a job moves itself on (to wait for its children, to a delay) rather than fail. */
const MOVED = [WaitingChildrenError, DelayedError, WaitingError, RateLimitError];

/**
 * Runs one attempt of a job: every log line written inside carries the job's id, name, queue and
 * attempt, and its duration and outcome are recorded (marktplatz_job_duration_seconds,
 * marktplatz_job_failures_total). Used by QueueProcessor and by the matching processor.
 */
export function runJob<T>(queue: string, job: Job, fn: () => Promise<T>): Promise<T> {
  const name = job.name;
  const context = { job: { id: job.id ?? '', name, queue, attempt: job.attemptsMade + 1 } };
  return jobContext.run(context, async () => {
    const end = jobDuration.startTimer({ queue, name });
    try {
      const result = await fn();
      end({ outcome: 'completed' });
      return result;
    } catch (err) {
      if (MOVED.some((E) => err instanceof E)) {
        end({ outcome: 'moved' });
      } else {
        end({ outcome: 'failed' });
        const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        jobFailures.inc({ queue, name, final: String(final) });
      }
      throw err;
    }
  });
}
