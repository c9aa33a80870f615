import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { ApplicationSubmittedHandler } from './application-submitted.handler';
import { ApplicationWithdrawnHandler } from './application-withdrawn.handler';
import { CallAmendedHandler, CallCancelledHandler, CallClosedHandler } from './call-lifecycle.handlers';
import { CallPublishedHandler } from './call-published.handler';
import { EligibilityDecidedHandler } from './eligibility-decided.handler';
import { EntriesController } from './entries.controller';

export const ENTRY_HANDLERS = [
  CallPublishedHandler,
  CallAmendedHandler,
  CallClosedHandler,
  CallCancelledHandler,
  ApplicationSubmittedHandler,
  EligibilityDecidedHandler,
  ApplicationWithdrawnHandler,
];

@Module({ imports: [WorkflowModule], controllers: [EntriesController], providers: ENTRY_HANDLERS })
export class EntriesModule {}
