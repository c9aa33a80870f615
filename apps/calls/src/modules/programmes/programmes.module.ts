import { Module } from '@nestjs/common';
import { ProgrammesController } from './programmes.controller';
import { CreateProgrammeUseCase } from './use-cases/create-programme.use-case';

@Module({
  controllers: [ProgrammesController],
  providers: [CreateProgrammeUseCase],
})
export class ProgrammesModule {}
