import { PartialType } from '@nestjs/swagger';
import { CreateCallDto } from './create-call.dto';

/** Any part of a draft; the parts given replace the stored ones. `null` clears an optional part. */
export class UpdateCallDto extends PartialType(CreateCallDto) {}
