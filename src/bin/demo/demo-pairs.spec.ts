import { categoryFit } from '../../modules/matching/scoring/model';
import { DEMO_NEEDS, DEMO_OFFERS } from './demo-data';
import { fittingPairs, pairOf, pickDemoPairs, withAncestors } from './demo-pairs';

describe('demo cooperation pairs', () => {
  const picked = pickDemoPairs(12);

  it('picks 12 pairs of different nonprofits and companies, the same on every call', () => {
    expect(picked).toHaveLength(12);
    expect(new Set(picked.map((p) => p.nonprofit.key)).size).toBe(12);
    expect(new Set(picked.map((p) => p.company.key)).size).toBe(12);
    expect(pickDemoPairs(12).map((p) => [p.need.title, p.offer.title])).toEqual(picked.map((p) => [p.need.title, p.offer.title]));
    // Best first: no later pair of the full ranking beats an earlier one on category fit.
    const all = fittingPairs();
    expect(all.every((p, i) => i === 0 || all[i - 1].fit >= p.fit)).toBe(true);
  });

  it.each(picked.map((p) => [p.need.title, p]))('%s: category fits, the offer serves the Quartier, same unit', (_t, p) => {
    expect(p.need.orgKey).toBe(p.nonprofit.key);
    expect(p.offer.orgKey).toBe(p.company.key);
    expect(categoryFit(p.need.category, p.offer.category)).toBeGreaterThan(0);
    expect(p.need.unit).toBe(p.offer.unit);
    const byName = withAncestors(p.need.districtSlug).some((s) => p.offer.districtSlugs.includes(s));
    expect(byName || (p.offer.radiusKm !== null && p.km <= p.offer.radiusKm)).toBe(true);
  });

  it('refuses pairs that do not fit', () => {
    const need = DEMO_NEEDS.find((n) => n.category === 'goods')!;
    const space = DEMO_OFFERS.find((o) => o.category === 'space')!;
    expect(categoryFit(need.category, space.category)).toBe(0);
    expect(pairOf(need, space)).toBeNull();
    const far = { ...DEMO_OFFERS.find((o) => o.category === need.category)!, districtSlugs: ['no-such-district'], radiusKm: 0.001 };
    expect(pairOf(need, far)).toBeNull();
  });

  it('knows a Quartier lies in its Stadtbezirk and the city', () => {
    expect(withAncestors('hallschlag')).toEqual(['hallschlag', 'bad-cannstatt', 'stuttgart']);
  });
});
