import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { GATEWAY_SERVICE, loadGatewayConfig } from './config/gateway.config';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from './database/gateway.data-source';

const config = loadGatewayConfig();
void runMigrationsAndExit({ service: GATEWAY_SERVICE, url: config.DATABASE_URL, entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS });
