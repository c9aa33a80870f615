import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { NOTIFICATIONS_DEFAULT_PORT, NOTIFICATIONS_SERVICE } from './config/notifications.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, { name: NOTIFICATIONS_SERVICE, defaultPort: NOTIFICATIONS_DEFAULT_PORT });
