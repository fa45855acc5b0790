/** Great-circle distance in km (haversine). The SQL twin is marktplatz_distance_km(). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lat/lon box that contains the circle, for an index-friendly pre-filter. */
export function boundingBox(lat: number, lon: number, radiusKm: number) {
  const dLat = radiusKm / 111.045;
  const dLon = radiusKm / (111.045 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

type Point = { lat: number; lon: number };

/**
 * Where a need or offer is: the organisation's address when the item lies in the organisation's
 * home district, else the district's centroid.
 */
export function placeOf(org: { districtId: string; lat: number | null; lon: number | null }, district: Point & { id: string }): Point {
  if (district.id === org.districtId && org.lat != null && org.lon != null) return { lat: org.lat, lon: org.lon };
  return { lat: district.lat, lon: district.lon };
}
