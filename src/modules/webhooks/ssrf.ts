import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * SSRF protection for webhook targets (pure: no I/O). A target must be https, and every address
 * its host resolves to must be a public unicast address: loopback, private (RFC 1918), link-local
 * (169.254/16 with the cloud metadata endpoints, fe80::/10), unique-local (fc00::/7), CGNAT
 * (100.64/10), multicast, broadcast, unspecified, reserved and documentation ranges, and IPv6
 * forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) are refused.
 *
 * WEBHOOK_ALLOWED_HOSTS (comma-separated hostnames, IPs or CIDRs) lets an operator permit
 * targets anyway: a listed hostname is trusted whatever it resolves to and may use http; an
 * address inside a listed IP or CIDR is permitted, and an IP literal in one may use http.
 */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] };

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$/;
export const MAX_URL_LENGTH = 2048;

const normaliseHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');

/** Parses WEBHOOK_ALLOWED_HOSTS; throws naming the first entry that is neither a hostname, an IP nor a CIDR. */
export function parseAllowList(raw: string | undefined): AllowList {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    if (entry.includes('://')) throw new Error(`"${entry}" is a URL: list its hostname only`);
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${entry}" is not a CIDR range such as 10.0.0.0/8`);
      const [addr, bits] = ipaddr.parseCIDR(entry);
      ranges.push(addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? [(addr as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)] : [addr, bits]);
    } else if (isIP(normaliseHost(entry))) {
      const addr = ipaddr.process(normaliseHost(entry));
      ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOSTNAME.test(normaliseHost(entry))) {
      hosts.add(normaliseHost(entry));
    } else {
      throw new Error(`"${entry}" is neither a hostname, an IP address nor a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/** The range an address belongs to, as ipaddr.js names it (`unicast` = public), IPv4-mapped IPv6 read as IPv4. */
export function addressRange(address: string): string {
  const addr = ipaddr.process(normaliseHost(address));
  return addr.range();
}

const inAllowedRange = (address: string, allow: AllowList) => {
  const addr = ipaddr.process(normaliseHost(address));
  return allow.ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net as never, bits));
};

export type TargetRefusal = { ok: false; reason: 'invalidUrl' | 'httpsRequired' | 'credentialsInUrl' | 'fragmentInUrl' | 'urlTooLong' | 'forbiddenAddress' | 'unresolvable'; message: string };

/** Whether an address may be connected to for this hostname. */
export function checkAddress(address: string, hostname: string, allow: AllowList = EMPTY_ALLOW_LIST): { ok: true } | TargetRefusal {
  if (!isIP(normaliseHost(address))) return { ok: false, reason: 'forbiddenAddress', message: `"${address}" is not an IP address` };
  if (allow.hosts.has(normaliseHost(hostname))) return { ok: true };
  if (inAllowedRange(address, allow)) return { ok: true };
  const range = addressRange(address);
  if (range === 'unicast') return { ok: true };
  return {
    ok: false,
    reason: 'forbiddenAddress',
    message: `${normaliseHost(hostname)} resolves to ${normaliseHost(address)}, a ${range} address: webhooks go to public addresses only (an operator may permit it in WEBHOOK_ALLOWED_HOSTS)`,
  };
}

export interface CheckedUrl {
  ok: true;
  url: URL;
  /** The hostname without brackets or trailing dot. */
  hostname: string;
  /** Set when the host is an IP literal (no DNS lookup then). */
  ip: string | null;
}

/**
 * The URL alone: https (http only for an allow-listed host or IP), no credentials, no fragment,
 * and when the host is an IP literal, that address. Hostnames are checked once resolved (checkAddress).
 */
export function checkWebhookUrl(raw: string, allow: AllowList = EMPTY_ALLOW_LIST): CheckedUrl | TargetRefusal {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return { ok: false, reason: 'urlTooLong', message: `the URL may have at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalidUrl', message: 'not an absolute URL' };
  }
  const hostname = normaliseHost(url.hostname);
  if (!hostname) return { ok: false, reason: 'invalidUrl', message: 'the URL has no host' };
  if (url.username || url.password) return { ok: false, reason: 'credentialsInUrl', message: 'the URL may not contain a user name or password (the signature authenticates deliveries)' };
  if (url.hash) return { ok: false, reason: 'fragmentInUrl', message: 'the URL may not contain a #fragment' };
  const ip = isIP(hostname) ? hostname : null;
  const listed = allow.hosts.has(hostname) || (ip !== null && inAllowedRange(ip, allow));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && listed)) {
    return { ok: false, reason: 'httpsRequired', message: 'webhook URLs must use https' };
  }
  if (ip) {
    const address = checkAddress(ip, hostname, allow);
    if (!address.ok) return address;
  }
  return { ok: true, url, hostname, ip };
}
