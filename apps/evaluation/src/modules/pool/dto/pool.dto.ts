import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** Conflicts of interest an evaluator declares: names or ids in any script, as they write them. */
export class DeclaredConflictsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 300, { each: true }) organisations?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 200, { each: true }) municipalities?: string[];
  /** People (names or e-mail addresses) the evaluator must not judge. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 254, { each: true }) persons?: string[];
}

export class SaveProfileDto {
  @IsString() @Length(1, 200) displayName!: string;
  @IsEmail() @Length(3, 254) email!: string;
  /** Employer: matched against applicants, partners and partner municipalities to detect conflicts. */
  @IsOptional() @IsString() @Length(1, 300) organisation?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each language must be a code such as mk, sq, bs' })
  languages!: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) expertise?: string[];
  /** Most entries per call, unless the officer sets a cap for one call. */
  @IsOptional() @IsInt() @Min(0) @Max(10_000) maxLoadPerCall?: number;
  @IsOptional() @ValidateNested() @Type(() => DeclaredConflictsDto) declaredConflicts?: DeclaredConflictsDto;
}

export class InviteEvaluatorDto {
  @IsUUID() evaluatorId!: string;
  /** This call's cap for this evaluator (else the profile's). */
  @IsOptional() @IsInt() @Min(0) @Max(10_000) maxLoad?: number;
}

export class AcceptInvitationDto {
  /** Conflicts for this call in particular (added to the profile's). */
  @IsOptional() @ValidateNested() @Type(() => DeclaredConflictsDto) declaredConflicts?: DeclaredConflictsDto;
}

export class ReasonDto {
  @IsString() @Length(3, 2000) reason!: string;
}

export class OptionalReasonDto {
  @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}
