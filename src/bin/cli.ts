import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/env';
import { dataSourceOptions } from '../database/data-source';
import { ensureDatabase } from '../database/database-admin';
import { runMigrations } from '../database/migrate';
import { start } from '../main';
import { hashPassword } from '../modules/auth/password';
import { passwordProblem, passwordProblemMessage } from '../modules/auth/password-policy';
import { User } from '../modules/users/user.entity';
import { seedDemo } from './demo/seed';

const HELP = `Marktplatz command line (node dist/bin/cli.js <command>, or npm run cli -- <command>)

  db:create                      create the database in DATABASE_URL if it is missing
  migrate                        apply pending migrations (also: npm run migration:run)
  migration:generate <Name>      write migrations/<timestamp>-<Name>.ts from the entities' difference to the database
  seed-demo                      load the demo city (Stuttgart), organisations, needs and offers (idempotent)
  create-admin --email E --password P [--name N]
                                 create the first admin, or make an existing user admin
  demo                           db:create + migrate + seed-demo, then start API and worker
`;

async function withDataSource<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}


async function generateMigration(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('migration name must be PascalCase, e.g. AddMatches');
  await withDataSource(async (ds) => {
    const sql = await ds.driver.createSchemaBuilder().log();
    if (!sql.upQueries.length) {
      console.log('No changes: entities and migrations agree.');
      return;
    }
    const ts = Date.now();
    const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
    const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const down = [...sql.downQueries].reverse().map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const file = join(process.cwd(), 'migrations', `${ts}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`wrote ${file}`);
  });
}

/** Creates an admin, or makes an existing user admin with the given password. */
export async function createAdmin(ds: DataSource, email: string, password: string, name = 'Admin'): Promise<string> {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error('create-admin needs --email and --password');
  const problem = passwordProblem(password, { email });
  if (problem) throw new Error(`create-admin: ${passwordProblemMessage(problem)}`);
  const users = ds.getRepository(User);
  const normalised = email.trim().toLowerCase();
  const existing = await users.findOneBy({ email: normalised });
  if (existing) {
    await users.update({ id: existing.id }, { isAdmin: true, passwordHash: await hashPassword(password) });
    return `${normalised} is now an admin (password reset).`;
  }
  await users.insert({ email: normalised, passwordHash: await hashPassword(password), displayName: name, isAdmin: true, organiserDistrictIds: [] });
  return `Admin ${normalised} created.`;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string', default: 'Admin' } },
  });
  const config = loadConfig();
  switch (command) {
    case 'db:create':
      console.log((await ensureDatabase(config.DATABASE_URL)) ? 'database created' : 'database exists');
      return;
    case 'migrate': {
      const ran = await runMigrations(config.DATABASE_URL);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'no pending migrations');
      return;
    }
    case 'migration:generate':
      return generateMigration(positionals[0] ?? '');
    case 'seed-demo':
      await withDataSource(async (ds) => console.log(await seedDemo(ds, new Date(), config)));
      return;
    case 'create-admin':
      await withDataSource(async (ds) => console.log(await createAdmin(ds, values.email ?? '', values.password ?? '', values.name)));
      return;
    case 'demo': {
      if (await ensureDatabase(config.DATABASE_URL)) console.log(`created database ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
      const ran = await runMigrations(config.DATABASE_URL);
      console.log(ran.length ? `applied migrations: ${ran.join(', ')}` : 'migrations up to date');
      await withDataSource(async (ds) => console.log(await seedDemo(ds, new Date(), config)));
      const { url } = await start({ ...config, MIGRATIONS_RUN: false, MARKTPLATZ_ROLE: 'all' });
      console.log(`\nMarktplatz läuft / is running: API ${url}/v1, Swagger UI ${url}/docs (Ctrl+C stops it)\n`);
      return;
    }
    default:
      console.log(HELP);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 64;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
