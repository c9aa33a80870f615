import { CALL_KINDS, CallKind, IsMinorUnits, IsRecordOf } from '@grants/contracts';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CallTextDto {
  @IsString() @Length(1, 500) title!: string;
  @IsOptional() @IsString() @Length(0, 5000) summary?: string;
}

export class CreateCallDto {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { message: 'referenceCode must be 2-64 upper-case letters, digits or dashes' })
  referenceCode!: string;
  @IsIn(CALL_KINDS) kind!: CallKind;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency!: string;
  @IsMinorUnits() budgetMinor!: string;
  @IsISO8601({ strict: true }) opensAt!: string;
  @IsISO8601({ strict: true }) closesAt!: string;
  @IsString() @Length(1, 64) timeZone!: string;
  @IsBoolean() blindReview!: boolean;
  @Matches(/^[a-z]{2,3}$/) defaultLanguage!: string;
  @IsRecordOf(CallTextDto, { key: /^[a-z]{2,3}$/, keyHint: 'a language code such as mk' }) texts!: Record<string, CallTextDto>;
}
