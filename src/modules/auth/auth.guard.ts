import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { Actor, RoleName, rolesOf } from './actor';
import { API_KEY_HEADER, ORGANISATION_HEADER } from './api-key';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiAuditLog, type ApiCall } from './api-audit.log';
import { ApiRateLimiter } from './api-rate-limiter';
import { AuthedRequest, IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { grants, REQUIRED_SCOPE, requiredScope, type ScopeRequirement } from './scopes';

/** Where route metadata is looked up: the handler first, then its controller. */
type Targets = [ReturnType<ExecutionContext['getHandler']>, ReturnType<ExecutionContext['getClass']>];

interface ActorRow {
  id: string;
  email: string;
  organisation_id: string | null;
  kind: OrganisationKind | null;
  is_admin: boolean;
  organiser_district_ids: string[];
}

/**
 * Global guard: every route needs a valid bearer token or API key unless marked @Public(). The
 * user (or key) is loaded on each request, so a revoked admin, a changed membership or a revoked
 * key takes effect at once.
 *
 * A call with `X-API-Key` (never together with a bearer token: 400) is counted against its
 * client's rate limit and written to the audit log; the route's @ApiScope requirement must be
 * granted (403 INSUFFICIENT_SCOPE), and a route without one is closed to keys (403), except
 * public routes, which answer a key as they answer an anonymous caller.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeyAuthenticator,
    private readonly rateLimiter: ApiRateLimiter,
    private readonly audit: ApiAuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & AuthedRequest>();
    const targets: Targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const key = req.headers[API_KEY_HEADER];
    if (key !== undefined) {
      if (req.headers.authorization !== undefined) {
        throw new AppError('CONFLICTING_CREDENTIALS', 'Send either a bearer token (Authorization) or an API key (X-API-Key), not both.');
      }
      if (typeof key !== 'string') throw new AppError('UNAUTHENTICATED', 'Send one X-API-Key header.');
      return this.keyCall(context, req, key, isPublic);
    }
    const token = this.bearer(req);
    if (!token) {
      if (isPublic) return true;
      throw new AppError('UNAUTHENTICATED', 'Send a bearer token: Authorization: Bearer <accessToken> (from POST /v1/auth/login).');
    }
    req.actor = await this.actorFor(token);
    this.assertRoles(req.actor, targets);
    return true;
  }

  private async keyCall(context: ExecutionContext, req: Request & AuthedRequest, key: string, isPublic: boolean | undefined): Promise<boolean> {
    const res = context.switchToHttp().getResponse<Response>();
    const targets: Targets = [context.getHandler(), context.getClass()];
    const principal = await this.keys.authenticate(key);
    const call: ApiCall = { clientId: principal.clientId, keyPrefix: principal.keyPrefix, organisationId: null, handler: `${context.getClass().name}.${context.getHandler().name}` };
    this.audit.track(req, res, call);
    await this.rateLimiter.hit(principal.clientId, principal.rateLimitPerMinute, res);
    const requirement = this.reflector.getAllAndOverride<ScopeRequirement | undefined>(REQUIRED_SCOPE, targets);
    if (!requirement) {
      // Public and open to nobody's key in particular: answered as to an anonymous caller.
      if (isPublic) return true;
      throw new AppError('FORBIDDEN', 'This route is not open to API keys; it needs a user signed in with a bearer token.', { apiKeys: false });
    }
    const needed = requiredScope(requirement, req.method);
    if (!grants(principal.scopes, needed)) {
      throw new AppError('INSUFFICIENT_SCOPE', `This API key lacks the scope ${needed}.`, { requiredScope: needed, grantedScopes: principal.scopes });
    }
    req.actor = this.keys.actorFor(principal, req.headers[ORGANISATION_HEADER]);
    call.organisationId = req.actor.organisationId;
    this.assertRoles(req.actor, targets);
    return true;
  }

  private assertRoles(actor: Actor, targets: Targets): void {
    const roles = this.reflector.getAllAndOverride<RoleName[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !actor.isAdmin && !roles.some((r) => actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `This action needs the role ${roles.join(' or ')}.`, { requiredRoles: roles });
    }
  }

  private bearer(req: Request): string | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must read "Bearer <accessToken>".');
    return match[1];
  }

  private async actorFor(token: string): Promise<Actor> {
    let claims: { sub?: unknown; exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown }>(token);
    } catch (err) {
      const expired = (err as Error).name === 'TokenExpiredError';
      throw new AppError('UNAUTHENTICATED', expired ? 'The access token has expired; log in again.' : 'The access token is not valid.');
    }
    // Our tokens always name a user and expire; anything else was not issued by this service.
    if (typeof claims.sub !== 'string' || !isUUID(claims.sub) || typeof claims.exp !== 'number') {
      throw new AppError('UNAUTHENTICATED', 'The access token is not valid.');
    }
    const sub = claims.sub;
    const [row] = (await this.dataSource.query(
      `SELECT u.id, u.email, u.organisation_id, o.kind, u.is_admin, u.organiser_district_ids
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [sub],
    )) as ActorRow[];
    if (!row) throw new AppError('UNAUTHENTICATED', 'The account behind this token no longer exists.');
    const base = {
      organisationKind: row.kind,
      isAdmin: row.is_admin,
      organiserDistrictIds: row.organiser_district_ids ?? [],
    };
    return { userId: row.id, email: row.email, organisationId: row.organisation_id, ...base, roles: rolesOf(base) };
  }
}
