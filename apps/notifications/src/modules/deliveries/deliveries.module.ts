import { Module } from '@nestjs/common';
import { AssignmentCreatedHandler } from './assignment-created.handler';
import { ClarificationRequestedHandler } from './clarification-requested.handler';
import { DeliveriesController } from './deliveries.controller';
import { Deliveries } from './deliveries';
import { GrantOpenedHandler } from './grant-opened.handler';
import { PaymentApprovedHandler, PaymentPaidHandler } from './payment.handlers';
import { ReceiptIssuedHandler } from './receipt-issued.handler';
import { ReportDecidedHandler } from './report-decided.handler';
import { SendMailJob } from './send-mail.job';
import { ApplicationStatusChangedHandler } from './status-changed.handler';

/** The handlers of the events that concern a person, and the mail they schedule. */
export const DELIVERY_HANDLERS = [
  ReceiptIssuedHandler,
  ApplicationStatusChangedHandler,
  GrantOpenedHandler,
  PaymentApprovedHandler,
  PaymentPaidHandler,
  ReportDecidedHandler,
  AssignmentCreatedHandler,
  ClarificationRequestedHandler,
];

@Module({
  controllers: [DeliveriesController],
  providers: [...DELIVERY_HANDLERS, Deliveries, SendMailJob],
  exports: [Deliveries],
})
export class DeliveriesModule {}
