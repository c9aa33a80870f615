import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { DatabaseModule } from '@grants/database';
import { JobsModule } from '@grants/jobs';
import { MessagingModule } from '@grants/messaging';
import { Global, Module } from '@nestjs/common';
import { loadNotificationsConfig, NOTIFICATIONS_SERVICE } from './config/notifications.config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './database/notifications.data-source';
import { MAIL_QUEUE } from './modules/deliveries/deliveries';
import { CallAmendedHandler, CallPublishedHandler } from './modules/calls/call-snapshot.handlers';
import { CallsModule } from './modules/calls/calls.module';
import { DELIVERY_HANDLERS, DeliveriesModule } from './modules/deliveries/deliveries.module';
import { createMailTransport, MAIL_TRANSPORT } from './modules/deliveries/mail-transport';
import { SendMailJob } from './modules/deliveries/send-mail.job';
import { PasswordResetRequestedHandler, PORTAL_URL } from './modules/recipients/password-reset-requested.handler';
import { RecipientsModule } from './modules/recipients/recipients.module';
import { UserLanguageChangedHandler } from './modules/recipients/user-language-changed.handler';
import { UserRegisteredHandler } from './modules/recipients/user-registered.handler';

const config = loadNotificationsConfig();

@Global()
@Module({
  providers: [
    { provide: MAIL_TRANSPORT, useValue: createMailTransport({ smtpUrl: config.SMTP_URL, mailDir: config.MAIL_DIR, from: config.MAIL_FROM }) },
    { provide: PORTAL_URL, useValue: config.PORTAL_URL.replace(/\/+$/, '') },
  ],
  exports: [MAIL_TRANSPORT, PORTAL_URL],
})
class NotificationsSettingsModule {}

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
    NotificationsSettingsModule,
    DatabaseModule.forService({
      service: NOTIFICATIONS_SERVICE,
      url: config.DATABASE_URL,
      entities: NOTIFICATIONS_ENTITIES,
      migrations: NOTIFICATIONS_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
    }),
    MessagingModule.forService({
      service: NOTIFICATIONS_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [],
      // Everything consumed: people (identity), calls' titles, and the events that concern a person.
      handlers: [UserRegisteredHandler, UserLanguageChangedHandler, PasswordResetRequestedHandler, CallPublishedHandler, CallAmendedHandler, ...DELIVERY_HANDLERS],
    }),
    JobsModule.forService({
      redisUrl: config.REDIS_URL,
      prefix: `${config.KAFKA_NAMESPACE}bull`,
      queues: [{ name: MAIL_QUEUE, concurrency: 4, attempts: 6, backoffMs: 1000 }],
      handlers: [SendMailJob],
      reconcileIntervalMs: config.JOB_RECONCILE_INTERVAL_MS,
    }),
    DeliveriesModule,
    RecipientsModule,
    CallsModule,
  ],
})
export class AppModule {}
