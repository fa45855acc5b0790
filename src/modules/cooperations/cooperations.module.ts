import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { CooperationAccess } from './cooperation.access';
import { CooperationWorkflow } from './cooperation.workflow';
import { EvaluationsService } from './evaluations.service';
import { ProposalsService } from './proposals.service';

/** UPJ steps 5 and 6: proposals, the Engagement-Vereinbarung, implementation and evaluation. */
@Module({
  imports: [DistrictsModule],
  providers: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService],
  exports: [CooperationAccess, CooperationWorkflow, ProposalsService, EvaluationsService],
})
export class CooperationsModule {}
