import { Module } from '@nestjs/common';
import { EntrySettlementService } from './entry-settlement.service';
import { EvaluationRepository } from './evaluation.repository';
import { ResultsService } from './results.service';
import { StaffingService } from './staffing.service';

/** The orchestration shared by the evaluation features: SQL, staffing, settlement, results. */
@Module({
  providers: [EvaluationRepository, StaffingService, ResultsService, EntrySettlementService],
  exports: [EvaluationRepository, StaffingService, ResultsService, EntrySettlementService],
})
export class WorkflowModule {}
