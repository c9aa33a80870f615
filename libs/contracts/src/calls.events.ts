import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { IsMinorUnits, IsRecordOf } from './validators';

export const CALL_KINDS = ['ESSAY_CONTEST', 'LOCAL_INITIATIVE_COFUNDING', 'NGO_GRANT'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export class CallTextV1 {
  @IsString() @Length(1, 500) title!: string;
  @IsOptional() @IsString() @Length(0, 5000) summary?: string;
}

/** `calls.call.published.v1`: a full snapshot of the call's rules at publication. */
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
  @IsRecordOf(CallTextV1, { key: /^[a-z]{2,3}$/, keyHint: 'a language code' }) texts!: Record<string, CallTextV1>;
  @IsISO8601({ strict: true }) publishedAt!: string;
}

export const CallsTopics = {
  CallPublishedV1: 'calls.call.published.v1',
} as const;

export const CALLS_CONTRACTS = {
  [CallsTopics.CallPublishedV1]: CallPublishedV1,
};
