import { Logger } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

/** A client for the service's own use (health, throttling); BullMQ opens its own. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, ...options });
}

export const REDIS = Symbol('REDIS');

/**
 * An 'error' listener for Redis clients, queues and workers: they reconnect by themselves, so
 * one warning every 10 s per source says enough (and keeps Node from printing every retry).
 */
export function connectionErrorLogger(source: string, everyMs = 10_000): (err: Error) => void {
  const logger = new Logger(source);
  let last = 0;
  return (err) => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    logger.warn(`${source}: connection error, retrying: ${err.message}`);
  };
}
