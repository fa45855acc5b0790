import { once } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { safeError } from '../../common/errors/problem.filter';
import { exportRow, OMITTED_COLUMNS, sectionSql, type ExportSection } from './export-sections';

/** Rows fetched from the cursor at a time: memory stays flat however large an export is. */
export const EXPORT_BATCH = 500;
export const EXPORT_FORMAT = 'marktplatz-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportSubject {
  type: 'organisation' | 'user';
  id: string;
}

/**
 * Writes an export as one JSON document, streamed: every section is read through a server-side
 * cursor in batches, inside one read-only REPEATABLE READ transaction (a consistent snapshot),
 * and written as it is read, waiting for the client when its buffer is full. The access check
 * happens before (the caller's); once the first byte is out, a failure cannot become a problem
 * response any more, so the connection is cut instead: the client sees a truncated download,
 * never a complete-looking file with data missing.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stream(res: Response, subject: ExportSubject, sections: readonly ExportSection[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (res.destroyed) throw new Error('the client went away');
    };
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ now }] = (await runner.query('SELECT now() AS now')) as Array<{ now: Date }>;
      const date = now.toISOString().slice(0, 10);
      res.status(200);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="marktplatz-${subject.type}-${subject.id}-${date}.json"`);
      res.setHeader('Cache-Control', 'no-store');
      const head = { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, exportedAt: now.toISOString(), subject };
      await write(`${JSON.stringify(head).slice(0, -1)},"sections":{`);
      for (const [i, section] of sections.entries()) {
        await write(`${i ? ',' : ''}\n${JSON.stringify(section.name)}:[`);
        await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sectionSql(section)}`, [subject.id, OMITTED_COLUMNS]);
        let first = true;
        for (;;) {
          const rows = (await runner.query(`FETCH ${EXPORT_BATCH} FROM export_rows`)) as Array<{ row: Record<string, unknown> }>;
          if (!rows.length) break;
          await write((first ? '\n' : ',\n') + rows.map((r) => JSON.stringify(exportRow(r.row))).join(',\n'));
          first = false;
        }
        await runner.query('CLOSE export_rows');
        await write(']');
      }
      await write('\n}}\n');
      await runner.query('COMMIT');
      res.end();
    } catch (err) {
      if (!res.headersSent) {
        // nothing sent yet (the database refused the snapshot): an ordinary problem response
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      this.logger.error({ err: safeError(err), subject }, 'export failed after the response began; connection cut');
      await runner.query('ROLLBACK').catch(() => undefined);
      res.destroy();
    } finally {
      await runner.release();
    }
  }
}
