import Redis, { type RedisOptions } from 'ioredis';

/** A client for the service's own use (health, throttling); BullMQ opens its own. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, ...options });
}

export const REDIS = Symbol('REDIS');
