import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ShutdownModule } from './bootstrap/shutdown';
import { loggerParams } from './common/logging';
import { ProblemFilter } from './common/errors/problem.filter';
import { JsonBodiesMiddleware } from './common/http/json-bodies.middleware';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env';
import { databaseTimeouts, dataSourceOptions } from './database/data-source';
import { AdminQueuesModule } from './modules/admin-queues/admin-queues.module';
import { ApiClientsModule } from './modules/api-clients/api-clients.module';
import { AuthModule } from './modules/auth/auth.module';
import { CooperationsModule } from './modules/cooperations/cooperations.module';
import { DistrictsModule } from './modules/districts/districts.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { IdempotencyModule } from './modules/idempotency/idempotency.module';
import { IdempotencyInterceptor } from './modules/idempotency/idempotency.interceptor';
import { WorkerModule } from './modules/maintenance/worker.module';
import { JourneyModule } from './modules/journey/journey.module';
import { MarketplacesModule } from './modules/marketplaces/marketplaces.module';
import { MatchingModule } from './modules/matching/matching.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NeedsModule } from './modules/needs/needs.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OffersModule } from './modules/offers/offers.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { ReadinessModule } from './modules/readiness/readiness.module';
import { ShortlistModule } from './modules/shortlist/shortlist.module';
import { TrustModule } from './modules/trust/trust.module';
import { UsersModule } from './modules/users/users.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { ReportsModule } from './modules/reports/reports.module';
import { QueueModule } from './queue/queue.module';

/** The whole service. The worker role adds the outbox relay and the queue processors. */
@Module({})
export class AppModule implements NestModule {
  /** Bodies are JSON or nothing (415 otherwise), on every route. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodiesMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  static forRoot(config: AppConfig): DynamicModule {
    const worker = config.MARKTPLATZ_ROLE !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        // HTTP durations of every request (the drain's 503s too) and GET /metrics
        MetricsModule,
        // after the logger's middleware (request ids), before everything else: refuses requests while stopping
        ShutdownModule,
        // Migrations run before the app starts (main.ts, under an advisory lock), never from here.
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_MAX, databaseTimeouts(config))),
        QueueModule,
        IdempotencyModule,
        EventsModule,
        HealthModule,
        AuthModule,
        UsersModule,
        DistrictsModule,
        OrganisationsModule,
        NeedsModule,
        OffersModule,
        MatchingModule,
        NotificationsModule,
        ReadinessModule,
        TrustModule,
        ShortlistModule,
        CooperationsModule,
        JourneyModule,
        MarketplacesModule,
        ReportsModule,
        ApiClientsModule,
        WebhooksModule,
        PrivacyModule,
        ...(worker ? [WorkerModule] : []),
        ...(config.MARKTPLATZ_ROLE !== 'worker' ? [AdminQueuesModule] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // First of the global interceptors, hence the outermost: it stores what is sent (README "Idempotent writes").
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
