import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What global setup made for this test run: its own database and its own queue prefix. */
export interface TestRun {
  databaseUrl: string;
  queuePrefix: string;
  redisUrl: string;
}

const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function newTestRun(): TestRun {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/marktplatz_test_${id}`;
  return { databaseUrl: url.toString(), queuePrefix: `mp-test-${id}`, redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
}

export const RUN_ENV = 'MARKTPLATZ_TEST_RUN';

export function currentTestRun(): TestRun {
  const raw = process.env[RUN_ENV];
  if (!raw) throw new Error('No test run: jest globalSetup (test/utils/global-setup.ts) did not run');
  return JSON.parse(raw) as TestRun;
}

