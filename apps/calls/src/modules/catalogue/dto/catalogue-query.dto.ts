import { CALL_KINDS, CallKind } from '@grants/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant } from '../../calls/dto/instant.validator';

const LANGUAGE = /^[a-z]{2,3}$/;

/** The language to read a call in; falls back to the call's default. */
export class PublicViewQueryDto {
  @IsOptional() @Matches(LANGUAGE, { message: 'lang must be a language code such as mk' }) lang?: string;
}

export class CatalogueQueryDto extends PublicViewQueryDto {
  /** Words to find in titles, summaries, reference codes and partner municipalities, in any script. */
  @IsOptional() @IsString() @Length(1, 200) q?: string;
  @IsOptional() @IsIn(CALL_KINDS) kind?: CallKind;
  /** One status or several, comma-separated: OPEN,SCHEDULED. Drafts are never listed. */
  @IsOptional() @Matches(/^[A-Z_]+(,[A-Z_]+)*$/, { message: 'status must be statuses such as OPEN,SCHEDULED' }) status?: string;
  /** Calls accepting submissions in this language. */
  @IsOptional() @Matches(LANGUAGE, { message: 'language must be a language code such as sq' }) language?: string;
  /** A partner municipality (case and accents do not matter). */
  @IsOptional() @IsString() @Length(1, 200) municipality?: string;
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency?: string;
  @IsOptional() @IsInstant() closingBefore?: string;
  @IsOptional() @IsInstant() closingAfter?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
