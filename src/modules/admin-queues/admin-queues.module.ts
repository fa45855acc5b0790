import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueName } from '../../queue/jobs';
import { ApiKeyAuthModule } from '../auth/api-key-auth.module';
import { AuthGuard } from '../auth/auth.guard';
import { AdminQueuesAuthMiddleware } from './admin-queues.auth';
import { ADMIN_QUEUES_ROUTE } from './admin-queues.constants';
import { AdminQueuesSessionController } from './admin-queues-session.controller';

/** Bull Board's own Express app, without its X-Powered-By header (the API sends none either). */
export class DashboardExpressAdapter extends ExpressAdapter {
  constructor() {
    super();
    (this.getRouter() as { disable(setting: string): unknown }).disable('x-powered-by');
  }
}

/** Provides the API's AuthGuard to the dashboard's middleware (which Bull Board's module instantiates). */
@Module({ imports: [ApiKeyAuthModule], providers: [AuthGuard, AdminQueuesAuthMiddleware], exports: [AuthGuard, AdminQueuesAuthMiddleware] })
export class AdminQueuesAuthModule {}

/**
 * Bull Board at /admin/queues, for admins only (API role): every BullMQ queue with its
 * waiting, active, delayed, completed and failed jobs; admins can retry, promote or remove jobs.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AdminQueuesAuthModule],
      useFactory: () => ({
        route: ADMIN_QUEUES_ROUTE,
        adapter: DashboardExpressAdapter,
        middleware: AdminQueuesAuthMiddleware,
        boardOptions: { uiConfig: { boardTitle: 'Marktplatz queues' } },
      }),
    }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [AdminQueuesSessionController],
})
export class AdminQueuesModule {}
