import { IsOptional, IsString, Length, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateProgrammeDto {
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { message: 'code must be 2-64 upper-case letters, digits or dashes' }) code!: string;
  /** In its own language and script, kept exactly. */
  @IsString() @Length(1, 500) name!: string;
  @IsString() @Length(1, 300) funder!: string;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency!: string;
  @Matches(/^\d{1,18}$/, { message: 'budgetMinor must be a non-negative integer number of minor units, as a string' })
  budgetMinor!: string;
  @IsOptional() @Matches(DAY, { message: 'startsOn must be a date such as 2023-01-01' }) startsOn?: string;
  @IsOptional() @Matches(DAY, { message: 'endsOn must be a date such as 2023-10-31' }) endsOn?: string;
}
