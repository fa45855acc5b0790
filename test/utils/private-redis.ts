import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { waitFor } from './wait-for';

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
 * A real Redis server of the test's own (redis-server from the machine), so a test can stop and
 * restart it without touching the shared one. In memory only by default: a restart starts empty.
 * `persistent` keeps an append-only file in a temporary directory, as production Redis should, so
 * that what was queued before a stop is still there after the restart.
 */
export class PrivateRedis {
  private constructor(
    readonly port: number,
    private readonly dir?: string,
  ) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: { persistent?: boolean } = {}): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort(), options.persistent ? mkdtempSync(join(tmpdir(), 'marktplatz-redis-')) : undefined);
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    const storage = this.dir ? ['--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'] : ['--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', ...storage, '--daemonize', 'yes'], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => this.ping(), `redis-server on port ${this.port}`);
  }

  async stop(): Promise<void> {
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    await waitFor(async () => !(await this.ping()), `redis-server on port ${this.port} to stop`);
  }

  /** Stops the server (if it runs) and removes its files. */
  async destroy(): Promise<void> {
    if (await this.ping()) await this.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }
}
