import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { REDIS } from '../../queue/redis';
import { AppError } from '../../common/errors/error-codes';

/**
 * Fixed-window counter in Redis, shared by every API instance (the published Redis storage for
 * @nestjs/throttler declares Nest <= 11 only). One atomic script per hit: INCR, set the window's
 * expiry on the first hit, and block the key for blockDuration once the limit is passed.
 */
const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimiter');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const [hits, ttlMs, blockedMs] = await this.hit(throttlerName, key, ttl, limit, blockDuration || ttl, "Login is briefly unavailable: the rate limiter's Redis cannot be reached. Try again shortly.");
    const isBlocked = blockedMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockedMs / 1000) : 0,
    };
  }

  /**
   * One hit in a plain fixed window (API clients): the hits so far and the milliseconds until
   * the window ends. Nothing is blocked beyond the window's end.
   */
  async countInWindow(name: string, key: string, windowMs: number, limit: number): Promise<{ hits: number; resetMs: number }> {
    const [hits, ttlMs] = await this.hit(name, key, windowMs, limit, windowMs, "The API is briefly unavailable: the rate limiter's Redis cannot be reached. Try again shortly.");
    return { hits, resetMs: ttlMs > 0 ? ttlMs : windowMs };
  }

  private async hit(name: string, key: string, ttl: number, limit: number, blockMs: number, unavailable: string): Promise<[number, number, number]> {
    const base = `${this.config.QUEUE_PREFIX}:throttle:${name}:${key}`;
    try {
      return (await this.redis.eval(SCRIPT, 2, `${base}:hits`, `${base}:blocked`, ttl, limit, blockMs)) as [number, number, number];
    } catch (err) {
      // Fail closed: without the counter there is no limit, so refuse until Redis is back.
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
      throw new AppError('SERVICE_UNAVAILABLE', unavailable, { dependency: 'redis' });
    }
  }
}
