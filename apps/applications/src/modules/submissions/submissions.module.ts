import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller';
import { SubmissionsController } from './submissions.controller';
import { AttachmentsUseCase } from './use-cases/attachments.use-case';
import { EditDraftUseCase } from './use-cases/edit-draft.use-case';
import { SubmitApplicationUseCase } from './use-cases/submit-application.use-case';
import { ReceiptsUseCase } from './use-cases/verify-receipt.use-case';
import { WithdrawApplicationUseCase } from './use-cases/withdraw-application.use-case';

@Module({
  controllers: [SubmissionsController, AttachmentsController],
  providers: [SubmitApplicationUseCase, EditDraftUseCase, WithdrawApplicationUseCase, ReceiptsUseCase, AttachmentsUseCase],
})
export class SubmissionsModule {}
