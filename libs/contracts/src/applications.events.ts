import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

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

export const ApplicationsTopics = {
  ApplicationSubmittedV1: 'applications.application.submitted.v1',
  ReceiptIssuedV1: 'applications.receipt.issued.v1',
  EligibilityDecidedV1: 'applications.application.eligibility-decided.v1',
} as const;

export const APPLICATIONS_CONTRACTS = {
  [ApplicationsTopics.ApplicationSubmittedV1]: ApplicationSubmittedV1,
  [ApplicationsTopics.ReceiptIssuedV1]: ReceiptIssuedV1,
  [ApplicationsTopics.EligibilityDecidedV1]: EligibilityDecidedV1,
};
