import ICAL from 'ical.js';
import { agendaHtml, agendaIcs, participantAgenda, slotTimes, tablePlanHtml, type AgendaEvent, type AgendaMeeting } from './agenda';

// Marktplatz Bad Cannstatt, Thursday 12 March 2026, 17:00-19:00 in Berlin (CET, UTC+1): slots of 15 minutes from 17:15.
const EVENT: AgendaEvent & { tables: number } = {
  id: '0b4a3f2e-1c5d-4e6f-8a9b-0c1d2e3f4a5b',
  name: 'Marktplatz Bad Cannstatt',
  place: 'Kursaal, Königsplatz 1, Stuttgart',
  startsAt: new Date('2026-03-12T16:00:00Z'),
  endsAt: new Date('2026-03-12T18:00:00Z'),
  firstSlotAt: new Date('2026-03-12T16:15:00Z'),
  slotMinutes: 15,
  scheduleVersion: 2,
  tables: 3,
};
const TAFEL = { id: 'org-tafel', name: 'Neckartafel Bad Cannstatt e.V.' };
const MEETINGS: AgendaMeeting[] = [
  { requestId: 'req-b', slot: 2, table: 1, partner: { organisationId: 'org-baeckerei', name: 'Bäckerei Löffler' } },
  { requestId: 'req-a', slot: 0, table: 3, partner: { organisationId: 'org-logistik', name: 'Filderlogistik Haag <GmbH> & Co' } },
];

describe('agendas of a marketplace', () => {
  it('computes slot times from the first slot and the slot length', () => {
    expect(slotTimes(EVENT, 0)).toEqual({ start: new Date('2026-03-12T16:15:00Z'), end: new Date('2026-03-12T16:30:00Z') });
    expect(slotTimes(EVENT, 3).start.toISOString()).toBe('2026-03-12T17:00:00.000Z');
  });

  it('lists a participant\'s meetings in slot order with Berlin times', () => {
    const a = participantAgenda(EVENT, TAFEL, MEETINGS);
    expect(a.items.map((i) => [i.slot, i.time, i.table, i.partner.name])).toEqual([
      [0, '17:15', 3, 'Filderlogistik Haag <GmbH> & Co'],
      [2, '17:45', 1, 'Bäckerei Löffler'],
    ]);
    expect(participantAgenda(EVENT, TAFEL, [...MEETINGS].reverse())).toEqual(a);
  });

  it('writes an iCalendar file that Mozilla\'s parser reads: the event and each meeting, with stable UIDs and the schedule version', () => {
    const ics = agendaIcs(EVENT, participantAgenda(EVENT, TAFEL, MEETINGS));
    const comp = new ICAL.Component(ICAL.parse(ics));
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual([
      'Marktplatz Bad Cannstatt',
      'Gespräch mit Filderlogistik Haag <GmbH> & Co (Tisch 3)',
      'Gespräch mit Bäckerei Löffler (Tisch 1)',
    ]);
    expect(events.map((e) => e.uid)).toEqual([
      `marketplace-${EVENT.id}@marktplatz.example`,
      `meeting-${EVENT.id}-req-a@marktplatz.example`,
      `meeting-${EVENT.id}-req-b@marktplatz.example`,
    ]);
    expect(events.every((e) => e.sequence === 2)).toBe(true);
    expect(events[1].startDate.toJSDate().toISOString()).toBe('2026-03-12T16:15:00.000Z');
    // the instants themselves, in UTC, whatever the server's time zone (17:15 in Berlin)
    expect(ics).toContain('DTSTART:20260312T161500Z');
    expect(ics).toContain('DTSTART:20260312T160000Z');
    expect(ics).not.toContain('TZID=');
    expect(events[1].endDate.toJSDate().toISOString()).toBe('2026-03-12T16:30:00.000Z');
    expect(events[2].location).toBe('Kursaal, Königsplatz 1, Stuttgart, Tisch 1');
  });

  it('prints the agenda as HTML, German, with names escaped', () => {
    const html = agendaHtml(participantAgenda(EVENT, TAFEL, MEETINGS));
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Donnerstag, 12. März 2026, 17:00–19:00 Uhr');
    expect(html).toContain('Filderlogistik Haag &lt;GmbH&gt; &amp; Co');
    expect(html).not.toContain('<GmbH>');
    expect(agendaHtml(participantAgenda(EVENT, TAFEL, []))).toContain('keine festen Gespräche');
  });

  it('prints the organiser\'s table plan: every table of every slot with a meeting, empty tables marked', () => {
    const html = tablePlanHtml(EVENT, [
      { slot: 1, table: 2, nonprofit: 'Jugendhaus Hallschlag', company: 'Neckar IT' },
      { slot: 0, table: 1, nonprofit: 'Neckartafel', company: 'Bäckerei Löffler' },
    ]);
    expect(html.indexOf('Runde 1: 17:15–17:30 Uhr')).toBeLessThan(html.indexOf('Runde 2: 17:30–17:45 Uhr'));
    expect(html.match(/<tr><td>\d<\/td>/g)).toHaveLength(6);
    expect(html).toContain('<tr><td>2</td><td>–</td><td>–</td></tr>');
  });
});
