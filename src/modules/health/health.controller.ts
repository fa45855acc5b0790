import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ShutdownState } from '../../bootstrap/shutdown';
import { ApiProblems } from '../../common/errors/problem.dto';
import { Public } from '../auth/decorators';
import { HealthDto, HealthIndicatorDto } from './health.dto';
import { RedisHealthIndicator } from './redis.health';

/**
 * Liveness (the process answers) and readiness (PostgreSQL and Redis answer, and the process is
 * not stopping). Not versioned.
 * A failed check (or any check while the app shuts down) is a 503 SERVICE_UNAVAILABLE problem
 * carrying terminus' info, error and details; like every route, a token that is sent is
 * checked (401 when it is expired or malformed).
 */
@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Public()
@Controller({ path: 'health', version: undefined })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process is up; 503 while it shuts down' })
  @ApiOkResponse({ type: HealthDto, example: { status: 'ok', info: {}, error: {}, details: {} } })
  @ApiProblems('SERVICE_UNAVAILABLE')
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer and the process is not shutting down; 503 otherwise' })
  @ApiOkResponse({ type: HealthDto })
  @ApiProblems('SERVICE_UNAVAILABLE')
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1000 }),
      () => this.redis.pingCheck('redis'),
      () => (this.shutdown.draining ? this.indicators.check('process').down({ message: 'shutting down' }) : this.indicators.check('process').up()),
    ]);
  }
}
