import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { APPLICATIONS_DEFAULT_PORT, APPLICATIONS_SERVICE } from './config/applications.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, { name: APPLICATIONS_SERVICE, defaultPort: APPLICATIONS_DEFAULT_PORT });
