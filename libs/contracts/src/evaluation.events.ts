import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { IsMinorUnits } from './validators';

/*
 * Evaluation's events. None of them names an applicant: entries are known by application id and
 * public reference only, and evaluators by their user id. They may reach evaluators (through
 * notifications, or published results), so nothing from an entry's conflict parties ever goes here.
 */

/** `evaluation.award.granted.v1`: one per winner. */
export class AwardGrantedV1 {
  @IsUUID() awardId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  /** Prize rank for ranked prizes (1 = first), absent otherwise. */
  @IsOptional() @IsInt() @Min(1) rank?: number;
}

export const RESULT_OUTCOMES = ['AWARDED', 'RESERVE', 'NOT_SELECTED', 'FAILED'] as const;
export type ResultOutcome = (typeof RESULT_OUTCOMES)[number];

/** One ranked entry: its public reference and scores, never who submitted it. */
export class RankedResultV1 {
  /** 1-based, distinct for every entry. */
  @IsInt() @Min(1) position!: number;
  @IsUUID() applicationId!: string;
  @IsString() @Length(1, 64) reference!: string;
  /** Final weighted score in hundredths of a point (7850 = 78.50). */
  @IsInt() @Min(0) finalHundredths!: number;
  @IsBoolean() passed!: boolean;
  @IsIn(RESULT_OUTCOMES) outcome!: ResultOutcome;
  /** AWARDED only. */
  @IsOptional() @IsMinorUnits() awardAmountMinor?: string;
  /** Ranked prizes only: 1 = first prize. */
  @IsOptional() @IsInt() @Min(1) prizeRank?: number;
}

export class ResultCountsV1 {
  /** Applications submitted to the call. */
  @IsInt() @Min(0) applications!: number;
  @IsInt() @Min(0) eligible!: number;
  @IsInt() @Min(0) ranked!: number;
  @IsInt() @Min(0) awards!: number;
  @IsInt() @Min(0) reserve!: number;
}

/**
 * `evaluation.results.published.v1`: a call's final ranking and selection. No personal data: entries
 * are named by application id and public reference only.
 */
export class EvaluationResultsPublishedV1 {
  @IsUUID() callId!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @ValidateNested() @Type(() => ResultCountsV1) counts!: ResultCountsV1;
  /** Sum of the award amounts. */
  @IsMinorUnits() amountAwardedMinor!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => RankedResultV1) ranking!: RankedResultV1[];
  /** When this revision was published. */
  @IsISO8601({ strict: true }) publishedAt!: string;
  /**
   * 1 for the first publication; each later change (a declined or revoked award and the promotion
   * it caused, an amendment after an appeal) republishes the whole outcome with the next revision
   * and a later publishedAt, so a read model keeps the newest. Absent in events before it existed (= 1).
   */
  @IsOptional() @IsInt() @Min(1) revision?: number;
}

export const ASSIGNMENT_REASONS = ['INITIAL', 'ADDITIONAL_EVALUATOR', 'REASSIGNMENT', 'RE_EVALUATION', 'LATE_ENTRY'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/**
 * `evaluation.assignment.created.v1`: an evaluator has new entries to score in a call (for the
 * e-mail "you have N new entries"). Counts only: no entry, no applicant. One per evaluator and run.
 */
export class AssignmentCreatedV1 {
  @IsUUID() callId!: string;
  @IsUUID() evaluatorUserId!: string;
  /** New assignments in this run. */
  @IsInt() @Min(1) count!: number;
  /** The evaluator's open and finished assignments in the call after this run. */
  @IsInt() @Min(1) totalInCall!: number;
  @IsIn(ASSIGNMENT_REASONS) reason!: AssignmentReason;
  @IsISO8601({ strict: true }) assignedAt!: string;
}

/** An award that no longer stands: the money it held (what was recovered of it) is back in the pool. */
export class AwardReleasedV1 {
  @IsUUID() awardId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  /** Money back in the pool: the whole award unless part was already paid out and not recovered. */
  @IsMinorUnits() recoveredMinor!: string;
  @IsOptional() @IsInt() @Min(1) rank?: number;
  @IsISO8601({ strict: true }) releasedAt!: string;
}

/** `evaluation.award.declined.v1`: the awardee declined the award (recorded by the officer). */
export class AwardDeclinedV1 extends AwardReleasedV1 {}

/** `evaluation.award.revoked.v1`: the programme withdrew the award. Disbursement stops what is unpaid. */
export class AwardRevokedV1 extends AwardReleasedV1 {}

/**
 * `evaluation.reserve.promoted.v1`: the first reserve entry(ies) the freed money allows took the
 * released award's place. The new award itself also comes as `evaluation.award.granted.v1`.
 */
export class ReservePromotedV1 {
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsUUID() awardId!: string;
  @IsUUID() replacesAwardId!: string;
  /** Place in the ranking. */
  @IsInt() @Min(1) position!: number;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsOptional() @IsInt() @Min(1) rank?: number;
  @IsISO8601({ strict: true }) promotedAt!: string;
}

export class ResultStateV1 {
  @IsInt() @Min(1) position!: number;
  @IsInt() @Min(0) finalHundredths!: number;
  @IsBoolean() passed!: boolean;
  @IsIn(RESULT_OUTCOMES) outcome!: ResultOutcome;
  @IsOptional() @IsMinorUnits() awardAmountMinor?: string;
  @IsOptional() @IsInt() @Min(1) prizeRank?: number;
}

export class ResultChangeV1 {
  @IsUUID() applicationId!: string;
  @IsString() @Length(1, 64) reference!: string;
  /** Absent for an entry ranked for the first time (found eligible after results, on appeal). */
  @IsOptional() @ValidateNested() @Type(() => ResultStateV1) before?: ResultStateV1;
  @ValidateNested() @Type(() => ResultStateV1) after!: ResultStateV1;
}

export const AMENDMENT_REASONS = ['APPEAL_UPHELD'] as const;
export type AmendmentReason = (typeof AMENDMENT_REASONS)[number];

/**
 * `evaluation.results.amended.v1`: published results changed after a re-evaluation; only the
 * entries whose place, score or outcome changed. The full outcome follows as the next revision of
 * `evaluation.results.published.v1`. Awards already granted stand.
 */
export class ResultsAmendedV1 {
  @IsUUID() callId!: string;
  /** The results revision this amendment produced. */
  @IsInt() @Min(2) revision!: number;
  @IsIn(AMENDMENT_REASONS) reason!: AmendmentReason;
  /** The re-evaluated entry. */
  @IsUUID() applicationId!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ResultChangeV1) changes!: ResultChangeV1[];
  @IsISO8601({ strict: true }) amendedAt!: string;
}

export const EvaluationTopics = {
  AwardGrantedV1: 'evaluation.award.granted.v1',
  ResultsPublishedV1: 'evaluation.results.published.v1',
  AssignmentCreatedV1: 'evaluation.assignment.created.v1',
  AwardDeclinedV1: 'evaluation.award.declined.v1',
  AwardRevokedV1: 'evaluation.award.revoked.v1',
  ReservePromotedV1: 'evaluation.reserve.promoted.v1',
  ResultsAmendedV1: 'evaluation.results.amended.v1',
} as const;

export const EVALUATION_CONTRACTS = {
  [EvaluationTopics.AwardGrantedV1]: AwardGrantedV1,
  [EvaluationTopics.ResultsPublishedV1]: EvaluationResultsPublishedV1,
  [EvaluationTopics.AssignmentCreatedV1]: AssignmentCreatedV1,
  [EvaluationTopics.AwardDeclinedV1]: AwardDeclinedV1,
  [EvaluationTopics.AwardRevokedV1]: AwardRevokedV1,
  [EvaluationTopics.ReservePromotedV1]: ReservePromotedV1,
  [EvaluationTopics.ResultsAmendedV1]: ResultsAmendedV1,
};
