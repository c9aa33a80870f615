import {
  AwardRulesV1,
  CALL_KINDS,
  CallEligibilityV1,
  CallFormV1,
  CallKind,
  CallRubricV1,
  CallTextV1,
  EvaluationSettingsV1,
  IsRecordOf,
  PaymentPolicyV1,
} from '@grants/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsInstant } from './instant.validator';

const LANGUAGE = /^[a-z]{2,3}$/;

/**
 * A call as an officer writes it. The shape is checked here (400); whether the call makes sense
 * as a whole (weights summing to 100, prizes within the budget, …) is checked when it is published
 * (422 with every problem), so a draft may be saved incomplete and filled in later.
 */
export class CreateCallDto {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { message: 'referenceCode must be 2-64 upper-case letters, digits or dashes' })
  referenceCode!: string;
  @IsIn(CALL_KINDS) kind!: CallKind;
  /** The programme whose budget the call draws on. */
  @IsOptional() @IsUUID() programmeId?: string;
  @IsOptional() @IsString() @Length(1, 300) funder?: string;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency!: string;
  @Matches(/^\d{1,18}$/, { message: 'budgetMinor must be a non-negative integer number of minor units, as a string' })
  budgetMinor!: string;
  /** An instant, or ON_PUBLICATION to open the moment the call is published. */
  @IsInstant({ allowOnPublication: true }) opensAt!: string;
  @IsInstant() closesAt!: string;
  @IsString() @Length(1, 64) timeZone!: string;
  @Matches(LANGUAGE, { message: 'defaultLanguage must be a language code such as mk' }) defaultLanguage!: string;
  @IsRecordOf(CallTextV1, { key: LANGUAGE, keyHint: 'a language code such as mk' }) texts!: Record<string, CallTextV1>;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(LANGUAGE, { each: true, message: 'submissionLanguages must be language codes such as mk' })
  submissionLanguages?: string[];
  @IsOptional() @ValidateNested() @Type(() => CallEligibilityV1) eligibility?: CallEligibilityV1;
  @IsOptional() @ValidateNested() @Type(() => CallFormV1) form?: CallFormV1;
  @IsOptional() @ValidateNested() @Type(() => CallRubricV1) rubric?: CallRubricV1;
  @IsOptional() @ValidateNested() @Type(() => EvaluationSettingsV1) evaluation?: EvaluationSettingsV1;
  @IsOptional() @ValidateNested() @Type(() => AwardRulesV1) awardRules?: AwardRulesV1;
  @IsOptional() @ValidateNested() @Type(() => PaymentPolicyV1) paymentPolicy?: PaymentPolicyV1;
  @IsOptional() @IsInt() @Min(0) @Max(365) appealWindowDays?: number;
}
