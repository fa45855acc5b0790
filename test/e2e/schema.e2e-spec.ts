import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { dropDatabase, ensureDatabase } from '../../src/database/database-admin';
import { runMigrations } from '../../src/database/migrate';
import { currentTestRun } from '../utils/test-env';

describe('schema: migrations are the only source of truth', () => {
  it('the migrated database matches the entities (no migration left to generate)', async () => {
    const ds = new DataSource(dataSourceOptions(currentTestRun().databaseUrl));
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('instances starting at once migrate one after the other (advisory lock)', async () => {
    const url = new URL(currentTestRun().databaseUrl);
    url.pathname = `${url.pathname}_concurrent`;
    await ensureDatabase(url.toString());
    try {
      const runs = await Promise.all([1, 2, 3].map(() => runMigrations(url.toString())));
      expect(runs.map((r) => r.length).sort()).toEqual([0, 0, runs.flat().length]);
      expect(runs.flat().length).toBeGreaterThan(0);
    } finally {
      await dropDatabase(url.toString());
    }
  });

  it('every migration can be reverted and applied again', async () => {
    const url = new URL(currentTestRun().databaseUrl);
    url.pathname = `${url.pathname}_roundtrip`;
    await ensureDatabase(url.toString());
    const ds = new DataSource(dataSourceOptions(url.toString()));
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata')`);
      expect(count).toBe(0);
      expect((await ds.runMigrations({ transaction: 'each' })).length).toBe(applied.length);
    } finally {
      await ds.destroy();
      await dropDatabase(url.toString());
    }
  });
});
