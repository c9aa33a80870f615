import { Module } from '@nestjs/common';
import { AppealsController } from './appeals.controller';
import { AppealsUseCase } from './appeals.use-case';

@Module({ controllers: [AppealsController], providers: [AppealsUseCase] })
export class AppealsModule {}
