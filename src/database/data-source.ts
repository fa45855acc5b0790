import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Migrations live in the top-level migrations/ folder. Built, they are compiled to
 * dist/migrations/*.js (migrations/tsconfig.json); under jest the .ts sources are loaded.
 */
const migrationsGlob = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', 'migrations', '*.ts')
  : join(__dirname, '..', 'migrations', '*.js');

/** How long the app waits for PostgreSQL (README "Faults"); the CLI and the tests' own DataSources wait as pg does by default. */
export interface DatabaseTimeouts {
  /** A connection, new or from the pool (pg-pool's connectionTimeoutMillis); 0: wait forever. */
  connectMs?: number;
  /** One statement: statement_timeout on the server, and this plus 1 s in the client (query_timeout); 0: no limit. */
  statementMs?: number;
}

/** The timeouts of the app's DataSource: statements are bounded in the API role only (jobs wait for advisory locks by design). */
export function databaseTimeouts(config: Pick<AppConfig, 'MARKTPLATZ_ROLE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'>): DatabaseTimeouts {
  return { connectMs: config.DATABASE_CONNECT_TIMEOUT_MS, statementMs: config.MARKTPLATZ_ROLE === 'api' ? config.DATABASE_STATEMENT_TIMEOUT_MS : 0 };
}

/** THE DataSource options, shared by the app, the CLI (src/bin/cli.ts) and the tests. Never synchronize. */
export function dataSourceOptions(url: string, poolMax = 10, timeouts: DatabaseTimeouts = {}): DataSourceOptions {
  const { connectMs = 0, statementMs = 0 } = timeouts;
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [migrationsGlob],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own error log prints query parameters (password hashes, e-mails): failures are
    // logged by the problem filter instead, without parameters.
    logging: false,
    extra: {
      max: poolMax,
      application_name: 'marktplatz',
      connectionTimeoutMillis: connectMs,
      ...(statementMs > 0 ? { statement_timeout: statementMs, query_timeout: statementMs + 1000 } : {}),
    },
  };
}
