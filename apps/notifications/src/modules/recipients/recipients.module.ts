import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { PasswordResetRequestedHandler } from './password-reset-requested.handler';
import { UserLanguageChangedHandler } from './user-language-changed.handler';
import { UserRegisteredHandler } from './user-registered.handler';

@Module({ imports: [DeliveriesModule], providers: [UserRegisteredHandler, PasswordResetRequestedHandler, UserLanguageChangedHandler] })
export class RecipientsModule {}
