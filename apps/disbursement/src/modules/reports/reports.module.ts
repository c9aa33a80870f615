import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { DecideReportUseCase, SubmitReportUseCase } from './reports.use-cases';

@Module({ controllers: [ReportsController], providers: [SubmitReportUseCase, DecideReportUseCase] })
export class ReportsModule {}
