import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { AssignmentController } from './assignment.controller';
import { StartEvaluationUseCase } from './use-cases/start-evaluation.use-case';

@Module({ imports: [WorkflowModule], controllers: [AssignmentController], providers: [StartEvaluationUseCase] })
export class AssignmentModule {}
