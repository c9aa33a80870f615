import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { DISBURSEMENT_DEFAULT_PORT, DISBURSEMENT_SERVICE } from './config/disbursement.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, { name: DISBURSEMENT_SERVICE, defaultPort: DISBURSEMENT_DEFAULT_PORT });
