import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, RoleName } from './actor';
import type { ApiCall } from './api-audit.log';

export const IS_PUBLIC = 'marktplatz:public';
export const REQUIRED_ROLES = 'marktplatz:roles';

/** Readable without a token; a token, if sent, is still checked and the actor set. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Requires one of the roles (admins pass every role check). */
export const Roles = (...roles: RoleName[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Set by the AuthGuard: the actor, and for a call with an API key, what its audit row needs. */
export type AuthedRequest = { actor?: Actor; apiCall?: ApiCall };

/** The authenticated actor (undefined on public routes without a token). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().actor);
