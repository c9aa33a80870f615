import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { Deliveries } from './deliveries';
import { GrantOpenedHandler } from './grant-opened.handler';
import { ReceiptIssuedHandler } from './receipt-issued.handler';
import { SendMailJob } from './send-mail.job';

@Module({
  controllers: [DeliveriesController],
  providers: [GrantOpenedHandler, ReceiptIssuedHandler, Deliveries, SendMailJob],
  exports: [Deliveries],
})
export class DeliveriesModule {}
