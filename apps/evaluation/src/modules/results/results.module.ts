import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AppealDecidedHandler } from './appeal-decided.handler';
import { ResultsController } from './results.controller';
import { ReleaseAwardUseCase } from './use-cases/release-award.use-case';
import { OverrideSelectionUseCase, ProposeSelectionUseCase, PublishResultsUseCase } from './use-cases/selection.use-cases';

@Module({
  imports: [WorkflowModule],
  controllers: [ResultsController],
  providers: [ProposeSelectionUseCase, OverrideSelectionUseCase, PublishResultsUseCase, ReleaseAwardUseCase, AppealDecidedHandler],
})
export class ResultsModule {}
