import { BullModule } from '@nestjs/bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/env';
import { QueueName } from './jobs';
import { OutboxService } from './outbox.service';
import { connectionErrorLogger, createRedis, REDIS } from './redis';

const queues = Object.values(QueueName).map((name) => ({ name }));

/** BullMQ queues (prefix per deployment / test run), the outbox writer and a shared Redis client. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: { url: config.REDIS_URL, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX }),
    }),
    BullModule.registerQueue(...queues),
  ],
  providers: [
    OutboxService,
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = createRedis(config.REDIS_URL);
        client.on('error', connectionErrorLogger('Redis'));
        return client;
      },
    },
  ],
  exports: [BullModule, OutboxService, REDIS],
})
export class QueueModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const { name } of queues) {
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).on('error', connectionErrorLogger(`Queue ${name}`));
    }
  }

  /** QUIT waits for Redis; when it is unreachable, give up after 2 s and drop the connection. */
  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 2_000)))]);
    clearTimeout(timer);
    this.redis.disconnect();
  }
}
