import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Any fixed 64-bit key: the lock all Marktplatz processes take before migrating one database. */
const MIGRATION_LOCK = 7_419_253_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several
 * instances starting at once (e.g. `--scale api=3`) migrate one after the other: the first
 * applies them, the others find nothing left to do.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'marktplatz-migrations' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    try {
      return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
