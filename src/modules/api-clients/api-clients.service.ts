import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import type { Actor } from '../auth/actor';
import { generateApiKey } from '../auth/api-key';
import { ApiAuditEntry, ApiClient, ApiKey } from './api-client.entity';
import type { ApiAuditEntryDto, ApiClientDto, ApiClientQueryDto, ApiClientWithKeyDto, ApiKeyInfoDto, AuditQueryDto, CreateApiClientDto } from './dto/api-client.dto';

const CLIENT_SORT = '-createdAt';
const AUDIT_SORT = '-at';
const DEFAULT_GRACE_HOURS = 24;

export const apiClientNotFound = (id: string) => new AppError('API_CLIENT_NOT_FOUND', `API client ${id} does not exist.`);

/**
 * API clients (partner integrations) and their keys. The one access rule: members of the
 * owning organisation and platform admins manage a client; platform clients (no owner) are the
 * admins' alone; everybody else gets 404. Keys never manage clients (the routes carry no scope).
 */
@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private assertManager(actor: Actor): void {
    if (actor.apiClient) throw new AppError('FORBIDDEN', 'API keys cannot manage API clients; sign in as a user.');
    if (!actor.isAdmin && !actor.organisationId) {
      throw new AppError('FORBIDDEN', "Only members of an organisation (for their own organisation) and platform admins manage API clients.");
    }
  }

  private mayManage(actor: Actor, client: Pick<ApiClient, 'ownerOrganisationId'>): boolean {
    if (actor.apiClient) return false;
    return actor.isAdmin || (client.ownerOrganisationId !== null && client.ownerOrganisationId === actor.organisationId);
  }

  /** The client if the actor manages it (locked for update inside a transaction), else 404. */
  private async load(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<ApiClient> {
    this.assertManager(actor);
    const client = await manager.findOne(ApiClient, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!client || !this.mayManage(actor, client)) throw apiClientNotFound(id);
    return client;
  }

  async create(actor: Actor, dto: CreateApiClientDto): Promise<ApiClientWithKeyDto> {
    this.assertManager(actor);
    const organisationIds = await this.organisationsFor(actor, dto.organisationIds);
    if (dto.rateLimitPerMinute !== undefined && !actor.isAdmin && dto.rateLimitPerMinute > this.config.API_KEY_RATE_LIMIT_PER_MINUTE) {
      throw fieldError('rateLimitPerMinute', 'max', `rateLimitPerMinute may be at most ${this.config.API_KEY_RATE_LIMIT_PER_MINUTE} (the default); admins can raise it`);
    }
    if (dto.expiresAt && dto.expiresAt.getTime() <= Date.now()) throw fieldError('expiresAt', 'inPast', 'expiresAt must lie in the future');
    return this.ds.transaction(async (manager) => {
      const client = await manager.save(
        manager.create(ApiClient, {
          name: dto.name.trim(),
          ownerOrganisationId: actor.isAdmin ? null : actor.organisationId,
          createdByUserId: actor.userId,
          organisationIds,
          scopes: dto.scopes,
          rateLimitPerMinute: dto.rateLimitPerMinute ?? null,
          expiresAt: dto.expiresAt ?? null,
          revokedAt: null,
        }),
      );
      const key = await this.insertKey(manager, client.id);
      return { ...(await this.toDtos(manager, [client]))[0], key };
    });
  }

  /** Members: their own organisation only. Admins: required, and every organisation must exist. */
  private async organisationsFor(actor: Actor, requested: string[] | undefined): Promise<string[]> {
    if (!actor.isAdmin) {
      const own = actor.organisationId!;
      if (requested && (requested.length !== 1 || requested[0].toLowerCase() !== own)) {
        throw new AppError('FORBIDDEN', 'Members make API clients for their own organisation only; clients for other or several organisations are made by platform admins.');
      }
      return [own];
    }
    if (!requested?.length) throw fieldError('organisationIds', 'required', 'organisationIds is required for a platform client (admins)');
    const ids = requested.map((id) => id.toLowerCase());
    const found = new Set(((await this.ds.query(`SELECT id FROM organisations WHERE id = ANY($1) AND deleted_at IS NULL`, [ids])) as Array<{ id: string }>).map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw fieldError('organisationIds', 'notFound', `no such organisation: ${missing.join(', ')}`);
    return ids;
  }

  /** A new key for the client; a (rare) clash of the 8-character prefix draws again. */
  private async insertKey(manager: EntityManager, clientId: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { key, prefix, secretHash } = generateApiKey();
      const inserted = (await manager.query(
        `INSERT INTO api_keys (client_id, prefix, secret_hash) VALUES ($1, $2, $3) ON CONFLICT (prefix) DO NOTHING RETURNING id`,
        [clientId, prefix, secretHash],
      )) as Array<{ id: string }>;
      if (inserted.length) return key;
    }
    throw new Error('could not draw an unused API key prefix in 5 attempts');
  }

  async list(actor: Actor, query: ApiClientQueryDto): Promise<Page<ApiClientDto>> {
    this.assertManager(actor);
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor, CLIENT_SORT);
    const qb = this.ds.getRepository(ApiClient).createQueryBuilder('c').orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1);
    if (!actor.isAdmin) qb.andWhere('c.owner_organisation_id = :own', { own: actor.organisationId });
    if (query.organisationId) qb.andWhere(':org = ANY(c.organisation_ids)', { org: query.organisationId.toLowerCase() });
    if (cursor) qb.andWhere('(c.created_at, c.id) < (CAST(:v AS timestamptz), CAST(:id AS uuid))', { v: cursor.v, id: cursor.id });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.toDtos(this.ds.manager, page),
      nextCursor: rows.length > limit && last ? encodeCursor({ s: CLIENT_SORT, v: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<ApiClientDto> {
    const client = await this.load(this.ds.manager, actor, id);
    return (await this.toDtos(this.ds.manager, [client]))[0];
  }

  /**
   * A new key; the current ones keep working for `graceHours` (0: refused at once), so a partner
   * can deploy the new key before the old one stops.
   */
  async rotate(actor: Actor, id: string, graceHours = DEFAULT_GRACE_HOURS): Promise<ApiClientWithKeyDto> {
    return this.ds.transaction(async (manager) => {
      const client = await this.load(manager, actor, id, true);
      const status = clientStatus(client, new Date());
      if (status !== 'active') {
        throw new AppError('INVALID_TRANSITION', `API client ${id} is ${status}: its keys cannot be rotated. Make a new client.`, { currentStatus: status, allowedActions: [] });
      }
      await manager.query(
        `UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + make_interval(hours => $2::int))
          WHERE client_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        [id, graceHours],
      );
      const key = await this.insertKey(manager, id);
      await manager.query(`UPDATE api_clients SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      const fresh = await manager.findOneByOrFail(ApiClient, { id });
      return { ...(await this.toDtos(manager, [fresh]))[0], key };
    });
  }

  /** Every key of the client stops working at once. Idempotent. */
  async revoke(actor: Actor, id: string): Promise<ApiClientDto> {
    return this.ds.transaction(async (manager) => {
      const client = await this.load(manager, actor, id, true);
      if (!client.revokedAt) {
        await manager.query(`UPDATE api_clients SET revoked_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id]);
        await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL`, [id]);
      }
      const fresh = await manager.findOneByOrFail(ApiClient, { id });
      return (await this.toDtos(manager, [fresh]))[0];
    });
  }

  /** The client's calls, newest first. */
  async audit(actor: Actor, id: string, query: AuditQueryDto): Promise<Page<ApiAuditEntryDto>> {
    await this.load(this.ds.manager, actor, id);
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor, AUDIT_SORT);
    const qb = this.ds
      .getRepository(ApiAuditEntry)
      .createQueryBuilder('a')
      .where('a.client_id = :id', { id })
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (cursor) qb.andWhere('(a.at, a.id) < (CAST(:v AS timestamptz), CAST(:cid AS uuid))', { v: cursor.v, cid: cursor.id });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit).map(({ client: _client, clientId: _clientId, ...entry }) => entry);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: AUDIT_SORT, v: last.at.toISOString(), id: last.id }) : null };
  }

  private async toDtos(manager: EntityManager, clients: ApiClient[]): Promise<ApiClientDto[]> {
    if (!clients.length) return [];
    const ids = clients.map((c) => c.id);
    const keys = await manager.find(ApiKey, { where: { clientId: In(ids) }, order: { createdAt: 'DESC', id: 'DESC' } });
    // The newest audit row per client, by a backward scan of (client_id, at) each.
    const used = (await manager.query(
      `SELECT c.id, l.at FROM unnest($1::uuid[]) AS c(id)
         LEFT JOIN LATERAL (SELECT a.at FROM api_audit_log a WHERE a.client_id = c.id ORDER BY a.at DESC LIMIT 1) l ON true`,
      [ids],
    )) as Array<{ id: string; at: Date | null }>;
    const lastUsed = new Map(used.map((u) => [u.id, u.at]));
    const now = new Date();
    return clients.map((c) => ({
      id: c.id,
      name: c.name,
      ownerOrganisationId: c.ownerOrganisationId,
      organisationIds: c.organisationIds,
      scopes: c.scopes,
      rateLimitPerMinute: c.rateLimitPerMinute,
      effectiveRateLimitPerMinute: c.rateLimitPerMinute ?? this.config.API_KEY_RATE_LIMIT_PER_MINUTE,
      status: clientStatus(c, now),
      expiresAt: c.expiresAt,
      revokedAt: c.revokedAt,
      createdByUserId: c.createdByUserId,
      lastUsedAt: lastUsed.get(c.id) ?? null,
      keys: keys.filter((k) => k.clientId === c.id).map((k) => keyInfo(k, now)),
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
  }
}

function clientStatus(c: Pick<ApiClient, 'revokedAt' | 'expiresAt'>, now: Date): ApiClientDto['status'] {
  if (c.revokedAt) return 'revoked';
  if (c.expiresAt && c.expiresAt <= now) return 'expired';
  return 'active';
}

function keyInfo(k: ApiKey, now: Date): ApiKeyInfoDto {
  const status = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= now ? 'expired' : k.expiresAt ? 'expiring' : 'active';
  return { prefix: k.prefix, status, createdAt: k.createdAt, expiresAt: k.expiresAt, revokedAt: k.revokedAt };
}

const fieldError = (field: string, reason: string, message: string) =>
  new AppError('VALIDATION_FAILED', message.charAt(0).toUpperCase() + message.slice(1) + '.', { errors: [{ field, reason, message }] });
