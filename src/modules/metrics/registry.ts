import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The metrics of the process, shared by everything in it: Node's and the process's defaults
 * (CPU, memory, event-loop lag, GC, handles), HTTP requests and queue jobs. They are recorded
 * where they happen (the HTTP middleware, QueueProcessor), which need not be inside Nest's
 * container; the values that are read on scrape (queue depths, outbox lag) belong to an app
 * instance and live in its MetricsService.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

/** Buckets from 5 ms to 10 s: the API's answers. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10];
/** Buckets from 10 ms to 10 min: jobs range from a notification to a city-wide rematch. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 180, 600];

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern (not the raw path; "unmatched" for no route) and status, from the first byte read to the last written',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: HTTP_BUCKETS,
  registers: [processRegistry],
});

export const jobDuration = new Histogram({
  name: 'marktplatz_job_duration_seconds',
  help: 'Queue jobs run by this process, by queue, job name and outcome (completed, failed, or moved: waiting for children or delayed)',
  labelNames: ['queue', 'name', 'outcome'] as const,
  buckets: JOB_BUCKETS,
  registers: [processRegistry],
});

export const jobFailures = new Counter({
  name: 'marktplatz_job_failures_total',
  help: 'Failed job attempts by queue and job name; final="true" when no attempt is left (the job is failed for good)',
  labelNames: ['queue', 'name', 'final'] as const,
  registers: [processRegistry],
});

export const jobsStalled = new Counter({
  name: 'marktplatz_jobs_stalled_total',
  help: 'Jobs whose worker stopped renewing their lock (killed, or its event loop blocked), found by this process and moved back to wait, by queue',
  labelNames: ['queue'] as const,
  registers: [processRegistry],
});
