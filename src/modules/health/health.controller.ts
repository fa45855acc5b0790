import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ShutdownState } from '../../bootstrap/shutdown';
import { Public } from '../auth/decorators';
import { RedisHealthIndicator } from './redis.health';

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer, and the process is not stopping). Not versioned. */
@ApiTags('health')
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
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer and the process is not shutting down; 503 otherwise' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1000 }),
      () => this.redis.pingCheck('redis'),
      () => (this.shutdown.draining ? this.indicators.check('process').down({ message: 'shutting down' }) : this.indicators.check('process').up()),
    ]);
  }
}
