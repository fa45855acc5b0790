import type { District } from './district.entity';

/** All districts in memory: lookups, subtrees and ancestors without a query. */
export class DistrictDirectory {
  private readonly byId: Map<string, District>;
  private readonly subtrees = new Map<string, string[]>();

  constructor(districts: District[]) {
    this.byId = new Map(districts.map((d) => [d.id, d]));
    for (const d of districts) {
      for (const ancestor of d.ancestorIds) {
        const list = this.subtrees.get(ancestor);
        if (list) list.push(d.id);
        else this.subtrees.set(ancestor, [d.id]);
      }
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): District | undefined {
    return this.byId.get(id);
  }

  /** The district and all its descendants; empty for an unknown id. */
  subtree(id: string): string[] {
    return this.subtrees.get(id) ?? [];
  }
}
