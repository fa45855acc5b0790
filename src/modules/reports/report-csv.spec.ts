import { emptyTally, figures } from './report-figures';
import { CSV_COLUMNS, csvCell, figureRows, toCsv } from './report-csv';

describe('csvCell (RFC 4180)', () => {
  it.each<[string | number | null, string]>([
    ['Bad Cannstatt', 'Bad Cannstatt'],
    ['Süd, Mitte', '"Süd, Mitte"'],
    ['Der „Hallschlag“ sagt "Danke"', '"Der „Hallschlag“ sagt ""Danke"""'],
    ['Zeile 1\nZeile 2', '"Zeile 1\nZeile 2"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+49 711', "'+49 711"],
    ['@summe', "'@summe"],
    [null, ''],
  ])('%j → %s', (value, expected) => expect(csvCell(value)).toBe(expected));

  it('numbers are written as they are (no apostrophe before a minus, "." as decimal mark)', () => {
    expect(csvCell(-1.5, false)).toBe('-1.5');
    expect(csvCell(0.6667, false)).toBe('0.6667');
  });
});

describe('toCsv', () => {
  const f = figures({ ...emptyTally(), needsPublished: 3, goodsDelivered: { items: 20, trips: 2 } });
  const csv = toCsv([
    { district: { id: 'a', name: 'Teststadt', level: 'city' }, scope: 'total', figures: f },
    { district: { id: 'b', name: 'Bad Cannstatt, Nord', level: 'borough' }, scope: 'child', figures: figures(emptyTally()) },
  ]);

  it('starts with a byte order mark and the header, ends lines with CRLF', () => {
    expect(csv.startsWith(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('one row per figure and scope; goods one row per unit; null rates are empty cells', () => {
    const lines = csv.slice(1).trimEnd().split('\r\n');
    const perScope = figureRows(f).length;
    expect(lines).toHaveLength(1 + perScope + figureRows(figures(emptyTally())).length);
    expect(lines).toContain('a,Teststadt,city,total,needs_published,Veröffentlichte Bedarfe,count,3');
    expect(lines).toContain('a,Teststadt,city,total,goods_delivered,Gelieferte Menge (items),items,20');
    expect(lines).toContain('a,Teststadt,city,total,goods_delivered,Gelieferte Menge (trips),trips,2');
    expect(lines).toContain('a,Teststadt,city,total,acceptance_rate,Annahmequote,rate,');
    expect(lines).toContain('b,"Bad Cannstatt, Nord",borough,child,needs_published,Veröffentlichte Bedarfe,count,0');
  });

  it('every figure name is unique per scope except goods_delivered (one per unit)', () => {
    const names = figureRows(f).map((r) => r.figure).filter((n) => n !== 'goods_delivered');
    expect(new Set(names).size).toBe(names.length);
  });
});
