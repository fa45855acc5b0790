import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertIfMatch } from '../../common/http/etag';
import { EventsService } from '../events/events.service';
import { transition } from '../listings/state-machine';
import { cooperationNotFound } from './cooperation.access';
import { Cooperation, CooperationEvent } from './cooperation.entity';
import { COOPERATION_MACHINE, type CooperationAction, type CooperationStatus } from './cooperation.machine';

/** Who took a transition; null = the system (a job). */
export interface TransitionActor {
  userId: string | null;
  organisationId: string | null;
}

export interface TransitionOptions {
  note?: string | null;
  /** If-Match: the version the client saw. */
  ifMatch?: string;
  /** Further columns to set in the same update (reasons, due dates). */
  patch?: Partial<Cooperation>;
  /** Return the unchanged row instead of 409 when it is already where the action leads (idempotent jobs). */
  idempotent?: boolean;
}

/** The timestamp each status sets. */
/** The timestamp column a status change into each status sets (the demo seed writes histories with it too). */
export const STATUS_STAMP: Partial<Record<CooperationStatus, keyof Cooperation>> = {
  accepted: 'decidedAt',
  declined: 'decidedAt',
  expired: 'decidedAt',
  agreed: 'agreedAt',
  active: 'startedAt',
  completed: 'completedAt',
  evaluated: 'evaluatedAt',
  cancelled: 'cancelledAt',
};

/**
 * Every status change of a cooperation goes through here: inside the caller's transaction, the
 * row is locked (SELECT … FOR UPDATE), the action checked against the state machine (409
 * INVALID_TRANSITION with the allowed actions), the row updated and the history written. Two
 * concurrent transitions queue on the lock; the second sees the first's result and fails
 * cleanly if its action is no longer allowed, so both cannot win.
 */
@Injectable()
export class CooperationWorkflow {
  constructor(private readonly events: EventsService) {}

  /** Reads and locks the row for the rest of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<Cooperation> {
    const coop = await manager.findOne(Cooperation, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!coop) throw cooperationNotFound(id);
    return coop;
  }

  async transition(
    manager: EntityManager,
    coopOrId: Cooperation | string,
    action: CooperationAction,
    actor: TransitionActor | null,
    options: TransitionOptions = {},
  ): Promise<Cooperation> {
    const coop = typeof coopOrId === 'string' ? await this.lock(manager, coopOrId) : coopOrId;
    if (options.ifMatch !== undefined) assertIfMatch(options.ifMatch, coop.version);
    const from = coop.status;
    if (options.idempotent && COOPERATION_MACHINE[action].to === from) return coop;
    const to = transition(COOPERATION_MACHINE, from, action, 'cooperation');
    const now = new Date();
    const changes: Partial<Cooperation> = { ...options.patch, status: to };
    const stamp = STATUS_STAMP[to];
    if (stamp) (changes as Record<string, unknown>)[stamp] = now;
    await manager.update(Cooperation, { id: coop.id }, { ...changes, version: () => 'version + 1' } as never);
    await manager.insert(CooperationEvent, {
      cooperationId: coop.id,
      fromStatus: from,
      toStatus: to,
      action,
      actorUserId: actor?.userId ?? null,
      actorOrganisationId: actor?.organisationId ?? null,
      note: options.note ?? null,
    });
    Object.assign(coop, changes, { version: coop.version + 1, updatedAt: now });
    await this.emit(manager, coop, from, action, actor);
    return coop;
  }

  /** The first history row, written when the proposal is created. */
  async recordProposal(manager: EntityManager, coop: Cooperation, actor: TransitionActor, note?: string | null): Promise<void> {
    await manager.insert(CooperationEvent, {
      cooperationId: coop.id,
      fromStatus: null,
      toStatus: 'proposed',
      action: 'propose',
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      note: note ?? null,
    });
    await this.emit(manager, coop, null, 'propose', actor);
  }

  /** cooperation.<status> for partners, private to both parties, in the transaction of the change. */
  private async emit(manager: EntityManager, coop: Cooperation, from: CooperationStatus | null, action: CooperationAction | 'propose', actor: TransitionActor | null): Promise<void> {
    await this.events.emit(manager, {
      type: `cooperation.${coop.status}`,
      organisationIds: [coop.nonprofitId, coop.companyId],
      public: false,
      districtId: coop.districtId,
      data: {
        cooperationId: coop.id,
        status: coop.status,
        previousStatus: from,
        action,
        nonprofitId: coop.nonprofitId,
        companyId: coop.companyId,
        needId: coop.needId,
        offerId: coop.offerId,
        marketplaceId: coop.marketplaceId,
        districtId: coop.districtId,
        proposedByOrganisationId: coop.proposedByOrganisationId,
        actorOrganisationId: actor?.organisationId ?? null,
      },
    });
  }
}
