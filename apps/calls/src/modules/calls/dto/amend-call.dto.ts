import { CallTextV1, IsRecordOf } from '@grants/contracts';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { IsInstant } from './instant.validator';

const LANGUAGE = /^[a-z]{2,3}$/;

/** The only changes a published call allows, each amendment a new version with its reason. */
export class AmendCallDto {
  @IsString() @Length(3, 1000) reason!: string;
  /** Refuse the amendment if the call has moved on since the officer read it. */
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
  /** A later deadline; never an earlier one. */
  @IsOptional() @IsInstant() closesAt?: string;
  /** The whole corrected text of each language given; a new language adds a translation. */
  @IsOptional() @IsRecordOf(CallTextV1, { key: LANGUAGE, keyHint: 'a language code such as mk' }) texts?: Record<string, CallTextV1>;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(LANGUAGE, { each: true, message: 'addSubmissionLanguages must be language codes such as mk' })
  addSubmissionLanguages?: string[];
}
