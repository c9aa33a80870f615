import { IsMinorUnits } from '@grants/contracts';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/**
 * The officer's own list of awards instead of the proposed one: prizes in the order given (first
 * prize first), grants at what each entry asked for. Only with a written justification.
 */
export class OverrideSelectionDto {
  @IsArray() @ArrayMaxSize(10_000) @IsUUID('all', { each: true }) awardedApplicationIds!: string[];
  @IsString() @Length(30, 4000, { message: 'justification must explain the override in at least 30 characters' }) justification!: string;
}

export class DeclineAwardDto {
  @IsString() @Length(3, 2000) reason!: string;
}

export class RevokeAwardDto {
  @IsString() @Length(3, 2000) reason!: string;
  /** Money back in the pool when part was already paid and is not recovered; default: the whole award. */
  @IsOptional() @IsMinorUnits() recoveredMinor?: string;
}
