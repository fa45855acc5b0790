import { BeforeApplicationShutdown, Inject, Injectable, Logger, MiddlewareConsumer, Module, NestMiddleware, NestModule, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createServer, type Server } from 'node:http';
import { AppError } from '../../common/errors/error-codes';
import { problemType } from '../../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { MetricsService } from './metrics.service';
import { httpRequestDuration } from './registry';

export const METRICS_PATH = '/metrics';
const UNAUTHORIZED = `GET ${METRICS_PATH} needs Authorization: Bearer <METRICS_TOKEN>.`;

/** The route pattern a request matched (`/v1/needs/:id`), never its raw path: one series per route. */
export function routeLabel(req: Request, res: Response): string {
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  // Nest answers unknown paths from a catch-all route ({/*splat}): those are "unmatched"
  if (typeof route === 'string' && !route.includes('*')) return `${req.baseUrl ?? ''}${route}`;
  return typeof res.locals.metricsRoute === 'string' ? res.locals.metricsRoute : 'unmatched';
}

/**
 * For every request: its duration by method, route pattern and status (on `finish`, so errors,
 * guards' refusals and 404s count too). For GET /metrics itself: the scrape, if the caller sends
 * `Authorization: Bearer <METRICS_TOKEN>`; 401 otherwise; 404 while METRICS_TOKEN is unset. The
 * endpoint is answered here, ahead of the API's guard (which would read the token as a user's),
 * so it is not one of the API's routes and not in its OpenAPI document.
 */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpRequestDuration.observe({ method: req.method, route: routeLabel(req, res), status: String(res.statusCode) }, seconds);
    });
    if (req.path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.locals.metricsRoute = METRICS_PATH;
    if (!this.metrics.enabled) throw new AppError('ROUTE_NOT_FOUND', `Cannot ${req.method} ${METRICS_PATH}`);
    if (!this.metrics.authorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', UNAUTHORIZED);
    }
    const body = await this.metrics.scrape();
    res.status(200).setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

/**
 * The worker role has no HTTP server, but its jobs' metrics live in its process: with
 * METRICS_TOKEN set it answers GET /metrics (and nothing else) on METRICS_PORT, with the same
 * token.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.MARKTPLATZ_ROLE !== 'worker') {
      if (!this.metrics.enabled) this.logger.log(`METRICS_TOKEN is not set: ${METRICS_PATH} is off`);
      return;
    }
    if (!this.metrics.enabled) {
      this.logger.log('METRICS_TOKEN is not set: no metrics endpoint');
      return;
    }
    const problem = (status: number, code: string, detail: string) =>
      JSON.stringify({ type: problemType(code as never), title: code, status, code, detail, instance: METRICS_PATH });
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== METRICS_PATH || req.method !== 'GET') {
        res.writeHead(404, { 'Content-Type': 'application/problem+json' }).end(problem(404, 'ROUTE_NOT_FOUND', `Cannot ${req.method} ${path}`));
      } else if (!this.metrics.authorized(req.headers.authorization)) {
        res.writeHead(401, { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'Bearer realm="metrics"' }).end(problem(401, 'UNAUTHENTICATED', UNAUTHORIZED));
      } else {
        this.metrics.scrape().then(
          (body) => res.writeHead(200, { 'Content-Type': this.metrics.contentType, 'Cache-Control': 'no-store' }).end(body),
          (err: Error) => res.writeHead(500, { 'Content-Type': 'application/problem+json' }).end(problem(500, 'INTERNAL', `scrape failed: ${err.message}`)),
        );
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.METRICS_PORT, '0.0.0.0', () => resolve());
    });
    this.logger.log(`worker metrics on port ${this.config.METRICS_PORT}${METRICS_PATH}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Prometheus metrics (README "Metrics"): the process's, HTTP, jobs, queue depths, outbox lag. */
@Module({ providers: [MetricsService, MetricsMiddleware, WorkerMetricsServer] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
