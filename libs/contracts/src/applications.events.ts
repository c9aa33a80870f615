import { IsISO8601, IsObject, IsString, IsUUID, Length, Matches } from 'class-validator';

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

export const ApplicationsTopics = {
  ApplicationSubmittedV1: 'applications.application.submitted.v1',
} as const;

export const APPLICATIONS_CONTRACTS = {
  [ApplicationsTopics.ApplicationSubmittedV1]: ApplicationSubmittedV1,
};
