import { Global, Injectable, Logger, MiddlewareConsumer, Module, NestMiddleware, NestModule, OnModuleDestroy, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../common/errors/error-codes';

/**
 * Whether this process is stopping. Nest's close() (SIGTERM, SIGINT) runs the destroy hooks
 * first, then `beforeApplicationShutdown` (the queue workers stop taking jobs and wait for their
 * running ones), then closes the HTTP server (it waits for the requests in flight), and only then
 * the database and Redis connections (`onApplicationShutdown`). From the first step on, new
 * requests are refused with 503 and readiness says not ready, so that a load balancer sends them
 * elsewhere.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private since?: number;

  get draining(): boolean {
    return this.since !== undefined;
  }

  onModuleDestroy(): void {
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.logger.log('shutting down: no new requests or jobs are taken; waiting for those in flight');
  }
}

/**
 * Refuses requests that arrive while the process stops: 503, Retry-After, Connection: close.
 * Health checks still answer (alive; not ready).
 */
@Injectable()
export class DrainMiddleware implements NestMiddleware {
  constructor(private readonly state: ShutdownState) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!this.state.draining || req.originalUrl.startsWith('/health/')) return next();
    res.setHeader('Connection', 'close');
    // thrown, not passed to next(): Nest hands it to the problem filter
    throw new AppError('SERVICE_UNAVAILABLE', 'This instance is shutting down; try again (another instance will answer).', { shuttingDown: true });
  }
}

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class ShutdownModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DrainMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
