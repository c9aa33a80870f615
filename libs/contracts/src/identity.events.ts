import { IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export const APPLICANT_TYPES = ['STUDENT', 'REGISTERED_ORGANISATION', 'INFORMAL_GROUP', 'MUNICIPALITY'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** `identity.user.registered.v1`: an account now exists (self-registered applicant or invited staff). */
export class UserRegisteredV1 {
  @IsUUID() userId!: string;
  /** Notifications needs where to write; evaluation never subscribes to identity events. */
  @IsEmail() email!: string;
  @IsString() @Length(1, 200) displayName!: string;
  @IsArray() @IsString({ each: true }) roles!: string[];
  @Matches(/^[a-z]{2,3}$/) preferredLanguage!: string;
  @IsOptional() @IsIn(APPLICANT_TYPES) applicantType?: ApplicantType;
  @IsOptional() @IsUUID() organisationId?: string;
  @IsISO8601({ strict: true }) registeredAt!: string;
}

/**
 * `identity.password-reset.requested.v1`: for notifications to send the reset link. The token is
 * a secret: it is never logged, and it is useless once used or after `expiresAt`.
 */
export class PasswordResetRequestedV1 {
  @IsUUID() userId!: string;
  @IsEmail() email!: string;
  @Matches(/^[a-z]{2,3}$/) preferredLanguage!: string;
  @IsString() @Length(20, 200) resetToken!: string;
  @IsISO8601({ strict: true }) expiresAt!: string;
}

/**
 * `identity.user.language-changed.v1`: the person chose another language for the platform, so
 * their e-mails come in it from now on. Carries the address and name too, so that a consumer that
 * has not seen the registration yet (another topic, any order) can already write to them; a
 * consumer keeps the language of the latest `changedAt`, whatever order the events arrive in.
 */
export class UserLanguageChangedV1 {
  @IsUUID() userId!: string;
  @IsEmail() email!: string;
  @IsString() @Length(1, 200) displayName!: string;
  @Matches(/^[a-z]{2,3}$/) preferredLanguage!: string;
  @IsISO8601({ strict: true }) changedAt!: string;
}

export const IdentityTopics = {
  UserRegisteredV1: 'identity.user.registered.v1',
  PasswordResetRequestedV1: 'identity.password-reset.requested.v1',
  UserLanguageChangedV1: 'identity.user.language-changed.v1',
} as const;

export const IDENTITY_CONTRACTS = {
  [IdentityTopics.UserRegisteredV1]: UserRegisteredV1,
  [IdentityTopics.PasswordResetRequestedV1]: PasswordResetRequestedV1,
  [IdentityTopics.UserLanguageChangedV1]: UserLanguageChangedV1,
};
