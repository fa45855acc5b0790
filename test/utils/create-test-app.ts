import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { currentTestRun } from './test-env';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  ds: DataSource;
  config: AppConfig;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /**
   * Providers replaced by test doubles, for things outside the service only (a mail transport):
   * never PostgreSQL or Redis.
   */
  providers?: Array<{ provide: unknown; useValue: unknown }>;
}

/** The real app module against the run's database and Redis prefix; no HTTP port is opened. */
export async function createTestApp(overrides: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const run = currentTestRun();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: run.queuePrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    OUTBOX_POLL_MS: '50',
    EXPIRY_CRON: '0 3 * * *',
    // suites share one run's Redis prefix; the per-client limit has a test of its own
    LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
    ...overrides,
  });
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  for (const { provide, useValue } of options.providers ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app, { docs: false });
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  return { app, http: request(app.getHttpServer()), ds, config, close: () => app.close() };
}
