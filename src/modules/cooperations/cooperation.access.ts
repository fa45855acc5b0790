import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import type { Cooperation } from './cooperation.entity';
import type { CooperationSide } from './implementation.entity';

export const cooperationNotFound = (id: string) => new AppError('COOPERATION_NOT_FOUND', `Cooperation ${id} does not exist.`);

/**
 * Who may see and act on a cooperation, in one place:
 * - the two parties' members read and act (each for its own side);
 * - organisers of the cooperation's district (or an ancestor) and admins read along;
 * - everybody else gets 404 (a cooperation's existence is private to those who may see it).
 */
@Injectable()
export class CooperationAccess {
  constructor(private readonly districts: DistrictsService) {}

  /** The actor's side in this cooperation, or null when not a party. */
  sideOf(actor: Actor, coop: Pick<Cooperation, 'nonprofitId' | 'companyId'>): CooperationSide | null {
    if (!actor.organisationId) return null;
    if (actor.organisationId === coop.nonprofitId) return 'nonprofit';
    if (actor.organisationId === coop.companyId) return 'company';
    return null;
  }

  async canRead(actor: Actor, coop: Pick<Cooperation, 'id' | 'nonprofitId' | 'companyId' | 'districtId'>): Promise<boolean> {
    return actor.isAdmin || !!this.sideOf(actor, coop) || (await this.districts.organises(actor, coop.districtId));
  }

  async assertRead(actor: Actor, coop: Pick<Cooperation, 'id' | 'nonprofitId' | 'companyId' | 'districtId'>): Promise<void> {
    if (!(await this.canRead(actor, coop))) throw cooperationNotFound(coop.id);
  }

  /** A party acting for its side; readers who are not a party get 403, others 404. */
  async assertParty(actor: Actor, coop: Pick<Cooperation, 'id' | 'nonprofitId' | 'companyId' | 'districtId'>): Promise<CooperationSide> {
    const side = this.sideOf(actor, coop);
    if (side) return side;
    await this.assertRead(actor, coop);
    throw new AppError('FORBIDDEN', 'Only the two parties of a cooperation act on it; organisers and admins read along.');
  }

  /** The other party's organisation id. */
  otherParty(coop: Pick<Cooperation, 'nonprofitId' | 'companyId'>, side: CooperationSide): string {
    return side === 'nonprofit' ? coop.companyId : coop.nonprofitId;
  }
}
