import { AppError } from '../../common/errors/error-codes';
import { NEED_MACHINE, type NeedAction } from '../needs/need.machine';
import type { NeedStatus } from '../needs/need.entity';
import { OFFER_MACHINE, type OfferAction } from '../offers/offer.machine';
import type { OfferStatus } from '../offers/offer.entity';
import { allowedActions, transition } from './state-machine';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('NEED_MACHINE', () => {
  describe.each<[NeedStatus, NeedAction[]]>([
    ['draft', ['publish', 'withdraw']],
    ['published', ['match', 'fulfil', 'withdraw']],
    ['matched', ['reopen', 'fulfil', 'withdraw']],
    ['fulfilled', []],
    ['withdrawn', []],
    ['expired', []],
  ])('from %s', (from, actions) => {
    it(`allows exactly ${actions.join(', ') || 'nothing'}`, () => {
      expect(allowedActions(NEED_MACHINE, from)).toEqual(actions);
    });
  });

  describe.each<[NeedStatus, NeedAction, NeedStatus]>([
    ['draft', 'publish', 'published'],
    ['draft', 'withdraw', 'withdrawn'],
    ['published', 'match', 'matched'],
    ['published', 'fulfil', 'fulfilled'],
    ['published', 'withdraw', 'withdrawn'],
    ['matched', 'reopen', 'published'],
    ['matched', 'fulfil', 'fulfilled'],
    ['matched', 'withdraw', 'withdrawn'],
  ])('%s --%s-->', (from, action, to) => {
    it(`leads to ${to}`, () => {
      expect(transition(NEED_MACHINE, from, action, 'need')).toBe(to);
    });
  });

  describe.each<[NeedStatus, NeedAction]>([
    ['draft', 'match'],
    ['draft', 'fulfil'],
    ['draft', 'reopen'],
    ['published', 'publish'],
    ['published', 'reopen'],
    ['matched', 'publish'],
    ['matched', 'match'],
    ['fulfilled', 'reopen'],
    ['fulfilled', 'withdraw'],
    ['withdrawn', 'publish'],
    ['expired', 'publish'],
  ])('%s --%s-->', (from, action) => {
    it('is refused with INVALID_TRANSITION listing the allowed actions', () => {
      const err = thrown(() => transition(NEED_MACHINE, from, action, 'need'));
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('INVALID_TRANSITION');
      expect(err.status).toBe(409);
      expect(err.details).toEqual({ currentStatus: from, action, allowedActions: allowedActions(NEED_MACHINE, from) });
      expect(err.message).toContain(`A ${from} need cannot ${action}`);
    });
  });
});

describe('OFFER_MACHINE', () => {
  describe.each<[OfferStatus, OfferAction[]]>([
    ['draft', ['publish', 'withdraw']],
    ['published', ['pause', 'exhaust', 'withdraw']],
    ['paused', ['resume', 'exhaust', 'withdraw']],
    ['exhausted', ['resume', 'withdraw']],
    ['withdrawn', []],
    ['expired', []],
  ])('from %s', (from, actions) => {
    it(`allows exactly ${actions.join(', ') || 'nothing'}`, () => {
      expect(allowedActions(OFFER_MACHINE, from)).toEqual(actions);
    });
  });

  describe.each<[OfferStatus, OfferAction, OfferStatus]>([
    ['draft', 'publish', 'published'],
    ['draft', 'withdraw', 'withdrawn'],
    ['published', 'pause', 'paused'],
    ['published', 'exhaust', 'exhausted'],
    ['published', 'withdraw', 'withdrawn'],
    ['paused', 'resume', 'published'],
    ['paused', 'exhaust', 'exhausted'],
    ['paused', 'withdraw', 'withdrawn'],
    ['exhausted', 'resume', 'published'],
    ['exhausted', 'withdraw', 'withdrawn'],
  ])('%s --%s-->', (from, action, to) => {
    it(`leads to ${to}`, () => {
      expect(transition(OFFER_MACHINE, from, action, 'offer')).toBe(to);
    });
  });

  describe.each<[OfferStatus, OfferAction]>([
    ['draft', 'pause'],
    ['draft', 'resume'],
    ['draft', 'exhaust'],
    ['published', 'publish'],
    ['published', 'resume'],
    ['paused', 'pause'],
    ['paused', 'publish'],
    ['exhausted', 'exhaust'],
    ['exhausted', 'pause'],
    ['withdrawn', 'publish'],
    ['withdrawn', 'resume'],
    ['expired', 'resume'],
  ])('%s --%s-->', (from, action) => {
    it('is refused with INVALID_TRANSITION listing the allowed actions', () => {
      const err = thrown(() => transition(OFFER_MACHINE, from, action, 'offer'));
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('INVALID_TRANSITION');
      expect(err.details).toEqual({ currentStatus: from, action, allowedActions: allowedActions(OFFER_MACHINE, from) });
      const allowed = allowedActions(OFFER_MACHINE, from);
      expect(err.message).toContain(allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'No action is allowed any more.');
    });
  });

  it('no status is a dead end except the terminal ones', () => {
    const terminal = (['draft', 'published', 'paused', 'exhausted', 'withdrawn', 'expired'] as OfferStatus[]).filter(
      (s) => allowedActions(OFFER_MACHINE, s).length === 0,
    );
    expect(terminal).toEqual(['withdrawn', 'expired']);
  });
});
