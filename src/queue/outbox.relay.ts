import { getQueueToken } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { ModuleRef } from '@nestjs/core';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/env';
import { JOB_DELAY, JOB_OPTIONS, JobName, QueueName } from './jobs';

const BATCH = 200;
const ADD_TIMEOUT_MS = 3_000;
const MAX_BACKOFF_S = 60;
/** The longest pause of the whole relay while Redis is unreachable. */
const MAX_REDIS_PAUSE_MS = 5_000;
/** Attempts before a row that fails for its own reasons is parked. */
export const MAX_ATTEMPTS = 5;

interface PendingRow {
  id: string;
  queue: QueueName;
  job_name: JobName;
  job_id: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface RelayResult {
  dispatched: number;
  failed: number;
  /** The pass stopped because Redis was unreachable (the rows wait for the next pass). */
  redisDown?: boolean;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms (is Redis reachable?)`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Delivers outbox rows to BullMQ (worker role). Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so several workers relay side by side without delivering a row twice at once; the job id
 * stored with the row makes a repeated delivery a no-op. When Redis is down, rows stay pending
 * and the relay pauses, doubling the pause up to 5 s, until a pass gets through; then it
 * delivers them all at once, in order. No job is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues: Record<QueueName, Queue>;
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;
  private stopped = false;
  /** The relay's pause while Redis is unreachable (0: it is reachable). */
  private redisPauseMs = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    moduleRef: ModuleRef,
  ) {
    this.queues = Object.fromEntries(
      Object.values(QueueName).map((name) => [name, moduleRef.get<Queue>(getQueueToken(name), { strict: false })]),
    ) as Record<QueueName, Queue>;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Stops polling and lets a pass in flight finish while the database is still connected. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.relayOnce()
        .then((r) => {
          if (r.redisDown) {
            this.redisPauseMs = Math.min(MAX_REDIS_PAUSE_MS, Math.max(this.config.OUTBOX_POLL_MS, this.redisPauseMs * 2));
            this.logger.warn(`Redis is unreachable: outbox events wait; next try in ${this.redisPauseMs} ms`);
            return this.schedule(this.redisPauseMs);
          }
          if (this.redisPauseMs) this.logger.log('Redis is reachable again: delivering the waiting outbox events');
          this.redisPauseMs = 0;
          this.schedule(r.dispatched === BATCH ? 0 : this.config.OUTBOX_POLL_MS);
        })
        .catch((err: Error) => {
          this.logger.warn(`outbox relay failed: ${err.message}`);
          this.schedule(this.config.OUTBOX_POLL_MS * 5);
        });
    }, ms);
  }

  /** One pass: deliver up to BATCH due rows. Exposed for tests and the CLI. */
  async relayOnce(): Promise<RelayResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, queue, job_name, job_id, payload, attempts FROM outbox
          WHERE dispatched_at IS NULL AND available_at <= now()
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      const delivered: string[] = [];
      let failed = 0;
      let redisDown = false;
      for (const row of rows) {
        try {
          const queue = this.queues[row.queue];
          if (!queue) throw new Error(`unknown queue "${row.queue}"`);
          await withTimeout(
            (async () => {
              // Not connected: fail at once rather than leave the add in ioredis' offline queue
              // (it would hold the pass for ADD_TIMEOUT_MS and run later anyway).
              const client = await queue.getBackend().client;
              if (client.status !== 'ready') throw new TimeoutError(`Redis is not connected (${client.status})`);
              await queue.add(row.job_name, row.payload, { ...JOB_OPTIONS[row.job_name], jobId: row.job_id, delay: delayOf(row) });
            })(),
            ADD_TIMEOUT_MS,
            `enqueue ${row.job_id}`,
          );
          delivered.push(row.id);
        } catch (err) {
          failed++;
          redisDown = isConnectionError(err as Error);
          await this.recordFailure(manager, row, err as Error, redisDown);
          // Redis is unreachable: the rest of the batch waits for the next pass. Any other
          // error belongs to this row alone: go on with the others.
          if (redisDown) break;
        }
      }
      if (delivered.length) {
        await manager.query(`UPDATE outbox SET dispatched_at = now(), last_error = NULL WHERE id = ANY($1::bigint[])`, [delivered]);
      }
      return { dispatched: delivered.length, failed, redisDown };
    });
  }

  /**
   * Redis unreachable: the error is noted, nothing else (not the row's fault: no attempt counted,
   * no backoff; the relay pauses as a whole and the row is first in line when Redis is back). A
   * row failing for a reason of its own
   * (unknown queue, a job id BullMQ refuses) backs off exponentially (capped), from the moment of
   * the failure, and is parked after MAX_ATTEMPTS: available_at is set to infinity, so it no
   * longer delays the others; `last_error` says why, and an operator can re-release it with
   * UPDATE outbox SET available_at = now() WHERE id = ...
   */
  private async recordFailure(manager: EntityManager, row: PendingRow, err: Error, redisDown: boolean): Promise<void> {
    if (redisDown) {
      await manager.query(`UPDATE outbox SET last_error = $2 WHERE id = $1`, [row.id, err.message.slice(0, 1000)]);
      return;
    }
    const park = row.attempts + 1 >= MAX_ATTEMPTS;
    const backoff = Math.min(MAX_BACKOFF_S, 2 ** row.attempts);
    await manager.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
              available_at = CASE WHEN $4 THEN 'infinity'::timestamptz ELSE clock_timestamp() + make_interval(secs => $3) END
        WHERE id = $1`,
      [row.id, err.message.slice(0, 1000), backoff, park],
    );
    if (park) this.logger.error(`outbox event ${row.id} (${row.job_id}) parked after ${MAX_ATTEMPTS} attempts: ${err.message}`);
    else this.logger.warn(`outbox event ${row.id} (${row.job_id}) not delivered, retry in ${backoff}s: ${err.message}`);
  }
}

/** Jobs due at a time of their own (JOB_DELAY) wait in BullMQ's delayed set until then. */
function delayOf(row: PendingRow): number | undefined {
  const dueAt = JOB_DELAY[row.job_name]?.(row.payload as never);
  if (!dueAt) return undefined;
  const ms = new Date(dueAt).getTime() - Date.now();
  return ms > 0 ? ms : undefined;
}

/** Redis unreachable or too slow, as opposed to a problem with one job. */
export function isConnectionError(err: Error): boolean {
  return (
    err instanceof TimeoutError ||
    err.name === 'MaxRetriesPerRequestError' ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection is closed|Stream isn't writeable|connect/i.test(err.message)
  );
}
