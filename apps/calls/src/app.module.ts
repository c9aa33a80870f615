import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { JobsModule } from '@grants/jobs';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { CALLS_SERVICE, loadCallsConfig } from './config/calls.config';
import { CALLS_ENTITIES, CALLS_MIGRATIONS } from './database/calls.data-source';
import { CALL_SCHEDULE_QUEUE } from './modules/calls/call-schedule';
import { CloseCallJobHandler, OpenCallJobHandler } from './modules/calls/call-schedule.processor';
import { CallsModule } from './modules/calls/calls.module';
import { CatalogueModule } from './modules/catalogue/catalogue.module';
import { OutcomeModule } from './modules/outcome/outcome.module';
import { ResultsPublishedConsumer } from './modules/outcome/results-published.consumer';
import { ProgrammesModule } from './modules/programmes/programmes.module';

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
      auditSealer: true,
    }),
    MessagingModule.forService({
      service: CALLS_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.CallPublishedV1, Topics.CallOpenedV1, Topics.CallClosedV1, Topics.CallAmendedV1, Topics.CallCancelledV1],
      handlers: [ResultsPublishedConsumer],
    }),
    // Opening and closing at their instants: PostgreSQL holds the schedule, BullMQ wakes us, the
    // reconciler (at boot and every JOB_RECONCILE_INTERVAL_MS) re-adds what Redis lost.
    JobsModule.forService({
      redisUrl: config.REDIS_URL,
      prefix: `${config.KAFKA_NAMESPACE}grants-calls`,
      queues: [{ name: CALL_SCHEDULE_QUEUE, concurrency: 10, attempts: 10, backoffMs: 200 }],
      handlers: [OpenCallJobHandler, CloseCallJobHandler],
      reconcileIntervalMs: config.JOB_RECONCILE_INTERVAL_MS,
    }),
    // Static routes (/calls/catalogue, /calls/programmes) before the /calls/:callId ones.
    CatalogueModule,
    ProgrammesModule,
    OutcomeModule,
    CallsModule,
  ],
})
export class AppModule {}
