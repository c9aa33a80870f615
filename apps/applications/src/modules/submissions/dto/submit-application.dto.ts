import { Type } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

export class ApplicantDto {
  @IsString() @Length(1, 200) fullName!: string;
  @IsEmail() @MaxLength(320) email!: string;
}

export class SubmitApplicationDto {
  @ValidateNested() @Type(() => ApplicantDto) applicant!: ApplicantDto;
  @IsString() @Length(1, 300) title!: string;
  @IsString() @Length(1, 100_000) text!: string;
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a language code such as mk or en' }) language!: string;
}
