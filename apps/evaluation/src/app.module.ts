import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { EVALUATION_SERVICE, loadEvaluationConfig } from './config/evaluation.config';
import { EVALUATION_ENTITIES, EVALUATION_MIGRATIONS } from './database/evaluation.data-source';
import { AwardsModule } from './modules/awards/awards.module';
import { ApplicationSubmittedHandler } from './modules/entries/application-submitted.handler';
import { CallPublishedHandler } from './modules/entries/call-published.handler';
import { EntriesModule } from './modules/entries/entries.module';

const config = loadEvaluationConfig();

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
    DatabaseModule.forService({
      service: EVALUATION_SERVICE,
      url: config.DATABASE_URL,
      entities: EVALUATION_ENTITIES,
      migrations: EVALUATION_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
    }),
    MessagingModule.forService({
      service: EVALUATION_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.AwardGrantedV1],
      handlers: [CallPublishedHandler, ApplicationSubmittedHandler],
    }),
    EntriesModule,
    AwardsModule,
  ],
})
export class AppModule {}
