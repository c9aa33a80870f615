import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { DISBURSEMENT_SERVICE, loadDisbursementConfig } from './config/disbursement.config';
import { DISBURSEMENT_ENTITIES, DISBURSEMENT_MIGRATIONS } from './database/disbursement.data-source';

const config = loadDisbursementConfig();
void runMigrationsAndExit({ service: DISBURSEMENT_SERVICE, url: config.DATABASE_URL, entities: DISBURSEMENT_ENTITIES, migrations: DISBURSEMENT_MIGRATIONS });
