import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { actsFor, type Actor } from '../auth/actor';
import { participantAgenda, slotTimes, type Agenda, type AgendaEvent, type TablePlanRow } from './agenda/agenda';
import type { TablePlanDto } from './dto/schedule.dto';
import type { Marketplace, MeetingSchedule } from './marketplace.entity';
import { MarketplacesService } from './marketplaces.service';
import { scheduleNotFound, SchedulesService, type ScheduledMeetingRow } from './schedules.service';

const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });


/** The event as the agenda renderers need it, with the slot settings of the schedule version. */
export function agendaEvent(m: Marketplace, s: MeetingSchedule): AgendaEvent & { tables: number } {
  return {
    id: m.id,
    name: m.name,
    place: m.place,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    firstSlotAt: s.firstSlotAt,
    slotMinutes: s.slotMinutes,
    scheduleVersion: s.version,
    tables: s.tables,
  };
}

/**
 * Agendas from the published meeting schedule: a participant's own (its members, the event's
 * organisers, admins) and the organiser's table plan (any version, for review before publishing).
 */
@Injectable()
export class AgendasService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly marketplaces: MarketplacesService,
    private readonly schedules: SchedulesService,
  ) {}

  /**
   * A participant's agenda in the published version. Members read their own organisation's
   * (organisationId defaults to theirs); organisers and admins name any registered organisation.
   */
  async agenda(actor: Actor, marketplaceId: string, organisationId?: string): Promise<{ event: AgendaEvent; agenda: Agenda }> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    const orgId = organisationId ?? actor.organisationId;
    if (!orgId) {
      throw new AppError('VALIDATION_FAILED', 'Name the organisation whose agenda you want.', {
        errors: [{ field: 'organisationId', reason: 'required', message: 'organisationId is required for users without an organisation' }],
      });
    }
    if (!actsFor(actor, orgId) && !(await this.marketplaces.runs(actor, m))) {
      throw new AppError('FORBIDDEN', "Only the organisation's members and the event's organisers read its agenda.");
    }
    const [org] = (await this.ds.query(
      `SELECT o.id, o.name FROM organisations o JOIN marketplace_registrations r ON r.organisation_id = o.id AND r.marketplace_id = $1
        WHERE o.id = $2 AND r.status = 'registered'`,
      [m.id, orgId],
    )) as Array<{ id: string; name: string }>;
    if (!org) throw new AppError('REGISTRATION_NOT_FOUND', `Organisation ${orgId} is not registered for marketplace ${m.id}.`);
    const s = await this.schedules.published(this.ds.manager, m.id);
    if (!s) throw scheduleNotFound(m.id);
    const event = agendaEvent(m, s);
    const rows = await this.schedules.meetings(s.id, org.id);
    const agenda = participantAgenda(
      event,
      org,
      rows.map((r) => ({
        requestId: r.request_id,
        slot: r.slot,
        table: r.table_no,
        partner: r.nonprofit_id === org.id ? { organisationId: r.company_id, name: r.company_name } : { organisationId: r.nonprofit_id, name: r.nonprofit_name },
      })),
    );
    return { event, agenda };
  }

  /** The table plan of the published version, or of `version` (organisers, the event's brokers, admins). */
  async tablePlan(actor: Actor, marketplaceId: string, version?: number): Promise<{ event: AgendaEvent & { tables: number }; rows: TablePlanRow[]; plan: TablePlanDto }> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertMayBroker(actor, m, 'read its table plan');
    const s = version === undefined ? await this.schedules.published(this.ds.manager, m.id) : await this.schedules.find(m.id, version);
    if (!s) throw scheduleNotFound(m.id);
    const event = agendaEvent(m, s);
    const meetings = await this.schedules.meetings(s.id);
    const bySlot = new Map<number, ScheduledMeetingRow[]>();
    for (const r of meetings) bySlot.set(r.slot, [...(bySlot.get(r.slot) ?? []), r]);
    const plan: TablePlanDto = {
      marketplaceId: m.id,
      version: s.version,
      status: s.status,
      tables: s.tables,
      slots: Array.from({ length: s.slotCount }, (_, slot) => {
        const { start, end } = slotTimes(event, slot);
        return {
          slot,
          startsAt: start,
          endsAt: end,
          time: timeFormat.format(start),
          meetings: (bySlot.get(slot) ?? []).map((r) => ({
            table: r.table_no,
            requestId: r.request_id,
            nonprofit: { id: r.nonprofit_id, name: r.nonprofit_name },
            company: { id: r.company_id, name: r.company_name },
          })),
        };
      }),
    };
    return { event, rows: meetings.map((r) => ({ slot: r.slot, table: r.table_no, nonprofit: r.nonprofit_name, company: r.company_name })), plan };
  }
}
