import { DataSource } from 'typeorm';
import { createAdmin } from '../../src/bin/cli';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAdmin, makeTree, PASSWORD, signup, Tree, uid } from '../factories';

describe('users: admins, organisers', () => {
  let t: TestApp;
  let tree: Tree;
  beforeAll(async () => {
    t = await createTestApp();
    tree = await makeTree(t.ds);
  });
  afterAll(() => t.close());

  it('create-admin makes the first admin, who can log in and manage districts', async () => {
    const email = `Boss-${uid()}@Test.Example`;
    expect(await createAdmin(t.ds as DataSource, email, PASSWORD, 'Chefin')).toMatch(/created/);
    const login = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ user: { email: email.toLowerCase(), roles: ['admin'], organisationId: null }, organisation: null });
    // run again: idempotent, resets the password
    expect(await createAdmin(t.ds as DataSource, email, 'a new password 123')).toMatch(/now an admin/);
    await t.http.post('/v1/auth/login').send({ email, password: 'a new password 123' }).expect(200);
    await expect(createAdmin(t.ds as DataSource, 'not-an-email', PASSWORD)).rejects.toThrow(/--email/);
  });

  it('admins make users organisers of districts; the role shows in /v1/me', async () => {
    const admin = await makeAdmin(t.ds, t.http);
    const member = await signup(t.http, 'nonprofit', tree.quarter.id);
    const res = await t.http.put(`/v1/users/${member.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [tree.borough.id] }).expect(200);
    expect(res.body).toMatchObject({ id: member.userId, organiserDistrictIds: [tree.borough.id], roles: ['nonprofit_member', 'organiser'] });
    expect((await t.http.get('/v1/me').set(member.auth).expect(200)).body.user.roles).toEqual(['nonprofit_member', 'organiser']);
    const cleared = await t.http.put(`/v1/users/${member.userId}/organiser-districts`).set(admin.auth).send({ districtIds: [] }).expect(200);
    expect(cleared.body.roles).toEqual(['nonprofit_member']);
  });

  it('refuses non-admins (403), unknown districts (400) and unknown users (404)', async () => {
    const admin = await makeAdmin(t.ds, t.http);
    const member = await signup(t.http, 'company', tree.quarter.id);
    const other = await signup(t.http, 'nonprofit', tree.quarter.id);
    const forbidden = await t.http.put(`/v1/users/${other.userId}/organiser-districts`).set(member.auth).send({ districtIds: [tree.city.id] }).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', requiredRoles: ['admin'] });
    await t.http.put(`/v1/users/${member.userId}/organiser-districts`).set(member.auth).send({ districtIds: [tree.city.id] }).expect(403);
    await t.http.put(`/v1/users/${other.userId}/organiser-districts`).send({ districtIds: [] }).expect(401);
    const unknownDistrict = await t.http
      .put(`/v1/users/${other.userId}/organiser-districts`)
      .set(admin.auth)
      .send({ districtIds: ['6a1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b'] })
      .expect(400);
    expect(unknownDistrict.body.errors[0]).toMatchObject({ field: 'districtIds', reason: 'unknownDistrict' });
    const unknownUser = await t.http.put('/v1/users/6a1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/organiser-districts').set(admin.auth).send({ districtIds: [] }).expect(404);
    expect(unknownUser.body.code).toBe('USER_NOT_FOUND');
    const [{ ids }] = await t.ds.query('SELECT organiser_district_ids AS ids FROM users WHERE id = $1', [other.userId]);
    expect(ids).toEqual([]);
  });
});
