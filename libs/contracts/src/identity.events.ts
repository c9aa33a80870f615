import { IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

export const APPLICANT_TYPES = ['STUDENT', 'REGISTERED_ORGANISATION', 'INFORMAL_GROUP', 'MUNICIPALITY'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** `identity.user.registered.v1`: an account now exists (self-registered applicant or invited staff). */
export class UserRegisteredV1 {
  @IsUUID() userId!: string;
  @IsArray() @IsString({ each: true }) roles!: string[];
  @Matches(/^[a-z]{2,3}$/) preferredLanguage!: string;
  @IsOptional() @IsIn(APPLICANT_TYPES) applicantType?: ApplicantType;
  @IsOptional() @IsUUID() organisationId?: string;
  @IsISO8601({ strict: true }) registeredAt!: string;
}

export const IdentityTopics = {
  UserRegisteredV1: 'identity.user.registered.v1',
} as const;

export const IDENTITY_CONTRACTS = {
  [IdentityTopics.UserRegisteredV1]: UserRegisteredV1,
};
