import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { PasswordResetRequestedHandler } from './password-reset-requested.handler';
import { UserRegisteredHandler } from './user-registered.handler';

@Module({ imports: [DeliveriesModule], providers: [UserRegisteredHandler, PasswordResetRequestedHandler] })
export class RecipientsModule {}
