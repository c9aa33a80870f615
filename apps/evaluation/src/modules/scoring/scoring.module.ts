import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReviewsController } from './reviews.controller';
import { ScoringController } from './scoring.controller';
import { RecordConsensusUseCase, ReopenSheetUseCase } from './use-cases/officer-scoring.use-cases';
import { ReleaseReviewUseCase, ScoreSheetUseCases } from './use-cases/score-sheet.use-cases';

@Module({
  imports: [WorkflowModule],
  controllers: [ReviewsController, ScoringController],
  providers: [ScoreSheetUseCases, ReleaseReviewUseCase, ReopenSheetUseCase, RecordConsensusUseCase],
})
export class ScoringModule {}
