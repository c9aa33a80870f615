import { Roles } from '@grants/auth';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { GrantAwardDto } from './dto/grant-award.dto';
import { GrantAwardUseCase } from './use-cases/grant-award.use-case';

@Controller('evaluation')
export class AwardsController {
  constructor(private readonly grantAward: GrantAwardUseCase) {}

  @Roles('PROGRAMME_OFFICER')
  @Post('entries/:applicationId/award')
  async grant(@Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: GrantAwardDto) {
    return this.grantAward.execute(applicationId, dto);
  }
}
