import ical, { ICalCalendarMethod } from 'ical-generator';

/**
 * Agendas of a marketplace (Marktplatz) from its published meeting schedule: per participant as
 * JSON, as an iCalendar file and as printable HTML, and the organiser's table plan. Pure: no Nest,
 * no database. Times are shown in Europe/Berlin; texts German first.
 */

export const AGENDA_TZ = 'Europe/Berlin';

export interface AgendaEvent {
  id: string;
  name: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  /** When slot 0 begins, and how long each slot lasts. */
  firstSlotAt: Date;
  slotMinutes: number;
  /** The published schedule's version: calendar clients replace older copies (SEQUENCE). */
  scheduleVersion: number;
}

export interface AgendaMeeting {
  /** The meeting request's id: stable across schedule versions, so a calendar entry is updated, not duplicated. */
  requestId: string;
  slot: number;
  table: number;
  partner: { organisationId: string; name: string };
}

export interface AgendaItem {
  slot: number;
  startsAt: string;
  endsAt: string;
  /** "17:30" in Berlin time, for people. */
  time: string;
  table: number;
  partner: { organisationId: string; name: string };
  requestId: string;
}

export interface Agenda {
  event: { id: string; name: string; place: string; startsAt: string; endsAt: string; scheduleVersion: number };
  organisation: { id: string; name: string };
  items: AgendaItem[];
}

const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: AGENDA_TZ, hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: AGENDA_TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** Start and end of a slot. */
export function slotTimes(event: Pick<AgendaEvent, 'firstSlotAt' | 'slotMinutes'>, slot: number): { start: Date; end: Date } {
  const start = new Date(event.firstSlotAt.getTime() + slot * event.slotMinutes * 60_000);
  return { start, end: new Date(start.getTime() + event.slotMinutes * 60_000) };
}

/** A participant's agenda, in slot order (ties by table). */
export function participantAgenda(event: AgendaEvent, organisation: { id: string; name: string }, meetings: readonly AgendaMeeting[]): Agenda {
  const items = [...meetings]
    .sort((a, b) => a.slot - b.slot || a.table - b.table || (a.requestId < b.requestId ? -1 : 1))
    .map((m) => {
      const { start, end } = slotTimes(event, m.slot);
      return { slot: m.slot, startsAt: start.toISOString(), endsAt: end.toISOString(), time: timeFormat.format(start), table: m.table, partner: m.partner, requestId: m.requestId };
    });
  return {
    event: { id: event.id, name: event.name, place: event.place, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(), scheduleVersion: event.scheduleVersion },
    organisation,
    items,
  };
}

/**
 * The agenda as an iCalendar file (RFC 5545): the event itself and one entry per meeting. UIDs are
 * derived from the event and the meeting request, SEQUENCE from the schedule version, so importing
 * a newer version moves the entries instead of adding new ones. Times are written in UTC
 * (`…Z`), which every calendar shows in its own zone: a TZID without a VTIMEZONE definition
 * would make the server's local time the meaning (wrong on a UTC server).
 */
export function agendaIcs(event: AgendaEvent, agenda: Agenda, uidDomain = 'marktplatz.example'): string {
  const calendar = ical({ name: `${event.name} – Agenda ${agenda.organisation.name}`, prodId: { company: 'Marktplatz', product: 'agenda', language: 'DE' }, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: `marketplace-${event.id}@${uidDomain}`,
    sequence: event.scheduleVersion,
    start: event.startsAt,
    end: event.endsAt,
    summary: event.name,
    location: event.place,
    description: 'Marktplatz für Gute Geschäfte: Unternehmen und gemeinnützige Organisationen vereinbaren Kooperationen – alles außer Geld.',
  });
  for (const item of agenda.items) {
    calendar.createEvent({
      id: `meeting-${event.id}-${item.requestId}@${uidDomain}`,
      sequence: event.scheduleVersion,
      start: new Date(item.startsAt),
      end: new Date(item.endsAt),
      summary: `Gespräch mit ${item.partner.name} (Tisch ${item.table})`,
      location: `${event.place}, Tisch ${item.table}`,
      description: `1:1-Gespräch beim ${event.name} / 1:1 meeting at ${event.name}: ${agenda.organisation.name} × ${item.partner.name}, Tisch / table ${item.table}.`,
    });
  }
  return calendar.toString();
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.4em;text-align:left}` +
  `th{background:#eee}@media print{body{margin:0}}</style></head><body>${body}</body></html>\n`;

/** The participant's printable agenda (German). */
export function agendaHtml(agenda: Agenda): string {
  const start = new Date(agenda.event.startsAt);
  const rows = agenda.items
    .map((i) => `<tr><td>${escapeHtml(i.time)}</td><td>${i.table}</td><td>${escapeHtml(i.partner.name)}</td></tr>`)
    .join('');
  const body =
    `<h1>${escapeHtml(agenda.event.name)}</h1>` +
    `<p>${escapeHtml(dateFormat.format(start))}, ${escapeHtml(timeFormat.format(start))}–${escapeHtml(timeFormat.format(new Date(agenda.event.endsAt)))} Uhr · ${escapeHtml(agenda.event.place)}</p>` +
    `<h2>Ihre Gespräche: ${escapeHtml(agenda.organisation.name)}</h2>` +
    (agenda.items.length
      ? `<table><thead><tr><th>Uhrzeit</th><th>Tisch</th><th>Gesprächspartner</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>Für Sie sind keine festen Gespräche geplant. Nutzen Sie die offene Zeit am Notartisch und im Austausch.</p>') +
    `<p><small>Plan Version ${agenda.event.scheduleVersion}</small></p>`;
  return page(`${agenda.event.name} – ${agenda.organisation.name}`, body);
}

export interface TablePlanRow {
  slot: number;
  table: number;
  nonprofit: string;
  company: string;
}

/** The organiser's printable table plan: one table per slot, every table of the event listed. */
export function tablePlanHtml(event: AgendaEvent & { tables: number }, rows: readonly TablePlanRow[]): string {
  const bySlot = new Map<number, TablePlanRow[]>();
  for (const r of rows) bySlot.set(r.slot, [...(bySlot.get(r.slot) ?? []), r]);
  const sections = [...bySlot.keys()]
    .sort((a, b) => a - b)
    .map((slot) => {
      const { start, end } = slotTimes(event, slot);
      const byTable = new Map(bySlot.get(slot)!.map((r) => [r.table, r]));
      const lines = Array.from({ length: event.tables }, (_, i) => i + 1)
        .map((t) => {
          const r = byTable.get(t);
          return `<tr><td>${t}</td><td>${r ? escapeHtml(r.nonprofit) : '–'}</td><td>${r ? escapeHtml(r.company) : '–'}</td></tr>`;
        })
        .join('');
      return `<h2>Runde ${slot + 1}: ${timeFormat.format(start)}–${timeFormat.format(end)} Uhr</h2><table><thead><tr><th>Tisch</th><th>Gemeinnützige Organisation</th><th>Unternehmen</th></tr></thead><tbody>${lines}</tbody></table>`;
    })
    .join('');
  const body = `<h1>Tischplan: ${escapeHtml(event.name)}</h1><p>${escapeHtml(dateFormat.format(event.startsAt))} · ${escapeHtml(event.place)} · Plan Version ${event.scheduleVersion}</p>${sections || '<p>Keine Gespräche geplant.</p>'}`;
  return page(`Tischplan ${event.name}`, body);
}
