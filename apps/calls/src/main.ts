import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { CALLS_DEFAULT_PORT, CALLS_SERVICE } from './config/calls.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, { name: CALLS_SERVICE, defaultPort: CALLS_DEFAULT_PORT });
