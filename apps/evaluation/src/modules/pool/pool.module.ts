import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { PoolController } from './pool.controller';
import { SaveProfileUseCase } from './use-cases/save-profile.use-case';
import { InviteEvaluatorUseCase, LeavePanelUseCase, RespondToInvitationUseCase } from './use-cases/panel.use-cases';

@Module({
  imports: [WorkflowModule],
  controllers: [PoolController],
  providers: [SaveProfileUseCase, InviteEvaluatorUseCase, RespondToInvitationUseCase, LeavePanelUseCase],
})
export class PoolModule {}
