import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';

/** Users, roles and sessions arrive with the identity issue; the outbox is ready for their events. */
export const GATEWAY_ENTITIES = [];
export const GATEWAY_MIGRATIONS = [CreateMessagingTables1763800000000, CreateScheduledJobs1763800000001];
