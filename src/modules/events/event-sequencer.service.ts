import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';

/** Advisory-lock namespace of the sequencer (the matching engine uses 7301–7304). */
const SEQUENCE_LOCK = 7310;
const BATCH = 2_000;

export interface SequenceResult {
  sequenced: number;
  deliveries: number;
  /** the highest seq assigned, if any */
  lastSeq: number | null;
}

/**
 * Places committed domain events in the change feed. One transaction at a time (a transaction-
 * level advisory lock) takes the pending events it can see, numbers them after the highest seq
 * (gap-free, in the order they were emitted), creates their webhook deliveries and commits; the
 * next one starts only after that commit. So seq order is commit order: once a reader sees seq n,
 * every event with a lower seq is visible to it too, and a reader paging by seq skips nothing.
 *
 * An event whose transaction has not committed yet is invisible here and gets its seq from its
 * own job later. Every job sequences whatever is pending, so a job that failed for good is made
 * up for by the next event's.
 */
@Injectable()
export class EventSequencer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  async sequencePending(): Promise<SequenceResult> {
    const total: SequenceResult = { sequenced: 0, deliveries: 0, lastSeq: null };
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(${SEQUENCE_LOCK}, 0)`);
        // an UPDATE answers [rows, count]
        const [rows] = (await manager.query(
          `WITH pending AS (
             SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS n
               FROM domain_events WHERE seq IS NULL ORDER BY occurred_at, id LIMIT $1
           ), base AS (SELECT coalesce(max(seq), 0) AS b FROM domain_events)
           UPDATE domain_events e SET seq = base.b + pending.n, sequenced_at = now()
             FROM pending, base WHERE e.id = pending.id
           RETURNING e.id, e.seq`,
          [BATCH],
        )) as [Array<{ id: string; seq: string }>, number];
        const deliveries = await this.deliveries.fanOut(
          manager,
          rows.map((r) => r.id),
        );
        return { sequenced: rows.length, deliveries, lastSeq: rows.length ? Math.max(...rows.map((r) => Number(r.seq))) : null };
      });
      total.sequenced += batch.sequenced;
      total.deliveries += batch.deliveries;
      total.lastSeq = batch.lastSeq ?? total.lastSeq;
      if (batch.sequenced < BATCH) return total;
    }
  }
}
