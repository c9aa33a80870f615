import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PAYMENT_STATUSES } from '../domain/payment-state';

/** Minor units as a string of digits, at least 1 (JSON numbers lose precision above 2^53). */
export const POSITIVE_MINOR = /^[1-9]\d{0,17}$/;

export class RequestPaymentDto {
  /** Every payment belongs to a tranche of the grant's plan: its release and its approvals are the tranche's. */
  @IsInt() @Min(1) @Max(100) trancheSequence!: number;
  @IsOptional() @Matches(POSITIVE_MINOR, { message: 'amountMinor must be a positive whole number of minor units, as a string' })
  amountMinor?: string;
  @IsOptional() @IsString() @Length(1, 1000) note?: string;
}

export class RejectPaymentDto {
  @IsString() @Length(1, 2000) reason!: string;
}

export class NotExecutedDto {
  /** How the declarer knows: e.g. "the bank's portal shows file MSG-… was never received". */
  @IsString() @Length(1, 2000) reason!: string;
}

export class PaymentQueryDto {
  @IsOptional() @IsIn(PAYMENT_STATUSES) status?: string;
  @IsOptional() @IsUUID() callId?: string;
  @IsOptional() @IsUUID() grantId?: string;
}

export class SimulatedBehaviourDto {
  @IsIn(['CONFIRM', 'REJECT', 'TIME_OUT', 'ANSWER_TWICE', 'UNAVAILABLE']) kind!: string;
  /** REJECT: an ISO 20022 reason, e.g. "AC04 Closed account number". */
  @IsOptional() @IsString() @Length(1, 200) reason?: string;
  /** TIME_OUT: the bank books but never answers. */
  @IsOptional() @IsBoolean() booksSilently?: boolean;
  /** UNAVAILABLE: how many sends fail before the bank can be reached again. */
  @IsOptional() @IsInt() @Min(1) @Max(100) times?: number;
}

export class ScriptBankDto {
  @IsUUID() paymentId!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => SimulatedBehaviourDto)
  behaviours!: SimulatedBehaviourDto[];
}
