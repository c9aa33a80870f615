import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { AppModule } from './app.module';
import { APPLICATIONS_DEFAULT_PORT, APPLICATIONS_SERVICE } from './config/applications.config';

void bootstrapService(AppModule, { name: APPLICATIONS_SERVICE, defaultPort: APPLICATIONS_DEFAULT_PORT });
