import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Migrations live in the top-level migrations/ folder. Built, they are compiled to
 * dist/migrations/*.js (migrations/tsconfig.json); under jest the .ts sources are loaded.
 */
const migrationsGlob = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', 'migrations', '*.ts')
  : join(__dirname, '..', 'migrations', '*.js');

/** THE DataSource options, shared by the app, the CLI (src/bin/cli.ts) and the tests. Never synchronize. */
export function dataSourceOptions(url: string, poolMax = 10): DataSourceOptions {
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
    extra: { max: poolMax, application_name: 'marktplatz' },
  };
}
