import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { JobsModule } from '@grants/jobs';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { APPLICATIONS_SERVICE, loadApplicationsConfig } from './config/applications.config';
import { APPLICATIONS_ENTITIES, APPLICATIONS_MIGRATIONS } from './database/applications.data-source';
import { ACCOUNT_HANDLERS, AccountsModule } from './modules/accounts/accounts.module';
import { AppealsModule } from './modules/appeals/appeals.module';
import { CALL_REPLICA_HANDLERS, CallReplicaModule } from './modules/call-replica/call-replica.module';
import { OfficerModule } from './modules/officer/officer.module';
import { SCREENING_JOB_HANDLERS, ScreeningModule } from './modules/screening/screening.module';
import { SCREENING_QUEUE } from './modules/screening/screening.jobs';
import { STATUS_HANDLERS, StatusModule } from './modules/status/status.module';
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
      poolSize: config.DATABASE_POOL_SIZE,
    }),
    MessagingModule.forService({
      service: APPLICATIONS_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [
        Topics.ApplicationSubmittedV1,
        Topics.ReceiptIssuedV1,
        Topics.EligibilityDecidedV1,
        Topics.ApplicationWithdrawnV1,
        Topics.ApplicationStatusChangedV1,
        Topics.ClarificationRequestedV1,
        Topics.AppealFiledV1,
        Topics.AppealDecidedV1,
      ],
      handlers: [...CALL_REPLICA_HANDLERS, ...STATUS_HANDLERS, ...ACCOUNT_HANDLERS],
    }),
    JobsModule.forService({
      redisUrl: config.REDIS_URL,
      prefix: `${config.KAFKA_NAMESPACE}bull`,
      queues: [{ name: SCREENING_QUEUE, concurrency: 2, attempts: 5, backoffMs: 1000 }],
      handlers: SCREENING_JOB_HANDLERS,
      reconcileIntervalMs: config.JOB_RECONCILE_INTERVAL_MS,
    }),
    AccountsModule,
    CallReplicaModule,
    SubmissionsModule,
    ScreeningModule,
    AppealsModule,
    StatusModule,
    OfficerModule,
  ],
})
export class AppModule {}
