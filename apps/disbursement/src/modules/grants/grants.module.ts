import { Module } from '@nestjs/common';
import { AwardGrantedHandler } from './award-granted.handler';
import { AwardDeclinedHandler, AwardReleaser, AwardRevokedHandler } from './award-released.handler';
import { GrantsController } from './grants.controller';
import { SignAgreementUseCase } from './use-cases/sign-agreement.use-case';
import { TerminateGrantUseCase } from './use-cases/terminate-grant.use-case';

@Module({ controllers: [GrantsController], providers: [AwardGrantedHandler, AwardReleaser, AwardDeclinedHandler, AwardRevokedHandler, SignAgreementUseCase, TerminateGrantUseCase] })
export class GrantsModule {}
