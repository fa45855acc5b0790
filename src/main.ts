import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { preflight, PreflightError } from './bootstrap/preflight';
import { runMigrations } from './database/migrate';
import { configureApp } from './configure-app';
import { ConfigError, loadConfig, type AppConfig } from './config/env';

/**
 * Graceful shutdown (SIGTERM, SIGINT) is bounded by SHUTDOWN_TIMEOUT_MS: Nest refuses new
 * requests, stops the workers taking jobs, waits for the requests and jobs in flight, closes the
 * connections and exits with code 0 (src/bootstrap/shutdown.ts). What is still running after
 * that long (a long job, an unreachable Redis to say goodbye to) is abandoned: exit code 1.
 */
function exitWithin(ms: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS (${ms} ms); exiting`);
        process.exit(1);
      }, ms).unref();
    });
  }
}

/**
 * One entry point: MARKTPLATZ_ROLE=api serves HTTP, =worker runs the outbox relay and the queue
 * processors, =all (default) does both in one process.
 */
export async function start(config: AppConfig): Promise<{ close: () => Promise<void>; url?: string }> {
  await preflight(config);
  exitWithin(config.SHUTDOWN_TIMEOUT_MS);
  if (config.MIGRATIONS_RUN) {
    const applied = await runMigrations(config.DATABASE_URL);
    if (applied.length) pino({ level: config.LOG_LEVEL }).info({ migrations: applied }, 'applied migrations');
  }
  const module = AppModule.forRoot(config);
  if (config.MARKTPLATZ_ROLE === 'worker') {
    const ctx = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    ctx.useLogger(ctx.get(Logger));
    ctx.enableShutdownHooks([], { useProcessExit: true });
    ctx.get(Logger).log('worker started (outbox relay and queue processors)');
    return { close: () => ctx.close() };
  }
  const app = await NestFactory.create(module, { bufferLogs: true });
  // before configureApp's own call, which then adds nothing: exit code 0 after a clean stop
  app.enableShutdownHooks([], { useProcessExit: true });
  configureApp(app);
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://localhost:${config.PORT}`;
  app.get(Logger).log(`Marktplatz ${config.MARKTPLATZ_ROLE === 'all' ? 'API and worker' : 'API'} listening on ${url}; Swagger UI at ${url}/docs`);
  return { close: () => app.close(), url };
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78); // EX_CONFIG
  }
  start(config).catch((err) => {
    console.error(err instanceof PreflightError || err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
