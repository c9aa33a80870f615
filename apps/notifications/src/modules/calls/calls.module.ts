import { Module } from '@nestjs/common';
import { CallAmendedHandler, CallPublishedHandler } from './call-snapshot.handlers';

/** What notifications knows of calls: reference codes and titles per language. */
@Module({ providers: [CallPublishedHandler, CallAmendedHandler] })
export class CallsModule {}
