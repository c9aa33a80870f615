import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { IsMinorUnits } from './validators';

/** `disbursement.grant.opened.v1`: a grant now exists for an award. */
export class GrantOpenedV1 {
  @IsUUID() grantId!: string;
  @IsUUID() awardId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsISO8601({ strict: true }) openedAt!: string;
}

/**
 * What every payment event says of its payment. `applicantUserId` is the grantee to notify; it is
 * absent only while the grantee's receipt has not reached disbursement yet.
 */
export class PaymentEventV1 {
  @IsUUID() paymentId!: string;
  @IsUUID() grantId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsOptional() @IsUUID() applicantUserId?: string;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  /** The tranche paid (1 = first), absent for a payment requested outside the tranche plan. */
  @IsOptional() @IsInt() @Min(1) trancheSequence?: number;
}

/**
 * `disbursement.payment.approved.v1`: a payment request has all the approvals it needs (one, or two
 * distinct approvers above the threshold) and will be executed.
 */
export class PaymentApprovedV1 extends PaymentEventV1 {
  @IsArray() @ArrayMaxSize(2) @IsString({ each: true }) approverIds!: string[];
  @IsISO8601({ strict: true }) approvedAt!: string;
}

/** `disbursement.payment.paid.v1`: the bank booked the payment (once: the end-to-end id is the bank's key). */
export class PaymentPaidV1 extends PaymentEventV1 {
  @IsString() @Length(1, 35) endToEndId!: string;
  @IsOptional() @IsString() @Length(1, 64) bankReference?: string;
  @IsISO8601({ strict: true }) paidAt!: string;
}

export const PAYMENT_FAILURE_KINDS = ['REJECTED', 'OUTCOME_UNKNOWN'] as const;
export type PaymentFailureKindV1 = (typeof PAYMENT_FAILURE_KINDS)[number];

/**
 * `disbursement.payment.failed.v1`: the bank rejected the payment (REJECTED: nothing moved), or it
 * could not be confirmed after the last retry (OUTCOME_UNKNOWN). A finance user decides what next.
 */
export class PaymentFailedV1 extends PaymentEventV1 {
  @IsIn(PAYMENT_FAILURE_KINDS) failureKind!: PaymentFailureKindV1;
  @IsString() @Length(1, 2000) reason!: string;
  @IsISO8601({ strict: true }) failedAt!: string;
}

export const GRANT_CLOSE_OUTCOMES = ['COMPLETED', 'TERMINATED'] as const;
export type GrantCloseOutcome = (typeof GRANT_CLOSE_OUTCOMES)[number];

/**
 * `disbursement.grant.closed.v1`: COMPLETED when the grant is fully paid and its final report (where
 * one is required) approved; TERMINATED when an officer ended it early (the unpaid rest reversed).
 */
export class GrantClosedV1 {
  @IsUUID() grantId!: string;
  @IsUUID() awardId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsOptional() @IsUUID() applicantUserId?: string;
  @IsIn(GRANT_CLOSE_OUTCOMES) outcome!: GrantCloseOutcome;
  @IsMinorUnits() amountMinor!: string;
  @IsMinorUnits() paidMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsISO8601({ strict: true }) closedAt!: string;
}

export const REPORT_KINDS = ['INTERIM', 'FINAL'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_DECISIONS = ['APPROVED', 'RETURNED'] as const;
export type ReportDecision = (typeof REPORT_DECISIONS)[number];

/** `disbursement.report.decided.v1`: an officer approved a grantee's report, or returned it with a comment. */
export class ReportDecidedV1 {
  @IsUUID() reportId!: string;
  @IsUUID() grantId!: string;
  @IsUUID() callId!: string;
  @IsOptional() @IsUUID() applicantUserId?: string;
  @IsIn(REPORT_KINDS) kind!: ReportKind;
  /** INTERIM: which interim report (1 = the first); FINAL: 1. */
  @IsInt() @Min(1) number!: number;
  @IsIn(REPORT_DECISIONS) decision!: ReportDecision;
  @IsOptional() @IsString() @Length(1, 4000) comment?: string;
  @IsISO8601({ strict: true }) decidedAt!: string;
}

export const DisbursementTopics = {
  GrantOpenedV1: 'disbursement.grant.opened.v1',
  PaymentApprovedV1: 'disbursement.payment.approved.v1',
  PaymentPaidV1: 'disbursement.payment.paid.v1',
  PaymentFailedV1: 'disbursement.payment.failed.v1',
  GrantClosedV1: 'disbursement.grant.closed.v1',
  ReportDecidedV1: 'disbursement.report.decided.v1',
} as const;

export const DISBURSEMENT_CONTRACTS = {
  [DisbursementTopics.GrantOpenedV1]: GrantOpenedV1,
  [DisbursementTopics.PaymentApprovedV1]: PaymentApprovedV1,
  [DisbursementTopics.PaymentPaidV1]: PaymentPaidV1,
  [DisbursementTopics.PaymentFailedV1]: PaymentFailedV1,
  [DisbursementTopics.GrantClosedV1]: GrantClosedV1,
  [DisbursementTopics.ReportDecidedV1]: ReportDecidedV1,
};
