import { CreateAuditLog1763800000002 } from '@grants/database';
import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CallReplicaEntity } from '../modules/call-replica/call-replica.entity';
import { ApplicantIdentityEntity, ApplicationEntity } from '../modules/submissions/entities/application.entity';
import { CreateApplications1763800200000 } from './migrations/1763800200000-create-applications';
import { ApplicationOwner1763800200001 } from './migrations/1763800200001-application-owner';
import { DraftsReceiptsScreening1763800200002 } from './migrations/1763800200002-drafts-receipts-screening';

export const APPLICATIONS_ENTITIES = [CallReplicaEntity, ApplicationEntity, ApplicantIdentityEntity];
export const APPLICATIONS_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateAuditLog1763800000002,
  CreateApplications1763800200000,
  ApplicationOwner1763800200001,
  DraftsReceiptsScreening1763800200002,
];
