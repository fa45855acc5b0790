import { Client } from 'pg';
import type { AppConfig } from '../config/env';
import { createRedis } from '../queue/redis';

export class PreflightError extends Error {}

const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
};

/** Fails fast, naming the dependency that is missing and how to start it. */
export async function preflight(config: AppConfig): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === '3D000') {
      problems.push(
        `PostgreSQL at ${where(config.DATABASE_URL)} is up, but the database does not exist (${e.message}). ` +
          'Create it with: npm run cli -- db:create',
      );
    } else {
      problems.push(
        `PostgreSQL is not reachable at ${where(config.DATABASE_URL)} (${e.code ?? ''} ${e.message}). Start it, e.g. ` +
          '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or `docker compose -f docker/compose.yaml up -d postgres`, ' +
          'or point DATABASE_URL at a running server.',
      );
    }
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = createRedis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(
      `Redis is not reachable at ${where(config.REDIS_URL)} (${(err as Error).message}). Start it, e.g. ` +
        '`redis-server --daemonize yes --port 6379` or `docker compose -f docker/compose.yaml up -d redis`, or point REDIS_URL at a running server.',
    );
  } finally {
    redis.disconnect();
  }
  if (problems.length) throw new PreflightError(`Cannot start Marktplatz:\n  - ${problems.join('\n  - ')}`);
}
