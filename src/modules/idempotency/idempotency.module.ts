import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** Idempotent POSTs: the key store. Its interceptor is registered globally in AppModule. */
@Module({
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
