import { ClassConstructor } from 'class-transformer';
import { APPLICATIONS_CONTRACTS, ApplicationsTopics } from './applications.events';
import { CALLS_CONTRACTS, CallsTopics } from './calls.events';
import { DISBURSEMENT_CONTRACTS, DisbursementTopics } from './disbursement.events';
import { EVALUATION_CONTRACTS, EvaluationTopics } from './evaluation.events';
import { IDENTITY_CONTRACTS, IdentityTopics } from './identity.events';

/**
 * Topic names: `<service>.<entity>.<event>.v<N>`. A breaking change is a new version, both kept
 * while consumers move. Each service's events file declares its own topics and payload classes.
 */
export const Topics = {
  ...IdentityTopics,
  ...CallsTopics,
  ...ApplicationsTopics,
  ...EvaluationTopics,
  ...DisbursementTopics,
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** The payload class of each topic: validated on the way out and on the way in. */
export const CONTRACTS: Record<Topic, ClassConstructor<object>> = {
  ...IDENTITY_CONTRACTS,
  ...CALLS_CONTRACTS,
  ...APPLICATIONS_CONTRACTS,
  ...EVALUATION_CONTRACTS,
  ...DISBURSEMENT_CONTRACTS,
};
