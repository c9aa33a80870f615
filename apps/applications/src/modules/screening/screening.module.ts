import { Module } from '@nestjs/common';
import { AutoScreenJob } from './auto-screen.job';
import { AutoScreening } from './auto-screening';
import { ScreeningController } from './screening.controller';
import { AnswerClarificationUseCase, ClarificationDueJob } from './use-cases/answer-clarification.use-case';
import { DecideEligibilityUseCase } from './use-cases/decide-eligibility.use-case';

export const SCREENING_JOB_HANDLERS = [AutoScreenJob, ClarificationDueJob];

@Module({
  controllers: [ScreeningController],
  providers: [AutoScreening, DecideEligibilityUseCase, AnswerClarificationUseCase, ...SCREENING_JOB_HANDLERS],
  exports: [AutoScreening, ...SCREENING_JOB_HANDLERS],
})
export class ScreeningModule {}
