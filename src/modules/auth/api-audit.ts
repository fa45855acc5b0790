/**
 * Which record a key call concerns, for the audit log: the record the response created (201 with
 * an `id`: the route's last resource segment), else the deepest record the route names (a
 * `:param` right after a resource segment). Record types are the resource segment in the
 * singular: needs → need, deliveries → delivery, meeting-wishes → meeting-wish.
 */
export interface AuditRecord {
  recordType: string;
  recordId: string;
}

const isVersionSegment = (s: string) => /^v\d+$/.test(s);
const isParam = (s: string) => s.startsWith(':');

export function singular(segment: string): string {
  if (segment.endsWith('ss')) return segment;
  if (segment.endsWith('ies')) return `${segment.slice(0, -3)}y`;
  if (/(ch|sh|x)es$/.test(segment)) return segment.slice(0, -2);
  if (segment.endsWith('s')) return segment.slice(0, -1);
  return segment;
}

export function auditRecord(route: string, params: Record<string, string | string[] | undefined>, status: number, createdId?: string): AuditRecord | null {
  const segments = route.split('/').filter((s) => s && !isVersionSegment(s));
  if (status === 201 && createdId) {
    const last = [...segments].reverse().find((s) => !isParam(s));
    if (last) return { recordType: singular(last), recordId: createdId };
  }
  for (let i = segments.length - 1; i > 0; i--) {
    if (!isParam(segments[i]) || isParam(segments[i - 1])) continue;
    const value = params[segments[i].slice(1)];
    if (typeof value === 'string' && value) return { recordType: singular(segments[i - 1]), recordId: value.slice(0, 100) };
  }
  return null;
}
