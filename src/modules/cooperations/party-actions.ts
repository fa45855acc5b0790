import { allowedActions } from '../listings/state-machine';
import { COOPERATION_MACHINE, PARTY_ACTIONS, type CooperationAction, type CooperationStatus } from './cooperation.machine';

/** The sender proposed; the receiver answers. Organisers and admins reading along have no role. */
export type PartyRole = 'sender' | 'receiver';

/** Only the receiver answers a proposal; the sender withdraws it with cancel. */
export const RECEIVER_ACTIONS: readonly CooperationAction[] = ['accept', 'decline'];
/** These need a reason, which the other side is told. */
export const REASON_ACTIONS: readonly CooperationAction[] = ['decline', 'cancel'];

/** What a party in this role may do by hand in this status (readers: nothing). Pure. */
export function partyActionsFor(status: CooperationStatus, role: PartyRole | null): CooperationAction[] {
  if (!role) return [];
  return allowedActions(COOPERATION_MACHINE, status).filter(
    (a) => PARTY_ACTIONS.includes(a) && (role === 'receiver' || !RECEIVER_ACTIONS.includes(a)),
  );
}
