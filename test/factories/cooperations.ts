import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { Cooperation, CooperationEvent } from '../../src/modules/cooperations/cooperation.entity';
import type { CooperationAction } from '../../src/modules/cooperations/cooperation.machine';
import { CooperationWorkflow } from '../../src/modules/cooperations/cooperation.workflow';
import { makeAdmin, publishedNeed, signup, type Member } from './index';

export interface AcceptedCooperation {
  id: string;
  nonprofit: Member;
  company: Member;
  need: { id: string; title: string };
}

/**
 * A cooperation already in status `accepted`, written straight to the database (the proposal
 * routes are another package's): a nonprofit and a company signed up in `districtId`, a
 * published need, the cooperation row and its history (proposed by the company, accepted by
 * the nonprofit).
 */
export async function acceptedCooperation(ds: DataSource, http: TestAgent, districtId: string, org: { nonprofit?: Record<string, unknown>; company?: Record<string, unknown> } = {}): Promise<AcceptedCooperation> {
  const nonprofit = await signup(http, 'nonprofit', districtId, org.nonprofit);
  const company = await signup(http, 'company', districtId, org.company);
  const need = await publishedNeed(http, nonprofit);
  const now = new Date();
  const coop = await ds.getRepository(Cooperation).save({
    status: 'accepted',
    districtId,
    nonprofitId: nonprofit.organisationId,
    companyId: company.organisationId,
    needId: need.id,
    proposedByOrganisationId: company.organisationId,
    proposedByUserId: company.userId,
    message: 'Wir würden Ihnen gern beim Umzug helfen.',
    decidedAt: now,
  });
  await ds.getRepository(CooperationEvent).insert([
    { cooperationId: coop.id, fromStatus: null, toStatus: 'proposed', action: 'propose', actorUserId: company.userId, actorOrganisationId: company.organisationId },
    { cooperationId: coop.id, fromStatus: 'proposed', toStatus: 'accepted', action: 'accept', actorUserId: nonprofit.userId, actorOrganisationId: nonprofit.organisationId },
  ]);
  return { id: coop.id, nonprofit, company, need: { id: need.id, title: need.title } };
}

/** Takes a party's action through the real workflow (the routes for start/complete are another package's). */
export async function act(ds: DataSource, workflow: CooperationWorkflow, coopId: string, action: CooperationAction, by: Member | null): Promise<void> {
  await ds.transaction((m) => workflow.transition(m, coopId, action, by ? { userId: by.userId, organisationId: by.organisationId } : null));
}

/** A member of another organisation who makes an organiser of `districtIds`. */
export async function makeOrganiser(ds: DataSource, http: TestAgent, districtIds: string[], home: string): Promise<Member> {
  const admin = await makeAdmin(ds, http);
  const m = await signup(http, 'nonprofit', home);
  await http.put(`/v1/users/${m.userId}/organiser-districts`).set(admin.auth).send({ districtIds }).expect(200);
  return m;
}

/** A complete agreement body (Leistung and Gegenleistung); `over` replaces top-level fields. */
export const agreementBody = (over: Record<string, unknown> = {}) => ({
  contribution: { category: 'time', quantity: 40, unit: 'hours', description: 'Acht Mitarbeitende helfen einen Tag beim Umzug des Jugendtreffs.' },
  giveBack: { kind: 'thank_you_event', description: 'Dankeschön-Fest mit den Jugendlichen und Logo auf unserer Website.' },
  startsOn: '2031-03-01',
  endsOn: '2031-03-31',
  place: 'Jugendtreff Hallschlag, Stuttgart',
  estimatedHours: 40,
  estimatedValueEur: 1200,
  ...over,
});
