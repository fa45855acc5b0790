import { randomUUID } from 'node:crypto';
import type { District } from './district.entity';
import { DistrictDirectory } from './district-directory';

const make = (name: string, parent?: District): District =>
  ({ id: randomUUID(), name, ancestorIds: [] as string[], parentId: parent?.id ?? null } as District);

describe('DistrictDirectory', () => {
  const city = make('Stuttgart');
  city.ancestorIds = [city.id];
  const cannstatt = make('Bad Cannstatt', city);
  cannstatt.ancestorIds = [city.id, cannstatt.id];
  const hallschlag = make('Hallschlag', cannstatt);
  hallschlag.ancestorIds = [...cannstatt.ancestorIds, hallschlag.id];
  const vaihingen = make('Vaihingen', city);
  vaihingen.ancestorIds = [city.id, vaihingen.id];
  const dir = new DistrictDirectory([city, cannstatt, hallschlag, vaihingen]);

  it.each([
    ['the city holds everything', city, [city, cannstatt, hallschlag, vaihingen]],
    ['a borough holds itself and its quarters', cannstatt, [cannstatt, hallschlag]],
    ['a quarter holds itself', hallschlag, [hallschlag]],
  ])('%s', (_, root, expected) => {
    expect(dir.subtree(root.id).sort()).toEqual(expected.map((d) => d.id).sort());
  });

  it('knows nothing of unknown ids', () => {
    const unknown = randomUUID();
    expect(dir.has(unknown)).toBe(false);
    expect(dir.get(unknown)).toBeUndefined();
    expect(dir.subtree(unknown)).toEqual([]);
  });
});
