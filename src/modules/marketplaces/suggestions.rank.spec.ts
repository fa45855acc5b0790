import { rankSuggestions, type SuggestionCandidate } from './suggestions.rank';

/** Candidates as [partner, need, offer, score]; the match id is `need×offer`. */
type Row = [string, string, string, number];
const candidates = (rows: Row[]): SuggestionCandidate[] =>
  rows.map(([partnerId, needId, offerId, score]) => ({ partnerId, needId, offerId, score, matchId: `${needId}×${offerId}` }));
const shown = (list: SuggestionCandidate[]) => list.map((c) => `${c.partnerId}:${c.matchId}:${c.score}`);

describe('rankSuggestions', () => {
  describe.each<[string, Row[], number, string[]]>([
    ['nothing to suggest', [], 10, []],
    [
      'the Tafel Hallschlag: Bäckerei Weber beats Malerbetrieb Schulz',
      [
        ['schulz', 'umzug', 'streichen', 0.41],
        ['weber', 'umzug', 'brot', 0.87],
      ],
      10,
      ['weber:umzug×brot:0.87', 'schulz:umzug×streichen:0.41'],
    ],
    [
      'a partner with several matches appears once, with its best',
      [
        ['weber', 'umzug', 'transporter', 0.52],
        ['weber', 'lebensmittel', 'brot', 0.91],
        ['weber', 'fest', 'kuchen', 0.33],
        ['schulz', 'streichen', 'farbe', 0.6],
      ],
      10,
      ['weber:lebensmittel×brot:0.91', 'schulz:streichen×farbe:0.6'],
    ],
    [
      'equal scores: the partner with the smaller id first',
      [
        ['c-weber', 'umzug', 'o1', 0.7],
        ['a-schulz', 'umzug', 'o2', 0.7],
        ['b-mueller', 'umzug', 'o3', 0.7],
      ],
      10,
      ['a-schulz:umzug×o2:0.7', 'b-mueller:umzug×o3:0.7', 'c-weber:umzug×o1:0.7'],
    ],
    [
      'equal scores within a partner: the smaller need id, then offer id, whatever the input order',
      [
        ['weber', 'n2', 'o1', 0.8],
        ['weber', 'n1', 'o2', 0.8],
        ['weber', 'n1', 'o1', 0.8],
      ],
      10,
      ['weber:n1×o1:0.8'],
    ],
    [
      'the limit cuts after ranking',
      [
        ['d', 'n', 'o4', 0.2],
        ['a', 'n', 'o1', 0.9],
        ['c', 'n', 'o3', 0.4],
        ['b', 'n', 'o2', 0.6],
      ],
      2,
      ['a:n×o1:0.9', 'b:n×o2:0.6'],
    ],
    ['a limit of 0 suggests nobody', [['a', 'n', 'o', 0.9]], 0, []],
  ])('%s', (_, rows, limit, expected) => {
    it('ranks as expected', () => {
      expect(shown(rankSuggestions(candidates(rows), limit))).toEqual(expected);
    });
    it('does not depend on the order of the candidates', () => {
      expect(shown(rankSuggestions(candidates([...rows].reverse()), limit))).toEqual(expected);
    });
  });

  it('keeps the extra fields of the chosen candidate', () => {
    const [top] = rankSuggestions([{ partnerId: 'weber', needId: 'n', offerId: 'o', matchId: 'm', score: 0.5, partnerName: 'Bäckerei Weber' }], 10);
    expect(top.partnerName).toBe('Bäckerei Weber');
  });
});
