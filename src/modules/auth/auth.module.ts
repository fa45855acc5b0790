import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { REDIS } from '../../queue/redis';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { ApiCallInterceptor } from './api-audit.log';
import { ApiKeyAuthModule } from './api-key-auth.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { accountTracker } from './login-throttler';
import { RedisThrottlerStorage } from './redis-throttler.storage';

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { issuer: 'marktplatz' }, verifyOptions: { issuer: 'marktplatz' } }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [
          // per client and account: guessing one account's password
          { name: 'login-account', limit: config.LOGIN_RATE_LIMIT, ttl: config.LOGIN_RATE_WINDOW_S * 1000, getTracker: accountTracker },
          // per client: trying many accounts, or signing up en masse (each try costs a 32 MiB scrypt hash)
          { name: 'login-client', limit: config.LOGIN_RATE_LIMIT_PER_CLIENT, ttl: config.LOGIN_RATE_WINDOW_S * 1000, getTracker: (req) => req.ip },
        ],
        // no X-RateLimit-*-<throttler> headers: a 429 carries the standard Retry-After (LoginThrottlerGuard)
        setHeaders: false,
        // one counter per throttler and client across login and signup (not one per route)
        generateKey: (_context: unknown, tracker: string, name: string) => `${name}:${tracker}`,
        storage: new RedisThrottlerStorage(redis, config),
      }),
    }),
    UsersModule,
    OrganisationsModule,
    ApiKeyAuthModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: ApiCallInterceptor },
  ],
})
export class AuthModule {}
