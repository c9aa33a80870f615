import { Module } from '@nestjs/common';
import { CallAmendedHandler, CallPublishedHandler } from './call-replica.handlers';
import { ReceiptIssuedHandler } from './receipt-issued.handler';

@Module({ providers: [CallPublishedHandler, CallAmendedHandler, ReceiptIssuedHandler] })
export class ReplicasModule {}
