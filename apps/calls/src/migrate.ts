import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { CALLS_SERVICE, loadCallsConfig } from './config/calls.config';
import { CALLS_ENTITIES, CALLS_MIGRATIONS } from './database/calls.data-source';

const config = loadCallsConfig();
void runMigrationsAndExit({ service: CALLS_SERVICE, url: config.DATABASE_URL, entities: CALLS_ENTITIES, migrations: CALLS_MIGRATIONS });
