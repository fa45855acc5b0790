import { lowestCommonDistrict } from './marketplaces.service';

// root-first ancestor paths (each ends with the district itself)
const STUTTGART = 'stuttgart';
const CANNSTATT = [STUTTGART, 'bad-cannstatt'];
const HALLSCHLAG = [...CANNSTATT, 'hallschlag'];
const NECKARVORSTADT = [...CANNSTATT, 'neckarvorstadt'];
const ROHR = [STUTTGART, 'vaihingen', 'rohr'];
const MUENCHEN_AU = ['muenchen', 'au-haidhausen', 'au'];

describe('lowestCommonDistrict (the district whose organisers run an event)', () => {
  describe.each<[string, string[][], string | undefined]>([
    ['one Quartier: the Quartier itself', [HALLSCHLAG], 'hallschlag'],
    ['the same Quartier twice', [HALLSCHLAG, HALLSCHLAG], 'hallschlag'],
    ['two Quartiere of one borough: the borough', [HALLSCHLAG, NECKARVORSTADT], 'bad-cannstatt'],
    ['Quartiere of two boroughs: the city', [HALLSCHLAG, NECKARVORSTADT, ROHR], STUTTGART],
    ['a Quartier and its own borough: the borough', [HALLSCHLAG, CANNSTATT], 'bad-cannstatt'],
    ['two cities: none', [HALLSCHLAG, MUENCHEN_AU], undefined],
    ['nothing: none', [], undefined],
  ])('%s', (_name, paths, expected) => {
    it(`is ${String(expected)}`, () => {
      expect(lowestCommonDistrict(paths)).toBe(expected);
      expect(lowestCommonDistrict([...paths].reverse())).toBe(expected);
    });
  });
});
