import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { REPORT_KINDS, ReportKind } from '@grants/contracts';

export class OtherIndicatorDto {
  @IsString() @Length(1, 200) name!: string;
  @IsInt() @Min(0) @Max(100_000_000) value!: number;
}

/**
 * The indicators every grantee reports (Dialogue for Change: 13 events, 500+ participants, 50+
 * local self-governments), and any others the project tracks (trainings, conferences, study visits).
 */
export class IndicatorsDto {
  @IsInt() @Min(0) @Max(1_000_000) eventsHeld!: number;
  @IsInt() @Min(0) @Max(100_000_000) participants!: number;
  @IsInt() @Min(0) @Max(100_000) municipalitiesReached!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => OtherIndicatorDto) other?: OtherIndicatorDto[];
}

export class AttachmentDto {
  @IsString() @Length(1, 200) @Matches(/^[^/\\\u0000-\u001f]+$/, { message: 'fileName must be a plain file name' }) fileName!: string;
  @Matches(/^[a-z]+\/[a-zA-Z0-9.+-]+$/, { message: 'contentType must be a MIME type such as application/pdf' }) contentType!: string;
  /** The file's bytes, base64 (at most 5 MB decoded). */
  @IsBase64() @Length(4, 7_000_000) contentBase64!: string;
}

export class SubmitReportDto {
  @IsIn(REPORT_KINDS) kind!: ReportKind;
  @IsString() @Length(1, 50_000) narrative!: string;
  @Type(() => IndicatorsDto) @ValidateNested() indicators!: IndicatorsDto;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments?: AttachmentDto[];
}

export class DecideReportDto {
  @IsOptional() @IsString() @Length(1, 4000) comment?: string;
}

export class ReturnReportDto {
  @IsString() @Length(1, 4000) comment!: string;
}
