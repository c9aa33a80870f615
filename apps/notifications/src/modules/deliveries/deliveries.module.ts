import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { GrantOpenedHandler } from './grant-opened.handler';

@Module({ controllers: [DeliveriesController], providers: [GrantOpenedHandler] })
export class DeliveriesModule {}
