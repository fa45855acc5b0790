import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while a job runs carries (README "Logs"). */
export interface JobLogContext {
  job: { id: string; name: string; queue: string; attempt: number };
}

/**
 * The job a piece of code runs for, across every await inside it. The logger reads it for each
 * line (pino's mixin, src/common/logging.ts); requests carry their id through nestjs-pino's own
 * request context instead.
 */
export const jobContext = new AsyncLocalStorage<JobLogContext>();

/** Fields for pino's mixin: the running job, if any. */
export function logContextFields(): Partial<JobLogContext> {
  return jobContext.getStore() ?? {};
}
