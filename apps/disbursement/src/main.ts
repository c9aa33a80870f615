import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { AppModule } from './app.module';
import { DISBURSEMENT_DEFAULT_PORT, DISBURSEMENT_SERVICE } from './config/disbursement.config';

void bootstrapService(AppModule, { name: DISBURSEMENT_SERVICE, defaultPort: DISBURSEMENT_DEFAULT_PORT });
