import { IsNumber, IsObject, IsOptional, IsString, Length } from 'class-validator';

/**
 * A score per criterion id and comments per criterion id. The values are checked against the
 * call's rubric (range, step, comment below the threshold) by the pure core, every problem at once.
 */
export class ScoreSheetDto {
  @IsObject() scores!: Record<string, unknown>;
  @IsOptional() @IsObject() comments?: Record<string, unknown>;
}

/** Submitting may carry the final scores, or submit the saved draft as it is. */
export class SubmitScoreSheetDto {
  @IsOptional() @IsObject() scores?: Record<string, unknown>;
  @IsOptional() @IsObject() comments?: Record<string, unknown>;
}

export class DeclineReviewDto {
  @IsString() @Length(3, 2000) reason!: string;
}

/** What the evaluator says about the conflict: kept for the officer and the audit log only. */
export class DeclareConflictDto {
  @IsString() @Length(3, 2000) description!: string;
}

export class ReopenSheetDto {
  @IsString() @Length(3, 2000) reason!: string;
}

export class ConsensusDto {
  /** The agreed weighted total on 0–100, at most two decimals. */
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) score!: number;
  @IsString() @Length(10, 4000) note!: string;
}
