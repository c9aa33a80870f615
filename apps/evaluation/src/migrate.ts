import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { EVALUATION_SERVICE, loadEvaluationConfig } from './config/evaluation.config';
import { EVALUATION_ENTITIES, EVALUATION_MIGRATIONS } from './database/evaluation.data-source';

const config = loadEvaluationConfig();
void runMigrationsAndExit({ service: EVALUATION_SERVICE, url: config.DATABASE_URL, entities: EVALUATION_ENTITIES, migrations: EVALUATION_MIGRATIONS });
