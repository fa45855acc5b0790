import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { AppError } from '../../common/errors/error-codes';

/**
 * Login attempts count per client IP and e-mail, so one attacker cannot lock out everybody. A
 * signed-in caller re-entering the password (deleting an account) counts under its own e-mail.
 */
export function accountTracker(req: Record<string, any>): string {
  const given = typeof req.body?.email === 'string' ? req.body.email : typeof req.actor?.email === 'string' ? req.actor.email : '';
  return `${req.ip}|${given.trim().toLowerCase()}`;
}

/**
 * The throttler of login, signup and password re-entry: over the limit it answers 429
 * RATE_LIMITED with a standard `Retry-After` (seconds until the block ends), the same for known
 * and unknown accounts.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new AppError('RATE_LIMITED', `Too many attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
