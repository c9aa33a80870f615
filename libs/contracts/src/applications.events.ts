import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * `applications.application.submitted.v1`: the review content only. For a blind call it carries
 * nothing that identifies the applicant; personal data never leaves the applications service.
 */
export class ApplicationSubmittedV1 {
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsISO8601({ strict: true }) submittedAt!: string;
  @Matches(/^[0-9a-f]{64}$/) contentSha256!: string;
  @IsString() @Length(2, 3) language!: string;
  /** Section name → content, as the call's form shapes it. */
  @IsObject() reviewContent!: Record<string, unknown>;
  /** 1 for the first submission, +1 for each resubmission (which replaces the content). */
  @IsOptional() @IsInt() @Min(1) revision?: number;
}

/**
 * `applications.receipt.issued.v1`: who submitted what. Links an application to its applicant's
 * account for the services that act for the applicant (notifications: the receipt e-mail;
 * disbursement: whose bank details and reports). Evaluation never subscribes to it.
 */
export class ReceiptIssuedV1 {
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicantUserId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsISO8601({ strict: true }) submittedAt!: string;
  @Matches(/^[0-9a-f]{64}$/) contentSha256!: string;
  @IsOptional() @IsUUID() receiptId?: string;
  /** 1 for the first submission, +1 for each resubmission. */
  @IsOptional() @IsInt() @Min(1) revision?: number;
}

/**
 * Who stands behind an entry, for conflict-of-interest checks only. Evaluation stores it apart
 * and never returns it through a route, an error or an event that an evaluator can reach.
 */
export class ConflictPartiesV1 {
  @IsOptional() @IsString() @Length(1, 300) applicantOrganisation?: string;
  @IsOptional() @IsString() @Length(1, 254) applicantEmail?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) partnerOrganisations?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) partnerEmails?: string[];
  @IsOptional() @IsString() @Length(1, 200) partnerMunicipality?: string;
}

/** `applications.application.eligibility-decided.v1`: screening's outcome for one application. */
export class EligibilityDecidedV1 {
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsBoolean() eligible!: boolean;
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
  @IsString() @Length(2, 3) language!: string;
  @IsISO8601({ strict: true }) submittedAt!: string;
  /** The requested amount for pool calls (co-funding, NGO grants), in the call's currency. */
  @IsOptional() @Matches(/^\d{1,18}$/) requestedAmountMinor?: string;
  @ValidateNested() @Type(() => ConflictPartiesV1) conflictParties!: ConflictPartiesV1;
  @IsISO8601({ strict: true }) decidedAt!: string;
}

/**
 * `applications.application.withdrawn.v1`: the applicant withdrew before the deadline; the entry
 * leaves the competition. No identity and no reason (the reason stays with applications).
 */
export class ApplicationWithdrawnV1 {
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsISO8601({ strict: true }) withdrawnAt!: string;
}

/** What the applicant's timeline shows (SUBMITTED comes with `applications.receipt.issued.v1`). */
export const APPLICATION_TIMELINE_STATUSES = [
  'SUBMITTED',
  'RESUBMITTED',
  'WITHDRAWN',
  'ELIGIBLE',
  'INELIGIBLE',
  'CLARIFICATION_REQUESTED',
  'CLARIFICATION_ANSWERED',
  'CLARIFICATION_EXPIRED',
  'UNDER_REVIEW',
  'AWARDED',
  'RESERVE',
  'NOT_SELECTED',
  'APPEAL_FILED',
  'APPEAL_UPHELD',
  'APPEAL_REJECTED',
] as const;
export type ApplicationTimelineStatus = (typeof APPLICATION_TIMELINE_STATUSES)[number];

/**
 * `applications.application.status-changed.v1`: a step on the applicant's timeline, for the
 * services that act for the applicant (notifications). It names the applicant's account, so
 * evaluation never subscribes to it.
 */
export class ApplicationStatusChangedV1 {
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicantUserId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsIn(APPLICATION_TIMELINE_STATUSES) status!: ApplicationTimelineStatus;
  @IsISO8601({ strict: true }) changedAt!: string;
  /** For the applicant: the reason of an ineligibility or of an appeal decision. */
  @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

/**
 * `applications.clarification.requested.v1`: screening asks the applicant a question that must be
 * answered by `respondBy` (notifications mails it). Names the applicant's account: not for evaluation.
 */
export class ClarificationRequestedV1 {
  @IsUUID() clarificationId!: string;
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicantUserId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsString() @Length(1, 4000) question!: string;
  @IsISO8601({ strict: true }) respondBy!: string;
  @IsISO8601({ strict: true }) requestedAt!: string;
}

export const APPEAL_STAGES = ['ELIGIBILITY', 'RESULTS'] as const;
export type AppealStage = (typeof APPEAL_STAGES)[number];
export const APPEAL_DECISIONS = ['UPHELD', 'REJECTED'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/**
 * `applications.appeal.filed.v1`: an appeal against an ineligibility decision or against the
 * results. The grounds stay with applications (the applicant's own words may identify them).
 */
export class AppealFiledV1 {
  @IsUUID() appealId!: string;
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsIn(APPEAL_STAGES) stage!: AppealStage;
  @IsISO8601({ strict: true }) filedAt!: string;
}

/**
 * `applications.appeal.decided.v1`: an officer upheld or rejected an appeal. An upheld RESULTS
 * appeal asks evaluation to re-examine the entry; an upheld ELIGIBILITY appeal is followed by a
 * new `eligibility-decided` (eligible).
 */
export class AppealDecidedV1 {
  @IsUUID() appealId!: string;
  @IsUUID() applicationId!: string;
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) reference!: string;
  @IsIn(APPEAL_STAGES) stage!: AppealStage;
  @IsIn(APPEAL_DECISIONS) decision!: AppealDecision;
  @IsString() @Length(1, 2000) reason!: string;
  @IsISO8601({ strict: true }) decidedAt!: string;
}

export const ApplicationsTopics = {
  ApplicationSubmittedV1: 'applications.application.submitted.v1',
  ReceiptIssuedV1: 'applications.receipt.issued.v1',
  EligibilityDecidedV1: 'applications.application.eligibility-decided.v1',
  ApplicationWithdrawnV1: 'applications.application.withdrawn.v1',
  ApplicationStatusChangedV1: 'applications.application.status-changed.v1',
  ClarificationRequestedV1: 'applications.clarification.requested.v1',
  AppealFiledV1: 'applications.appeal.filed.v1',
  AppealDecidedV1: 'applications.appeal.decided.v1',
} as const;

export const APPLICATIONS_CONTRACTS = {
  [ApplicationsTopics.ApplicationSubmittedV1]: ApplicationSubmittedV1,
  [ApplicationsTopics.ReceiptIssuedV1]: ReceiptIssuedV1,
  [ApplicationsTopics.EligibilityDecidedV1]: EligibilityDecidedV1,
  [ApplicationsTopics.ApplicationWithdrawnV1]: ApplicationWithdrawnV1,
  [ApplicationsTopics.ApplicationStatusChangedV1]: ApplicationStatusChangedV1,
  [ApplicationsTopics.ClarificationRequestedV1]: ClarificationRequestedV1,
  [ApplicationsTopics.AppealFiledV1]: AppealFiledV1,
  [ApplicationsTopics.AppealDecidedV1]: AppealDecidedV1,
};
