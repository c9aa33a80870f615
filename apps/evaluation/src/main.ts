import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { AppModule } from './app.module';
import { EVALUATION_DEFAULT_PORT, EVALUATION_SERVICE } from './config/evaluation.config';

void bootstrapService(AppModule, { name: EVALUATION_SERVICE, defaultPort: EVALUATION_DEFAULT_PORT });
