import type { Queue } from 'bullmq';
import { JOB_ID, JOB_OPTIONS, JobName, JobPayloads } from './jobs';
import { withRedis } from './redis-guard';

/** What an on-demand enqueue answers: the job's id, and whether an equal job was already waiting or running. */
export interface EnqueuedJob {
  jobId: string;
  deduplicated: boolean;
}

/**
 * Adds a job on demand (an organiser's or admin's request, not a change of data: those go through
 * the outbox) with the job's id, options and a BullMQ deduplication id: while a job with the same
 * deduplication id waits or runs, its id is returned instead of adding another. While Redis is
 * away: 503 SERVICE_UNAVAILABLE at once (withRedis), and no job is added later.
 */
export function addDeduplicated<K extends JobName>(queue: Queue, name: K, data: JobPayloads[K], dedupId: string): Promise<EnqueuedJob> {
  return withRedis(queue, `queueing ${name}`, () => add(queue, name, data, dedupId));
}

async function add<K extends JobName>(queue: Queue, name: K, data: JobPayloads[K], dedupId: string): Promise<EnqueuedJob> {
  const existing = await queue.getDeduplicationJobId(dedupId);
  if (existing) {
    const state = await queue.getJobState(existing);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return { jobId: existing, deduplicated: true };
  }
  const jobId = JOB_ID[name](data);
  const job = await queue.add(name, data, { ...JOB_OPTIONS[name], jobId, deduplication: { id: dedupId } });
  return { jobId: job.id ?? jobId, deduplicated: job.id !== jobId };
}
