import { Module } from '@nestjs/common';
import { AwardGrantedHandler } from './award-granted.handler';
import { GrantsController } from './grants.controller';

@Module({ controllers: [GrantsController], providers: [AwardGrantedHandler] })
export class GrantsModule {}
