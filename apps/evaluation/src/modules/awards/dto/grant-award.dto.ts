import { IsMinorUnits } from '@grants/contracts';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class GrantAwardDto {
  @IsMinorUnits() amountMinor!: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) rank?: number;
}
