import type { DataSource } from 'typeorm';
import { Marketplace, MarketplaceRegistration } from '../../src/modules/marketplaces/marketplace.entity';
import type { MarketplaceStatus, RegistrationStatus } from '../../src/modules/marketplaces/marketplace.machine';
import { uid, type Member, type Tree } from './index';

/**
 * A marketplace written straight to the database in any status (the lifecycle has tests of its
 * own): in the tree's borough for its Quartier, on 12 March 2031, 17:00–19:00 Berlin time, 60
 * places and 20 tables, no pre-arranged meetings unless `over` sets the slots.
 */
export function makeMarketplace(ds: DataSource, tree: Tree, status: MarketplaceStatus, over: Partial<Marketplace> = {}): Promise<Marketplace> {
  return ds.getRepository(Marketplace).save({
    status,
    districtId: tree.borough.id,
    quarterIds: [tree.quarter.id],
    name: `Marktplatz Hallschlag ${uid()}`,
    place: 'Bürgerhaus Hallschlag',
    startsAt: new Date('2031-03-12T16:00:00Z'),
    endsAt: new Date('2031-03-12T18:00:00Z'),
    capacity: 60,
    tables: 20,
    ...over,
  });
}

/** Registrations written straight to the database (registered by default, now). */
export async function register(
  ds: DataSource,
  m: Pick<Marketplace, 'id'>,
  who: Member | Member[],
  status: RegistrationStatus = 'registered',
  extra: Partial<MarketplaceRegistration> = {},
): Promise<MarketplaceRegistration[]> {
  const out: MarketplaceRegistration[] = [];
  for (const w of Array.isArray(who) ? who : [who]) {
    out.push(await ds.getRepository(MarketplaceRegistration).save({ marketplaceId: m.id, organisationId: w.organisationId, status, registeredAt: status === 'registered' ? new Date() : null, ...extra }));
  }
  return out;
}
