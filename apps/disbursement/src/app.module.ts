import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { DisbursementTopics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { JobsModule } from '@grants/jobs';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { DISBURSEMENT_SERVICE, loadDisbursementConfig } from './config/disbursement.config';
import { DISBURSEMENT_ENTITIES, DISBURSEMENT_MIGRATIONS } from './database/disbursement.data-source';
import { CoFundingModule } from './modules/cofunding/cofunding.module';
import { AwardGrantedHandler } from './modules/grants/award-granted.handler';
import { AwardDeclinedHandler, AwardRevokedHandler } from './modules/grants/award-released.handler';
import { GrantsModule } from './modules/grants/grants.module';
import { LedgerModule } from './modules/ledger/ledger.module';
import { PayeesModule } from './modules/payees/payees.module';
import { CheckPaymentJob } from './modules/payments/execution/check-payment.job';
import { ExecutePaymentJob } from './modules/payments/execution/execute-payment.job';
import { PAYMENTS_QUEUE } from './modules/payments/execution/payment-jobs';
import { PaymentsModule } from './modules/payments/payments.module';
import { CallAmendedHandler, CallPublishedHandler } from './modules/replicas/call-replica.handlers';
import { ReceiptIssuedHandler } from './modules/replicas/receipt-issued.handler';
import { ReplicasModule } from './modules/replicas/replicas.module';
import { ReportsModule } from './modules/reports/reports.module';
import { DisbursementSharedModule } from './modules/shared/shared.module';

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
      poolSize: config.DATABASE_POOL_SIZE,
      // One sealer per database is enough (advisory lock): the API replicas chain the audit log,
      // a worker-only process keeps it off the payment path.
      auditSealer: config.DISBURSEMENT_ROLE !== 'worker',
    }),
    MessagingModule.forService({
      service: DISBURSEMENT_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: Object.values(DisbursementTopics),
      // A worker-only process consumes nothing: the API replicas hold the consumer group.
      handlers: config.runsConsumers ? [AwardGrantedHandler, AwardDeclinedHandler, AwardRevokedHandler, CallPublishedHandler, CallAmendedHandler, ReceiptIssuedHandler] : [],
    }),
    // An API-only process runs no payment worker; its wake-ups are re-added by a worker's reconciler.
    JobsModule.forService({
      redisUrl: config.REDIS_URL,
      prefix: `${config.KAFKA_NAMESPACE}bull`,
      queues: config.runsWorker
        ? [{ name: PAYMENTS_QUEUE, concurrency: config.PAYMENT_CONCURRENCY, attempts: config.PAYMENT_MAX_ATTEMPTS, backoffMs: config.PAYMENT_BACKOFF_MS }]
        : [],
      handlers: config.runsWorker ? [ExecutePaymentJob, CheckPaymentJob] : [],
      reconcileIntervalMs: config.JOB_RECONCILE_INTERVAL_MS,
    }),
    DisbursementSharedModule.forRoot(config),
    ReplicasModule,
    GrantsModule,
    PayeesModule,
    PaymentsModule,
    ReportsModule,
    CoFundingModule,
    LedgerModule,
  ],
})
export class AppModule {}

