import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { APPLICANT_TYPES, ApplicantType } from './identity.events';
import { IsMinorUnits, IsRecordOf } from './validators';

export const CALL_KINDS = ['ESSAY_CONTEST', 'LOCAL_INITIATIVE_COFUNDING', 'NGO_GRANT'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_STATUSES = [
  'DRAFT',
  'SCHEDULED',
  'OPEN',
  'CLOSED',
  'UNDER_EVALUATION',
  'RESULTS_PUBLISHED',
  'ARCHIVED',
  'CANCELLED',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** When a tranche of a grant falls due (disbursement turns these into a payment schedule). */
export const TRANCHE_TRIGGERS = ['ON_AGREEMENT_SIGNED', 'ON_INTERIM_REPORT_APPROVED', 'ON_FINAL_REPORT_APPROVED'] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

/** What happens when evaluators disagree (evaluation's DivergenceRule). */
export const DIVERGENCE_MODES = ['ADDITIONAL_EVALUATOR', 'CONSENSUS', 'NONE'] as const;
export type DivergenceMode = (typeof DIVERGENCE_MODES)[number];

/** One step of the tie-break order (evaluation's TieBreakRule). */
export const TIE_BREAKS = ['CRITERION_MEAN', 'EARLIER_SUBMISSION', 'REFERENCE'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

/** Ranked prizes (essay contest) or grants from a pool (co-funding, NGO grants). */
export const AWARD_MODES = ['RANKED_PRIZES', 'POOL'] as const;
export type AwardMode = (typeof AWARD_MODES)[number];

const LANGUAGE = /^[a-z]{2,3}$/;
const KEY = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
const MIME = /^[a-z]+\/[a-zA-Z0-9.+-]+$/;

export class CallTextV1 {
  @IsString() @Length(1, 500) title!: string;
  @IsOptional() @IsString() @Length(0, 5000) summary?: string;
  /** The full call text (markdown). Optional for consumers of events published before it existed. */
  @IsOptional() @IsString() @Length(0, 200_000) body?: string;
}

export class LabelV1 {
  @IsString() @Length(1, 300) title!: string;
}

export class AgeRangeV1 {
  @IsOptional() @IsInt() @Min(0) @Max(120) minAge?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120) maxAge?: number;
}

export class AmountRangeV1 {
  @IsOptional() @IsMinorUnits() minMinor?: string;
  @IsOptional() @IsMinorUnits() maxMinor?: string;
}

export class WordLimitsV1 {
  @IsOptional() @IsInt() @Min(0) @Max(100_000) minWords?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) maxWords?: number;
}

/** Who may apply and with what. Which parts are required depends on the call's kind. */
export class CallEligibilityV1 {
  @IsArray() @ArrayMaxSize(10) @IsIn(APPLICANT_TYPES, { each: true }) applicantTypes!: ApplicantType[];
  /** A lead organisation may apply with partners (a consortium, a network). */
  @IsOptional() @IsBoolean() partnershipsAllowed?: boolean;
  @IsOptional() @ValidateNested() @Type(() => AgeRangeV1) ageRange?: AgeRangeV1;
  /** Applicants younger than this need a guardian's consent. */
  @IsOptional() @IsInt() @Min(1) @Max(120) guardianConsentUnderAge?: number;
  /** Names kept exactly as written (Istočno Novo Sarajevo, Требиње). */
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @Length(1, 200, { each: true }) partnerMunicipalities?: string[];
  @IsOptional() @ValidateNested() @Type(() => AmountRangeV1) requestedAmount?: AmountRangeV1;
  /** The partner's (municipality's) share of a project's budget, in percent, at least. */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) minCoFundingPercent?: number;
  @IsOptional() @ValidateNested() @Type(() => WordLimitsV1) wordLimits?: WordLimitsV1;
  @IsBoolean() onePerApplicant!: boolean;
}

export class FormSectionV1 {
  @Matches(KEY, { message: 'key must be a letter then up to 63 letters, digits, "_" or "-"' }) key!: string;
  @IsBoolean() required!: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) maxWords?: number;
  @IsOptional() @IsRecordOf(LabelV1, { key: LANGUAGE, keyHint: 'a language code' }) labels?: Record<string, LabelV1>;
}

export class FormAttachmentV1 {
  @Matches(KEY, { message: 'key must be a letter then up to 63 letters, digits, "_" or "-"' }) key!: string;
  @IsBoolean() required!: boolean;
  @IsInt() @Min(1) @Max(1024 * 1024 * 1024) maxSizeBytes!: number;
  @IsArray() @ArrayMaxSize(20) @Matches(MIME, { each: true, message: 'allowedTypes must be MIME types such as application/pdf' })
  allowedTypes!: string[];
  @IsOptional() @IsRecordOf(LabelV1, { key: LANGUAGE, keyHint: 'a language code' }) labels?: Record<string, LabelV1>;
}

export class CallFormV1 {
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FormSectionV1) sections!: FormSectionV1[];
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FormAttachmentV1) attachments!: FormAttachmentV1[];
}

/** Scores, weights, maxima, steps and thresholds are decimals with at most two fractional digits. */
export class RubricCriterionV1 {
  @Matches(KEY, { message: 'id must be a letter then up to 63 letters, digits, "_" or "-"' }) id!: string;
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) weightPercent!: number;
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) maxScore!: number;
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) step!: number;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) threshold?: number;
  @IsOptional() @IsRecordOf(LabelV1, { key: LANGUAGE, keyHint: 'a language code' }) labels?: Record<string, LabelV1>;
}

export class CallRubricV1 {
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RubricCriterionV1) criteria!: RubricCriterionV1[];
  /** Minimum weighted total (0–100) to pass. */
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) passMark!: number;
}

export class DivergenceRuleV1 {
  @IsIn(DIVERGENCE_MODES) mode!: DivergenceMode;
  /** "A third evaluator when two totals differ by more than 30% of the higher": 30. */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) thresholdPercent?: number;
}

export class TieBreakRuleV1 {
  @IsIn(TIE_BREAKS) by!: TieBreak;
  /** For CRITERION_MEAN: a criterion of the rubric. */
  @IsOptional() @IsString() @Length(1, 64) criterionId?: string;
}

export class EvaluationSettingsV1 {
  @IsInt() @Min(1) @Max(20) evaluatorsPerEntry!: number;
  @IsBoolean() blind!: boolean;
  @ValidateNested() @Type(() => DivergenceRuleV1) divergence!: DivergenceRuleV1;
  @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => TieBreakRuleV1) tieBreak!: TieBreakRuleV1[];
}

export class AwardRulesV1 {
  @IsIn(AWARD_MODES) mode!: AwardMode;
  /** RANKED_PRIZES: prizesMinor[0] is the first prize. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsMinorUnits({ each: true }) prizesMinor?: string[];
  /** POOL: the money to award, at most the call's budget. */
  @IsOptional() @IsMinorUnits() poolMinor?: string;
  @IsOptional() @IsMinorUnits() maxPerAwardMinor?: string;
  /** POOL: fund at least this many (MAKERS: at least 8 initiatives). */
  @IsOptional() @IsInt() @Min(0) @Max(10_000) minAwards?: number;
  @IsInt() @Min(0) @Max(1000) reserveListLength!: number;
}

export class TrancheV1 {
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) percent!: number;
  @IsIn(TRANCHE_TRIGGERS) trigger!: TrancheTrigger;
}

export class PaymentPolicyV1 {
  @IsArray() @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => TrancheV1) tranches!: TrancheV1[];
}

/**
 * `calls.call.published.v1`: a full snapshot of the call's rules at publication. The fields after
 * `publishedAt` came with the full call model; they are optional so that events written before it
 * still validate, and consumers keep working on the original fields.
 */
export class CallPublishedV1 {
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) referenceCode!: string;
  @IsIn(CALL_KINDS) kind!: CallKind;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsMinorUnits() budgetMinor!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  @IsString() @Length(1, 64) timeZone!: string;
  @IsBoolean() blindReview!: boolean;
  @IsString() @Length(2, 3) defaultLanguage!: string;
  /** Texts per language code. */
  @IsRecordOf(CallTextV1, { key: LANGUAGE, keyHint: 'a language code' }) texts!: Record<string, CallTextV1>;
  @IsISO8601({ strict: true }) publishedAt!: string;

  /** 1 at publication, +1 per amendment. */
  @IsOptional() @IsInt() @Min(1) version?: number;
  @IsOptional() @IsIn(CALL_STATUSES) status?: CallStatus;
  @IsOptional() @IsUUID() programmeId?: string;
  @IsOptional() @IsString() @Length(1, 300) funder?: string;
  @IsOptional() @IsArray() @Matches(LANGUAGE, { each: true }) submissionLanguages?: string[];
  @IsOptional() @ValidateNested() @Type(() => CallEligibilityV1) eligibility?: CallEligibilityV1;
  @IsOptional() @ValidateNested() @Type(() => CallFormV1) form?: CallFormV1;
  @IsOptional() @ValidateNested() @Type(() => CallRubricV1) rubric?: CallRubricV1;
  @IsOptional() @ValidateNested() @Type(() => EvaluationSettingsV1) evaluation?: EvaluationSettingsV1;
  @IsOptional() @ValidateNested() @Type(() => AwardRulesV1) awardRules?: AwardRulesV1;
  @IsOptional() @ValidateNested() @Type(() => PaymentPolicyV1) paymentPolicy?: PaymentPolicyV1;
  @IsOptional() @IsInt() @Min(0) @Max(365) appealWindowDays?: number;
}

/** `calls.call.opened.v1`: submissions are accepted from now on (the scheduled instant, or publication). */
export class CallOpenedV1 {
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) referenceCode!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  /** When the status actually changed. */
  @IsISO8601({ strict: true }) openedAt!: string;
  @IsInt() @Min(1) version!: number;
}

/** `calls.call.closed.v1`: the deadline passed; no more submissions. */
export class CallClosedV1 {
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) referenceCode!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  @IsISO8601({ strict: true }) closedAt!: string;
  @IsInt() @Min(1) version!: number;
}

export const CALL_CHANGE_TYPES = ['DEADLINE_EXTENDED', 'TEXT_CORRECTED', 'LANGUAGE_ADDED', 'SUBMISSION_LANGUAGE_ADDED'] as const;
export type CallChangeType = (typeof CALL_CHANGE_TYPES)[number];

export class CallChangeV1 {
  @IsIn(CALL_CHANGE_TYPES) type!: CallChangeType;
  @IsOptional() @Matches(LANGUAGE) language?: string;
  /** DEADLINE_EXTENDED: the previous and the new closing instant. */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

/**
 * `calls.call.amended.v1`: a new version of a published call, with the reason and what changed,
 * and the new full snapshot (the same shape as `calls.call.published.v1`): a consumer applies it
 * exactly as it applies a publication.
 */
export class CallAmendedV1 {
  @IsUUID() callId!: string;
  @IsInt() @Min(2) version!: number;
  @IsString() @Length(1, 1000) reason!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CallChangeV1) changes!: CallChangeV1[];
  @IsISO8601({ strict: true }) amendedAt!: string;
  @ValidateNested() @Type(() => CallPublishedV1) snapshot!: CallPublishedV1;
}

/** `calls.call.cancelled.v1`: the call will not go on; scheduled opening and closing are void. */
export class CallCancelledV1 {
  @IsUUID() callId!: string;
  @IsString() @Length(1, 64) referenceCode!: string;
  @IsIn(CALL_STATUSES) previousStatus!: CallStatus;
  @IsString() @Length(1, 1000) reason!: string;
  @IsISO8601({ strict: true }) cancelledAt!: string;
}

export const CallsTopics = {
  CallPublishedV1: 'calls.call.published.v1',
  CallOpenedV1: 'calls.call.opened.v1',
  CallClosedV1: 'calls.call.closed.v1',
  CallAmendedV1: 'calls.call.amended.v1',
  CallCancelledV1: 'calls.call.cancelled.v1',
} as const;

export const CALLS_CONTRACTS = {
  [CallsTopics.CallPublishedV1]: CallPublishedV1,
  [CallsTopics.CallOpenedV1]: CallOpenedV1,
  [CallsTopics.CallClosedV1]: CallClosedV1,
  [CallsTopics.CallAmendedV1]: CallAmendedV1,
  [CallsTopics.CallCancelledV1]: CallCancelledV1,
};
