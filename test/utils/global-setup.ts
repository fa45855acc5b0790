import { ensureDatabase } from '../../src/database/database-admin';
import { runMigrations } from '../../src/database/migrate';
import { newTestRun, RUN_ENV } from './test-env';

/**
 * One fresh database per test run, built by the real migrations (never synchronize), and one
 * BullMQ prefix per run: parallel runs on one machine cannot disturb each other.
 */
export default async function globalSetup(): Promise<void> {
  const run = newTestRun();
  await ensureDatabase(run.databaseUrl);
  await runMigrations(run.databaseUrl);
  process.env[RUN_ENV] = JSON.stringify(run);
  process.env.DATABASE_URL = run.databaseUrl;
  process.env.QUEUE_PREFIX = run.queuePrefix;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
}
