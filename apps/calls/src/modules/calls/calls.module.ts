import { Module } from '@nestjs/common';
import { OutcomeModule } from '../outcome/outcome.module';
import { CloseCallJobHandler, OpenCallJobHandler } from './call-schedule.processor';
import { CallsController } from './calls.controller';
import { AdvanceCallUseCase } from './use-cases/advance-call.use-case';
import { AmendCallUseCase } from './use-cases/amend-call.use-case';
import { CancelCallUseCase } from './use-cases/cancel-call.use-case';
import { CreateCallUseCase } from './use-cases/create-call.use-case';
import { PublishCallUseCase } from './use-cases/publish-call.use-case';
import { UpdateDraftUseCase } from './use-cases/update-draft.use-case';

@Module({
  imports: [OutcomeModule],
  controllers: [CallsController],
  providers: [
    CreateCallUseCase,
    UpdateDraftUseCase,
    PublishCallUseCase,
    AmendCallUseCase,
    CancelCallUseCase,
    AdvanceCallUseCase,
    OpenCallJobHandler,
    CloseCallJobHandler,
  ],
})
export class CallsModule {}
