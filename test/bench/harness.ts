/**
 * What the benchmarks under test/bench/ share: reading their variables, timing a call over
 * repetitions after warm-ups, percentiles, the text tables and the `BENCH_RESULT {json}` line;
 * and for those that run against PostgreSQL: a throw-away database with the real migrations,
 * the compiled app as child processes, pg pools and clients, and one cleanup that removes all of
 * it again, also after a failure, a timeout or Ctrl+C (`BENCH_KEEP_DB=1` keeps the database).
 *
 * What differs between the benches stays in the benches: their datasets, their baselines, their
 * CPU accounting (browse per request, matching sampled over a run) and their reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { dropDatabase, ensureDatabase } from '../../src/database/database-admin';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/** The repository root (the benches run from dist-bench/test/bench). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** The PostgreSQL server the benches use; the database name is replaced by the bench's own. */
export const PG_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** An integer variable of at least `min` (1 unless told), or `fallback` when unset or empty. */
export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be ${min === 1 ? 'a positive integer' : `an integer ≥ ${min}`}, got "${raw}"`);
  return n;
}

/** A switch: on when the variable is `1`. */
export const envFlag = (name: string): boolean => process.env[name] === '1';

/** A comma-separated subset of `all` (all of them when unset). */
export function envList<P extends string>(name: string, all: readonly P[], what = 'value'): Set<P> {
  return new Set<P>(
    (process.env[name] ?? all.join(','))
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        if (!(all as readonly string[]).includes(p)) throw new Error(`${name}: unknown ${what} "${p}" (${all.join(', ')})`);
        return p as P;
      }),
  );
}

/** BENCH_PHASES: which sections of a bench run. */
export const envPhases = <P extends string>(all: readonly P[]): Set<P> => envList('BENCH_PHASES', all, 'phase');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast, seedable PRNG in [0, 1), so that every run generates the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 with the draws the dataset generators need. */
export class Rng {
  private readonly draw: () => number;
  constructor(seed: number) {
    this.draw = mulberry32(seed);
  }
  /** [0, 1) */
  next(): number {
    return this.draw();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[this.int(items.length)];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  jitter(value: number, max: number): number {
    return Math.round((value + (this.next() * 2 - 1) * max) * 1e6) / 1e6;
  }
  /** A version-4 UUID from the stream, so ids (and id tie-breaks) repeat between runs. */
  uuid(): string {
    const b: number[] = [];
    for (let i = 0; i < 16; i++) b.push(this.int(256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics and timing
// ---------------------------------------------------------------------------------------------

/** The nearest-rank percentile of an ascending list (NaN for an empty one). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / (xs.length || NaN);

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Percentiles, mean and maximum of samples in any order. */
export function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), mean: mean(s), max: s.length ? s[s.length - 1] : NaN };
}

export interface Repetitions {
  /** Timed calls, one after the other. */
  reps: number;
  /** Untimed calls before them (JIT, plan and buffer caches). */
  warmups: number;
}

/** `warmups` untimed calls, then `reps` timed ones (ms); with the last call's result. */
export function measureSync<T>(fn: () => T, { reps, warmups }: Repetitions): { timing: Timing; last: T } {
  let last!: T;
  for (let i = 0; i < warmups; i++) last = fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = fn();
    samples.push(performance.now() - t0);
  }
  return { timing: timing(samples), last };
}

/** The same for an asynchronous call: each awaited before the next starts. */
export async function measure<T>(fn: () => Promise<T>, { reps, warmups }: Repetitions): Promise<{ timing: Timing; last: T }> {
  let last!: T;
  for (let i = 0; i < warmups; i++) last = await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    samples.push(performance.now() - t0);
  }
  return { timing: timing(samples), last };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export const fmt = (n: number | undefined, digits = 2) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** Rounded for BENCH_RESULT; null where there is no finite number (as JSON writes NaN anyway). */
export const round = (n: number | undefined, d = 3) => (n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

/**
 * A text table: the first column left-aligned, the others right-aligned, each as wide as its
 * widest cell or `minWidths` (so that tables printed one after another can line up).
 */
export function table(header: string[], rows: string[][], { minWidths = [], gap = '  ' }: { minWidths?: number[]; gap?: string } = {}): void {
  const widths = header.map((h, i) => Math.max(minWidths[i] ?? 0, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join(gap);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/** The one line scripts grep for, after a blank line: `BENCH_RESULT {json}`. */
export function benchResult(result: { bench: string } & Record<string, unknown>): void {
  console.log('\nBENCH_RESULT ' + JSON.stringify(result));
}

// ---------------------------------------------------------------------------------------------
// Processes and /proc
// ---------------------------------------------------------------------------------------------

/** Runs `node args…` from the repository root; resolves with its output, rejects on a non-zero exit or the timeout. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out.trim());
      else reject(new Error(`node ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.trim()}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePromise(port));
    });
  });
}

/** A process of the compiled app (main.js), its output's last 8 kB kept for error messages. */
export class AppProcess {
  private readonly child: ChildProcess;
  private output = '';
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly name: string,
    script: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.child.on('exit', (code, signal) => (this.exited = { code, signal }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get tail(): string {
    return this.output.trim();
  }

  assertAlive(): void {
    if (this.exited) throw new Error(`${this.name} exited (${this.exited.signal ?? `exit ${this.exited.code}`}):\n${this.tail}`);
  }

  /** Until GET /health/ready on `port` answers 200. */
  async waitReady(port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited before it was ready (${this.exited.signal ?? `exit ${this.exited.code}`}):\n${this.tail}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} not ready within ${timeoutMs / 1000} s:\n${this.tail}`);
  }

  /** Sends `signal` (SIGKILL: a crash) and waits until the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited && this.child.exitCode === null) {
      const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.kill(signal);
      await gone;
    }
    return this.exited ?? { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /** SIGTERM, SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.exited || this.child.exitCode !== null) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

/** utime + stime of a process in ms, from /proc/<pid>/stat (undefined where unreadable). */
export function procCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Resident memory of a process in kB, VmRSS of /proc/<pid>/status (undefined where unreadable). */
export function procRssKb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine in ms, from the first line of /proc/stat. */
export function machineBusyMs(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return (user + nice + system + irq + softirq + (steal ?? 0)) * 10;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// A bench run against PostgreSQL (and Redis): its resources and their cleanup
// ---------------------------------------------------------------------------------------------

export interface BenchRunOptions {
  /** The throw-away database's name, e.g. `marktplatz_bench_<timestamp>`. */
  database: string;
  /** BullMQ prefix of the app processes; its Redis keys are deleted at the end. */
  queuePrefix: string;
  /**
   * Run the app from a copy of dist/ in dist-bench/<appCopy> (see prepareApp), so that a rebuild of
   * dist/ during a long run cannot break processes started later; from dist/ itself when unset.
   */
  appCopy?: string;
  /** Origin of the log's clock (Date.now() at the start unless told). */
  startedAt?: number;
}

/**
 * One bench run: its database, queue prefix and app copy, the processes and connections it
 * opens, and the cleanup that closes and removes all of them, in this order: app processes,
 * connections (the last opened first), database (unless BENCH_KEEP_DB=1), app copy, Redis keys.
 */
export class BenchRun {
  readonly dbUrl: string;
  readonly queuePrefix: string;
  readonly appDir: string;
  readonly keepDb = envFlag('BENCH_KEEP_DB');
  readonly started: number;
  private readonly copy: boolean;
  private procs: AppProcess[] = [];
  private readonly closers: Array<{ what: string; close: () => Promise<unknown> }> = [];
  private dbCreated = false;
  private appCopied = false;
  private cleanupPromise: Promise<void> | undefined;

  constructor(options: BenchRunOptions) {
    const u = new URL(PG_SERVER);
    u.pathname = `/${options.database}`;
    this.dbUrl = u.toString();
    this.queuePrefix = options.queuePrefix;
    this.copy = options.appCopy !== undefined;
    this.appDir = options.appCopy !== undefined ? resolve(ROOT, 'dist-bench', options.appCopy) : resolve(ROOT, 'dist');
    this.started = options.startedAt ?? Date.now();
  }

  log = (msg: string): void => console.log(`[bench ${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

  /** True once the cleanup has begun (connection errors after that are expected). */
  get cleaningUp(): boolean {
    return this.cleanupPromise !== undefined;
  }

  /** Checks that dist/ is built, and copies it to the app directory (with appCopy). */
  prepareApp(): void {
    if (!existsSync(resolve(ROOT, 'dist/main.js'))) throw new Error('dist/main.js is missing: run npm run build first (npm run bench:* does)');
    if (!this.copy) return;
    cpSync(resolve(ROOT, 'dist'), this.appDir, { recursive: true });
    this.appCopied = true;
  }

  /** Creates the database and runs the real migrations through the compiled CLI. */
  async createDatabase(): Promise<void> {
    await ensureDatabase(this.dbUrl);
    this.dbCreated = true;
    const migrated = await runNode([resolve(this.appDir, 'bin', 'cli.js'), 'migrate'], { ...process.env, DATABASE_URL: this.dbUrl, LOG_LEVEL: 'warn' }, 120_000);
    this.log(`migrations: ${migrated.split('\n').pop()}`);
  }

  /** The environment of an app process: this run's database and queue prefix, quiet logs, no migrations; then `env`. */
  appEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, DATABASE_URL: this.dbUrl, REDIS_URL, QUEUE_PREFIX: this.queuePrefix, LOG_LEVEL: 'warn', MIGRATIONS_RUN: 'false', ...env };
  }

  /** Starts the compiled app (main.js) as a child process; the cleanup stops it. */
  app(name: string, env: Record<string, string>): AppProcess {
    const p = new AppProcess(name, resolve(this.appDir, 'main.js'), this.appEnv(env));
    this.procs.push(p);
    return p;
  }

  /** An API process (MARKTPLATZ_ROLE=api) on a free port, once /health/ready answers. */
  async startApi(env: Record<string, string>, timeoutMs: number, name = 'API'): Promise<{ api: AppProcess; port: number; baseUrl: string }> {
    const port = await freePort();
    const api = this.app(name, { MARKTPLATZ_ROLE: 'api', PORT: String(port), ...env });
    await api.waitReady(port, timeoutMs);
    return { api, port, baseUrl: `http://127.0.0.1:${port}` };
  }

  async stopApps(procs: AppProcess[]): Promise<void> {
    await Promise.all(procs.map((p) => p.stop()));
    this.procs = this.procs.filter((p) => !procs.includes(p));
  }

  /** Anything else to close at the end (a DataSource, a queue, a Nest context), before the database is dropped. */
  onCleanup(what: string, close: () => Promise<unknown>): void {
    this.closers.push({ what, close });
  }

  /** A pg pool on the bench database. */
  pool(applicationName: string, max: number): Pool {
    const p = new Pool({ connectionString: this.dbUrl, max, application_name: applicationName });
    // An idle client that loses its connection must not crash the run and skip the cleanup. (pool.end()
    // resolves before the backends are gone; DROP DATABASE ... WITH (FORCE) may still terminate them.)
    p.on('error', (err) => {
      if (!this.cleaningUp) console.error(`pg pool: idle client error: ${err.message}`);
    });
    this.onCleanup('closing a pg pool', () => p.end());
    return p;
  }

  /** A connected pg client on the bench database. */
  async client(applicationName: string): Promise<Client> {
    const client = new Client({ connectionString: this.dbUrl, application_name: applicationName });
    await client.connect();
    client.on('error', (err) => {
      if (!this.cleaningUp) console.error(`pg client error: ${err.message}`);
    });
    this.onCleanup('closing a pg client', () => client.end());
    return client;
  }

  private async deleteRedisKeys(): Promise<number> {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    let deleted = 0;
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.queuePrefix}:*`, 'COUNT', 1000);
        if (keys.length) deleted += await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    return deleted;
  }

  cleanup(): Promise<void> {
    this.cleanupPromise ??= (async () => {
      const step = async (what: string, fn: () => Promise<unknown>) => {
        try {
          await fn();
        } catch (err) {
          console.error(`cleanup: ${what} failed: ${(err as Error).message}`);
          process.exitCode = 1;
        }
      };
      await step('stopping the app processes', () => this.stopApps(this.procs));
      for (const c of [...this.closers].reverse()) await step(c.what, c.close);
      if (this.dbCreated) {
        if (this.keepDb) this.log(`kept database ${this.dbUrl} (BENCH_KEEP_DB=1); drop it yourself`);
        else await step(`dropping ${this.dbUrl}`, () => dropDatabase(this.dbUrl));
      }
      if (this.appCopied) await step(`removing ${this.appDir}`, async () => rmSync(this.appDir, { recursive: true, force: true }));
      await step(`deleting Redis keys ${this.queuePrefix}:*`, async () => this.log(`deleted ${await this.deleteRedisKeys()} Redis keys under ${this.queuePrefix}:*`));
      this.log('cleaned up');
    })();
    return this.cleanupPromise;
  }

  /**
   * Runs `main` and then the cleanup, whatever happens: a failure (printed with the app
   * processes' output, exit code 1), SIGINT/SIGTERM (exit 130) or the watchdog (exit 1).
   */
  run(main: () => Promise<void>, { watchdogMs }: { watchdogMs: number }): void {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: cleaning up`);
        void this.cleanup().finally(() => process.exit(130));
      });
    }
    const watchdog = setTimeout(() => {
      console.error(`\nbench exceeded ${watchdogMs / 1000} s: aborting`);
      void this.cleanup().finally(() => process.exit(1));
    }, watchdogMs);
    watchdog.unref();
    main()
      .catch((err) => {
        console.error(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        for (const p of this.procs) if (p.tail) console.error(`--- ${p.name} output (tail) ---\n${p.tail}`);
        process.exitCode = 1;
      })
      .finally(() => this.cleanup())
      .finally(() => {
        clearTimeout(watchdog);
        // Sockets of autocannon, ioredis or BullMQ must not keep us alive.
        setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref();
      });
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

/** A UUID from the md5 of `key` (version nibble 4, variant 8, as matching-dataset's uuidSql): the same ids every run. */
export function uuidOf(key: string): string {
  const h = createHash('md5').update(key).digest('hex').split('');
  h[12] = '4';
  h[16] = '8';
  const x = h.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface DistrictTree {
  cityId: string;
  boroughId: string;
  quarterId: string;
}

/** Stuttgart → Bad Cannstatt → Hallschlag, with ids and slugs of `tag` (`<tag>-stuttgart`, …), in plain SQL. */
export async function seedDistrictTree(pg: Client, tag: string): Promise<DistrictTree> {
  const city = uuidOf(`${tag}:city`);
  const borough = uuidOf(`${tag}:borough`);
  const quarter = uuidOf(`${tag}:quarter`);
  for (const [id, name, parent, level, ancestors] of [
    [city, 'Stuttgart', null, 'city', [city]],
    [borough, 'Bad Cannstatt', city, 'borough', [city, borough]],
    [quarter, 'Hallschlag', borough, 'quarter', [city, borough, quarter]],
  ] as const) {
    await pg.query(`INSERT INTO districts (id, name, slug, parent_id, level, lat, lon, ancestor_ids) VALUES ($1, $2, $3, $4, $5, 48.8, 9.22, $6::uuid[])`, [id, name, `${tag}-${name.toLowerCase().replace(/\W+/g, '-')}`, parent, level, ancestors]);
  }
  return { cityId: city, boroughId: borough, quarterId: quarter };
}
