import 'reflect-metadata';
import { bootstrapService } from '@grants/common';
import { DISBURSEMENT_DEFAULT_PORT, DISBURSEMENT_SERVICE } from './config/disbursement.config';

void bootstrapService(async () => (await import('./app.module')).AppModule, {
  name: DISBURSEMENT_SERVICE,
  defaultPort: DISBURSEMENT_DEFAULT_PORT,
  // Reports carry their attachments (up to 5 MB each, base64) in the body.
  bodyLimitBytes: 12 * 1024 * 1024,
});
