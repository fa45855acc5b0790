import { AppError } from '../../common/errors/error-codes';
import type { EntityManager } from 'typeorm';
import type { NotificationParams } from '../notifications/notification-kinds';
import type { Cooperation } from './cooperation.entity';
import type { CooperationStatus } from './cooperation.machine';
import type { CooperationSide } from './implementation.entity';

/** The names notifications and agreements show: both organisations and the subject (the need's or offer's title). */
export interface CooperationNames {
  nonprofit: string;
  company: string;
  title: string | null;
}

export async function namesOf(manager: EntityManager, coop: Pick<Cooperation, 'nonprofitId' | 'companyId' | 'needId' | 'offerId'>): Promise<CooperationNames> {
  const [row] = (await manager.query(
    `SELECT np.name AS nonprofit, co.name AS company, COALESCE(n.title, o.title) AS title
       FROM organisations np, organisations co
       LEFT JOIN needs n ON n.id = $3
       LEFT JOIN offers o ON o.id = $4
      WHERE np.id = $1 AND co.id = $2`,
    [coop.nonprofitId, coop.companyId, coop.needId, coop.offerId],
  )) as CooperationNames[];
  return row ?? { nonprofit: '', company: '', title: null };
}

/** Params of a notification to `side`'s organisation: the counterpart is the other side. */
export function paramsFor(names: CooperationNames, side: CooperationSide, coopId: string, extra: NotificationParams = {}): NotificationParams {
  return { counterpart: side === 'nonprofit' ? names.company : names.nonprofit, title: names.title, url: `/v1/cooperations/${coopId}`, ...extra };
}

export const otherSide = (side: CooperationSide): CooperationSide => (side === 'nonprofit' ? 'company' : 'nonprofit');
export const orgOfSide = (coop: Pick<Cooperation, 'nonprofitId' | 'companyId'>, side: CooperationSide) => (side === 'nonprofit' ? coop.nonprofitId : coop.companyId);

/** 409 when the cooperation is not in a status that allows the step. */
export function assertStatus(coop: Pick<Cooperation, 'id' | 'status'>, allowed: readonly CooperationStatus[], what: string): void {
  if (allowed.includes(coop.status)) return;
  throw new AppError('COOPERATION_STATUS_CONFLICT', `${what} is possible while the cooperation is ${allowed.join(' or ')}; it is ${coop.status}.`, {
    currentStatus: coop.status,
    allowedStatuses: [...allowed],
  });
}
