import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller';
import { CreateCallUseCase } from './use-cases/create-call.use-case';
import { PublishCallUseCase } from './use-cases/publish-call.use-case';

@Module({
  controllers: [CallsController],
  providers: [CreateCallUseCase, PublishCallUseCase],
})
export class CallsModule {}
