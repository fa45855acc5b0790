import { auditRecord, singular } from './api-audit';

const NEED = '0b6f8c1e-3f47-4d6a-9c41-8c7c2b2c9f10';
const COOP = '7d1c2a9e-5b0f-4f0e-8a6d-2f0b9d6e4c21';
const DELIVERY = 'c3a9d8e2-1b47-4c5e-9f60-7a8b9c0d1e2f';

describe('audit record of a key call', () => {
  it.each([
    ['needs', 'need'],
    ['offers', 'offer'],
    ['matches', 'match'],
    ['deliveries', 'delivery'],
    ['meeting-wishes', 'meeting-wish'],
    ['readiness', 'readiness'],
    ['shortlist', 'shortlist'],
    ['follow-ups', 'follow-up'],
    ['messages', 'message'],
  ])('%s in the singular is %s', (plural, one) => {
    expect(singular(plural)).toBe(one);
  });

  it.each([
    ['a created need (Bedarf)', '/v1/needs', {}, 201, NEED, { recordType: 'need', recordId: NEED }],
    ['a created message under a cooperation', '/v1/cooperations/:id/messages', { id: COOP }, 201, DELIVERY, { recordType: 'message', recordId: DELIVERY }],
    ['a need read by id', '/v1/needs/:id', { id: NEED }, 200, undefined, { recordType: 'need', recordId: NEED }],
    ['a need published (action after the id)', '/v1/needs/:id/:action', { id: NEED, action: 'publish' }, 200, undefined, { recordType: 'need', recordId: NEED }],
    ['a delivery confirmed: the deepest record', '/v1/cooperations/:id/deliveries/:did/confirm', { id: COOP, did: DELIVERY }, 200, undefined, { recordType: 'delivery', recordId: DELIVERY }],
    ['an agreement version', '/v1/cooperations/:id/agreements/:version', { id: COOP, version: '2' }, 200, undefined, { recordType: 'agreement', recordId: '2' }],
    ['a refused create names nothing', '/v1/needs', {}, 403, undefined, null],
    ['a 200 with an id is no creation', '/v1/needs', {}, 200, NEED, null],
    ['a list names nothing', '/v1/needs', {}, 200, undefined, null],
    ['a refused read still names the record', '/v1/needs/:id', { id: NEED }, 404, undefined, { recordType: 'need', recordId: NEED }],
  ] as const)('%s', (_name, route, params, status, createdId, expected) => {
    expect(auditRecord(route, params, status, createdId)).toEqual(expected);
  });
});
