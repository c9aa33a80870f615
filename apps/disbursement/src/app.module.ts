import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { DISBURSEMENT_SERVICE, loadDisbursementConfig } from './config/disbursement.config';
import { DISBURSEMENT_ENTITIES, DISBURSEMENT_MIGRATIONS } from './database/disbursement.data-source';
import { AwardGrantedHandler } from './modules/grants/award-granted.handler';
import { GrantsModule } from './modules/grants/grants.module';

const config = loadDisbursementConfig();

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
    DatabaseModule.forService({
      service: DISBURSEMENT_SERVICE,
      url: config.DATABASE_URL,
      entities: DISBURSEMENT_ENTITIES,
      migrations: DISBURSEMENT_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
    }),
    MessagingModule.forService({
      service: DISBURSEMENT_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.GrantOpenedV1],
      handlers: [AwardGrantedHandler],
    }),
    GrantsModule,
  ],
})
export class AppModule {}
