import { Module } from '@nestjs/common';
import { OfficerController } from './officer.controller';
import { OfficerViews } from './officer-views';

@Module({ controllers: [OfficerController], providers: [OfficerViews] })
export class OfficerModule {}
