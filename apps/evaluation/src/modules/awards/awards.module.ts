import { Module } from '@nestjs/common';
import { AwardsController } from './awards.controller';
import { GrantAwardUseCase } from './use-cases/grant-award.use-case';

@Module({ controllers: [AwardsController], providers: [GrantAwardUseCase] })
export class AwardsModule {}
