import { boundingBox, distanceKm } from './geo';

const HBF = { lat: 48.784, lon: 9.1817 }; // Stuttgart Hauptbahnhof
const CANNSTATT = { lat: 48.8049, lon: 9.2155 }; // Bad Cannstatt

/** The point `km` away from (lat, lon) in direction `bearing` (degrees), on a sphere. */
function destination(lat: number, lon: number, km: number, bearing: number) {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const d = km / R;
  const b = bearing * rad;
  const la1 = lat * rad;
  const lo1 = lon * rad;
  const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
  const lo2 = lo1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
  return { lat: la2 / rad, lon: lo2 / rad };
}

describe('distanceKm', () => {
  it('Stuttgart Hbf to Bad Cannstatt is about 3.3 km', () => {
    const d = distanceKm(HBF.lat, HBF.lon, CANNSTATT.lat, CANNSTATT.lon);
    expect(Math.abs(d - 3.3)).toBeLessThanOrEqual(0.3);
  });

  describe.each<[string, [number, number, number, number], number, number]>([
    ['same point', [48.7758, 9.1829, 48.7758, 9.1829], 0, 0.000001],
    ['one degree of latitude', [48, 9, 49, 9], 111.2, 0.1],
    ['one degree of longitude at the equator', [0, 0, 0, 1], 111.2, 0.1],
    ['one degree of longitude at 60°N is half', [60, 0, 60, 1], 55.6, 0.1],
    ['Stuttgart to Berlin', [48.7758, 9.1829, 52.52, 13.405], 511, 5],
    ['across the date line', [0, 179.5, 0, -179.5], 111.2, 0.1],
    ['antipodes (half the circumference)', [0, 0, 0, 180], 20015.1, 0.5],
  ])('%s', (_name, [lat1, lon1, lat2, lon2], expected, tolerance) => {
    it(`is ${expected} km (±${tolerance})`, () => {
      expect(Math.abs(distanceKm(lat1, lon1, lat2, lon2) - expected)).toBeLessThanOrEqual(tolerance);
    });
    it('is symmetric', () => {
      expect(distanceKm(lat1, lon1, lat2, lon2)).toBeCloseTo(distanceKm(lat2, lon2, lat1, lon1), 9);
    });
  });

  it('never returns NaN near antipodes (rounding clamp)', () => {
    expect(Number.isNaN(distanceKm(45, 0, -45, 180))).toBe(false);
  });
});

describe('boundingBox', () => {
  describe.each<[string, number, number, number]>([
    ['Bad Cannstatt, 5 km', CANNSTATT.lat, CANNSTATT.lon, 5],
    ['Stuttgart Hbf, 0.1 km', HBF.lat, HBF.lon, 0.1],
    ['Stuttgart Hbf, 200 km', HBF.lat, HBF.lon, 200],
    ['the equator, 50 km', 0, 10, 50],
    ['Tromsø, 30 km', 69.65, 18.96, 30],
    ['southern hemisphere, 20 km', -33.87, 151.21, 20],
  ])('around %s', (_name, lat, lon, radius) => {
    const box = boundingBox(lat, lon, radius);

    it('is centred on the point', () => {
      expect(box.minLat).toBeLessThan(lat);
      expect(box.maxLat).toBeGreaterThan(lat);
      expect(box.minLon).toBeLessThan(lon);
      expect(box.maxLon).toBeGreaterThan(lon);
      expect((box.minLat + box.maxLat) / 2).toBeCloseTo(lat, 9);
      expect((box.minLon + box.maxLon) / 2).toBeCloseTo(lon, 9);
    });

    it('contains every point of the circle', () => {
      for (let bearing = 0; bearing < 360; bearing += 5) {
        // just inside the circle (the SQL filter is distance <= radius)
        const p = destination(lat, lon, radius * 0.9999, bearing);
        expect(distanceKm(lat, lon, p.lat, p.lon)).toBeLessThanOrEqual(radius);
        expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
        expect(p.lat).toBeLessThanOrEqual(box.maxLat);
        expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
        expect(p.lon).toBeLessThanOrEqual(box.maxLon);
      }
    });

    it('is not needlessly large (at most 2% beyond the circle north-south)', () => {
      const north = destination(lat, lon, radius, 0);
      expect(box.maxLat - lat).toBeLessThanOrEqual((north.lat - lat) * 1.02);
    });
  });
});
