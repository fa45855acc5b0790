import { EVENT_CSV_COLUMNS, eventFigureRows, toEventCsv } from './event-report-csv';
import { addSignedAgreement, emptyEventTally, eventFigures } from './event-report-figures';

describe('toEventCsv', () => {
  const tally = emptyEventTally();
  tally.participants.nonprofit.registered = 3;
  tally.participants.company.registered = 2;
  tally.agreementsRecorded = 2;
  addSignedAgreement(tally, { category: 'logistics', quantity: 3, unit: 'trips', giveBackKind: 'visibility', estimatedHours: 6, estimatedValueEur: 450, outcome: 'carried_out' });
  addSignedAgreement(tally, { category: 'logistics', quantity: 2, unit: 'persons', giveBackKind: 'press', estimatedHours: 4, estimatedValueEur: null, outcome: 'no_answer' });
  const f = eventFigures(tally);
  const csv = toEventCsv([
    { scope: 'event', id: 'm1', name: 'Marktplatz Hallschlag, Nord', date: '2031-03-12', figures: f },
    { scope: 'round', id: 'r1', name: '=Runde Frühjahr', date: '', figures: f },
  ]);
  const lines = csv.slice(1).trimEnd().split('\r\n');

  it('starts with a byte order mark and the header, ends lines with CRLF', () => {
    expect(csv.startsWith(`\uFEFF${EVENT_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('one row per figure and scope; names are quoted, formulas defused, null rates empty', () => {
    expect(lines).toHaveLength(1 + 2 * eventFigureRows(f).length);
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,registered,,Angemeldet,count,5');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,registered_company,,Angemeldet (Unternehmen),count,2');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,realisation_rate,,Umsetzungsquote,rate,0.5');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,attendance_rate,,"Anteil der Angemeldeten, die gekommen sind",rate,0');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,meetings_held_share,,"Anteil der geplanten Gespräche, die geführt wurden",rate,');
    expect(lines).toContain(`round,r1,'=Runde Frühjahr,,estimated_value_eur,,"Geschätzter Gegenwert in Euro (nur für Berichte, es fließt kein Geld)",eur,450`);
  });

  it('give and take: one row per category, unit and kind, with the category or kind in `detail`', () => {
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_agreements,logistics,Leistung Logistik: Vereinbarungen,count,2');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_hours,logistics,Leistung Logistik: geschätzte Stunden,hours,10');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_quantity,logistics,Leistung Logistik: Menge (Fahrten),trips,3');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_quantity,logistics,Leistung Logistik: Menge (Personen),persons,2');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_back_agreements,visibility,Gegenleistung Sichtbarkeit: Vereinbarungen,count,1');
    expect(lines).toContain('event,m1,"Marktplatz Hallschlag, Nord",2031-03-12,give_back_agreements,press,Gegenleistung Pressearbeit: Vereinbarungen,count,1');
  });

  it('every figure and detail pair is unique per scope', () => {
    const keys = eventFigureRows(f).map((r) => `${r.figure}|${r.detail}|${r.unit}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
