import { BeforeApplicationShutdown, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { tap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { safeError } from '../../common/errors/problem.filter';
import { auditRecord } from './api-audit';
import type { AuthedRequest } from './decorators';

/** What the audit log needs of a call made with a key; set on the request by the AuthGuard. */
export interface ApiCall {
  clientId: string;
  keyPrefix: string;
  /** The organisation the call acts for, once settled. */
  organisationId: string | null;
  handler: string;
  /** The `id` of the response body, for a 201. */
  createdId?: string;
}

type CallRequest = Request & AuthedRequest;

/**
 * The audit log of key calls (`api_audit_log`): one row per call, written when the response has
 * been sent (or the connection closed), with the status the caller got. A failed insert is
 * logged as an error with the call's details; the app waits for pending rows before it shuts down.
 */
@Injectable()
export class ApiAuditLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiAuditLog');
  private readonly pending = new Set<Promise<void>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  track(req: CallRequest, res: Response, call: ApiCall): void {
    req.apiCall = call;
    res.once('close', () => {
      const write = this.write(req, res, call).finally(() => this.pending.delete(write));
      this.pending.add(write);
    });
  }

  private async write(req: CallRequest, res: Response, call: ApiCall): Promise<void> {
    const route = String((req.route as { path?: unknown } | undefined)?.path ?? req.path);
    const record = auditRecord(route, req.params ?? {}, res.statusCode, call.createdId);
    const row = {
      clientId: call.clientId,
      keyPrefix: call.keyPrefix,
      organisationId: call.organisationId,
      method: req.method.slice(0, 10),
      route: route.slice(0, 300),
      path: req.path.slice(0, 2000),
      handler: call.handler.slice(0, 200),
      recordType: record?.recordType ?? null,
      recordId: record?.recordId ?? null,
      status: res.statusCode,
      requestId: req.id ? String(req.id).slice(0, 128) : null,
    };
    try {
      await this.dataSource.query(
        `INSERT INTO api_audit_log (client_id, key_prefix, organisation_id, method, route, path, handler, record_type, record_id, status, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [row.clientId, row.keyPrefix, row.organisationId, row.method, row.route, row.path, row.handler, row.recordType, row.recordId, row.status, row.requestId],
      );
    } catch (err) {
      this.logger.error({ err: safeError(err), auditEntry: row }, 'API audit entry could not be written');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** Notes the id of what a key call created (the response body's `id`), for its audit row. */
@Injectable()
export class ApiCallInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<CallRequest>();
    if (!req.apiCall) return next.handle();
    const call = req.apiCall;
    return next.handle().pipe(
      tap((body) => {
        const id = (body as { id?: unknown } | null | undefined)?.id;
        if (typeof id === 'string') call.createdId = id;
      }),
    );
  }
}
