import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { CooperationAccess } from './cooperation.access';
import { CooperationWorkflow } from './cooperation.workflow';
import { CooperationsController } from './cooperations.controller';
import { CooperationsService } from './cooperations.service';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { ImplementationController } from './implementation.controller';
import { ImplementationService } from './implementation.service';
import { ProposalsService } from './proposals.service';

/** UPJ steps 5 and 6: proposals, the Engagement-Vereinbarung, implementation and evaluation. */
@Module({
  imports: [DistrictsModule, NotificationsModule, ReadinessModule],
  controllers: [CooperationsController, AgreementsController, ImplementationController, EvaluationsController],
  providers: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService, CooperationsService, AgreementsService, ImplementationService],
  exports: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService, CooperationsService, AgreementsService],
})
export class CooperationsModule {}
