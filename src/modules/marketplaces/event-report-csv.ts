import { csvCell, type FigureUnit } from '../reports/report-csv';
import type { EventFigures, ParticipantCount } from './event-report-figures';

/**
 * The event and round reports as a tidy CSV, written like the district report's (RFC 4180, UTF-8
 * with a byte order mark, CRLF, "." as the decimal mark, empty cells for null rates, no formula
 * injection): one row per figure and scope. `detail` names the category (Leistung) or the kind
 * (Gegenleistung) for the give-and-take rows, empty otherwise.
 */
export const EVENT_CSV_COLUMNS = ['scope', 'id', 'name', 'date', 'figure', 'detail', 'label', 'unit', 'value'] as const;

export interface EventFigureRow {
  figure: string;
  detail: string;
  label: string;
  unit: FigureUnit;
  value: number | null;
}

const CATEGORY_DE: Record<string, string> = { time: 'Zeit', skills: 'Know-how', logistics: 'Logistik', goods: 'Sachmittel', contacts: 'Kontakte', space: 'Räume' };
const UNIT_DE: Record<string, string> = { hours: 'Stunden', persons: 'Personen', items: 'Stück', trips: 'Fahrten', m2: 'm²' };
const GIVE_BACK_DE: Record<string, string> = {
  thank_you_event: 'Dankeschön-Veranstaltung',
  volunteering_experience: 'Engagement-Erfahrung für Mitarbeitende',
  visibility: 'Sichtbarkeit',
  press: 'Pressearbeit',
  expertise: 'Fachwissen',
  training: 'Schulung',
  team_event: 'Teamerlebnis',
  certificate: 'Urkunde / Nachweis',
  networking: 'Kontakte ins Quartier',
  report: 'Wirkungsbericht',
};

const PARTICIPANT_LABELS: Array<[ParticipantCount, string, string]> = [
  ['registered', 'registered', 'Angemeldet'],
  ['checkedIn', 'checked_in', 'Eingecheckt'],
  ['noShows', 'no_shows', 'Angemeldet, nicht erschienen'],
  ['waitlisted', 'waitlisted', 'Auf der Warteliste'],
  ['cancelled', 'cancelled', 'Abgemeldet'],
  ['invited', 'invited', 'Eingeladen, ohne Antwort'],
];

/** The figures in their fixed order, one row each (give and take: one row per category, unit and kind). */
export function eventFigureRows(f: EventFigures): EventFigureRow[] {
  const row = (figure: string, label: string, unit: FigureUnit, value: number | null, detail = ''): EventFigureRow => ({ figure, detail, label, unit, value });
  const rows: EventFigureRow[] = [];
  for (const [key, figure, label] of PARTICIPANT_LABELS) {
    const c = f.participants[key];
    rows.push(row(figure, label, 'count', c.total), row(`${figure}_nonprofit`, `${label} (Gemeinnützige)`, 'count', c.nonprofit), row(`${figure}_company`, `${label} (Unternehmen)`, 'count', c.company));
  }
  rows.push(
    row('attendance_rate', 'Anteil der Angemeldeten, die gekommen sind', 'rate', f.participants.attendance.rate),
    row('meetings_requested', '1:1-Gespräche gewünscht (beide Seiten ja)', 'count', f.meetings.requested),
    row('meetings_scheduled', '1:1-Gespräche im veröffentlichten Plan', 'count', f.meetings.scheduled),
    row('meetings_held', '1:1-Gespräche geführt (beide eingecheckt)', 'count', f.meetings.held),
    row('meetings_held_share', 'Anteil der geplanten Gespräche, die geführt wurden', 'rate', f.meetings.heldShare.rate),
    row('agreements_recorded', 'Vereinbarungen am Notartisch', 'count', f.agreements.recorded),
    row('agreements_signed', 'davon von beiden unterschrieben', 'count', f.agreements.signed),
    row('signing_rate', 'Unterschriftsquote', 'rate', f.agreements.signing.rate),
    row('estimated_hours', 'Geschätzte Stunden', 'hours', f.agreements.estimatedHours),
    row('estimated_value_eur', 'Geschätzter Gegenwert in Euro (nur für Berichte, es fließt kein Geld)', 'eur', f.agreements.estimatedValueEur),
    row('agreements_carried_out', 'Unterschriebene Vereinbarungen, als umgesetzt gemeldet', 'count', f.followUps.carriedOut),
    row('agreements_in_progress', 'als in Arbeit gemeldet', 'count', f.followUps.inProgress),
    row('agreements_not_carried_out', 'als nicht umgesetzt gemeldet', 'count', f.followUps.notCarriedOut),
    row('agreements_no_answer', 'ohne Rückmeldung', 'count', f.followUps.noAnswer),
    row('realisation_rate', 'Umsetzungsquote', 'rate', f.followUps.realisation.rate),
    row('follow_up_answers', 'Rückmeldungen', 'count', f.followUps.response.numerator),
    row('follow_up_asked', 'Erbetene Rückmeldungen (Seiten × fällige Stufen)', 'count', f.followUps.response.denominator),
    row('follow_up_response_rate', 'Rücklaufquote', 'rate', f.followUps.response.rate),
  );
  for (const g of f.giveAndTake.give) {
    const name = CATEGORY_DE[g.category] ?? g.category;
    rows.push(row('give_agreements', `Leistung ${name}: Vereinbarungen`, 'count', g.agreements, g.category), row('give_hours', `Leistung ${name}: geschätzte Stunden`, 'hours', g.estimatedHours, g.category));
    for (const q of g.quantities) rows.push(row('give_quantity', `Leistung ${name}: Menge (${UNIT_DE[q.unit] ?? q.unit})`, q.unit, q.quantity, g.category));
  }
  for (const b of f.giveAndTake.giveBack) rows.push(row('give_back_agreements', `Gegenleistung ${GIVE_BACK_DE[b.kind] ?? b.kind}: Vereinbarungen`, 'count', b.agreements, b.kind));
  return rows;
}

export interface EventCsvScope {
  /** event: one marketplace; round: the round's totals */
  scope: 'event' | 'round';
  id: string;
  name: string;
  /** the event's day (YYYY-MM-DD, Berlin), empty for a round */
  date: string;
  figures: EventFigures;
}

export function toEventCsv(scopes: EventCsvScope[]): string {
  const lines = [EVENT_CSV_COLUMNS.join(',')];
  for (const s of scopes) {
    for (const r of eventFigureRows(s.figures)) {
      lines.push([s.scope, csvCell(s.id), csvCell(s.name), s.date, r.figure, csvCell(r.detail), csvCell(r.label), csvCell(r.unit), csvCell(r.value, false)].join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
