import { EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';
import { AGENDA_TZ, agendaHtml, agendaIcs, participantAgenda, tablePlanHtml, type AgendaEvent } from './agenda';

/**
 * The non-JSON agenda and table plan of the Marktplatz Bad Cannstatt as the OpenAPI document
 * shows them, rendered by the real renderers: the Jugendhaus am Hallschlag meets the Autohaus
 * Remsblick at table 5 in slot 2 (18:00).
 */
const EVENT: AgendaEvent & { tables: number } = {
  id: EX_ID.marketplace,
  name: EX_NAME.marketplace,
  place: EX_TEXT.marketplacePlace,
  startsAt: new Date(EX_TIME.marketplaceStarts),
  endsAt: new Date(EX_TIME.marketplaceEnds),
  firstSlotAt: new Date(EX_TIME.firstSlot),
  slotMinutes: 15,
  scheduleVersion: 2,
  tables: 6, // of the event's 20, to keep the example short
};

const AGENDA = participantAgenda(EVENT, { id: EX_ID.nonprofit, name: EX_NAME.nonprofit }, [
  { requestId: EX_ID.meetingRequest, slot: 2, table: 5, partner: { organisationId: EX_ID.company, name: EX_NAME.company } },
]);

/** An instant as a Berlin wall-clock time, iCalendar style (20270415T170000). */
function berlin(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: AGENDA_TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

/**
 * The .ics file, made the same on every machine: DTSTAMP (when the file was made) is fixed, and
 * DTSTART/DTEND show Berlin times. ical-generator writes a native Date's wall-clock time in the
 * process' time zone under TZID=Europe/Berlin, so this is what a server running in Europe/Berlin
 * answers (in the event, then each meeting, order).
 */
const instants = [EX_TIME.marketplaceStarts, EX_TIME.marketplaceEnds, ...AGENDA.items.flatMap((i) => [i.startsAt, i.endsAt])];
let next = 0;
export const AGENDA_ICS_EXAMPLE = agendaIcs(EVENT, AGENDA)
  .replace(/^DTSTAMP:.*$/gm, 'DTSTAMP:20270409T080000Z')
  .replace(/^(DTSTART|DTEND);TZID=Europe\/Berlin:\d{8}T\d{6}$/gm, (_, key: string) => `${key};TZID=${AGENDA_TZ}:${berlin(instants[next++])}`);
export const AGENDA_HTML_EXAMPLE = agendaHtml(AGENDA);
export const TABLE_PLAN_HTML_EXAMPLE = tablePlanHtml(EVENT, [{ slot: 2, table: 5, nonprofit: EX_NAME.nonprofit, company: EX_NAME.company }]);
