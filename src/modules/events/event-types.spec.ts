import { COOPERATION_STATUSES } from '../cooperations/cooperation.machine';
import { EVENT_TYPES, expandTypes, isEventTypePattern, MARKETPLACE_EVENT_OF_STATUS, matchesTypes } from './event-types';

describe('event types', () => {
  it('has one cooperation event per status and one marketplace event per non-draft status', () => {
    for (const s of COOPERATION_STATUSES) expect(EVENT_TYPES).toContain(`cooperation.${s}`);
    expect(Object.keys(MARKETPLACE_EVENT_OF_STATUS).sort()).toEqual(['cancelled', 'closed', 'finished', 'open', 'reported', 'running', 'scheduled']);
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['need.published', 'offer.published', 'match.created', 'agreement.signed', 'marketplace.opened', 'marketplace.schedule_published']));
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });

  describe.each<[string, string[], boolean]>([
    ['cooperation.accepted', ['cooperation.accepted'], true],
    ['cooperation.accepted', ['cooperation.*'], true],
    ['cooperation.accepted', ['need.published', 'marketplace.*'], false],
    ['marketplace.schedule_published', ['marketplace.*'], true],
    ['need.published', ['need.*'], true],
    ['need.published', ['offer.published'], false],
    ['match.created', [], false],
  ])('%s against %j', (type, patterns, expected) => {
    it(`matches: ${expected}`, () => expect(matchesTypes(type, patterns)).toBe(expected));
  });

  it('expands patterns to the types they name, in order, each once', () => {
    expect(expandTypes(['need.published', 'need.*'])).toEqual(['need.published']);
    expect(expandTypes(['cooperation.*'])).toEqual(COOPERATION_STATUSES.map((s) => `cooperation.${s}`));
    expect(expandTypes(['marketplace.*'])).toHaveLength(8);
  });

  it.each<[string, boolean]>([
    ['cooperation.*', true],
    ['need.published', true],
    ['*', false],
    ['cooperation.proposed.*', false],
    ['bedarf.veröffentlicht', false],
  ])('%s is a pattern: %s', (pattern, expected) => expect(isEventTypePattern(pattern)).toBe(expected));
});
