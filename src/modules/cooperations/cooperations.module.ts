import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { CooperationAccess } from './cooperation.access';
import { CooperationWorkflow } from './cooperation.workflow';
import { CooperationsController } from './cooperations.controller';
import { CooperationsService } from './cooperations.service';
import { EvaluationsService } from './evaluations.service';
import { ProposalsService } from './proposals.service';

/** UPJ steps 5 and 6: proposals, the Engagement-Vereinbarung, implementation and evaluation. */
@Module({
  imports: [DistrictsModule, NotificationsModule, ReadinessModule],
  controllers: [CooperationsController],
  providers: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService, CooperationsService],
  exports: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService, CooperationsService],
})
export class CooperationsModule {}
