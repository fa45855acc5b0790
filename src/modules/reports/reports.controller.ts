import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { DistrictReportDto, ReportQueryDto, type ReportFormat } from './dto/report.dto';
import { CSV_COLUMNS, toCsv } from './report-csv';
import { ReportsService } from './reports.service';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** ?format wins; otherwise the Accept header (text/csv preferred over JSON gives CSV). */
export function reportFormat(req: Request, format: ReportFormat | undefined): ReportFormat {
  if (format) return format;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json';
}

const CSV_EXAMPLE =
  `${CSV_COLUMNS.join(',')}\r\n` +
  `3d8f…,Bad Cannstatt,borough,total,needs_published,Veröffentlichte Bedarfe,count,42\r\n` +
  `3d8f…,Bad Cannstatt,borough,total,acceptance_rate,Annahmequote,rate,0.6667\r\n` +
  `9a1c…,Hallschlag,quarter,child,needs_published,Veröffentlichte Bedarfe,count,17\r\n`;

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(DistrictReportDto)
@Controller({ path: 'reports', version: '1' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('districts/:id')
  @Roles('organiser')
  @ApiOperation({
    summary: "A district's figures for a period, sub-districts included (its organisers, organisers of a district above it, admins)",
    description:
      'Needs and offers published, matches, proposals and their outcomes, acceptance rate, agreements, realisation rate, ' +
      'hours and goods delivered, estimated value (reporting only: no money changes hands), the balance of give and take, evaluations; ' +
      'the total and one entry per direct sub-district. The period is half-open, [from, to), in Europe/Berlin days; default the last 12 months. ' +
      'JSON by default; CSV (one row per district and figure, UTF-8 with BOM, RFC 4180) with `Accept: text/csv` or `?format=csv`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report. CSV columns: ' + CSV_COLUMNS.join(', ') + '; scope is total or child; empty value = null (rate without denominator).',
    headers: { 'Content-Disposition': { description: 'CSV only: attachment; filename="report-<district slug>-<from>-<to>.csv"', schema: { type: 'string', example: 'attachment; filename="report-bad-cannstatt-2026-01-01-2027-01-01.csv"' } } },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(DistrictReportDto) } },
      'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
    },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  async district(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DistrictReportDto | string> {
    const format = reportFormat(req, query.format);
    const report = await this.reports.districtReport(actor, id, query);
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return report;
    res.setHeader('Content-Type', CSV_CONTENT_TYPE);
    const slug = report.district.slug.replace(/[^a-z0-9-]/gi, '') || 'district';
    res.setHeader('Content-Disposition', `attachment; filename="report-${slug}-${report.period.from}-${report.period.to}.csv"`);
    return toCsv([
      { district: report.district, scope: 'total', figures: report.figures },
      ...report.children.map((c) => ({ district: c.district, scope: 'child' as const, figures: c.figures })),
    ]);
  }
}
