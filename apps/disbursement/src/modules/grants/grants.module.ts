import { Module } from '@nestjs/common';
import { AwardGrantedHandler } from './award-granted.handler';
import { GrantsController } from './grants.controller';
import { SignAgreementUseCase } from './use-cases/sign-agreement.use-case';
import { TerminateGrantUseCase } from './use-cases/terminate-grant.use-case';

@Module({ controllers: [GrantsController], providers: [AwardGrantedHandler, SignAgreementUseCase, TerminateGrantUseCase] })
export class GrantsModule {}
