import 'reflect-metadata';
import { runMigrationsAndExit } from '@grants/database';
import { NOTIFICATIONS_SERVICE, loadNotificationsConfig } from './config/notifications.config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './database/notifications.data-source';

const config = loadNotificationsConfig();
void runMigrationsAndExit({ service: NOTIFICATIONS_SERVICE, url: config.DATABASE_URL, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS });
