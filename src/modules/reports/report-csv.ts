import type { Figures } from './report-figures';

/**
 * The report as a tidy CSV (RFC 4180): a header row, then one row per figure and district, so a
 * spreadsheet can filter and pivot it. UTF-8 with a byte order mark (Excel then reads umlauts
 * right), comma separated, CRLF line ends, "." as the decimal mark, empty cells for null rates.
 */
export const CSV_COLUMNS = ['district_id', 'district_name', 'district_level', 'scope', 'figure', 'label', 'unit', 'value'] as const;

/** What a row's value counts. */
export type FigureUnit = 'count' | 'rate' | 'hours' | 'eur' | 'rating' | string;

export interface FigureRow {
  figure: string;
  /** German label for people reading the sheet. */
  label: string;
  unit: FigureUnit;
  value: number | null;
}

/** The figures in their fixed order, one row each (goods: one row per unit). */
export function figureRows(f: Figures): FigureRow[] {
  const rows: FigureRow[] = [
    { figure: 'needs_published', label: 'Veröffentlichte Bedarfe', unit: 'count', value: f.needsPublished },
    { figure: 'offers_published', label: 'Veröffentlichte Angebote', unit: 'count', value: f.offersPublished },
    { figure: 'matches', label: 'Passende Paare (Matches) zu diesen Bedarfen', unit: 'count', value: f.matches.pairs },
    { figure: 'needs_matched', label: 'Bedarfe mit mindestens einem Match', unit: 'count', value: f.matches.needsMatched },
    { figure: 'matches_mutual', label: 'Matches mit beidseitigem Interesse', unit: 'count', value: f.matches.mutual },
    { figure: 'proposals', label: 'Kooperationsanfragen', unit: 'count', value: f.proposals.total },
    { figure: 'proposals_pending', label: 'Anfragen offen', unit: 'count', value: f.proposals.pending },
    { figure: 'proposals_accepted', label: 'Anfragen angenommen', unit: 'count', value: f.proposals.accepted },
    { figure: 'proposals_declined', label: 'Anfragen abgelehnt', unit: 'count', value: f.proposals.declined },
    { figure: 'proposals_expired', label: 'Anfragen abgelaufen', unit: 'count', value: f.proposals.expired },
    { figure: 'proposals_withdrawn', label: 'Anfragen zurückgezogen', unit: 'count', value: f.proposals.withdrawn },
    { figure: 'acceptance_rate', label: 'Annahmequote', unit: 'rate', value: f.proposals.acceptance.rate },
    { figure: 'agreements', label: 'Engagement-Vereinbarungen (von beiden unterschrieben)', unit: 'count', value: f.agreements.total },
    { figure: 'agreements_realised', label: 'davon umgesetzt (Leistung erbracht)', unit: 'count', value: f.agreements.realisation.numerator },
    { figure: 'realisation_rate', label: 'Umsetzungsquote', unit: 'rate', value: f.agreements.realisation.rate },
    { figure: 'agreements_completed', label: 'davon abgeschlossen', unit: 'count', value: f.agreements.completed },
    { figure: 'estimated_hours', label: 'Geschätzte Stunden', unit: 'hours', value: f.agreements.estimatedHours },
    { figure: 'estimated_value_eur', label: 'Geschätzter Gegenwert in Euro (nur für Berichte, es fließt kein Geld)', unit: 'eur', value: f.agreements.estimatedValueEur },
    { figure: 'agreements_with_give_back', label: 'Vereinbarungen mit Gegenleistung', unit: 'count', value: f.agreements.giveAndTake.withGiveBack },
    { figure: 'give_back_delivered', label: 'davon Gegenleistung erbracht', unit: 'count', value: f.agreements.giveAndTake.giveBackDelivered.numerator },
    { figure: 'give_back_delivery_rate', label: 'Quote erbrachter Gegenleistungen', unit: 'rate', value: f.agreements.giveAndTake.giveBackDelivered.rate },
    { figure: 'deliveries', label: 'Erbrachte Leistungen (Einträge der Unternehmen)', unit: 'count', value: f.deliveries.count },
    { figure: 'hours_delivered', label: 'Geleistete Stunden', unit: 'hours', value: f.deliveries.hours },
  ];
  for (const g of f.deliveries.goods) rows.push({ figure: 'goods_delivered', label: `Gelieferte Menge (${g.unit})`, unit: g.unit, value: g.quantity });
  rows.push(
    { figure: 'give_back_deliveries', label: 'Erbrachte Gegenleistungen (Einträge der Gemeinnützigen)', unit: 'count', value: f.deliveries.giveBackCount },
    { figure: 'give_back_hours', label: 'Stunden Gegenleistung', unit: 'hours', value: f.deliveries.giveBackHours },
    { figure: 'evaluations', label: 'Auswertungen', unit: 'count', value: f.evaluations.count },
    { figure: 'mean_rating', label: 'Durchschnittliche Bewertung (1–5)', unit: 'rating', value: f.evaluations.meanRating },
    { figure: 'would_cooperate_again', label: 'Würden wieder kooperieren', unit: 'count', value: f.evaluations.wouldCooperateAgain.numerator },
    { figure: 'would_cooperate_again_share', label: 'Anteil „würden wieder kooperieren“', unit: 'rate', value: f.evaluations.wouldCooperateAgain.rate },
    { figure: 'people_reached', label: 'Erreichte Menschen', unit: 'count', value: f.evaluations.peopleReached },
  );
  return rows;
}

/**
 * One cell: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text that a
 * spreadsheet would run as a formula (= + - @ tab CR at the start) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null, text = true): string {
  if (value === null) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvScope {
  district: { id: string; name: string; level: string };
  /** total: the district with everything below it; child: one of its direct sub-districts. */
  scope: 'total' | 'child';
  figures: Figures;
}

export function toCsv(scopes: CsvScope[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of scopes) {
    for (const r of figureRows(s.figures)) {
      lines.push([csvCell(s.district.id), csvCell(s.district.name), csvCell(s.district.level), s.scope, r.figure, csvCell(r.label), csvCell(r.unit), csvCell(r.value, false)].join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
