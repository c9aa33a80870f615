import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { APPLICATIONS_SERVICE, loadApplicationsConfig } from './config/applications.config';
import { APPLICATIONS_ENTITIES, APPLICATIONS_MIGRATIONS } from './database/applications.data-source';
import { CallPublishedHandler } from './modules/call-replica/call-published.handler';
import { CallReplicaModule } from './modules/call-replica/call-replica.module';
import { SubmissionsModule } from './modules/submissions/submissions.module';

const config = loadApplicationsConfig();

@Module({
  imports: [
    HealthModule,
    AuthModule.fromConfig(config),
    DatabaseModule.forService({
      service: APPLICATIONS_SERVICE,
      url: config.DATABASE_URL,
      entities: APPLICATIONS_ENTITIES,
      migrations: APPLICATIONS_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
      auditSealer: true,
    }),
    MessagingModule.forService({
      service: APPLICATIONS_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.ApplicationSubmittedV1, Topics.ReceiptIssuedV1, Topics.EligibilityDecidedV1],
      handlers: [CallPublishedHandler],
    }),
    CallReplicaModule,
    SubmissionsModule,
  ],
})
export class AppModule {}
