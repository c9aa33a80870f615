import { AuthModule } from '@grants/auth';
import { HealthModule } from '@grants/common';
import { Topics } from '@grants/contracts';
import { DatabaseModule } from '@grants/database';
import { MessagingModule } from '@grants/messaging';
import { Module } from '@nestjs/common';
import { GATEWAY_SERVICE, loadGatewayConfig } from './config/gateway.config';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from './database/gateway.data-source';
import { IdentityModule } from './modules/identity/identity.module';

const config = loadGatewayConfig();

@Module({
  imports: [
    HealthModule,
    DatabaseModule.forService({
      service: GATEWAY_SERVICE,
      url: config.DATABASE_URL,
      entities: GATEWAY_ENTITIES,
      migrations: GATEWAY_MIGRATIONS,
      migrateOnBoot: config.MIGRATE_ON_BOOT,
      auditSealer: true,
    }),
    MessagingModule.forService({
      service: GATEWAY_SERVICE,
      brokers: config.brokers,
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      produces: [Topics.UserRegisteredV1, Topics.PasswordResetRequestedV1, Topics.UserLanguageChangedV1],
      handlers: [],
    }),
    AuthModule.fromConfig(config),
    IdentityModule.register({
      signing: { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
      lockout: { threshold: config.LOCKOUT_THRESHOLD, minutes: config.LOCKOUT_MINUTES },
      bootstrapAdmin: { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD },
      redisUrl: config.REDIS_URL,
      namespace: config.KAFKA_NAMESPACE,
      loginsPerMinutePerAddress: config.LOGINS_PER_MINUTE_PER_ADDRESS,
      loginsPerMinutePerAccount: config.LOGINS_PER_MINUTE_PER_ACCOUNT,
    }),
  ],
})
export class AppModule {}
