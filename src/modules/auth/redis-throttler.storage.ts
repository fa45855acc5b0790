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
    const base = `${this.config.QUEUE_PREFIX}:throttle:${throttlerName}:${key}`;
    let result: [number, number, number];
    try {
      result = (await this.redis.eval(SCRIPT, 2, `${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration || ttl)) as [number, number, number];
    } catch (err) {
      // Fail closed: without the counter there is no limit, so refuse until Redis is back.
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
      throw new AppError('SERVICE_UNAVAILABLE', 'Login is briefly unavailable: the rate limiter\'s Redis cannot be reached. Try again shortly.', {
        dependency: 'redis',
      });
    }
    const [hits, ttlMs, blockedMs] = result;
    const isBlocked = blockedMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockedMs / 1000) : 0,
    };
  }
}
