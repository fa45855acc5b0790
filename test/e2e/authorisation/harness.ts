import { FlowProducer, Queue } from 'bullmq';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import type { RouteEntry } from '../../../src/modules/auth/route-table';
import type { Member } from '../../factories';
import type { World } from '../../factories/world';
import type { TestApp } from '../../utils/create-test-app';
import { ATTACKERS, type Attacker, type MatrixEntry, type Outcome, type Owner } from './matrix';

/** Tables a refused request may still write: the audit log records every call with a key, refused ones included. */
const WRITTEN_ON_REFUSAL = new Set(['api_audit_log']);

/**
 * What the database holds (an md5 over every row of every table) and how many jobs were added
 * to any queue: equal before and after a request means it changed nothing. Needs a database of
 * the suite's own (createTestApp's `ownDatabase`).
 */
export class Snapshots {
  private sql?: string;
  private static added = 0;
  private static patched = false;

  constructor(private readonly ds: DataSource) {
    Snapshots.patch();
  }

  /** Counts every job added in this process (the app's queues, the outbox relay, flows). */
  private static patch(): void {
    if (Snapshots.patched) return;
    Snapshots.patched = true;
    for (const [proto, names] of [
      [Queue.prototype, ['add', 'addBulk']],
      [FlowProducer.prototype, ['add', 'addBulk']],
    ] as const) {
      for (const name of names) {
        const original = (proto as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
        (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
          Snapshots.added++;
          return original.apply(this, args);
        };
      }
    }
  }

  async take(): Promise<Map<string, string>> {
    if (!this.sql) {
      const tables = (await this.ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)) as Array<{
        table_name: string;
      }>;
      this.sql = tables
        .map((t) => t.table_name)
        .filter((t) => !WRITTEN_ON_REFUSAL.has(t))
        .map((t) => `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`)
        .join(' UNION ALL ');
    }
    const rows = (await this.ds.query(this.sql)) as Array<{ t: string; n: number; h: string }>;
    const out = new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
    out.set('(jobs added)', String(Snapshots.added));
    return out;
  }

  /** The tables (and the job counter) that differ. */
  static diff(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
  }
}

export interface Sent {
  res: Response;
  /** what the caller put in the request (a leaked id it sent itself is no leak) */
  sentText: string;
  description: string;
}

/** The path of an entry with its parameters filled from the world. */
export function pathOf(entry: MatrixEntry, w: World): string {
  const [, pattern] = entry.route.split(' ');
  const params = entry.params?.(w) ?? {};
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${entry.route}: no value for :${name} (add it to the entry's params)`);
    return encodeURIComponent(String(params[name]));
  });
  return path;
}

export type Caller = Attacker | Owner;

/** Sends the entry's request as the caller: a member's token, B's API key, or nothing. */
export async function send(t: TestApp, w: World, entry: MatrixEntry, caller: Caller, extraBody: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Sent> {
  const [method] = entry.route.split(' ');
  const path = pathOf(entry, w);
  const query = entry.query?.(w) ?? {};
  const body = entry.body ? { ...entry.body(w), ...extraBody } : Object.keys(extraBody).length ? extraBody : undefined;
  let req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method.toLowerCase()](path).query(query);
  const member = memberOf(w, entry, caller);
  if (caller === 'otherKey') req = req.set('X-API-Key', w.bKey);
  else if (member) req = req.set(member.auth);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  if (body !== undefined) req = req.send(body);
  const res = await req;
  return { res, sentText: `${path} ${JSON.stringify(query)} ${JSON.stringify(body ?? null)}`, description: `${method} ${path} as ${caller}` };
}

export function memberOf(w: World, entry: MatrixEntry, caller: Caller): Member | undefined {
  switch (caller) {
    case 'anonymous':
    case 'anyone':
    case 'otherKey':
      return undefined;
    case 'otherOrg':
      return w.b;
    case 'otherOrganiser':
      return w.otherOrganiser;
    case 'partner':
      return w[partnerOf(entry)];
    case 'na':
    case 'ca':
    case 'organiser':
    case 'broker':
    case 'admin':
      return w[caller];
  }
}

/** A's other side: the company on the nonprofit's record, the nonprofit on the company's; on anything else A's nonprofit. */
export function partnerOf(entry: MatrixEntry): 'na' | 'ca' {
  return entry.partnerIs ?? (entry.owner === 'na' ? 'ca' : 'na');
}

/** What the attacker gets, with the defaults filled in. */
export function outcomeOf(entry: MatrixEntry, route: RouteEntry, attacker: Attacker): Outcome {
  switch (attacker) {
    case 'otherOrg':
      return entry.otherOrg;
    case 'partner':
      return entry.partner ?? entry.otherOrg;
    case 'otherOrganiser':
      return entry.otherOrganiser ?? entry.otherOrg;
    case 'anonymous':
      if (entry.anonymous) return entry.anonymous;
      if (route.isPublic) throw new Error(`${entry.route}: a public route needs an explicit outcome for anonymous callers`);
      return 401;
    case 'otherKey':
      if (entry.otherKey) return entry.otherKey;
      if (!route.requiredScope) return route.isPublic ? outcomeOf(entry, route, 'anonymous') : 403;
      return entry.otherOrg;
  }
}

export const isSent = (entry: MatrixEntry, outcome: Outcome) => {
  if (outcome === 'party') return false;
  if (outcome === 'own') return entry.route.startsWith('GET ') || !!entry.ownChangesNothing;
  return true;
};

/** The status and code a refusal must carry. */
export function expectedRefusal(entry: MatrixEntry, outcome: Outcome): { status: number; code?: string } | 'any4xx' | null {
  if (outcome === 'refused') return 'any4xx';
  if (typeof outcome === 'number') {
    const code = outcome === 401 ? 'UNAUTHENTICATED' : outcome === 403 ? 'FORBIDDEN' : outcome === 404 ? entry.notFound : undefined;
    if (outcome === 404 && !code) throw new Error(`${entry.route}: a 404 needs the entry's notFound code`);
    return { status: outcome, code };
  }
  const m = /^(\d{3}) ([A-Z_]+)$/.exec(outcome);
  if (m) return { status: Number(m[1]), code: m[2] };
  return null;
}

/** Private ids of A (and what the entry hides from this caller) in a response, unless the caller sent them itself. */
export function leaks(w: World, sent: Sent, entry?: MatrixEntry, caller?: Caller): string[] {
  const text = sent.res.text ?? '';
  const hidden = [...w.secrets, ...(entry?.hidden?.(w) ?? []), ...(caller === 'anonymous' ? (entry?.hiddenFromAnonymous?.(w) ?? []) : [])];
  // A's company reading its own account (GET /v1/me) sees its own e-mail
  const own = entry && caller ? memberOf(w, entry, caller)?.email : undefined;
  return hidden.filter((s) => text.includes(s) && !sent.sentText.includes(s) && s !== own);
}

export const entryName = (e: MatrixEntry) => (e.label ? `${e.route} (${e.label})` : e.route);

export { ATTACKERS };
