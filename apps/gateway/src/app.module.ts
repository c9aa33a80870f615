import { HealthModule } from '@grants/common';
import { DatabaseModule } from '@grants/database';
import { Module } from '@nestjs/common';
import { GATEWAY_SERVICE, loadGatewayConfig } from './config/gateway.config';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from './database/gateway.data-source';

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
    }),
  ],
})
export class AppModule {}
