import { CreateAuditLog1763800000002 } from '@grants/database';
import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateIdentity1763800600000 } from './migrations/1763800600000-create-identity';

export const GATEWAY_ENTITIES = [];
export const GATEWAY_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateAuditLog1763800000002,
  CreateIdentity1763800600000,
];
