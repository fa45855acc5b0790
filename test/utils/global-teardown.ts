import Redis from 'ioredis';
import { dropDatabase } from '../../src/database/database-admin';
import { currentTestRun } from './test-env';

/** Drops the run's database and its queue keys (set KEEP_TEST_DB=1 to inspect them). */
export default async function globalTeardown(): Promise<void> {
  const run = currentTestRun();
  if (process.env.KEEP_TEST_DB === '1') {
    console.log(`kept test database ${run.databaseUrl} and queue prefix ${run.queuePrefix}`);
    return;
  }
  await dropDatabase(run.databaseUrl);
  const redis = new Redis(run.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${run.queuePrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
