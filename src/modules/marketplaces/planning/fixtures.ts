/**
 * Test fixtures for the round planner: a small part of Stuttgart (approximate centroids, as in
 * src/bin/demo/demo-data.ts). Used by the specs only.
 */
import type { CrossQuarterValue, PlanningDistrict, PlanningVenue, QuarterPool, RoundPlanningInput } from './model';

export const STUTTGART: PlanningDistrict[] = [
  { id: 'stuttgart', name: 'Stuttgart', level: 'city', parentId: null, lat: 48.7758, lon: 9.1829 },
  { id: 'ost', name: 'Stuttgart-Ost', level: 'borough', parentId: 'stuttgart', lat: 48.783, lon: 9.208 },
  { id: 'sued', name: 'Stuttgart-Süd', level: 'borough', parentId: 'stuttgart', lat: 48.759, lon: 9.164 },
  { id: 'degerloch', name: 'Degerloch', level: 'borough', parentId: 'stuttgart', lat: 48.746, lon: 9.172 },
  { id: 'gablenberg', name: 'Gablenberg', level: 'quarter', parentId: 'ost', lat: 48.777, lon: 9.2075 },
  { id: 'ostheim', name: 'Ostheim', level: 'quarter', parentId: 'ost', lat: 48.782, lon: 9.205 },
  { id: 'gaisburg', name: 'Gaisburg', level: 'quarter', parentId: 'ost', lat: 48.785, lon: 9.221 },
  { id: 'heslach', name: 'Heslach', level: 'quarter', parentId: 'sued', lat: 48.76, lon: 9.16 },
  { id: 'karlshoehe', name: 'Karlshöhe', level: 'quarter', parentId: 'sued', lat: 48.763, lon: 9.165 },
  { id: 'lehen', name: 'Lehen', level: 'quarter', parentId: 'sued', lat: 48.766, lon: 9.17 },
  { id: 'hoffeld', name: 'Hoffeld', level: 'quarter', parentId: 'degerloch', lat: 48.735, lon: 9.2 },
];

export const pool = (districtId: string, organisations: number, matchValue: number): QuarterPool => ({
  districtId,
  organisations,
  openNeeds: organisations * 2,
  openOffers: organisations,
  matchValue,
});

export const cross = (a: string, b: string, value: number): CrossQuarterValue => ({ districtIds: [a, b], value });

export const venue = (id: string, districtId: string, capacity: number, dates?: string[], tables = 20): PlanningVenue => ({
  id,
  name: id,
  districtId,
  capacity,
  tables,
  dates,
});

export function roundInput(parts: Partial<RoundPlanningInput> & Pick<RoundPlanningInput, 'pools' | 'venues'>): RoundPlanningInput {
  return {
    districts: STUTTGART,
    crossValues: [],
    candidateDates: ['2026-05-05', '2026-05-12'],
    targetSize: { min: 40, max: 120 },
    ...parts,
  };
}
