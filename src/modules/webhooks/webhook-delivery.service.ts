import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { JobName, type JobPayloads } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { NotificationsService } from '../notifications/notifications.service';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from './signature';
import { parseAllowList, type AllowList } from './ssrf';
import { postWebhook, type PostResult } from './webhook-http';
import type { DeliveryKind, DeliveryStatus } from './webhook.entity';

/** Extra header: which attempt of the delivery this is (1, 2, …). */
export const ATTEMPT_HEADER = 'Marktplatz-Delivery-Attempt';

export type AttemptOutcome =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'retry'; statusCode: number | null; error: string | null; nextAttemptAt: string }
  | { outcome: 'failed'; statusCode: number | null; error: string | null; disabled: boolean }
  /** the subscription was disabled before this event delivery's next attempt: given up without a request */
  | { outcome: 'skipped' }
  /** the job is not the delivery's next attempt (repeated, or the delivery is over) */
  | { outcome: 'stale' };

interface ClaimedRow {
  id: string;
  subscription_id: string;
  event_id: string | null;
  event_type: string;
  kind: DeliveryKind;
  redelivery_of: string | null;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  created_at: Date;
  url: string;
  organisation_id: string;
  sub_status: 'active' | 'disabled';
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

interface EventRow {
  id: string;
  seq: string | null;
  type: string;
  occurred_at: Date;
  public: boolean;
  organisation_ids: string[];
  district_id: string | null;
  data: Record<string, unknown>;
}

/**
 * Webhook deliveries: the fan-out of sequenced events to the subscriptions that want them, and
 * one attempt per deliver-webhook job. An attempt claims the delivery (a lease, no transaction
 * held during the request), POSTs the signed body, then records the attempt and decides in one
 * transaction: delivered, the next attempt (a delayed job through the outbox, after the wait of
 * WEBHOOK_RETRY_DELAYS_MS), or failed; the WEBHOOK_DISABLE_AFTER_FAILURES-th event delivery in a
 * row that fails for good disables the subscription and tells its organisation.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  readonly allow: AllowList;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.allow = parseAllowList(config.WEBHOOK_ALLOWED_HOSTS);
  }

  /** Attempts of an event delivery: the first plus one per configured wait. */
  get eventAttempts(): number {
    return this.config.WEBHOOK_RETRY_DELAYS_MS.length + 1;
  }

  /**
   * In the sequencing transaction: one delivery per active subscription that wants each event
   * (its type or family, and the event is public, within the subscription's district if it names
   * one, or concerns the subscription's organisation), each with its first attempt's job.
   * Idempotent: one event delivery per subscription and event.
   */
  async fanOut(manager: EntityManager, eventIds: string[]): Promise<number> {
    if (!eventIds.length) return 0;
    const rows = (await manager.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, kind, status, max_attempts, next_attempt_at)
       SELECT s.id, e.id, e.type, 'event', 'pending', $2, now()
         FROM domain_events e
         JOIN webhook_subscriptions s ON s.status = 'active'
          AND (e.type = ANY(s.event_types) OR split_part(e.type, '.', 1) || '.*' = ANY(s.event_types))
          AND (s.organisation_id = ANY(e.organisation_ids)
               OR (e.public AND (s.district_id IS NULL
                   OR EXISTS (SELECT 1 FROM districts d WHERE d.id = e.district_id AND s.district_id = ANY(d.ancestor_ids)))))
        WHERE e.id = ANY($1::uuid[])
        ORDER BY e.seq, s.id
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [eventIds, this.eventAttempts],
    )) as Array<{ id: string }>;
    await this.outbox.enqueueMany(
      manager,
      JobName.DeliverWebhook,
      rows.map((r) => ({ deliveryId: r.id, attempt: 1 })),
    );
    return rows.length;
  }

  /** A ping or a redelivery: one attempt, at once (through the outbox, in the caller's transaction). */
  async createManual(manager: EntityManager, input: { subscriptionId: string; kind: 'ping' | 'redelivery'; eventId: string | null; eventType: string; redeliveryOf: string | null }): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, kind, redelivery_of, status, max_attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', 1, now()) RETURNING id`,
      [input.subscriptionId, input.eventId, input.eventType, input.kind, input.redeliveryOf],
    )) as Array<{ id: string }>;
    await this.outbox.enqueue(manager, JobName.DeliverWebhook, { deliveryId: row.id, attempt: 1 });
    return row.id;
  }

  /** One attempt (the deliver-webhook job). */
  async attempt({ deliveryId, attempt }: JobPayloads[JobName.DeliverWebhook]): Promise<AttemptOutcome> {
    const lease = Math.ceil((this.config.WEBHOOK_TIMEOUT_MS + 30_000) / 1000);
    const [claimed] = (await this.dataSource.query(
      `WITH d AS (
         UPDATE webhook_deliveries SET locked_until = now() + make_interval(secs => $3)
          WHERE id = $1 AND status = 'pending' AND attempts = $2 - 1 AND (locked_until IS NULL OR locked_until < now())
          RETURNING *)
       SELECT d.id, d.subscription_id, d.event_id, d.event_type, d.kind, d.redelivery_of, d.status, d.attempts, d.max_attempts, d.created_at,
              s.url, s.organisation_id, s.status AS sub_status, s.secret, s.previous_secret, s.previous_secret_expires_at
         FROM d JOIN webhook_subscriptions s ON s.id = d.subscription_id`,
      [deliveryId, attempt, lease],
    )) as ClaimedRow[];
    if (!claimed) {
      const [row] = (await this.dataSource.query(`SELECT status, attempts, locked_until FROM webhook_deliveries WHERE id = $1`, [deliveryId])) as Array<{
        status: DeliveryStatus;
        attempts: number;
        locked_until: Date | null;
      }>;
      // another run of this attempt holds the lease (a job taken over after a stall): try again after it
      if (row && row.status === 'pending' && row.attempts === attempt - 1) throw new Error(`delivery ${deliveryId} is being sent by another worker until ${row.locked_until?.toISOString()}`);
      return { outcome: 'stale' };
    }
    if (claimed.kind === 'event' && claimed.sub_status !== 'active') {
      await this.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'failed', failed_at = now(), locked_until = NULL, next_attempt_at = NULL, last_error = 'the subscription was disabled' WHERE id = $1`,
        [deliveryId],
      );
      return { outcome: 'skipped' };
    }

    const body = await this.body(claimed);
    const now = new Date();
    const secrets = [claimed.secret, ...(claimed.previous_secret && claimed.previous_secret_expires_at && claimed.previous_secret_expires_at > now ? [claimed.previous_secret] : [])];
    const headers = {
      [EVENT_ID_HEADER]: body.id,
      [EVENT_TYPE_HEADER]: claimed.event_type,
      [DELIVERY_ID_HEADER]: claimed.id,
      [ATTEMPT_HEADER]: String(attempt),
      [SIGNATURE_HEADER]: signWebhook(secrets, body.raw, Math.floor(now.getTime() / 1000)),
    };
    const result = await postWebhook(claimed.url, body.raw, headers, {
      allow: this.allow,
      connectTimeoutMs: this.config.WEBHOOK_CONNECT_TIMEOUT_MS,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
    });
    return this.record(claimed, attempt, now, result);
  }

  /** The JSON body: the event as the change feed shows it (a ping: an event of type `ping`). */
  private async body(d: ClaimedRow): Promise<{ id: string; raw: string }> {
    if (d.event_id) {
      const [e] = (await this.dataSource.query(
        `SELECT id, seq, type, occurred_at, public, organisation_ids, district_id, data FROM domain_events WHERE id = $1`,
        [d.event_id],
      )) as EventRow[];
      const raw = JSON.stringify({
        id: e.id,
        seq: e.seq === null ? null : Number(e.seq),
        type: e.type,
        occurredAt: e.occurred_at.toISOString(),
        public: e.public,
        organisationIds: e.organisation_ids,
        districtId: e.district_id,
        data: e.data,
      });
      return { id: e.id, raw };
    }
    // a ping: its id is the first ping's delivery id, so a redelivered ping is recognised as the same
    const id = d.redelivery_of ?? d.id;
    const raw = JSON.stringify({
      id,
      seq: null,
      type: 'ping',
      occurredAt: d.created_at.toISOString(),
      public: false,
      organisationIds: [d.organisation_id],
      districtId: null,
      data: { subscriptionId: d.subscription_id, message: 'Marktplatz webhook ping: this endpoint receives and verifies deliveries.' },
    });
    return { id, raw };
  }

  private async record(d: ClaimedRow, attempt: number, startedAt: Date, result: PostResult): Promise<AttemptOutcome> {
    const success = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const error = success ? null : (result.error ?? (result.statusCode !== null ? `HTTP ${result.statusCode}` : 'no response'));
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(`SELECT status, attempts FROM webhook_deliveries WHERE id = $1 FOR UPDATE`, [d.id])) as Array<{ status: DeliveryStatus; attempts: number }>;
      if (!row || row.status !== 'pending' || row.attempts !== attempt - 1) return { outcome: 'stale' } as const;
      await manager.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, latency_ms, status_code, response_excerpt, error, success)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [d.id, attempt, startedAt, Math.max(0, Math.round(result.latencyMs)), result.statusCode, result.excerpt, error?.slice(0, 1000) ?? null, success],
      );
      const common = [d.id, attempt, result.statusCode, error?.slice(0, 1000) ?? null];
      if (success) {
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_status_code = $3, last_error = $4, delivered_at = now(), next_attempt_at = NULL, locked_until = NULL WHERE id = $1`,
          common,
        );
        await manager.query(`UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [d.subscription_id]);
        return { outcome: 'delivered', statusCode: result.statusCode! } as const;
      }
      if (attempt < d.max_attempts) {
        const delays = this.config.WEBHOOK_RETRY_DELAYS_MS;
        const next = new Date(Date.now() + delays[Math.min(attempt - 1, delays.length - 1)]);
        await manager.query(
          `UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5, locked_until = NULL WHERE id = $1`,
          [...common, next],
        );
        await this.outbox.enqueue(manager, JobName.DeliverWebhook, { deliveryId: d.id, attempt: attempt + 1, dueAt: next.toISOString() });
        return { outcome: 'retry', statusCode: result.statusCode, error, nextAttemptAt: next.toISOString() } as const;
      }
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'failed', attempts = $2, last_status_code = $3, last_error = $4, failed_at = now(), next_attempt_at = NULL, locked_until = NULL WHERE id = $1`,
        common,
      );
      // only deliveries of events count towards disabling; a failed ping or redelivery is the caller's to read
      const disabled = d.kind === 'event' && (await this.countFailure(manager, d, error ?? 'failed'));
      return { outcome: 'failed', statusCode: result.statusCode, error, disabled } as const;
    });
  }

  /** One more event delivery failed for good; the limit reached, the subscription is disabled and its organisation told. */
  private async countFailure(manager: EntityManager, d: ClaimedRow, error: string): Promise<boolean> {
    const limit = this.config.WEBHOOK_DISABLE_AFTER_FAILURES;
    // an UPDATE answers [rows, count]
    const [[sub]] = (await manager.query(
      `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures, status, url`,
      [d.subscription_id],
    )) as [Array<{ consecutive_failures: number; status: string; url: string }>, number];
    if (!sub || sub.status !== 'active' || sub.consecutive_failures < limit) return false;
    const reason = `${sub.consecutive_failures} deliveries in a row failed after every attempt; the last: ${error}`;
    const [[{ disabled_at }]] = (await manager.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(), disabled_reason = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING disabled_at`,
      [d.subscription_id, reason.slice(0, 1000)],
    )) as [Array<{ disabled_at: Date }>, number];
    await this.notifications.notify(manager, {
      kind: 'webhook_disabled',
      organisationIds: [d.organisation_id],
      params: { title: sub.url, reason: `${sub.consecutive_failures} Zustellungen in Folge fehlgeschlagen / deliveries in a row failed: ${error}`, url: `/v1/webhooks/${d.subscription_id}` },
      dedupeKey: `webhook_disabled:${d.subscription_id}:${disabled_at.getTime()}`,
    });
    this.logger.warn(`webhook subscription ${d.subscription_id} disabled: ${reason}`);
    return true;
  }
}
