import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { AppModule } from './app.module';
import { CALLS_DEFAULT_PORT, CALLS_SERVICE } from './config/calls.config';

void bootstrapService(AppModule, { name: CALLS_SERVICE, defaultPort: CALLS_DEFAULT_PORT });
