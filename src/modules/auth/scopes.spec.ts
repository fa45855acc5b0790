import { API_SCOPES, grants, requiredScope } from './scopes';

describe('API key scopes', () => {
  it.each([
    [['needs:read'], 'needs:read', true],
    [['needs:read'], 'needs:write', false],
    [['needs:*'], 'needs:write', true],
    [['needs:*'], 'offers:read', false],
    [['offers:*', 'matches:read'], 'matches:read', true],
    [['webhooks:manage'], 'webhooks:manage', true],
    [['events:*'], 'events:read', false],
    [[], 'needs:read', false],
  ] as const)('granted %j, needed %s: %s', (granted, needed, ok) => {
    expect(grants(granted, needed)).toBe(ok);
  });

  it.each([
    [{ family: 'needs' }, 'GET', 'needs:read'],
    [{ family: 'needs' }, 'HEAD', 'needs:read'],
    [{ family: 'needs' }, 'POST', 'needs:write'],
    [{ family: 'cooperations' }, 'DELETE', 'cooperations:write'],
    [{ scope: 'webhooks:manage' }, 'GET', 'webhooks:manage'],
  ] as const)('%j with %s needs %s', (requirement, method, scope) => {
    expect(requiredScope(requirement, method)).toBe(scope);
  });

  it('lists read and write of every family and the two single scopes', () => {
    expect(API_SCOPES).toContain('marketplaces:write');
    expect(API_SCOPES).toContain('events:read');
    expect(new Set(API_SCOPES).size).toBe(API_SCOPES.length);
  });
});
