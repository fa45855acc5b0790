import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobName, JobPayloads, JOB_ID, JOB_QUEUE } from './jobs';
import { OutboxEvent } from './outbox.entity';

/**
 * The only way in to the queues for changes of data: the event is written in the caller's
 * transaction, so it exists exactly when the change does, and the relay delivers it to BullMQ.
 */
@Injectable()
export class OutboxService {
  async enqueue<K extends JobName>(manager: EntityManager, name: K, data: JobPayloads[K]): Promise<void> {
    const event: Partial<OutboxEvent> = { queue: JOB_QUEUE[name], jobName: name, jobId: JOB_ID[name](data), payload: { ...data } };
    await manager.insert(OutboxEvent, event as QueryDeepPartialEntity<OutboxEvent>);
  }

  /** Many jobs of one kind in one statement (a fan-out: one webhook delivery per subscription and event). */
  async enqueueMany<K extends JobName>(manager: EntityManager, name: K, data: Array<JobPayloads[K]>): Promise<void> {
    if (!data.length) return;
    await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) SELECT $1, $2, j.id, j.payload FROM unnest($3::text[], $4::jsonb[]) AS j(id, payload)`,
      [JOB_QUEUE[name], name, data.map((d) => JOB_ID[name](d)), data.map((d) => JSON.stringify(d))],
    );
  }
}
