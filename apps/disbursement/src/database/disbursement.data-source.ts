import { CreateAuditLog1763800000002 } from '@grants/database';
import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateGrants1763800400000 } from './migrations/1763800400000-create-grants';
import { DisbursementCore1763800400001 } from './migrations/1763800400001-disbursement-core';
import { PaymentsPerTranche1764870000000 } from './migrations/1764870000000-payments-per-tranche';
import { PaymentNotExecuted1764870000001 } from './migrations/1764870000001-payment-not-executed';
import { AwardRelease1764870000002 } from './migrations/1764870000002-award-release';

export const DISBURSEMENT_ENTITIES = [];
export const DISBURSEMENT_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateAuditLog1763800000002,
  CreateGrants1763800400000,
  DisbursementCore1763800400001,
  PaymentsPerTranche1764870000000,
  PaymentNotExecuted1764870000001,
  AwardRelease1764870000002,
];
