import { IsString, Length } from 'class-validator';

export class CancelCallDto {
  @IsString() @Length(3, 1000) reason!: string;
}
