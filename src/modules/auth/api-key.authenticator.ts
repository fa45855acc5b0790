import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { AppError } from '../../common/errors/error-codes';
import { Actor, rolesOf } from './actor';
import { parseApiKey, secretMatches } from './api-key';

/** An authenticated key: its client, and the organisations it may act for. */
export interface KeyPrincipal {
  clientId: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  organisationIds: string[];
  /** null: API_KEY_RATE_LIMIT_PER_MINUTE */
  rateLimitPerMinute: number | null;
  createdByUserId: string;
  createdByEmail: string;
  organisations: Array<{ id: string; kind: OrganisationKind }>;
}

interface KeyRow {
  prefix: string;
  secret_hash: string;
  key_revoked_at: Date | null;
  key_expires_at: Date | null;
  key_expired: boolean;
  client_id: string;
  name: string;
  scopes: string[];
  organisation_ids: string[];
  rate_limit_per_minute: number | null;
  client_revoked_at: Date | null;
  client_expires_at: Date | null;
  client_expired: boolean;
  created_by_user_id: string | null;
  email: string | null;
  organisations: Array<{ id: string; kind: OrganisationKind }> | null;
}

/**
 * Authenticates `X-API-Key` on every request: one indexed read by the key's prefix, then the
 * secret's hash compared in constant time. Nothing is cached, so a revocation or the end of a
 * rotation's grace period takes effect on the very next request. Expiry is compared with the
 * database's clock (one clock for every API instance).
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async authenticate(raw: string): Promise<KeyPrincipal> {
    const parsed = parseApiKey(raw);
    if (!parsed) throw new AppError('UNAUTHENTICATED', 'The X-API-Key header must hold an API key of the form mpk_<prefix>_<secret>.');
    const [row] = (await this.dataSource.query(
      `SELECT k.prefix, k.secret_hash, k.revoked_at AS key_revoked_at, k.expires_at AS key_expires_at,
              (k.expires_at IS NOT NULL AND k.expires_at <= now()) AS key_expired,
              c.id AS client_id, c.name, c.scopes, c.organisation_ids, c.rate_limit_per_minute,
              c.revoked_at AS client_revoked_at, c.expires_at AS client_expires_at,
              (c.expires_at IS NOT NULL AND c.expires_at <= now()) AS client_expired,
              c.created_by_user_id, u.email,
              (SELECT json_agg(json_build_object('id', o.id, 'kind', o.kind)) FROM organisations o WHERE o.id = ANY(c.organisation_ids)) AS organisations
         FROM api_keys k
         JOIN api_clients c ON c.id = k.client_id
    LEFT JOIN users u ON u.id = c.created_by_user_id
        WHERE k.prefix = $1`,
      [parsed.prefix],
    )) as KeyRow[];
    if (!row || !secretMatches(parsed.secret, row.secret_hash)) throw new AppError('UNAUTHENTICATED', 'The API key is not valid.');
    // Only a caller holding the real secret learns why a key no longer works.
    const revokedAt = row.client_revoked_at ?? row.key_revoked_at;
    if (revokedAt) {
      throw new AppError('API_KEY_REVOKED', `The API client "${row.name}" was revoked at ${revokedAt.toISOString()}; its keys no longer work. Ask its owner for a new client.`, {
        revokedAt: revokedAt.toISOString(),
      });
    }
    if (!row.created_by_user_id || !row.email) {
      // keys act in the name of the person who made the client; deleting that account revokes them (src/modules/privacy)
      throw new AppError('API_KEY_REVOKED', `The API client "${row.name}" was revoked: the account of the person who made it was deleted. Ask its organisation for a new client.`, {
        revokedAt: null,
      });
    }
    if (row.client_expired) {
      throw new AppError('API_KEY_EXPIRED', `The API client "${row.name}" expired at ${row.client_expires_at!.toISOString()}; its keys no longer work.`, {
        expiredAt: row.client_expires_at!.toISOString(),
      });
    }
    if (row.key_expired) {
      throw new AppError(
        'API_KEY_EXPIRED',
        `This key (${row.prefix}) was replaced by a rotation; its grace period ended at ${row.key_expires_at!.toISOString()}. Use the newer key of "${row.name}".`,
        { expiredAt: row.key_expires_at!.toISOString() },
      );
    }
    return {
      clientId: row.client_id,
      name: row.name,
      keyPrefix: row.prefix,
      scopes: row.scopes,
      organisationIds: row.organisation_ids,
      rateLimitPerMinute: row.rate_limit_per_minute,
      createdByUserId: row.created_by_user_id,
      createdByEmail: row.email,
      organisations: row.organisations ?? [],
    };
  }

  /**
   * The actor of a key call: one of the client's organisations (named by X-Organisation-Id when
   * there are several), as a member of it, never with admin or organiser powers.
   */
  actorFor(principal: KeyPrincipal, header: string | string[] | undefined): Actor {
    const organisationId = this.organisationOf(principal, header);
    const organisation = principal.organisations.find((o) => o.id === organisationId);
    if (!organisation) {
      throw headerError('gone', `Organisation ${organisationId} no longer exists.`);
    }
    const base = { organisationKind: organisation.kind, isAdmin: false, organiserDistrictIds: [] as string[] };
    return {
      userId: principal.createdByUserId,
      email: principal.createdByEmail,
      organisationId,
      ...base,
      roles: rolesOf(base),
      apiClient: {
        id: principal.clientId,
        name: principal.name,
        keyPrefix: principal.keyPrefix,
        scopes: principal.scopes,
        organisationIds: principal.organisationIds,
      },
    };
  }

  private organisationOf(principal: KeyPrincipal, header: string | string[] | undefined): string {
    if (header === undefined || header === '') {
      if (principal.organisationIds.length === 1) return principal.organisationIds[0];
      throw headerError('required', `This key acts for ${principal.organisationIds.length} organisations: name one with X-Organisation-Id (one of ${principal.organisationIds.join(', ')}).`);
    }
    if (typeof header !== 'string' || !isUUID(header)) throw headerError('isUuid', 'X-Organisation-Id must be one organisation id (a UUID).');
    const id = header.toLowerCase();
    if (!principal.organisationIds.includes(id)) {
      throw headerError('notAllowed', `This key may not act for organisation ${id}; it acts for ${principal.organisationIds.join(', ')}.`);
    }
    return id;
  }
}

const headerError = (reason: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { errors: [{ field: 'X-Organisation-Id', reason, message }] });
