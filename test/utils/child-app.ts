import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const KEEP_CHARS = 64_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Children still running; an interrupted test process (no afterAll) takes them with it. */
const running = new Set<ChildApp>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));

/**
 * `node dist/main.js` (the built service) as a child process of the test, its stdout and stderr
 * kept for error messages. ChildApp.killAll() ends every one still running (call it in afterAll).
 */
export class ChildApp {
  private readonly child: ChildProcess;
  private out = '';
  /** Set once the process has exited. */
  exit?: Exit;
  readonly exited: Promise<Exit>;

  private constructor(
    readonly label: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.out = (this.out + chunk.toString()).slice(-KEEP_CHARS));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        resolve(this.exit);
      }),
    );
    running.add(this);
  }

  static start(label: string, env: Record<string, string>): ChildApp {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    return new ChildApp(label, env);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The name the matching processor gives this process in job results (WORKER_NAME). */
  get workerName(): string {
    return `${hostname()}:${this.pid}`;
  }

  get output(): string {
    return this.out;
  }

  /** The last lines of output, for error messages. */
  tail(chars = 4000): string {
    return `--- ${this.label} (pid ${this.pid}${this.exit ? `, exited: ${this.exit.signal ?? `code ${this.exit.code}`}` : ''}) ---\n${this.out.slice(-chars).trim()}`;
  }

  /** Waits until the output contains `text`; fails at once if the process exits first. */
  async waitForOutput(text: string, timeoutMs = 30_000): Promise<void> {
    try {
      await waitFor(
        () => {
          if (this.out.includes(text)) return true;
          if (this.exit) throw new Error(`${this.label} exited before printing "${text}"`);
          return undefined;
        },
        `${this.label} to print "${text}"`,
        timeoutMs,
      );
    } catch (err) {
      (err as Error).message += `\n${this.tail()}`;
      throw err;
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 15_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** SIGKILLs every child still running and waits until they are gone. */
  static async killAll(): Promise<void> {
    const all = [...running];
    for (const c of all) c.kill('SIGKILL');
    await Promise.all(all.map((c) => c.exited));
  }
}
