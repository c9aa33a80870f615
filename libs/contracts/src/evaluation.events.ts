import { IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { IsMinorUnits } from './validators';

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

export const EvaluationTopics = {
  AwardGrantedV1: 'evaluation.award.granted.v1',
} as const;

export const EVALUATION_CONTRACTS = {
  [EvaluationTopics.AwardGrantedV1]: AwardGrantedV1,
};
