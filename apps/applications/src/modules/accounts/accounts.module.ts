import { Module } from '@nestjs/common';
import { UserRegisteredHandler } from './user-registered.handler';

export const ACCOUNT_HANDLERS = [UserRegisteredHandler];

@Module({ providers: [...ACCOUNT_HANDLERS], exports: [...ACCOUNT_HANDLERS] })
export class AccountsModule {}
