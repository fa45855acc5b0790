import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import type { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import type { EventTypePattern } from '../events/event-types';
import type { CreateWebhookDto, DeliveryAttemptDto, DeliveryDto, DeliveryQueryDto, RotateSecretDto, UpdateWebhookDto, WebhookDto, WebhookQueryDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { checkAddress, checkWebhookUrl, type TargetRefusal } from './ssrf';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookSubscription } from './webhook.entity';

export const webhookNotFound = (id: string) => new AppError('WEBHOOK_NOT_FOUND', `Webhook subscription ${id} does not exist.`);
const deliveryNotFound = (id: string) => new AppError('WEBHOOK_DELIVERY_NOT_FOUND', `Delivery ${id} does not exist for this webhook.`);
const SORT = 'createdAt';
const DEFAULT_GRACE_HOURS = 24;

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Webhook subscriptions. The access rule, in one place (load): a subscription belongs to one
 * organisation; its members (and its API keys) read and manage it; admins read every
 * subscription but change none of another organisation's (403); everybody else gets 404.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly districts: DistrictsService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  private async load(actor: Actor, id: string, mode: 'read' | 'write', manager: EntityManager = this.ds.manager): Promise<WebhookSubscription> {
    const sub = await manager.findOne(WebhookSubscription, { where: { id }, ...(mode === 'write' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!sub) throw webhookNotFound(id);
    const own = !!actor.organisationId && actor.organisationId === sub.organisationId;
    if (!own && !actor.isAdmin) throw webhookNotFound(id);
    if (mode === 'write' && !own) throw new AppError('FORBIDDEN', "Only members of the subscription's organisation can change it.");
    return sub;
  }

  async get(actor: Actor, id: string): Promise<WebhookSubscription> {
    return this.load(actor, id, 'read');
  }

  /**
   * The SSRF rule at subscription time: the URL (https; an allow-listed host may use http) and
   * every address its host resolves to now. Delivery checks the addresses again, each time.
   */
  async assertTarget(url: string): Promise<void> {
    const allow = this.deliveries.allow;
    const checked = checkWebhookUrl(url, allow);
    if (!checked.ok) throw refused(checked);
    if (checked.ip || allow.hosts.has(checked.hostname)) return;
    let addresses: Array<{ address: string }>;
    try {
      addresses = await lookup(checked.hostname, { all: true });
    } catch (err) {
      throw refused({ ok: false, reason: 'unresolvable', message: `${checked.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})` });
    }
    for (const a of addresses) {
      const address = checkAddress(a.address, checked.hostname, allow);
      if (!address.ok) throw refused(address);
    }
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    if (!actor.organisationId) throw new AppError('FORBIDDEN', 'Webhook subscriptions belong to an organisation: only its members (or its API keys) create them.');
    await this.assertTarget(dto.url);
    if (dto.districtId) await this.districts.assertExist([dto.districtId], 'districtId');
    const sub = await this.ds.getRepository(WebhookSubscription).save({
      organisationId: actor.organisationId,
      url: dto.url,
      description: dto.description ?? '',
      eventTypes: dto.eventTypes,
      districtId: dto.districtId ?? null,
      status: 'active',
      secret: newSecret(),
      createdByUserId: actor.userId,
    });
    return { ...this.toDto(sub), secret: sub.secret };
  }

  async list(actor: Actor, query: WebhookQueryDto): Promise<Page<WebhookDto>> {
    const limit = query.limit ?? 20;
    const qb = this.ds.getRepository(WebhookSubscription).createQueryBuilder('w');
    if (actor.isAdmin) {
      if (query.organisationId) qb.andWhere('w.organisation_id = :org', { org: query.organisationId });
    } else {
      // members see their own organisation's, whatever they filter by
      const org = actor.organisationId;
      if (!org || (query.organisationId && query.organisationId !== org)) return { items: [], nextCursor: null };
      qb.andWhere('w.organisation_id = :org', { org });
    }
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(w.created_at, w.id) > (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('w.created_at', 'ASC').addOrderBy('w.id', 'ASC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map((w) => this.toDto(w)), nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async update(actor: Actor, id: string, dto: UpdateWebhookDto, ifMatch?: string): Promise<WebhookSubscription> {
    if (dto.url !== undefined) await this.assertTarget(dto.url);
    if (dto.districtId) await this.districts.assertExist([dto.districtId], 'districtId');
    return this.ds.transaction(async (manager) => {
      const sub = await this.load(actor, id, 'write', manager);
      assertIfMatch(ifMatch, sub.version);
      if (dto.url !== undefined) sub.url = dto.url;
      if (dto.eventTypes !== undefined) sub.eventTypes = dto.eventTypes;
      if (dto.districtId !== undefined) sub.districtId = dto.districtId;
      if (dto.description !== undefined) sub.description = dto.description;
      return manager.save(sub);
    });
  }

  async remove(actor: Actor, id: string, ifMatch?: string): Promise<void> {
    await this.ds.transaction(async (manager) => {
      const sub = await this.load(actor, id, 'write', manager);
      assertIfMatch(ifMatch, sub.version);
      await manager.delete(WebhookSubscription, { id });
    });
  }

  /** A new secret; the old one signs along for `graceHours` (default 24; 0: it stops at once). */
  async rotateSecret(actor: Actor, id: string, dto: RotateSecretDto): Promise<WebhookWithSecretDto> {
    const grace = dto.graceHours ?? DEFAULT_GRACE_HOURS;
    const sub = await this.ds.transaction(async (manager) => {
      const s = await this.load(actor, id, 'write', manager);
      s.previousSecret = grace > 0 ? s.secret : null;
      s.previousSecretExpiresAt = grace > 0 ? new Date(Date.now() + grace * 3_600_000) : null;
      s.secret = newSecret();
      return manager.save(s);
    });
    return { ...this.toDto(sub), secret: sub.secret };
  }

  /** Active again, the failure count reset; events from now on are delivered (the feed holds what happened meanwhile). */
  async setStatus(actor: Actor, id: string, status: 'active' | 'disabled'): Promise<WebhookSubscription> {
    return this.ds.transaction(async (manager) => {
      const sub = await this.load(actor, id, 'write', manager);
      if (sub.status === status) return sub;
      sub.status = status;
      if (status === 'active') Object.assign(sub, { consecutiveFailures: 0, disabledAt: null, disabledReason: null });
      else Object.assign(sub, { disabledAt: new Date(), disabledReason: 'disabled by hand' });
      return manager.save(sub);
    });
  }

  /** A `ping` delivery: one attempt, at once (also while disabled: test the receiver before enabling it). */
  async ping(actor: Actor, id: string): Promise<DeliveryDto> {
    const deliveryId = await this.ds.transaction(async (manager) => {
      const sub = await this.load(actor, id, 'write', manager);
      return this.deliveries.createManual(manager, { subscriptionId: sub.id, kind: 'ping', eventId: null, eventType: 'ping', redeliveryOf: null });
    });
    return this.delivery(actor, id, deliveryId);
  }

  /** Sends a delivery's event (or ping) again as a new delivery: one attempt, the same event id. */
  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<DeliveryDto> {
    const created = await this.ds.transaction(async (manager) => {
      const sub = await this.load(actor, id, 'write', manager);
      const original = await manager.findOneBy(WebhookDelivery, { id: deliveryId, subscriptionId: sub.id });
      if (!original) throw deliveryNotFound(deliveryId);
      return this.deliveries.createManual(manager, {
        subscriptionId: sub.id,
        kind: 'redelivery',
        eventId: original.eventId,
        eventType: original.eventType,
        redeliveryOf: original.redeliveryOf ?? original.id,
      });
    });
    return this.delivery(actor, id, created);
  }

  async listDeliveries(actor: Actor, id: string, query: DeliveryQueryDto): Promise<Page<DeliveryDto>> {
    const sub = await this.load(actor, id, 'read');
    const limit = query.limit ?? 20;
    const qb = this.ds.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.subscription_id = :id', { id: sub.id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(d.created_at, d.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: await this.withAttempts(items), nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async delivery(actor: Actor, id: string, deliveryId: string): Promise<DeliveryDto> {
    const sub = await this.load(actor, id, 'read');
    const d = await this.ds.getRepository(WebhookDelivery).findOneBy({ id: deliveryId, subscriptionId: sub.id });
    if (!d) throw deliveryNotFound(deliveryId);
    return (await this.withAttempts([d]))[0];
  }

  private async withAttempts(deliveries: WebhookDelivery[]): Promise<DeliveryDto[]> {
    if (!deliveries.length) return [];
    const attempts = await this.ds
      .getRepository(WebhookDeliveryAttempt)
      .createQueryBuilder('a')
      .where('a.delivery_id IN (:...ids)', { ids: deliveries.map((d) => d.id) })
      .orderBy('a.attempt', 'ASC')
      .getMany();
    const byDelivery = new Map<string, DeliveryAttemptDto[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.deliveryId) ?? [];
      list.push({ attempt: a.attempt, startedAt: a.startedAt, latencyMs: a.latencyMs, statusCode: a.statusCode, responseExcerpt: a.responseExcerpt, error: a.error, success: a.success });
      byDelivery.set(a.deliveryId, list);
    }
    return deliveries.map((d) => ({
      id: d.id,
      subscriptionId: d.subscriptionId,
      eventId: d.eventId,
      eventType: d.eventType,
      kind: d.kind,
      redeliveryOf: d.redeliveryOf,
      status: d.status,
      attemptsMade: d.attempts,
      maxAttempts: d.maxAttempts,
      nextAttemptAt: d.nextAttemptAt,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt,
      failedAt: d.failedAt,
      createdAt: d.createdAt,
      attempts: byDelivery.get(d.id) ?? [],
    }));
  }

  toDto(w: WebhookSubscription): WebhookDto {
    return {
      id: w.id,
      organisationId: w.organisationId,
      url: w.url,
      description: w.description,
      eventTypes: w.eventTypes as EventTypePattern[],
      districtId: w.districtId,
      status: w.status,
      consecutiveFailures: w.consecutiveFailures,
      disabledAt: w.disabledAt,
      disabledReason: w.disabledReason,
      secretHint: `whsec_…${w.secret.slice(-4)}`,
      previousSecretExpiresAt: w.previousSecret && w.previousSecretExpiresAt && w.previousSecretExpiresAt > new Date() ? w.previousSecretExpiresAt : null,
      version: w.version,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
    };
  }
}

function refused(r: TargetRefusal): AppError {
  return new AppError('WEBHOOK_URL_NOT_ALLOWED', `This webhook URL is not allowed: ${r.message}.`, { errors: [{ field: 'url', reason: r.reason, message: r.message }] });
}
