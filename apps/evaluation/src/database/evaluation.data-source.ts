import { CreateAuditLog1763800000002 } from '@grants/database';
import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateEvaluation1763800300000 } from './migrations/1763800300000-create-evaluation';
import { EvaluationWorkflow1763800300001 } from './migrations/1763800300001-evaluation-workflow';

/** Evaluation works in SQL through its use cases; no entity classes. */
export const EVALUATION_ENTITIES = [];
/** In order: the libraries' tables, then the service's own. */
export const EVALUATION_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateAuditLog1763800000002,
  CreateEvaluation1763800300000,
  EvaluationWorkflow1763800300001,
];
