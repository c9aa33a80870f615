import { AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { AppealDecisionDto, AppealsUseCase, FileAppealDto } from './appeals.use-case';

@Controller()
export class AppealsController {
  constructor(private readonly appeals: AppealsUseCase) {}

  /** The applicant appeals, with grounds, within the call's appeal window. */
  @Roles('APPLICANT')
  @Post('applications/:applicationId/appeals')
  @ApiBody({ type: FileAppealDto })
  async file(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.appeals.file(id, user, body);
  }

  @Authenticated()
  @Get('applications/:applicationId/appeals')
  async list(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    return this.appeals.list(id, user);
  }

  /** UPHELD or REJECTED, with a reason the applicant reads. */
  @Roles('PROGRAMME_OFFICER')
  @Post('applications/:applicationId/appeals/:appealId/decision')
  @HttpCode(200)
  @ApiBody({ type: AppealDecisionDto })
  async decide(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Param('appealId', ParseUUIDPipe) appealId: string,
    @Body() body: unknown,
  ) {
    return this.appeals.decide(id, appealId, user, body);
  }
}
