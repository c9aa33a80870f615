import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { EVALUATION_DEFAULT_PORT, EVALUATION_SERVICE } from './config/evaluation.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, { name: EVALUATION_SERVICE, defaultPort: EVALUATION_DEFAULT_PORT });
