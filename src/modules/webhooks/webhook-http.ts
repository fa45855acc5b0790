import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkAddress, checkWebhookUrl, type AllowList } from './ssrf';

export const MAX_EXCERPT_BYTES = 1024;

export interface PostOptions {
  allow: AllowList;
  /** TCP connect plus TLS handshake. */
  connectTimeoutMs: number;
  /** The whole attempt, from the lookup to the end of the (capped) response. */
  timeoutMs: number;
}

export interface PostResult {
  /** null when no response arrived (refused, unreachable, timeout). */
  statusCode: number | null;
  /** Until the status line arrived, or until the attempt gave up. */
  latencyMs: number;
  /** At most MAX_EXCERPT_BYTES of the response body, as UTF-8. */
  excerpt: string | null;
  error: string | null;
  /** The address connected to, when a connection was made. */
  remoteAddress: string | null;
}

class BlockedAddressError extends Error {
  readonly code = 'EWEBHOOKBLOCKED';
}

/**
 * A DNS lookup that checks every address the name resolves to and hands the connection only
 * checked ones, so the address checked is the address connected to (no second lookup that a
 * rebinding DNS server could answer differently).
 */
export function guardedLookup(allow: AllowList): LookupFunction {
  return ((hostname: string, options: { family?: number | string; all?: boolean }, callback: (...args: unknown[]) => void) => {
    const family = options?.family === 'IPv4' ? 4 : options?.family === 'IPv6' ? 6 : typeof options?.family === 'number' ? options.family : 0;
    dnsLookup(hostname, { all: true, family }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      for (const a of addresses) {
        const checked = checkAddress(a.address, hostname, allow);
        if (!checked.ok) return callback(new BlockedAddressError(checked.message));
      }
      if (options?.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as LookupFunction;
}

/**
 * POSTs one webhook: SSRF checks on the URL and on every resolved address (the connection goes to
 * a checked address), no redirects followed (a 3xx is a failure), a connect and a total timeout,
 * and at most 1 KiB of the response read. Never throws: what went wrong is in `error`.
 */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = Date.now();
  const checked = checkWebhookUrl(rawUrl, options.allow);
  if (!checked.ok) return Promise.resolve({ statusCode: null, latencyMs: 0, excerpt: null, error: `refused: ${checked.message}`, remoteAddress: null });
  const { url, hostname, ip } = checked;
  const secure = url.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');

  return new Promise<PostResult>((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    let latencyMs: number | null = null;
    let remoteAddress: string | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      const excerpt = statusCode === null ? null : Buffer.concat(chunks).subarray(0, MAX_EXCERPT_BYTES).toString('utf8');
      resolve({ statusCode, latencyMs: latencyMs ?? Date.now() - started, excerpt, error, remoteAddress });
      req.destroy();
    };

    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: ip ?? hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      lookup: guardedLookup(options.allow),
      ...(secure && !ip ? { servername: hostname } : {}),
      headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(payload.length), 'User-Agent': 'Marktplatz-Webhooks/1' },
    });

    const total = setTimeout(() => finish(`timeout: no complete answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const connect = setTimeout(() => finish(`timeout: could not connect within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);

    req.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(connect);
        remoteAddress = socket.remoteAddress ?? null;
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const message = err instanceof BlockedAddressError ? `refused: ${err.message}` : `${err.code ? `${err.code}: ` : ''}${err.message}`;
      finish(statusCode === null ? message : null);
    });
    req.on('response', (res: IncomingMessage) => {
      statusCode = res.statusCode ?? null;
      latencyMs = Date.now() - started;
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_EXCERPT_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
        // enough read: stop downloading whatever else the receiver sends
        if (size >= MAX_EXCERPT_BYTES) finish(null);
      });
      res.on('end', () => finish(null));
      res.on('error', () => finish(null));
      res.on('close', () => finish(null));
    });
    req.end(payload);
  });
}
