import { ExecutionContext, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../common/errors/error-codes';
import { AuthGuard } from '../auth/auth.guard';
import { AuthedRequest, Roles } from '../auth/decorators';
import { ADMIN_QUEUES_ROUTE, ADMIN_SESSION_COOKIE } from './admin-queues.constants';

/**
 * The dashboard as the global AuthGuard sees it: one handler that needs the admin role. The
 * middleware below runs that guard against it, so the token checks, the user lookup (a revoked
 * admin loses access at once) and the problem+json errors are the API's own.
 */
class AdminQueuesDashboard {
  @Roles('admin')
  open(): void {}
}

const dashboardContext = (req: object, res: object, next: NextFunction): ExecutionContext => {
  const args = [req, res, next];
  return {
    getType: <T extends string = 'http'>() => 'http' as T,
    getClass: <T = unknown>() => AdminQueuesDashboard as T,
    getHandler: () => AdminQueuesDashboard.prototype.open,
    getArgs: <T extends unknown[] = unknown[]>() => args as T,
    getArgByIndex: <T = unknown>(index: number) => args[index] as T,
    switchToHttp: () => ({ getRequest: <T>() => req as T, getResponse: <T>() => res as T, getNext: <T>() => next as T }),
    switchToRpc: () => {
      throw new Error('the queue dashboard is HTTP only');
    },
    switchToWs: () => {
      throw new Error('the queue dashboard is HTTP only');
    },
  };
};

/** The value of one cookie from the Cookie header (no cookie parser is installed app-wide). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return value || undefined;
      }
    }
  }
  return undefined;
}

/**
 * Guards everything under /admin/queues (page, static assets, Bull Board's JSON API): an admin's
 * access token, from `Authorization: Bearer` or else from the marktplatz_admin cookie.
 * No token: 401, a token of a non-admin: 403, both application/problem+json.
 */
@Injectable()
export class AdminQueuesAuthMiddleware implements NestMiddleware {
  constructor(private readonly guard: AuthGuard) {}

  async use(req: Request & AuthedRequest, res: Response, next: NextFunction): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The session endpoints answer to the global guard themselves (they are Nest routes).
    if (isSessionRoute(req)) return next();
    const cookie = readCookie(req, ADMIN_SESSION_COOKIE);
    const authorization = req.headers.authorization ?? (cookie ? `Bearer ${cookie}` : undefined);
    if (!authorization) {
      throw new AppError(
        'UNAUTHENTICATED',
        `The queue dashboard is for admins: send Authorization: Bearer <accessToken>, or open a session with POST ${ADMIN_QUEUES_ROUTE}/session (it sets the ${ADMIN_SESSION_COOKIE} cookie).`,
      );
    }
    // The guard reads the bearer token and sets the actor on the request it is given.
    const view: { headers: { authorization: string } } & AuthedRequest = { headers: { authorization } };
    await this.guard.canActivate(dashboardContext(view, res, next));
    req.actor = view.actor;
    next();
  }
}

function isSessionRoute(req: Request): boolean {
  return stripQuery(req.originalUrl).replace(/\/+$/, '') === `${ADMIN_QUEUES_ROUTE}/session`;
}

const stripQuery = (url: string) => url.split('?')[0];
