import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitFor } from './wait-for';

/** PostgreSQL 15's programs (Debian's layout); PG_BIN overrides. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` system user
 * and its programs run as that user (runuser); as anyone else, as oneself.
 */
function asOwner(): { uid: number; gid: number; run: (cmd: string, args: string[]) => SpawnSyncReturns<string> } {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, run: (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }) };
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, but there is no `postgres` user to own a private PostgreSQL cluster');
  return { uid, gid, run: (cmd, args) => spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) };
}

/**
 * A PostgreSQL server of the test's own: a fresh cluster (initdb) in a temporary directory on a
 * free port, so that a test can stop, restart or kill it without touching the shared server on
 * 5432. Trust authentication for `postgres` on 127.0.0.1; fsync off (nothing here must survive a
 * power cut). `destroy()` stops it and removes the directory.
 */
export class PrivatePostgres {
  private readonly owner = asOwner();

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** The URL of a database on this server (`postgres` unless named). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  static async create(): Promise<PrivatePostgres> {
    if (!existsSync(join(BIN, 'initdb'))) throw new Error(`${BIN}/initdb is missing: install PostgreSQL 15 or set PG_BIN`);
    const dir = mkdtempSync(join(tmpdir(), 'marktplatz-pg-'));
    const pg = new PrivatePostgres(await freePort(), dir);
    chownSync(dir, pg.owner.uid, pg.owner.gid);
    pg.exec('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await pg.start();
    return pg;
  }

  private exec(program: string, args: string[]): string {
    const r = this.owner.run(join(BIN, program), args);
    if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  private ctl(...args: string[]): string {
    return this.exec('pg_ctl', ['-D', this.data, ...args]);
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
    this.ctl('-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '30', 'start');
    await waitFor(() => this.accepts(), `PostgreSQL on port ${this.port}`);
  }

  /**
   * Stops the server: `fast` (the default: sessions are terminated, as a restart by an operator
   * does) or `immediate` (no shutdown checkpoint, like a crash).
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.ctl('-m', mode, '-w', '-t', '30', 'stop');
    await waitFor(async () => !(await this.accepts()), `PostgreSQL on port ${this.port} to stop`);
  }

  get running(): boolean {
    return this.owner.run(join(BIN, 'pg_ctl'), ['-D', this.data, 'status']).status === 0;
  }

  /** Whether `SELECT 1` succeeds within half a second. */
  async accepts(): Promise<boolean> {
    const c = new Client({ connectionString: this.url(), connectionTimeoutMillis: 500 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Stops the server if it runs and removes its directory. */
  async destroy(): Promise<void> {
    if (existsSync(this.data) && this.running) this.ctl('-m', 'immediate', '-w', 'stop');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
