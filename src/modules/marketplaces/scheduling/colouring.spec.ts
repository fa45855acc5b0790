import fc from 'fast-check';
import { constrainedColouring, equitableColouring, type ColouringGraph } from './colouring';

/** Bipartite graph: left vertices 0..l-1, right vertices l..l+r-1. */
function graph(l: number, r: number, pairs: [number, number][]): ColouringGraph {
  return { vertices: l + r, eu: Int32Array.from(pairs, (p) => p[0]), ev: Int32Array.from(pairs, (p) => l + p[1]) };
}
const complete = (l: number, r: number) => graph(l, r, Array.from({ length: l * r }, (_, k) => [Math.floor(k / r), k % r] as [number, number]));

function checkProper(g: ColouringGraph, colour: Int32Array, k: number): number[] {
  const seen = new Set<string>();
  const sizes = new Array<number>(k).fill(0);
  colour.forEach((c, e) => {
    expect(c >= 0 && c < k).toBe(true);
    for (const v of [g.eu[e], g.ev[e]]) {
      expect(seen.has(`${v}:${c}`)).toBe(false);
      seen.add(`${v}:${c}`);
    }
    sizes[c]++;
  });
  return sizes;
}

describe('equitableColouring', () => {
  it.each<[string, ColouringGraph, number, number[]]>([
    ['K3,3 with 3 colours: three perfect matchings', complete(3, 3), 3, [3, 3, 3]],
    ['K2,5 with 5 colours', complete(2, 5), 5, [2, 2, 2, 2, 2]],
    ['a star of 4 with 6 colours (k above Δ)', complete(1, 4), 6, [1, 1, 1, 1, 0, 0]],
    ['K4,4 with 6 colours: 16 edges in classes of 2 or 3', complete(4, 4), 6, [3, 3, 3, 3, 2, 2]],
  ])('%s', (_name, g, k, expectedSizes) => {
    const r = equitableColouring(g, k);
    const sizes = checkProper(g, r.colour, k);
    expect([...sizes].sort((a, b) => b - a)).toEqual(expectedSizes);
  });

  it('any bipartite graph, any k ≥ Δ: proper, classes differ by at most one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        fc.integer({ min: 0, max: 5 }),
        (l, r, take, extra) => {
          const pairs: [number, number][] = [];
          for (let i = 0; i < l; i++) for (let j = 0; j < r; j++) if (take[i * 12 + j]) pairs.push([i, j]);
          const g = graph(l, r, pairs);
          const deg = new Array<number>(l + r).fill(0);
          pairs.forEach(([i, j]) => {
            deg[i]++;
            deg[l + j]++;
          });
          const k = Math.max(1, ...deg) + extra;
          const sizes = checkProper(g, equitableColouring(g, k).colour, k);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('constrainedColouring', () => {
  it('keeps fixed edges in their slot and places the others around them', () => {
    const g = complete(2, 2); // edges 0:(0,2) 1:(0,3) 2:(1,2) 3:(1,3)
    const fixed = Int32Array.from([1, -1, -1, 1]);
    const r = constrainedColouring(g, { slots: 2, tables: 2, allowed: () => true, order: [0, 1, 2, 3], fixed });
    expect(Array.from(r.colour)).toEqual([1, 0, 0, 1]);
  });

  it('repairs by a Kempe chain, moving a fixed edge only when nothing else works', () => {
    // e0 = L0–R1 fixed in slot 0; e1 = L1–R0 may only use slot 1; e2 = L0–R0: L0 is free only in
    // slot 1, R0 only in slot 0. The chain through e1 would need e1 in slot 0 (not allowed), so the
    // chain through the fixed e0 is flipped: e0 to slot 1, e2 into slot 0.
    const g = graph(2, 2, [
      [0, 1],
      [1, 0],
      [0, 0],
    ]);
    const allowed = (e: number, c: number) => e !== 1 || c === 1;
    const r = constrainedColouring(g, { slots: 2, tables: 2, allowed, order: [0, 1, 2], fixed: Int32Array.from([0, -1, -1]) });
    expect(Array.from(r.colour)).toEqual([1, 1, 0]);
    expect(r.kempeFlips).toBe(1);
  });

  it('prefers a chain that moves no fixed edge', () => {
    // e0 = L0–R1 fixed in slot 0; e3 = L1–R2 goes to slot 0, so e1 = L1–R0 to slot 1; e2 = L0–R0
    // then has no common free slot. The chain R0 –e1– L1 –e3– R2 holds no fixed edge: it is
    // flipped (e1 to 0, e3 to 1) and e2 takes slot 1; the fixed e0 stays in slot 0.
    const g = graph(2, 3, [
      [0, 1],
      [1, 0],
      [0, 0],
      [1, 2],
    ]);
    const r = constrainedColouring(g, { slots: 2, tables: 2, allowed: () => true, order: [0, 3, 1, 2], fixed: Int32Array.from([0, -1, -1, -1]) });
    expect(Array.from(r.colour)).toEqual([0, 0, 1, 1]);
    expect(r.kempeFlips).toBe(1);
  });

  it('respects allowed slots and tables, or leaves the edge out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 36, maxLength: 36 }), (l, r, slots, tables, noise) => {
        const pairs: [number, number][] = [];
        for (let i = 0; i < l; i++) for (let j = 0; j < r; j++) if (noise[i * 6 + j] % 2 === 0) pairs.push([i, j]);
        const g = graph(l, r, pairs);
        const allowed = (e: number, c: number) => (noise[(e * 7 + c) % 36] % 5) !== 0;
        const res = constrainedColouring(g, { slots, tables, allowed, order: pairs.map((_, e) => e) });
        const seen = new Set<string>();
        const load = new Array<number>(slots).fill(0);
        res.colour.forEach((c, e) => {
          if (c < 0) return;
          expect(allowed(e, c)).toBe(true);
          for (const v of [g.eu[e], g.ev[e]]) {
            expect(seen.has(`${v}:${c}`)).toBe(false);
            seen.add(`${v}:${c}`);
          }
          load[c]++;
        });
        expect(Math.max(0, ...load)).toBeLessThanOrEqual(tables);
      }),
      { numRuns: 300 },
    );
  });
});
