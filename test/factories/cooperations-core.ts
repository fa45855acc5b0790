import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/password';
import { CooperationWorkflow } from '../../src/modules/cooperations/cooperation.workflow';
import type { CooperationAction } from '../../src/modules/cooperations/cooperation.machine';
import { User } from '../../src/modules/users/user.entity';
import { Member, PASSWORD, signup, uid } from './index';
import { COMPANY_LOGISTICS, NONPROFIT_PREPARED } from './readiness';

/** Submits the readiness check (UPJ step 3) through the API, as a member of the organisation. */
export async function submitReadiness(http: TestAgent, member: Member, kind: 'nonprofit' | 'company'): Promise<void> {
  await http
    .post(`/v1/organisations/${member.organisationId}/readiness`)
    .set(member.auth)
    .send({ answers: kind === 'nonprofit' ? NONPROFIT_PREPARED : COMPANY_LOGISTICS })
    .expect(201);
}

/** A nonprofit that has done step 3, so it may send proposals. */
export async function readyNonprofit(http: TestAgent, districtId: string, organisation: Record<string, unknown> = {}): Promise<Member> {
  const m = await signup(http, 'nonprofit', districtId, organisation);
  await submitReadiness(http, m, 'nonprofit');
  return m;
}

/** A company that has done step 3. */
export async function readyCompany(http: TestAgent, districtId: string, organisation: Record<string, unknown> = {}): Promise<Member> {
  const m = await signup(http, 'company', districtId, organisation);
  await submitReadiness(http, m, 'company');
  return m;
}

/** A user (no organisation) who organises the given districts, logged in. */
export async function makeOrganiser(ds: DataSource, http: TestAgent, districtIds: string[]): Promise<Member> {
  const email = `organiser-${uid()}@test.example`;
  const user = await ds.getRepository(User).save({ email, passwordHash: await hashPassword(PASSWORD), displayName: 'Olga Organisatorin', isAdmin: false, organiserDistrictIds: districtIds });
  const res = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { token: res.body.accessToken, userId: user.id, organisationId: '', email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export const PROPOSAL_MESSAGE = 'Guten Tag, wir würden uns sehr über eine Zusammenarbeit beim Umzug unseres Jugendtreffs freuen.';

/** Sends a proposal and expects 201; returns the body. */
export async function proposal(http: TestAgent, sender: Member, body: { needId?: string; offerId?: string; matchId?: string; message?: string }) {
  const res = await http
    .post('/v1/cooperations')
    .set(sender.auth)
    .send({ message: PROPOSAL_MESSAGE, ...body })
    .expect(201);
  return res.body as { id: string; status: string; version: number; expiresAt: string; [k: string]: unknown };
}

/**
 * A transition only the system takes (agree when both signed, expire, evaluate), through the one
 * transition path: for tests of later states while the agreements package is not at hand.
 */
export async function systemTransition(ds: DataSource, workflow: CooperationWorkflow, id: string, action: CooperationAction): Promise<void> {
  await ds.transaction((manager) => workflow.transition(manager, id, action, null, { note: 'test: system step' }));
}
