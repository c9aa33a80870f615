import { APPLICANT_TYPES, ApplicantType } from '@grants/contracts';
import { Role, STAFF_ROLES } from '@grants/auth';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export const LANGUAGES = ['mk', 'sq', 'bs', 'sr', 'hr', 'bg', 'en'] as const;
// Long enough to resist guessing; bounded so that hashing cannot be abused with huge inputs.
const PASSWORD = () => Length(10, 200, { message: 'password must be 10 to 200 characters' });

export class RegisterApplicantDto {
  @IsEmail({}, { message: 'email must be a valid e-mail address' }) @MaxLength(254) email!: string;
  @IsString() @PASSWORD() password!: string;
  @IsString() @Length(1, 200) displayName!: string;
  @IsIn(LANGUAGES) preferredLanguage!: string;
  @IsIn(APPLICANT_TYPES) applicantType!: ApplicantType;
}

export class LoginDto {
  @IsEmail({}, { message: 'email must be a valid e-mail address' }) @MaxLength(254) email!: string;
  @IsString() @Length(1, 200) password!: string;
}

/** API clients send the refresh token here; a browser leaves it out and the session cookie carries it. */
export class RefreshDto {
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token' })
  refreshToken?: string;
}

export class ChangePasswordDto {
  @IsString() @Length(1, 200) currentPassword!: string;
  @IsString() @PASSWORD() newPassword!: string;
}

export class CreateStaffDto {
  @IsEmail({}, { message: 'email must be a valid e-mail address' }) @MaxLength(254) email!: string;
  @IsString() @PASSWORD() password!: string;
  @IsString() @Length(1, 200) displayName!: string;
  @IsIn(LANGUAGES) preferredLanguage!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(STAFF_ROLES, { each: true }) roles!: Role[];
}

/** What a person may change about their own account (more fields may come; all optional). */
export class UpdateMeDto {
  @IsOptional() @IsIn(LANGUAGES) preferredLanguage?: (typeof LANGUAGES)[number];
}

export class PasswordResetRequestDto {
  @IsEmail({}, { message: 'email must be a valid e-mail address' }) @MaxLength(254) email!: string;
}

export class PasswordResetConfirmDto {
  @IsString() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not a reset token' }) token!: string;
  @IsString() @PASSWORD() newPassword!: string;
}
