import { Public } from '@grants/auth';
import { Controller, Get, Headers, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { parseAcceptLanguage } from '../calls/domain/language-choice';
import { CatalogueQuery } from './catalogue.query';
import { CatalogueQueryDto, PublicViewQueryDto } from './dto/catalogue-query.dto';

/** The public catalogue: anyone may read published calls. Drafts never appear. */
@Controller('calls/catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueQuery) {}

  @Public()
  @Get()
  async list(@Query() q: CatalogueQueryDto, @Headers('accept-language') acceptLanguage?: string) {
    return this.catalogue.list(q, parseAcceptLanguage(acceptLanguage));
  }

  @Public()
  @Get(':callId')
  async get(
    @Param('callId', ParseUUIDPipe) callId: string,
    @Query() q: PublicViewQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    return this.catalogue.get(callId, [q.lang, ...parseAcceptLanguage(acceptLanguage)]);
  }
}
