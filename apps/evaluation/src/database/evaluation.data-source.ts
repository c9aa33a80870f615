import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateEvaluation1763800300000 } from './migrations/1763800300000-create-evaluation';

/** Evaluation works in SQL through its use cases; no entity classes yet. */
export const EVALUATION_ENTITIES = [];
export const EVALUATION_MIGRATIONS = [CreateMessagingTables1763800000000, CreateScheduledJobs1763800000001, CreateEvaluation1763800300000];
