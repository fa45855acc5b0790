import type { Queue } from 'bullmq';
import { AppError } from '../common/errors/error-codes';

/** How long a request waits for Redis (an on-demand enqueue, a job's status) before it answers 503. */
export const REDIS_REQUEST_TIMEOUT_MS = 2_000;

const unavailable = (what: string) =>
  new AppError('SERVICE_UNAVAILABLE', `Redis is not available at the moment (${what}). Try again shortly.`, { dependency: 'redis' });

/**
 * Runs `fn` against a BullMQ queue on a request's path, failing fast with 503
 * SERVICE_UNAVAILABLE (dependency redis, Retry-After) instead of hanging: the queues' connection
 * retries forever (workers need that), so a command sent while Redis is away would wait in
 * ioredis' offline queue until it is back. When the connection is not up, nothing is sent (so no
 * job is added later behind the client's back); a command that gets no answer within the time
 * limit answers 503 too.
 */
export async function withRedis<T>(queue: Queue, what: string, fn: () => Promise<T>, timeoutMs = REDIS_REQUEST_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(what)), timeoutMs);
  });
  try {
    const client = await Promise.race([queue.getBackend().client, timeout]);
    if (client.status !== 'ready') throw unavailable(what);
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
