import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { completenessOf } from '../organisations/completeness';
import { OrganisationsService } from '../organisations/organisations.service';
import { ReadinessService } from '../readiness/readiness.service';
import { ShortlistService } from '../shortlist/shortlist.service';
import { journeyOf, type Journey, type JourneyFacts } from './journey';

interface CountsRow {
  drafts: number;
  published: number;
  matches: number;
  pending_sent: number;
  pending_received: number;
  accepted: number;
  closed_without_acceptance: number;
  agreed: number;
  active: number;
  delivered: number;
  awaiting_evaluation: number;
  evaluated: number;
}

/** Where an organisation stands in the six UPJ steps: facts gathered here, decided by journeyOf(). */
@Injectable()
export class JourneyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly districts: DistrictsService,
    private readonly readiness: ReadinessService,
    private readonly shortlist: ShortlistService,
  ) {}

  async forOrganisation(actor: Actor, organisationId: string): Promise<Journey> {
    const org = await this.organisations.get(organisationId);
    const allowed = actor.isAdmin || actor.organisationId === org.id || (await this.districts.organises(actor, org.districtId));
    if (!allowed) throw new AppError('FORBIDDEN', "Only the organisation's members, its district's organisers and admins see its journey.");
    const listings = org.kind === 'nonprofit' ? 'needs' : 'offers';
    // Matches are counted through the organisation's own needs or offers (their indexes), not by
    // the organisation columns of the derived matches table, which carries no index for them.
    const matchJoin = org.kind === 'nonprofit' ? 'JOIN needs l ON l.id = m.need_id' : 'JOIN offers l ON l.id = m.offer_id';
    // One round trip: every count is a scalar subquery over indexed columns of this organisation.
    const [row] = (await this.dataSource.query(
      `WITH mine AS (
         SELECT c.id, c.status, c.proposed_by_organisation_id, c.agreed_at,
                -- every status from accepted on was reached through accepted; only a cancelled one needs its history
                (c.status IN ('accepted', 'agreed', 'active', 'completed', 'evaluated')
                  OR (c.status = 'cancelled'
                      AND EXISTS (SELECT 1 FROM cooperation_events e WHERE e.cooperation_id = c.id AND e.to_status = 'accepted'))) AS was_accepted
           FROM cooperations c WHERE c.nonprofit_id = $1 OR c.company_id = $1)
       SELECT
         (SELECT count(*) FROM ${listings} WHERE organisation_id = $1 AND status = 'draft')::int AS drafts,
         (SELECT count(*) FROM ${listings} WHERE organisation_id = $1 AND published_at IS NOT NULL)::int AS published,
         (SELECT count(*) FROM matches m ${matchJoin} WHERE l.organisation_id = $1)::int AS matches,
         (SELECT count(*) FROM mine WHERE status = 'proposed' AND proposed_by_organisation_id = $1)::int AS pending_sent,
         (SELECT count(*) FROM mine WHERE status = 'proposed' AND proposed_by_organisation_id <> $1)::int AS pending_received,
         (SELECT count(*) FROM mine WHERE was_accepted)::int AS accepted,
         (SELECT count(*) FROM mine WHERE NOT was_accepted AND status IN ('declined', 'expired', 'cancelled'))::int AS closed_without_acceptance,
         (SELECT count(*) FROM mine WHERE agreed_at IS NOT NULL)::int AS agreed,
         (SELECT count(*) FROM mine WHERE status = 'active')::int AS active,
         (SELECT count(*) FROM mine m WHERE EXISTS (SELECT 1 FROM cooperation_deliveries d WHERE d.cooperation_id = m.id))::int AS delivered,
         (SELECT count(*) FROM mine m WHERE m.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM cooperation_evaluations v WHERE v.cooperation_id = m.id AND v.organisation_id = $1))::int AS awaiting_evaluation,
         (SELECT count(*) FROM mine m WHERE m.status = 'evaluated'
             OR EXISTS (SELECT 1 FROM cooperation_evaluations v WHERE v.cooperation_id = m.id AND v.organisation_id = $1))::int AS evaluated`,
      [org.id],
    )) as CountsRow[];
    const [readinessDone, shortlist] = await Promise.all([this.readiness.isDone(org.id), this.shortlist.countFor(org.id)]);
    const facts: JourneyFacts = {
      organisationId: org.id,
      kind: org.kind,
      completeness: completenessOf(org),
      listings: { drafts: row.drafts, published: row.published },
      readiness: { done: readinessDone },
      shortlist,
      matches: row.matches,
      proposals: {
        pendingSent: row.pending_sent,
        pendingReceived: row.pending_received,
        accepted: row.accepted,
        closedWithoutAcceptance: row.closed_without_acceptance,
      },
      cooperations: { agreed: row.agreed, active: row.active, delivered: row.delivered, awaitingEvaluation: row.awaiting_evaluation, evaluated: row.evaluated },
    };
    return journeyOf(facts);
  }
}
