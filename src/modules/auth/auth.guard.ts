import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { Actor, RoleName, rolesOf } from './actor';
import { AuthedRequest, IS_PUBLIC, REQUIRED_ROLES } from './decorators';

interface ActorRow {
  id: string;
  email: string;
  organisation_id: string | null;
  kind: OrganisationKind | null;
  is_admin: boolean;
  organiser_district_ids: string[];
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The user is
 * loaded on each request, so a revoked admin or changed membership takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & AuthedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const token = this.bearer(req);
    if (!token) {
      if (isPublic) return true;
      throw new AppError('UNAUTHENTICATED', 'Send a bearer token: Authorization: Bearer <accessToken> (from POST /v1/auth/login).');
    }
    req.actor = await this.actorFor(token);
    const roles = this.reflector.getAllAndOverride<RoleName[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !req.actor.isAdmin && !roles.some((r) => req.actor!.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `This action needs the role ${roles.join(' or ')}.`, { requiredRoles: roles });
    }
    return true;
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
