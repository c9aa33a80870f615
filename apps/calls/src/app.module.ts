import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { CALLS_SERVICE, loadCallsConfig } from './config/calls.config';
import { CALLS_ENTITIES, CALLS_MIGRATIONS } from './database/calls.data-source';
import { CallsModule } from './modules/calls/calls.module';

const config = loadCallsConfig();

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
    DatabaseModule.forService({
      service: CALLS_SERVICE,
      url: config.DATABASE_URL,
      entities: CALLS_ENTITIES,
      migrations: CALLS_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
    }),
    MessagingModule.forService({
      service: CALLS_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.CallPublishedV1],
      handlers: [],
    }),
    CallsModule,
  ],
})
export class AppModule {}
