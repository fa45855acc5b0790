import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** District reports for organisers (GET /v1/reports/districts/{id}), JSON and CSV. */
@Module({
  imports: [DistrictsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
