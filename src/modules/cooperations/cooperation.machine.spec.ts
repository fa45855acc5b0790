import { AppError } from '../../common/errors/error-codes';
import { allowedActions, transition } from '../listings/state-machine';
import { COOPERATION_ACTIONS, COOPERATION_MACHINE, COOPERATION_STATUSES, FINAL_STATUSES, OPEN_STATUSES, type CooperationAction, type CooperationStatus } from './cooperation.machine';
import { partyActionsFor, type PartyRole } from './party-actions';

/**
 * The whole machine, written out by hand: for every status (rows) and action (columns) the
 * status the action leads to, or "-" when it is refused (409 INVALID_TRANSITION).
 */
const EXPECTED: Record<CooperationStatus, Record<CooperationAction, CooperationStatus | '-'>> = {
  //            accept       decline      expire     agree     start     complete     evaluate     cancel
  proposed:  { accept: 'accepted', decline: 'declined', expire: 'expired', agree: '-', start: '-', complete: '-', evaluate: '-', cancel: 'cancelled' },
  accepted:  { accept: '-', decline: '-', expire: '-', agree: 'agreed', start: '-', complete: '-', evaluate: '-', cancel: 'cancelled' },
  declined:  { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: '-', evaluate: '-', cancel: '-' },
  expired:   { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: '-', evaluate: '-', cancel: '-' },
  agreed:    { accept: '-', decline: '-', expire: '-', agree: '-', start: 'active', complete: '-', evaluate: '-', cancel: 'cancelled' },
  active:    { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: 'completed', evaluate: '-', cancel: 'cancelled' },
  completed: { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: '-', evaluate: 'evaluated', cancel: '-' },
  evaluated: { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: '-', evaluate: '-', cancel: '-' },
  cancelled: { accept: '-', decline: '-', expire: '-', agree: '-', start: '-', complete: '-', evaluate: '-', cancel: '-' },
};

const PAIRS = COOPERATION_STATUSES.flatMap((s) => COOPERATION_ACTIONS.map((a) => [s, a, EXPECTED[s][a]] as [CooperationStatus, CooperationAction, CooperationStatus | '-']));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('COOPERATION_MACHINE', () => {
  it('covers 9 statuses × 8 actions', () => {
    expect(COOPERATION_STATUSES).toHaveLength(9);
    expect(COOPERATION_ACTIONS).toHaveLength(8);
    expect(PAIRS).toHaveLength(72);
  });

  describe.each(PAIRS)('%s --%s-->', (from, action, to) => {
    if (to === '-') {
      it('is refused with 409 INVALID_TRANSITION listing the allowed actions', () => {
        const err = thrown(() => transition(COOPERATION_MACHINE, from, action, 'cooperation'));
        expect(err).toBeInstanceOf(AppError);
        expect(err.code).toBe('INVALID_TRANSITION');
        expect(err.status).toBe(409);
        const allowed = COOPERATION_ACTIONS.filter((a) => EXPECTED[from][a] !== '-');
        expect(err.details).toEqual({ currentStatus: from, action, allowedActions: allowed });
      });
    } else {
      it(`leads to ${to}`, () => {
        expect(transition(COOPERATION_MACHINE, from, action, 'cooperation')).toBe(to);
      });
    }
  });

  it('final statuses allow nothing; open statuses all allow cancel', () => {
    for (const s of FINAL_STATUSES) expect(allowedActions(COOPERATION_MACHINE, s)).toEqual([]);
    for (const s of OPEN_STATUSES) expect(allowedActions(COOPERATION_MACHINE, s)).toContain('cancel');
    expect(allowedActions(COOPERATION_MACHINE, 'completed')).toEqual(['evaluate']);
  });
});

describe('partyActionsFor (what the caller may do by hand)', () => {
  describe.each<[CooperationStatus, PartyRole | null, CooperationAction[]]>([
    ['proposed', 'receiver', ['accept', 'decline', 'cancel']],
    ['proposed', 'sender', ['cancel']],
    ['proposed', null, []],
    ['accepted', 'receiver', ['cancel']],
    ['accepted', 'sender', ['cancel']],
    ['agreed', 'sender', ['start', 'cancel']],
    ['agreed', 'receiver', ['start', 'cancel']],
    ['active', 'receiver', ['complete', 'cancel']],
    ['active', 'sender', ['complete', 'cancel']],
    ['active', null, []],
    ['completed', 'sender', []],
    ['completed', 'receiver', []],
    ['declined', 'receiver', []],
    ['expired', 'sender', []],
    ['evaluated', 'sender', []],
    ['cancelled', 'receiver', []],
  ])('%s as %s', (status, role, actions) => {
    it(`may ${actions.join(', ') || 'do nothing'}`, () => {
      expect(partyActionsFor(status, role)).toEqual(actions);
    });
  });
});
