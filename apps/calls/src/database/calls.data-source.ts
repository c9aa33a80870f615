import { CreateAuditLog1763800000002 } from '@grants/database';
import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CallVersionEntity } from '../modules/calls/entities/call-version.entity';
import { CallEntity } from '../modules/calls/entities/call.entity';
import { CallOutcomeEntity } from '../modules/outcome/entities/call-outcome.entity';
import { ProgrammeEntity } from '../modules/programmes/entities/programme.entity';
import { CreateCalls1763800100000 } from './migrations/1763800100000-create-calls';
import { FullCallModel1763800100001 } from './migrations/1763800100001-full-call-model';

export const CALLS_ENTITIES = [CallEntity, CallVersionEntity, ProgrammeEntity, CallOutcomeEntity];
/** In order: the libraries' tables, then the service's own. */
export const CALLS_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateAuditLog1763800000002,
  CreateCalls1763800100000,
  FullCallModel1763800100001,
];
