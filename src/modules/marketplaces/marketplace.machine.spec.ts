import { AppError } from '../../common/errors/error-codes';
import { allowedActions, transition } from '../listings/state-machine';
import {
  MARKETPLACE_ACTIONS,
  MARKETPLACE_MACHINE,
  MARKETPLACE_STATUSES,
  ROUND_ACTIONS,
  ROUND_MACHINE,
  ROUND_STATUSES,
  type MarketplaceAction,
  type MarketplaceStatus,
  type RoundAction,
  type RoundStatus,
} from './marketplace.machine';

/** Every allowed (status, action) → status of a marketplace, written out by hand; every other pair is a 409. */
const MARKETPLACE_ALLOWED: Array<[MarketplaceStatus, MarketplaceAction, MarketplaceStatus]> = [
  ['draft', 'open', 'open'],
  ['draft', 'cancel', 'cancelled'],
  ['open', 'close', 'closed'],
  ['open', 'cancel', 'cancelled'],
  ['closed', 'reopen', 'open'],
  ['closed', 'schedule', 'scheduled'],
  ['closed', 'start', 'running'],
  ['closed', 'cancel', 'cancelled'],
  ['scheduled', 'reopen', 'open'],
  ['scheduled', 'schedule', 'scheduled'],
  ['scheduled', 'start', 'running'],
  ['scheduled', 'cancel', 'cancelled'],
  ['running', 'finish', 'finished'],
  ['finished', 'report', 'reported'],
];

const ROUND_ALLOWED: Array<[RoundStatus, RoundAction, RoundStatus]> = [
  ['draft', 'plan', 'planned'],
  ['draft', 'cancel', 'cancelled'],
  ['planned', 'plan', 'planned'],
  ['planned', 'confirm', 'confirmed'],
  ['planned', 'cancel', 'cancelled'],
  ['confirmed', 'finish', 'finished'],
  ['confirmed', 'cancel', 'cancelled'],
];

function table<S extends string, A extends string>(statuses: readonly S[], actions: readonly A[], allowed: Array<[S, A, S]>) {
  return statuses.flatMap((s) => actions.map((a) => [s, a, allowed.find(([f, x]) => f === s && x === a)?.[2] ?? null] as [S, A, S | null]));
}

describe('marketplace lifecycle: draft → open → closed → scheduled → running → finished → reported', () => {
  it.each(table(MARKETPLACE_STATUSES, MARKETPLACE_ACTIONS, MARKETPLACE_ALLOWED))('%s + %s → %s', (from, action, to) => {
    if (to) expect(transition(MARKETPLACE_MACHINE, from, action, 'marketplace')).toBe(to);
    else {
      const err = (() => {
        try {
          transition(MARKETPLACE_MACHINE, from, action, 'marketplace');
        } catch (e) {
          return e as AppError;
        }
        throw new Error('no error');
      })();
      expect(err.code).toBe('INVALID_TRANSITION');
      expect(err.details).toMatchObject({ currentStatus: from, action, allowedActions: allowedActions(MARKETPLACE_MACHINE, from) });
    }
  });

  it('nothing is possible once reported or cancelled', () => {
    expect(allowedActions(MARKETPLACE_MACHINE, 'reported')).toEqual([]);
    expect(allowedActions(MARKETPLACE_MACHINE, 'cancelled')).toEqual([]);
  });

  it('a running event can no longer be cancelled', () => {
    expect(allowedActions(MARKETPLACE_MACHINE, 'running')).toEqual(['finish']);
  });
});

describe('round lifecycle: draft → planned → confirmed → finished', () => {
  it.each(table(ROUND_STATUSES, ROUND_ACTIONS, ROUND_ALLOWED))('%s + %s → %s', (from, action, to) => {
    if (to) expect(transition(ROUND_MACHINE, from, action, 'round')).toBe(to);
    else expect(() => transition(ROUND_MACHINE, from, action, 'round')).toThrow(AppError);
  });
});
