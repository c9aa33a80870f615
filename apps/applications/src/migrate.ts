import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { APPLICATIONS_SERVICE, loadApplicationsConfig } from './config/applications.config';
import { APPLICATIONS_ENTITIES, APPLICATIONS_MIGRATIONS } from './database/applications.data-source';

const config = loadApplicationsConfig();
void runMigrationsAndExit({ service: APPLICATIONS_SERVICE, url: config.DATABASE_URL, entities: APPLICATIONS_ENTITIES, migrations: APPLICATIONS_MIGRATIONS });
