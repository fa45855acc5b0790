import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WaitingChildrenError, Worker, type Job, type Queue } from 'bullmq';
import { hostname } from 'node:os';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { JOB_ID, JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { runJob } from '../../queue/job-run';
import { connectionErrorLogger } from '../../queue/redis';
import { jobsStalled } from '../metrics/registry';
import { MatchingEngine, type MatchingRun } from './matching.engine';

/** The name of this worker process in job results (which worker did what). */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Offers per rematch-offers job. */
const OFFER_BATCH = 2_000;

export interface RematchAllResult {
  /** District jobs (need side) added and completed. */
  districts: number;
  completed: number;
  /** Offer jobs (offer side) added and completed. */
  offerBatches: number;
  offerBatchesCompleted: number;
  failed: Array<{ job: string; error: string }>;
  needs: number;
  offers: number;
  /** Matches stored in the scope afterwards; rows the jobs wrote (new or changed) and removed. */
  kept: number;
  written: number;
  removed: number;
  /** District jobs per worker process. */
  workers: Record<string, number>;
}

/** BullMQ job ids may not contain ":" (scheduler-made ids do): the run id derived from a job id. */
export const runIdOf = (jobId: string) => jobId.replace(/[^A-Za-z0-9_.-]/g, '-');

/**
 * The matching queue's one processor: dispatches on job.name. Every job is idempotent (the
 * engine writes only what changed, under per-district advisory locks), so retries and a second
 * delivery after a lost lock are harmless.
 *
 * The BullMQ Worker is made here rather than with @Processor: its concurrency, lock duration and
 * stalled-job interval come from the validated configuration, which a decorator cannot read.
 */
@Injectable()
export class MatchingProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MatchingProcessor.name);
  private readonly onError = connectionErrorLogger('Worker matching');
  private worker?: Worker;

  constructor(
    private readonly engine: MatchingEngine,
    @InjectQueue(QueueName.Matching) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(QueueName.Matching, (job, token) => runJob(QueueName.Matching, job, () => this.process(job, token)), {
      connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.MATCHING_CONCURRENCY,
      lockDuration: this.config.MATCHING_LOCK_MS,
      lockRenewTime: this.config.MATCHING_LOCK_MS / 2,
      stalledInterval: this.config.MATCHING_STALLED_MS,
    });
    this.worker.on('error', (err) => this.onError(err));
    this.worker.on('failed', (job, err) => this.jobFailed(job, err));
    this.worker.on('stalled', (jobId) => {
      jobsStalled.inc({ queue: QueueName.Matching });
      this.logger.warn(`job ${jobId} stalled (its worker stopped renewing the lock): moved back to wait`);
    });
    await this.queue.upsertJobScheduler(
      'rematch-nightly',
      { pattern: this.config.MATCHING_CRON, tz: 'Europe/Berlin' },
      { name: JobName.RematchAll, data: { reason: 'nightly' }, opts: JOB_OPTIONS[JobName.RematchAll] },
    );
  }

  /** Lets running jobs finish (or hands them back) before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private jobFailed(job: Job | undefined, err: Error): void {
    const final = job && job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger[final ? 'error' : 'warn'](`${job?.name} (${job?.id}) failed on attempt ${job?.attemptsMade}${final ? ', giving up' : ', will retry'}: ${err.message}`);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.MatchNeed:
        return this.done(job, await this.engine.matchNeed((job.data as JobPayloads[JobName.MatchNeed]).needId));
      case JobName.MatchOffer:
        return this.done(job, await this.engine.matchOffer((job.data as JobPayloads[JobName.MatchOffer]).offerId));
      case JobName.RematchDistrict: {
        const data = job.data as JobPayloads[JobName.RematchDistrict];
        if (data.phase === 'needs') return this.done(job, await this.engine.rematchDistrictNeeds(data.districtId, await this.engine.snapshot(data.runId)));
        return this.done(job, await this.engine.rematchDistrict(data.districtId));
      }
      case JobName.RematchOffers: {
        const data = job.data as JobPayloads[JobName.RematchOffers];
        return this.done(job, await this.engine.rematchOffers(data.offerIds, await this.engine.snapshot(data.runId)));
      }
      case JobName.RematchAll:
        return this.rematchAll(job as Job<JobPayloads[JobName.RematchAll]>, token);
      default:
        throw new Error(`matching queue: unknown job ${job.name}`);
    }
  }

  private done(job: Job, run: MatchingRun) {
    this.logger.log(`${job.name} ${run.scope}: ${run.needs} needs × ${run.offers} offers, ${run.scored} pairs scored, ${run.kept} kept (${run.written} written, ${run.removed} removed) in ${run.ms} ms`);
    return { ...run, kind: job.name, worker: WORKER_NAME };
  }

  private children<K extends JobName>(job: Job, name: K, items: Array<JobPayloads[K]>) {
    return this.queue.addBulk(
      items.map((data) => ({
        name,
        data,
        opts: { ...JOB_OPTIONS[name], jobId: JOB_ID[name](data), parent: { id: job.id!, queue: job.queueQualifiedName }, ignoreDependencyOnFailure: true },
      })),
    );
  }

  /**
   * A BullMQ flow in three steps of one parent job. plan: refresh the tag statistics and add one
   * rematch-district child per Quartier with needs (the need side), then wait for them. offers:
   * add rematch-offers children, batches of the offers serving those Quartiere (the offer side:
   * each offer's top K spans all Quartiere it serves, so it follows the need side), then wait.
   * collect: sum up. Every step can run again after a crash: children have ids derived from the
   * run, so adding them twice adds nothing.
   */
  private async rematchAll(job: Job<JobPayloads[JobName.RematchAll]>, token?: string): Promise<RematchAllResult | undefined> {
    const runId = job.data.runId ?? runIdOf(job.id!);
    const requestedBy = job.data.requestedBy ?? null;
    const scope = job.data.scopeDistrictId ?? null;
    let step = job.data.step ?? 'plan';
    if (step === 'plan') {
      const districts = await this.engine.districtsWithNeeds(scope ?? undefined);
      await this.engine.refreshTagStatistics();
      await this.children(job, JobName.RematchDistrict, districts.map((districtId) => ({ districtId, runId, requestedBy, phase: 'needs' as const })));
      await job.updateData({ ...job.data, runId, step: (step = 'offers'), districts: districts.length });
      this.logger.log(`rematch-all ${job.id}: ${districts.length} district job(s) added`);
      if (districts.length && (await job.moveToWaitingChildren(token!))) throw new WaitingChildrenError();
    }
    if (step === 'offers') {
      const snap = await this.engine.snapshot(runId);
      const offers = scope ? snap.offersServing(await this.engine.districtsWithNeeds(scope)) : snap.offerRows.map((_, i) => i);
      const ids = offers.map((i) => snap.offerRows[i].id);
      const batches: Array<JobPayloads[JobName.RematchOffers]> = [];
      for (let b = 0; b * OFFER_BATCH < ids.length; b++) batches.push({ runId, batch: b, offerIds: ids.slice(b * OFFER_BATCH, (b + 1) * OFFER_BATCH), requestedBy, scopeDistrictId: scope });
      await this.children(job, JobName.RematchOffers, batches);
      await job.updateData({ ...job.data, runId, step: (step = 'collect'), offerBatches: batches.length });
      this.logger.log(`rematch-all ${job.id}: ${batches.length} offer job(s) added for ${ids.length} offers`);
      if (batches.length && (await job.moveToWaitingChildren(token!))) throw new WaitingChildrenError();
    }
    const values = (await job.getChildrenValues()) as Record<string, (MatchingRun & { worker: string; kind: JobName }) | undefined>;
    const ignored = await job.getIgnoredChildrenFailures();
    const result: RematchAllResult = {
      districts: job.data.districts ?? 0,
      completed: 0,
      offerBatches: job.data.offerBatches ?? 0,
      offerBatchesCompleted: 0,
      failed: [],
      needs: 0,
      offers: 0,
      kept: 0,
      written: 0,
      removed: 0,
      workers: {},
    };
    for (const v of Object.values(values)) {
      if (!v) continue;
      if (v.kind === JobName.RematchOffers) {
        result.offerBatchesCompleted++;
        result.offers += v.offers;
      } else {
        result.completed++;
        result.needs += v.needs;
        result.workers[v.worker] = (result.workers[v.worker] ?? 0) + 1;
      }
      result.written += v.written;
      result.removed += v.removed;
    }
    result.kept = await this.engine.countMatches(scope ? await this.engine.scopeDistricts(scope) : null);
    for (const [key, error] of Object.entries(ignored)) result.failed.push({ job: key.split(':').pop() ?? key, error });
    this.logger.log(`rematch-all ${job.id}: ${result.completed}/${result.districts} districts, ${result.offerBatchesCompleted}/${result.offerBatches} offer batches, ${result.failed.length} failed`);
    return result;
  }
}

export const MATCHING_JOBS = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => JOB_QUEUE[n] === QueueName.Matching);
