import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '../../common/errors/error-codes';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const WINDOW_MS = 60_000;

/**
 * Requests per API client and minute, counted in Redis (a fixed window that starts with the
 * client's first request), so the limit holds across every API instance. Every key response
 * carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the
 * window ends); over the limit: 429 RATE_LIMITED with `Retry-After`.
 */
@Injectable()
export class ApiRateLimiter {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  limitOf(rateLimitPerMinute: number | null): number {
    return rateLimitPerMinute ?? this.config.API_KEY_RATE_LIMIT_PER_MINUTE;
  }

  async hit(clientId: string, rateLimitPerMinute: number | null, res: Response): Promise<void> {
    const limit = this.limitOf(rateLimitPerMinute);
    const { hits, resetMs } = await this.storage.countInWindow('api-client', clientId, WINDOW_MS, limit);
    const reset = Math.max(1, Math.ceil(resetMs / 1000));
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - hits)));
    res.setHeader('RateLimit-Reset', String(reset));
    res.setHeader('RateLimit-Policy', `${limit};w=${WINDOW_MS / 1000}`);
    if (hits > limit) {
      res.setHeader('Retry-After', String(reset));
      throw new AppError('RATE_LIMITED', `This API client may make ${limit} requests per minute; try again in ${reset} s.`, { limit, retryAfterSeconds: reset });
    }
  }
}
