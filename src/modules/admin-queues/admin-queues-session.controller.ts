import { Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { Public, Roles } from '../auth/decorators';
import { ADMIN_QUEUES_ROUTE, ADMIN_SESSION_COOKIE } from './admin-queues.constants';

/**
 * A browser cannot send an Authorization header when it opens a page, so an admin trades the
 * access token for a cookie scoped to the dashboard: HttpOnly (no script reads it), SameSite=Strict
 * (no other site can make the browser send it, so no CSRF on the dashboard's retry/clean calls),
 * Path=/admin/queues, and it lasts as long as the token. Not part of the public API document.
 */
@ApiExcludeController()
@Controller({ path: ADMIN_QUEUES_ROUTE.slice(1), version: undefined })
export class AdminQueuesSessionController {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Bearer token of an admin (checked by the global guard) → the dashboard cookie. */
  @Post('session')
  @Roles('admin')
  @HttpCode(204)
  open(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')![1];
    // The guard has verified the token; only its expiry is read here, to let the cookie end with it.
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    res.cookie(ADMIN_SESSION_COOKIE, token, { ...this.cookieOptions(req), maxAge: Math.max(0, exp * 1000 - Date.now()) });
    res.setHeader('Cache-Control', 'no-store');
  }

  /** Ends the dashboard session (the cookie is dropped; the token itself stays valid until it expires). */
  @Delete('session')
  @Public()
  @HttpCode(204)
  close(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.clearCookie(ADMIN_SESSION_COOKIE, this.cookieOptions(req));
    res.setHeader('Cache-Control', 'no-store');
  }

  private cookieOptions(req: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      path: ADMIN_QUEUES_ROUTE,
      // Secure in production and whenever the request came over TLS (req.secure honours TRUST_PROXY).
      secure: this.config.NODE_ENV === 'production' || req.secure,
    };
  }
}
