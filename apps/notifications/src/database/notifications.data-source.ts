import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateDeliveries1763800500000 } from './migrations/1763800500000-create-deliveries';

export const NOTIFICATIONS_ENTITIES = [];
export const NOTIFICATIONS_MIGRATIONS = [CreateMessagingTables1763800000000, CreateScheduledJobs1763800000001, CreateDeliveries1763800500000];
