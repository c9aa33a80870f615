import { CreateScheduledJobs1763800000001 } from '@grants/jobs';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { CreateDeliveries1763800500000 } from './migrations/1763800500000-create-deliveries';
import { RecipientsAndDeliveryLog1763800500001 } from './migrations/1763800500001-recipients-and-delivery-log';
import { OwnersCallsAndAwaitingDeliveries1763800500002 } from './migrations/1763800500002-owners-calls-and-awaiting-deliveries';
import { RecipientLanguageSetAt1763800500003 } from './migrations/1763800500003-recipient-language-set-at';

export const NOTIFICATIONS_ENTITIES = [];
export const NOTIFICATIONS_MIGRATIONS = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobs1763800000001,
  CreateDeliveries1763800500000,
  RecipientsAndDeliveryLog1763800500001,
  OwnersCallsAndAwaitingDeliveries1763800500002,
  RecipientLanguageSetAt1763800500003,
];
