import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../src/modules/webhooks/signature';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** the body exactly as received, before any parsing */
  raw: string;
  /** whether the signature verified with the path's secret (verifyWebhookSignature) */
  verified: boolean;
}

/** What the receiver answers: a status and body, a redirect, or no answer at all. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | { hang: true };

/**
 * A partner's webhook endpoint on 127.0.0.1 (random port), as a partner would write one: it
 * checks the signature with the exported verifier (400 when it fails), answers as scripted per
 * path, and acts on each event once, dropping duplicates by Marktplatz-Event-Id.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  /** event ids acted on, once each (the "effect" a duplicate must not repeat) */
  readonly effects: string[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly fallbacks = new Map<string, Answer>();
  private readonly secrets = new Map<string, string>();
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;

  static async start(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => r.handle(req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => r.server!.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers for the next requests to `path`, in order; then `fallback` (default 200). */
  script(path: string, answers: Answer[], fallback: Answer = { status: 200, body: 'ok' }): void {
    this.scripts.set(path, [...answers]);
    this.fallbacks.set(path, fallback);
  }

  /** The secret the endpoint verifies deliveries to `path` with. */
  secret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  to(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(path: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): void {
    const secret = this.secrets.get(path);
    const verified = !!secret && verifyWebhookSignature(secret, headers['marktplatz-signature'] as string | undefined, raw, Date.now());
    this.requests.push({ path, headers, raw, verified });
    if (secret && !verified) {
      res.writeHead(400).end('bad signature');
      return;
    }
    const answer = this.scripts.get(path)?.shift() ?? this.fallbacks.get(path) ?? { status: 200, body: 'ok' };
    if ('hang' in answer) {
      this.hanging.add(res);
      return;
    }
    if (answer.status >= 200 && answer.status < 300) {
      const id = headers['marktplatz-event-id'] as string;
      if (!this.effects.includes(id)) this.effects.push(id);
    }
    res.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers }).end(answer.body ?? '');
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
