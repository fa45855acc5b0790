import { moneyInText, moneyTerm } from './validation';

describe('everything but money', () => {
  it.each([
    'money', 'Cash', 'Geld', 'bargeld', 'geldspende', 'Geldspenden', 'spendengeld', 'euro', 'EUR', 'Euros', '€', '$', 'usd',
    'spende', 'Spenden', 'geld spende', '500 euro', 'euro-spende', 'cash-spende', 'bar geld', 'geldbetrag', 'ｇｅｌｄ', 'gеld' /* Cyrillic е */, 'Überweisung',
  ])('refuses the term %s', (term) => {
    expect(moneyTerm(term)).toBeDefined();
  });

  it.each(['time', 'skills', 'hours', 'umzug', 'sachspenden', 'europaviertel', 'kleiderspende', 'garten', 'it', 'transport'])('allows the term %s', (term) => {
    expect(moneyTerm(term)).toBeUndefined();
  });

  it.each([
    ['Wir brauchen 5000 Euro Spende', '5000 euro'],
    ['Zuschuss von 1.500,00 € für das Fest', '1.500,00 €'],
    ['EUR 200 für Material', 'eur 200'],
    ['Geldspenden für den Verein', 'geldspenden'],
    ['Bargeld für die Kasse', 'bargeld'],
    ['$50 reichen', '$50'],
  ])('finds money in the text "%s"', (text, found) => {
    expect(moneyInText(text)).toBe(found);
  });

  it.each([
    'Es fließt kein Geld: wir brauchen Hände, keine Spenden.',
    'Sachspenden für die Kleiderkammer im Europaviertel',
    'Umzug am 12. März, 8 Helfer für 5 Stunden',
    'Team-Event für 20 Mitarbeitende',
  ])('allows the text "%s"', (text) => {
    expect(moneyInText(text)).toBeUndefined();
  });
});
