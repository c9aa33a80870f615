import { APPLICANT_TYPES } from '@grants/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

/**
 * Text as the platform stores it: well-formed Unicode, without NUL or control characters, and
 * without U+FFFD. Invalid UTF-8 reaches us as U+FFFD (JSON parsers, the gateway's included,
 * replace bad bytes with it), so refusing it refuses invalid UTF-8 with the field named.
 */
export function cleanTextProblem(v: string): string | null {
  if (v.includes('\uFFFD')) return 'is not valid UTF-8 text (it holds bytes that are not UTF-8, shown as U+FFFD)';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v)) return 'is not valid Unicode text (an unpaired surrogate)';
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v)) return 'contains control characters';
  return null;
}

export const IsCleanText = (opts?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCleanText',
      validator: {
        validate: (v: unknown) => (Array.isArray(v) ? v : [v]).every((x) => typeof x !== 'string' || cleanTextProblem(x) === null),
        defaultMessage: (args) => {
          const bad = (Array.isArray(args?.value) ? args!.value : [args?.value]).find((x: unknown) => typeof x === 'string' && cleanTextProblem(x));
          return `$property ${cleanTextProblem(bad as string) ?? 'is not clean text'}`;
        },
      },
    },
    opts,
  );

const MINOR = /^\d{1,15}$/;
const MINOR_MSG = { message: '$property must be a whole number of minor units (cents) as a string of digits, such as "1500000"' };
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MSG = { message: '$property must be a calendar date, YYYY-MM-DD' };

export class ActivityDto {
  @IsString() @IsCleanText() @Length(1, 300) title!: string;
  @IsOptional() @IsString() @IsCleanText() @MaxLength(10_000) description?: string;
  @IsOptional() @Matches(DATE, DATE_MSG) startsOn?: string;
  @IsOptional() @Matches(DATE, DATE_MSG) endsOn?: string;
}

export class BudgetLineDto {
  @IsString() @IsCleanText() @Length(1, 500) description!: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 100) category?: string;
  @Matches(MINOR, MINOR_MSG) amountMinor!: string;
}

export class OrganisationDto {
  @IsString() @IsCleanText() @Length(1, 300) name!: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 64) registrationNumber?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166 country code such as MK' }) country?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 200) municipality?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 200) role?: string;
}

/**
 * The content of an application (see ApplicationContent). Every field is optional here: a draft
 * fills them in over time, and submission checks completeness against the call. In a PATCH,
 * `null` clears a field.
 */
export class ApplicationContentDto {
  @IsOptional() @Matches(/^[a-z]{2,3}$/, { message: '$property must be a language code such as mk or en' }) language?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 300) title?: string;
  /** The essay. */
  @IsOptional() @IsString() @IsCleanText() @Length(1, 200_000) text?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 20_000) summary?: string;
  /** Free-text sections by the key of the call's form; checked entry by entry (see sectionProblems). */
  @IsOptional() @IsObject() sections?: Record<string, string | null>;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 200) partnerMunicipality?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsCleanText({ each: true }) @Length(1, 2000, { each: true }) objectives?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsCleanText({ each: true }) @Length(1, 2000, { each: true }) targetGroups?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsCleanText({ each: true }) @Length(1, 2000, { each: true }) results?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ActivityDto) activities?: ActivityDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => BudgetLineDto) budgetLines?: BudgetLineDto[];
  @IsOptional() @Matches(MINOR, MINOR_MSG) requestedAmountMinor?: string;
  @IsOptional() @Matches(MINOR, MINOR_MSG) municipalityCoFundingMinor?: string;
  @IsOptional() @Matches(MINOR, MINOR_MSG) otherCoFundingMinor?: string;
  @IsOptional() @IsInt() @Min(1) @Max(120) durationMonths?: number;
  @IsOptional() @ValidateNested() @Type(() => OrganisationDto) leadOrganisation?: OrganisationDto;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => OrganisationDto) partners?: OrganisationDto[];
}

/** The applicant's personal data: stored apart from the content, never sent to evaluation. */
export class ApplicantDto {
  @IsOptional() @IsString() @IsCleanText() @Length(1, 200) fullName?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @IsOptional() @IsString() @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: '$property must be a telephone number' }) phone?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 300) school?: string;
  @IsOptional() @IsString() @IsCleanText() @Length(1, 300) organisation?: string;
  @IsOptional() @Matches(DATE, DATE_MSG) dateOfBirth?: string;
  @IsOptional() @IsIn(APPLICANT_TYPES) applicantType?: string;
}

export class GuardianConsentDto {
  @IsString() @IsCleanText() @Length(1, 200) guardianName!: string;
  @IsString() @IsCleanText() @Length(1, 100) relation!: string;
}

/** `POST /calls/{callId}/applications/drafts`: a new draft, optionally with a first content. */
export class CreateDraftDto extends ApplicationContentDto {
  @IsOptional() @ValidateNested() @Type(() => ApplicantDto) applicant?: ApplicantDto;
}

/** `PATCH /applications/{id}/draft`: the fields to write; `version` if no If-Match header is sent. */
export class PatchDraftDto extends ApplicationContentDto {
  @IsOptional() @ValidateNested() @Type(() => ApplicantDto) applicant?: ApplicantDto;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

/** `POST /calls/{callId}/applications`: draft and submit in one request (no attachments). */
export class SubmitDirectDto extends ApplicationContentDto {
  @ValidateNested() @Type(() => ApplicantDto) applicant!: ApplicantDto;
  @IsOptional() @ValidateNested() @Type(() => GuardianConsentDto) guardianConsent?: GuardianConsentDto;
}
