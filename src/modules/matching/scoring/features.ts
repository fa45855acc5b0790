import type { Category, Unit } from '../../../common/domain/vocabulary';
import { inverseDocumentFrequency } from './components';
import { CATEGORY_CODE, causeMask, giveBackMask, UNIT_CODE } from './model';
import { SIGNATURE_WORDS, signatureBits, textSignature } from './text';

/**
 * A need or offer reduced to what scoring reads: numbers, bit masks and typed arrays, so that the
 * inner loop allocates nothing and touches no strings.
 */
export interface ListingFeatures {
  id: string;
  /** Interned organisation id (same number = same organisation). */
  org: number;
  category: number;
  unit: number;
  /** Need: quantity; offer: capacity. */
  amount: number;
  /** Timeframe in ms since the epoch; ±Infinity when open. */
  start: number;
  end: number;
  /** Position in radians, with cos(lat) precomputed for the haversine. */
  lat: number;
  lon: number;
  cosLat: number;
  /** Sorted tag ids (TagIndex) and their summed inverse document frequency. */
  tags: Int32Array;
  tagWeight: number;
  /** 512-bit trigram signature of the lexemes, and its number of set bits. */
  sig: Uint32Array;
  sigBits: number;
  /** Need: the nonprofit's cause areas; offer: the company's preferred cause areas (bit masks). */
  causes: number;
  /** Need: the nonprofit's Gegenleistungen; offer: what the company asked for in return. */
  giveBacks: number;
  /** Offers: serves the need only within this many km; Infinity when it serves the need's district. */
  radiusKm: number;
}

/** What a listing row from the database provides. */
export interface ListingSource {
  id: string;
  organisationId: string;
  category: Category;
  unit: Unit;
  amount: number;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  lat: number;
  lon: number;
  tags: readonly string[];
  lexemes: readonly string[];
  causeAreas: readonly string[];
  giveBacks: readonly string[];
  radiusKm?: number;
}

/** Tags are compared case-insensitively, with surrounding blanks ignored. */
export const normaliseTag = (t: string) => t.trim().toLocaleLowerCase('de-DE');

/** Document frequencies of tags across all published needs and offers. */
export interface TagStats {
  total: number;
  df: ReadonlyMap<string, number>;
}

/** Interns tags to small integers and knows each one's inverse document frequency. */
export class TagIndex {
  private readonly ids = new Map<string, number>();
  private weights: number[] = [];
  readonly names: string[] = [];

  constructor(private readonly stats: TagStats) {}

  id(tag: string): number {
    const key = normaliseTag(tag);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(key, id);
      this.names.push(key);
      this.weights.push(inverseDocumentFrequency(this.stats.df.get(key) ?? 0, this.stats.total));
    }
    return id;
  }

  weightOf(id: number): number {
    return this.weights[id];
  }

  get idf(): Float64Array {
    return Float64Array.from(this.weights);
  }
}

/** Interns organisation ids. */
export class Interner {
  private readonly map = new Map<string, number>();
  of(key: string): number {
    let v = this.map.get(key);
    if (v === undefined) this.map.set(key, (v = this.map.size));
    return v;
  }
}

const toMs = (d: Date | string | null, open: number) => (d == null ? open : new Date(d).getTime());
const RAD = Math.PI / 180;

export function toFeatures(src: ListingSource, tags: TagIndex, orgs: Interner): ListingFeatures {
  const tagIds = Int32Array.from(new Set(src.tags.map((t) => tags.id(t)))).sort();
  const sig = textSignature(src.lexemes, new Uint32Array(SIGNATURE_WORDS));
  let tagWeight = 0;
  for (const t of tagIds) tagWeight += tags.weightOf(t);
  const lat = src.lat * RAD;
  return {
    id: src.id,
    org: orgs.of(src.organisationId),
    category: CATEGORY_CODE[src.category],
    unit: UNIT_CODE[src.unit],
    amount: src.amount,
    start: toMs(src.startsAt, -Infinity),
    end: toMs(src.endsAt, Infinity),
    lat,
    lon: src.lon * RAD,
    cosLat: Math.cos(lat),
    tags: tagIds,
    tagWeight,
    sig,
    sigBits: signatureBits(sig),
    causes: causeMask(src.causeAreas),
    giveBacks: giveBackMask(src.giveBacks),
    radiusKm: src.radiusKm ?? Infinity,
  };
}
