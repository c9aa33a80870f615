import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { AppModule } from './app.module';
import { NOTIFICATIONS_DEFAULT_PORT, NOTIFICATIONS_SERVICE } from './config/notifications.config';

void bootstrapService(AppModule, { name: NOTIFICATIONS_SERVICE, defaultPort: NOTIFICATIONS_DEFAULT_PORT });
