import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobType, Queue } from 'bullmq';
import { Counter, Gauge, Registry } from 'prom-client';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { QueueName } from '../../queue/jobs';
import { withRedis } from '../../queue/redis-guard';
import { processRegistry } from './registry';

/** The job states a queue's depth is reported in. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const satisfies readonly JobType[];

/** How long a scrape waits for Redis or PostgreSQL before it leaves their figures out. */
const SCRAPE_TIMEOUT_MS = 1_000;

const digest = (s: string) => createHash('sha256').update(s).digest();

interface OutboxRow {
  pending: number;
  parked: number;
  oldest_s: number | null;
}

/**
 * What GET /metrics answers: the process's metrics (registry.ts) and, read at each scrape,
 * this app's queue depths (one MULTI of counters per queue) and outbox lag (one aggregate over
 * the undelivered rows, which a partial index holds). A dependency that does not answer within a
 * second leaves its figures out of that scrape (queue depths missing, outbox figures NaN) and
 * counts a scrape error; the rest is answered.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();
  private readonly queues: Array<[QueueName, Queue]>;
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly outboxPending: Gauge;
  private readonly outboxParked: Gauge;
  private readonly outboxLag: Gauge;
  private readonly scrapeErrors: Counter<'source'>;
  private readonly token?: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    moduleRef: ModuleRef,
  ) {
    if (config.METRICS_TOKEN) this.token = digest(config.METRICS_TOKEN);
    this.queues = Object.values(QueueName).map((name) => [name, moduleRef.get<Queue>(getQueueToken(name), { strict: false })]);
    const registers = [this.registry];
    this.queueJobs = new Gauge({ name: 'marktplatz_queue_jobs', help: 'Jobs in each BullMQ queue by state, read at scrape time', labelNames: ['queue', 'state'] as const, registers });
    this.outboxPending = new Gauge({ name: 'marktplatz_outbox_pending', help: 'Outbox events not yet delivered to BullMQ (parked ones excluded)', registers });
    this.outboxParked = new Gauge({ name: 'marktplatz_outbox_parked', help: 'Outbox events parked after repeated failures of their own (need an operator)', registers });
    this.outboxLag = new Gauge({ name: 'marktplatz_outbox_lag_seconds', help: 'Age of the oldest undelivered (not parked) outbox event; 0 when there is none', registers });
    this.scrapeErrors = new Counter({ name: 'marktplatz_metrics_scrape_errors_total', help: 'Scrapes that left figures out because a dependency did not answer, by source', labelNames: ['source'] as const, registers });
  }

  /** Whether /metrics is served at all (METRICS_TOKEN is set). */
  get enabled(): boolean {
    return this.token !== undefined;
  }

  /** Whether an Authorization header carries the token (compared in constant time). */
  authorized(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return !!this.token && !!match && timingSafeEqual(digest(match[1]), this.token);
  }

  get contentType(): string {
    return processRegistry.contentType;
  }

  /** The exposition text of one scrape. */
  async scrape(): Promise<string> {
    await Promise.all([this.collectQueues(), this.collectOutbox()]);
    return Registry.merge([processRegistry, this.registry]).metrics();
  }

  private async collectQueues(): Promise<void> {
    this.queueJobs.reset();
    await Promise.all(
      this.queues.map(async ([name, queue]) => {
        try {
          const counts = await withRedis(queue, 'reading queue depths', () => queue.getJobCounts(...QUEUE_STATES), SCRAPE_TIMEOUT_MS);
          for (const state of QUEUE_STATES) this.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
        } catch (err) {
          this.scrapeErrors.inc({ source: 'redis' });
          this.logger.debug(`queue ${name}: depths left out of the scrape: ${(err as Error).message}`);
        }
      }),
    );
  }

  private async collectOutbox(): Promise<void> {
    try {
      const [row] = (await this.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL statement_timeout = ${SCRAPE_TIMEOUT_MS}`);
        return m.query(
          `SELECT count(*) FILTER (WHERE available_at <> 'infinity')::int AS pending,
                  count(*) FILTER (WHERE available_at = 'infinity')::int AS parked,
                  EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE available_at <> 'infinity'))::float8 AS oldest_s
             FROM outbox WHERE dispatched_at IS NULL`,
        );
      })) as OutboxRow[];
      this.outboxPending.set(row.pending);
      this.outboxParked.set(row.parked);
      this.outboxLag.set(Math.max(0, row.oldest_s ?? 0));
    } catch (err) {
      // unknown this time (0 would read as "nothing waiting")
      for (const g of [this.outboxPending, this.outboxParked, this.outboxLag]) g.set(NaN);
      this.scrapeErrors.inc({ source: 'postgres' });
      this.logger.debug(`outbox figures left out of the scrape: ${(err as Error).message}`);
    }
  }
}
