import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { NOTIFICATIONS_SERVICE, loadNotificationsConfig } from './config/notifications.config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './database/notifications.data-source';
import { DeliveriesModule } from './modules/deliveries/deliveries.module';
import { GrantOpenedHandler } from './modules/deliveries/grant-opened.handler';

const config = loadNotificationsConfig();

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
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
      handlers: [GrantOpenedHandler],
    }),
    DeliveriesModule,
  ],
})
export class AppModule {}
