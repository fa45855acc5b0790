import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { ParseVersionPipe } from '../../common/http/parse-version.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { JobAcceptedDto } from '../matching/dto/weights.dto';
import { agendaHtml, agendaIcs, tablePlanHtml } from './agenda/agenda';
import { AGENDA_HTML_EXAMPLE, AGENDA_ICS_EXAMPLE, TABLE_PLAN_HTML_EXAMPLE } from './agenda/agenda.examples';
import { AgendasService } from './agendas.service';
import {
  AgendaDto,
  AgendaQueryDto,
  PublishedScheduleDto,
  ScheduleDetailDto,
  ScheduleVersionListDto,
  TablePlanDto,
  TablePlanQueryDto,
  type AgendaFormat,
  type TablePlanFormat,
} from './dto/schedule.dto';
import { SchedulesService, toScheduleVersionDto } from './schedules.service';
import { ApiScope } from '../auth/scopes';

/** Printable pages and calendar files carry no script and load nothing. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const negotiate = <F extends string>(req: Request, format: F | undefined, types: Record<F, string>): F => {
  if (format) return format;
  const entries = Object.entries(types) as Array<[F, string]>;
  const accepted = req.accepts(entries.map(([, t]) => t));
  return (entries.find(([, t]) => t === accepted)?.[0] ?? entries[0][0]) as F;
};
const AGENDA_TYPES: Record<AgendaFormat, string> = { json: 'application/json', ics: 'text/calendar', html: 'text/html' };
const TABLE_PLAN_TYPES: Record<TablePlanFormat, string> = { json: 'application/json', html: 'text/html' };

/**
 * 1:1 meetings at a marketplace: the schedule-event job makes draft versions, the organisers
 * review and publish them; participants read their agenda (JSON, iCalendar, printable HTML),
 * organisers the table plan.
 */
@ApiTags('marketplaces')
@ApiBearerAuth()
@ApiExtraModels(AgendaDto, TablePlanDto)
@Controller({ path: 'marketplaces/:id', version: '1' })
export class SchedulesController {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly agendas: AgendasService,
  ) {}

  @Post('schedule')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Schedule the 1:1 meetings: queues the schedule-event job (organisers, admins)',
    description:
      'While the marketplace is open, closed or scheduled, with slotCount, slotMinutes and firstSlotAt set. The job takes the registered participants ' +
      '(with their unavailable slots) and the meeting wishes both sides said yes to, chooses the most valuable set of meetings that fits the slots and tables ' +
      '(mutual wishes first, then match score), assigns slot and table, and writes a new draft version, made against the published one so that as few ' +
      'announced meetings as possible change. Unchanged inputs write nothing. Follow the job at GET /v1/jobs/{jobId} (Location header).',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'INVALID_TRANSITION', 'SCHEDULE_NOT_CONFIGURED')
  async schedule(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<JobAcceptedDto> {
    const accepted = await this.schedules.request(actor, id);
    res.setHeader('Location', `/v1/jobs/${accepted.jobId}`);
    return accepted;
  }

  @Get('schedules')
  @ApiOperation({ summary: 'The schedule versions, newest first (organisers, admins)' })
  @ApiOkResponse({ type: ScheduleVersionListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async versions(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ScheduleVersionListDto> {
    return { items: (await this.schedules.versions(actor, id)).map(toScheduleVersionDto) };
  }

  @Get('schedules/:version')
  @ApiOperation({ summary: 'One schedule version: its meetings, the requests left out and why, the changes against the published version it was made against' })
  @ApiOkResponse({ type: ScheduleDetailDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'SCHEDULE_NOT_FOUND')
  async version(@Param('id', ParseIdPipe) id: string, @Param('version', ParseVersionPipe) version: number, @CurrentActor() actor: Actor): Promise<ScheduleDetailDto> {
    return this.schedules.detail(await this.schedules.version(actor, id, version));
  }

  @Post('schedules/:version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a draft version: the agendas are announced (organisers, admins)',
    description:
      'The latest version only, made from the current registrations, wishes and slot settings (else 409 SCHEDULE_OUTDATED: schedule again). ' +
      'The marketplace must be closed or scheduled and becomes scheduled; the version published before is superseded. Registered participants are told: ' +
      'all of them the first time, afterwards those whose meetings changed. Publishing the published version again changes nothing.',
  })
  @ApiOkResponse({ type: PublishedScheduleDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'SCHEDULE_NOT_FOUND', 'SCHEDULE_OUTDATED', 'INVALID_TRANSITION')
  async publish(@Param('id', ParseIdPipe) id: string, @Param('version', ParseVersionPipe) version: number, @CurrentActor() actor: Actor): Promise<PublishedScheduleDto> {
    const { marketplace, schedule } = await this.schedules.publish(actor, id, version);
    return { ...toScheduleVersionDto(schedule), marketplaceStatus: marketplace.status };
  }

  @Get('agenda')
  @ApiScope('marketplaces')
  @ApiOperation({
    summary: "A participant's agenda from the published schedule (its members; organisers and admins name organisationId)",
    description:
      'JSON by default; an iCalendar file (`Accept: text/calendar` or `?format=ics`: the event and every meeting, with UIDs stable across versions and ' +
      'SEQUENCE = the schedule version, so a re-import updates the entries) or a printable German page (`Accept: text/html` or `?format=html`).',
  })
  @ApiProduces('application/json', 'text/calendar', 'text/html')
  @ApiOkResponse({
    description: 'The agenda.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AgendaDto) } },
      'text/calendar': { schema: { type: 'string' }, example: AGENDA_ICS_EXAMPLE },
      'text/html': { schema: { type: 'string' }, example: AGENDA_HTML_EXAMPLE },
    },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'REGISTRATION_NOT_FOUND', 'SCHEDULE_NOT_FOUND')
  async agenda(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: AgendaQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgendaDto | string> {
    const format = negotiate(req, query.format, AGENDA_TYPES);
    const { event, agenda } = await this.agendas.agenda(actor, id, query.organisationId);
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return agenda;
    if (format === 'ics') {
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="agenda-${event.id}-v${event.scheduleVersion}.ics"`);
      return agendaIcs(event, agenda);
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', HTML_CSP);
    return agendaHtml(agenda);
  }

  @Get('table-plan')
  @ApiOperation({
    summary: 'The table plan: who sits at which table in each slot (organisers, the event\'s brokers, admins)',
    description: 'Of the published version, or of `version` (a draft, to review before publishing). JSON, or a printable German page (`Accept: text/html` or `?format=html`).',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description: 'The table plan.',
    content: { 'application/json': { schema: { $ref: getSchemaPath(TablePlanDto) } }, 'text/html': { schema: { type: 'string' }, example: TABLE_PLAN_HTML_EXAMPLE } },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'SCHEDULE_NOT_FOUND')
  async tablePlan(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: TablePlanQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TablePlanDto | string> {
    const format = negotiate(req, query.format, TABLE_PLAN_TYPES);
    const { event, rows, plan } = await this.agendas.tablePlan(actor, id, query.version);
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return plan;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', HTML_CSP);
    return tablePlanHtml(event, rows);
  }
}
