import { Module } from '@nestjs/common';
import { AwardGrantedHandler, ResultsPublishedHandler } from './evaluation-outcome.handlers';
import { StatusController } from './status.controller';

export const STATUS_HANDLERS = [ResultsPublishedHandler, AwardGrantedHandler];

@Module({ controllers: [StatusController], providers: [...STATUS_HANDLERS], exports: [...STATUS_HANDLERS] })
export class StatusModule {}
