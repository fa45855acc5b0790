import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { CSV_CONTENT_TYPE, reportFormat } from '../reports/reports.controller';
import { REPORT_TIME_ZONE, todayIn } from '../reports/report-period';
import { EventReportDto, EventReportQueryDto, RoundReportDto } from './dto/event-report.dto';
import { EVENT_CSV_COLUMNS, toEventCsv, type EventCsvScope } from './event-report-csv';
import { EventReportsService } from './event-reports.service';
import { EX_ID } from '../../common/examples';

const CSV_DESCRIPTION =
  'CSV (with `Accept: text/csv` or `?format=csv`): one row per figure and scope, columns ' +
  EVENT_CSV_COLUMNS.join(', ') +
  '; scope is event or round; detail names the category or give-back kind of the give-and-take rows; an empty value is a null rate. UTF-8 with BOM, RFC 4180.';
const CSV_EXAMPLE =
  `${EVENT_CSV_COLUMNS.join(',')}\r\n` +
  `event,5b1e…,Marktplatz für Gute Geschäfte Hallschlag,2031-03-12,registered,,Angemeldet,count,42\r\n` +
  `event,5b1e…,Marktplatz für Gute Geschäfte Hallschlag,2031-03-12,realisation_rate,,Umsetzungsquote,rate,0.7\r\n` +
  `event,5b1e…,Marktplatz für Gute Geschäfte Hallschlag,2031-03-12,give_agreements,logistics,Leistung Logistik: Vereinbarungen,count,3\r\n`;

const eventDay = (d: Date) => todayIn(REPORT_TIME_ZONE, d);

/** The event report (issue 5): JSON, or CSV like the district report. */
@ApiTags('marketplaces')
@ApiBearerAuth()
@ApiExtraModels(EventReportDto)
@Controller({ path: 'marketplaces', version: '1' })
export class EventReportsController {
  constructor(private readonly reports: EventReportsService) {}

  @Get(':id/report')
  @ApiOperation({
    summary: "A marketplace's report (organisers running it, admins)",
    description:
      'Participants by kind (registered, checked in, no-shows, waitlisted, cancelled, invited), 1:1 meetings (requested, scheduled in the published schedule, held), ' +
      'agreements recorded at the notary desk and signed by both, estimated hours and value (reporting only: no money changes hands), the realisation rate and the ' +
      'response rate from the follow-ups, and the balance of give and take (Leistung by category against Gegenleistung by kind). All figures from one snapshot.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: `The report. ${CSV_DESCRIPTION}`,
    headers: { 'Content-Disposition': { description: 'CSV only: attachment; filename="report-marketplace-<date>-<id>.csv"', schema: { type: 'string', example: `attachment; filename="report-marketplace-2027-04-15-${EX_ID.marketplace}.csv"` } } },
    content: { 'application/json': { schema: { $ref: getSchemaPath(EventReportDto) } }, 'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE } },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async event(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: EventReportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventReportDto | string> {
    const format = reportFormat(req, query.format);
    const report = await this.reports.eventReport(actor, id);
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return report;
    const m = report.marketplace;
    csvHeaders(res, `report-marketplace-${eventDay(m.startsAt)}-${m.id}.csv`);
    return toEventCsv([{ scope: 'event', id: m.id, name: m.name, date: eventDay(m.startsAt), figures: report.figures }]);
  }
}

/** The round report (issue 5): its events and their sum, JSON or CSV. */
@ApiTags('rounds')
@ApiBearerAuth()
@ApiExtraModels(RoundReportDto)
@Controller({ path: 'rounds', version: '1' })
export class RoundReportsController {
  constructor(private readonly reports: EventReportsService) {}

  @Get(':id/report')
  @ApiOperation({
    summary: "A round's report: one entry per event and the totals (the round's organisers, admins)",
    description:
      'The event report\'s figures for every event of the round that is not cancelled (cancelled ones are listed apart), and their sum: counts and amounts added up, ' +
      'rates recomputed from the summed numerators and denominators, never averaged.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: `The report. ${CSV_DESCRIPTION} The round's totals come last (scope round).`,
    headers: { 'Content-Disposition': { description: 'CSV only: attachment; filename="report-round-<periodStart>-<id>.csv"', schema: { type: 'string', example: `attachment; filename="report-round-2027-03-01-${EX_ID.round}.csv"` } } },
    content: { 'application/json': { schema: { $ref: getSchemaPath(RoundReportDto) } }, 'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE } },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND')
  async round(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: EventReportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoundReportDto | string> {
    const format = reportFormat(req, query.format);
    const report = await this.reports.roundReport(actor, id);
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return report;
    csvHeaders(res, `report-round-${report.round.periodStart}-${report.round.id}.csv`);
    const scopes: EventCsvScope[] = report.events.map((e) => ({ scope: 'event', id: e.marketplace.id, name: e.marketplace.name, date: eventDay(e.marketplace.startsAt), figures: e.figures }));
    scopes.push({ scope: 'round', id: report.round.id, name: report.round.name, date: '', figures: report.totals });
    return toEventCsv(scopes);
  }
}

function csvHeaders(res: Response, filename: string): void {
  res.setHeader('Content-Type', CSV_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}
