import { Module } from '@nestjs/common';
import { CooperationsModule } from '../cooperations/cooperations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';
import { PrivacyController } from './privacy.controller';

/** Personal data: exports (JSON) and account deletion for users and organisations. */
@Module({
  imports: [CooperationsModule, NotificationsModule],
  controllers: [PrivacyController],
  providers: [ExportService, ErasureService],
})
export class PrivacyModule {}
