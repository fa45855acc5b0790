import { Module } from '@nestjs/common';
import { ApiAuditLog } from './api-audit.log';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiRateLimiter } from './api-rate-limiter';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** What the AuthGuard needs for API keys; imported wherever the guard is provided. */
@Module({
  providers: [RedisThrottlerStorage, ApiKeyAuthenticator, ApiRateLimiter, ApiAuditLog],
  exports: [RedisThrottlerStorage, ApiKeyAuthenticator, ApiRateLimiter, ApiAuditLog],
})
export class ApiKeyAuthModule {}
