import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CallEntity } from '../modules/calls/entities/call.entity';
import { CreateCalls1763800100000 } from './migrations/1763800100000-create-calls';

export const CALLS_ENTITIES = [CallEntity];
/** In order: the libraries' tables, then the service's own. */
export const CALLS_MIGRATIONS = [CreateMessagingTables1763800000000, CreateScheduledJobs1763800000001, CreateCalls1763800100000];
