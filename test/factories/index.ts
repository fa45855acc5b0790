import { randomBytes, randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/password';
import { District } from '../../src/modules/districts/district.entity';
import { User } from '../../src/modules/users/user.entity';
import type { DistrictLevel, OrganisationKind } from '../../src/common/domain/vocabulary';

export const uid = () => randomBytes(4).toString('hex');
export const PASSWORD = 'correct horse battery staple';

export interface Tree {
  city: District;
  borough: District;
  quarter: District;
  /** a second quarter in the same borough */
  quarter2: District;
  otherBorough: District;
  otherQuarter: District;
}

async function district(ds: DataSource, name: string, level: DistrictLevel, parent: District | null, lat: number, lon: number): Promise<District> {
  const id = randomUUID();
  return ds.getRepository(District).save({
    id,
    name,
    slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${uid()}`,
    level,
    parentId: parent?.id ?? null,
    lat,
    lon,
    ancestorIds: [...(parent?.ancestorIds ?? []), id],
  });
}

/** A small city of its own for a test: Stuttgart-like coordinates, unique slugs. */
export async function makeTree(ds: DataSource): Promise<Tree> {
  const city = await district(ds, 'Teststadt', 'city', null, 48.7758, 9.1829);
  const borough = await district(ds, 'Bad Cannstatt', 'borough', city, 48.8049, 9.2155);
  const quarter = await district(ds, 'Hallschlag', 'quarter', borough, 48.8135, 9.2105);
  const quarter2 = await district(ds, 'Neckarvorstadt', 'quarter', borough, 48.8021, 9.2065);
  const otherBorough = await district(ds, 'Vaihingen', 'borough', city, 48.7297, 9.1077);
  const otherQuarter = await district(ds, 'Rohr', 'quarter', otherBorough, 48.7106, 9.1087);
  return { city, borough, quarter, quarter2, otherBorough, otherQuarter };
}

export interface Member {
  token: string;
  userId: string;
  organisationId: string;
  email: string;
  auth: { Authorization: string };
}

export async function signup(http: TestAgent, kind: OrganisationKind, districtId: string, organisation: Record<string, unknown> = {}): Promise<Member> {
  const email = `${kind}-${uid()}@test.example`;
  const res = await http
    .post('/v1/auth/signup')
    .send({
      email,
      password: PASSWORD,
      displayName: kind === 'nonprofit' ? 'Anna Schneider' : 'Jonas Weber',
      organisation: { kind, name: kind === 'nonprofit' ? `Nachbarschaftshilfe ${uid()} e.V.` : `Weber Logistik ${uid()} GmbH`, districtId, ...organisation },
    })
    .expect(201);
  return {
    token: res.body.accessToken,
    userId: res.body.user.id,
    organisationId: res.body.organisation.id,
    email,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export async function makeAdmin(ds: DataSource, http: TestAgent): Promise<Member> {
  const email = `admin-${uid()}@test.example`;
  const user = await ds.getRepository(User).save({ email, passwordHash: await hashPassword(PASSWORD), displayName: 'Admin', isAdmin: true, organiserDistrictIds: [] });
  const res = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { token: res.body.accessToken, userId: user.id, organisationId: '', email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export const needBody = (over: Record<string, unknown> = {}) => ({
  title: 'Umzugshelfer für unseren Jugendtreff',
  description: 'Wir ziehen im Frühjahr um und brauchen kräftige Hände für Umzüge von Möbeln und Kisten.',
  category: 'time',
  tags: ['umzug', 'jugend'],
  quantity: 12,
  unit: 'hours',
  giveBack: 'Dankeschön-Fest mit den Jugendlichen und Logo auf unserer Website',
  ...over,
});

export const offerBody = (over: Record<string, unknown> = {}) => ({
  title: 'Mitarbeitende helfen beim Umzug',
  description: 'Unser Team packt einen Tag lang mit an: Möbel tragen, Transporter fahren, Kisten schleppen.',
  category: 'time',
  tags: ['umzug', 'transport'],
  capacity: 40,
  unit: 'hours',
  ...over,
});

export async function publishedNeed(http: TestAgent, member: Member, over: Record<string, unknown> = {}) {
  const created = await http.post('/v1/needs').set(member.auth).send(needBody(over)).expect(201);
  const res = await http.post(`/v1/needs/${created.body.id}/publish`).set(member.auth).expect(200);
  return res.body;
}

export async function publishedOffer(http: TestAgent, member: Member, over: Record<string, unknown> = {}) {
  const created = await http.post('/v1/offers').set(member.auth).send(offerBody(over)).expect(201);
  const res = await http.post(`/v1/offers/${created.body.id}/publish`).set(member.auth).expect(200);
  return res.body;
}

/** A user without an organisation and without roles (e.g. a volunteer a marketplace's organisers appoint as broker). */
export async function makeUser(ds: DataSource, http: TestAgent, displayName = 'Maria Helfer'): Promise<Member> {
  const email = `user-${uid()}@test.example`;
  const user = await ds.getRepository(User).save({ email, passwordHash: await hashPassword(PASSWORD), displayName, isAdmin: false, organiserDistrictIds: [] });
  const res = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { token: res.body.accessToken, userId: user.id, organisationId: '', email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}
