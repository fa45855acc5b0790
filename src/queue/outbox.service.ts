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
}
