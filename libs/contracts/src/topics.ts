import { ClassConstructor } from 'class-transformer';
import { ApplicationSubmittedV1 } from './applications.events';
import { CallPublishedV1 } from './calls.events';
import { GrantOpenedV1 } from './disbursement.events';
import { AwardGrantedV1 } from './evaluation.events';

/** Topic names: `<service>.<entity>.<event>.v<N>`. A breaking change is a new version. */
export const Topics = {
  CallPublishedV1: 'calls.call.published.v1',
  ApplicationSubmittedV1: 'applications.application.submitted.v1',
  AwardGrantedV1: 'evaluation.award.granted.v1',
  GrantOpenedV1: 'disbursement.grant.opened.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** The payload class of each topic: validated on the way out and on the way in. */
export const CONTRACTS: Record<Topic, ClassConstructor<object>> = {
  [Topics.CallPublishedV1]: CallPublishedV1,
  [Topics.ApplicationSubmittedV1]: ApplicationSubmittedV1,
  [Topics.AwardGrantedV1]: AwardGrantedV1,
  [Topics.GrantOpenedV1]: GrantOpenedV1,
};

export interface PayloadOf {
  [Topics.CallPublishedV1]: CallPublishedV1;
  [Topics.ApplicationSubmittedV1]: ApplicationSubmittedV1;
  [Topics.AwardGrantedV1]: AwardGrantedV1;
  [Topics.GrantOpenedV1]: GrantOpenedV1;
}
