import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateGrants1763800400000 } from './migrations/1763800400000-create-grants';

export const DISBURSEMENT_ENTITIES = [];
export const DISBURSEMENT_MIGRATIONS = [CreateMessagingTables1763800000000, CreateScheduledJobs1763800000001, CreateGrants1763800400000];
