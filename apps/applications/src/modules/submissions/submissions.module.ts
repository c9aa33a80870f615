import { Module } from '@nestjs/common';
import { SubmissionsController } from './submissions.controller';
import { SubmitApplicationUseCase } from './use-cases/submit-application.use-case';

@Module({ controllers: [SubmissionsController], providers: [SubmitApplicationUseCase] })
export class SubmissionsModule {}
