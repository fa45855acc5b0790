import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { dropDatabase, ensureDatabase } from '../../src/database/database-admin';
import { runMigrations } from '../../src/database/migrate';
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
  /**
   * A database and queue prefix of the suite's own (`<run>_<name>`, built by the migrations,
   * dropped on close): for suites whose data would leak into others' results, such as the whole
   * demo city, whose offers serve the test cities' Quartiere too.
   */
  ownDatabase?: string;
  /** Extra controllers mounted in the app (tests of app-wide behaviour, e.g. how a thrown error is answered). */
  controllers?: Array<new (...args: never[]) => unknown>;
  /** Serve Swagger UI at /docs as main.ts does (off by default: building the document takes time). */
  docs?: boolean;
}

/** The real app module against the run's database and Redis prefix; no HTTP port is opened. */
export async function createTestApp(overrides: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const run = currentTestRun();
  let databaseUrl = run.databaseUrl;
  let queuePrefix = run.queuePrefix;
  if (options.ownDatabase) {
    const url = new URL(run.databaseUrl);
    url.pathname = `${url.pathname}_${options.ownDatabase}`;
    databaseUrl = url.toString();
    queuePrefix = `${run.queuePrefix}-${options.ownDatabase}`;
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    OUTBOX_POLL_MS: '50',
    EXPIRY_CRON: '0 3 * * *',
    // suites share one run's Redis prefix; the per-client limit has a test of its own
    LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
    ...overrides,
  });
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)], controllers: options.controllers ?? [] });
  for (const { provide, useValue } of options.providers ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app, { docs: options.docs ?? false });
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  const close = async () => {
    await app.close();
    if (options.ownDatabase && process.env.KEEP_TEST_DB !== '1') await dropDatabase(databaseUrl);
  };
  return { app, http: request(app.getHttpServer()), ds, config, close };
}
