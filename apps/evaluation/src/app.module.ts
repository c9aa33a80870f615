import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { EVALUATION_SERVICE, loadEvaluationConfig } from './config/evaluation.config';
import { EVALUATION_ENTITIES, EVALUATION_MIGRATIONS } from './database/evaluation.data-source';
import { AssignmentModule } from './modules/assignment/assignment.module';
import { AwardsModule } from './modules/awards/awards.module';
import { ENTRY_HANDLERS, EntriesModule } from './modules/entries/entries.module';
import { PoolModule } from './modules/pool/pool.module';
import { AppealDecidedHandler } from './modules/results/appeal-decided.handler';
import { ResultsModule } from './modules/results/results.module';
import { ScoringModule } from './modules/scoring/scoring.module';

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
      auditSealer: true,
    }),
    MessagingModule.forService({
      service: EVALUATION_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [
        Topics.AwardGrantedV1,
        Topics.ResultsPublishedV1,
        Topics.AssignmentCreatedV1,
        Topics.AwardDeclinedV1,
        Topics.AwardRevokedV1,
        Topics.ReservePromotedV1,
        Topics.ResultsAmendedV1,
      ],
      handlers: [...ENTRY_HANDLERS, AppealDecidedHandler],
    }),
    EntriesModule,
    PoolModule,
    AssignmentModule,
    ScoringModule,
    ResultsModule,
    AwardsModule,
  ],
})
export class AppModule {}
