import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TrustController } from './trust.controller';
import { TrustService } from './trust.service';

/** Verification of organisations by the district's organisers (the trust badge). */
@Module({
  imports: [DistrictsModule, NotificationsModule],
  controllers: [TrustController],
  providers: [TrustService],
  exports: [TrustService],
})
export class TrustModule {}
