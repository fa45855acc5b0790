import { AppError } from '../../common/errors/error-codes';

/** action → (from statuses → to status). */
export type StateMachine<S extends string, A extends string> = Record<A, { from: readonly S[]; to: S }>;

export function allowedActions<S extends string, A extends string>(machine: StateMachine<S, A>, from: S): A[] {
  return (Object.keys(machine) as A[]).filter((a) => machine[a].from.includes(from));
}

/** The status an action leads to, or 409 INVALID_TRANSITION listing what is allowed. */
export function transition<S extends string, A extends string>(machine: StateMachine<S, A>, from: S, action: A, what: string): S {
  const rule = machine[action];
  if (rule.from.includes(from)) return rule.to;
  const allowed = allowedActions(machine, from);
  throw new AppError(
    'INVALID_TRANSITION',
    `A ${from} ${what} cannot ${action}. ${allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'No action is allowed any more.'}`,
    { currentStatus: from, action, allowedActions: allowed },
  );
}
