import { Module } from '@nestjs/common';
import { ApplicationSubmittedHandler } from './application-submitted.handler';
import { CallPublishedHandler } from './call-published.handler';
import { EntriesController } from './entries.controller';

@Module({ controllers: [EntriesController], providers: [CallPublishedHandler, ApplicationSubmittedHandler] })
export class EntriesModule {}
