import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ConsensusDto, ReopenSheetDto } from './dto/scoring.dto';
import { RecordConsensusUseCase, ReopenSheetUseCase } from './use-cases/officer-scoring.use-cases';

/** The officer's side of scoring: reopen a submitted sheet, record a consensus score. */
@Controller('evaluation')
export class ScoringController {
  constructor(
    private readonly reopen: ReopenSheetUseCase,
    private readonly consensus: RecordConsensusUseCase,
  ) {}

  @Roles('PROGRAMME_OFFICER')
  @Post('assignments/:assignmentId/reopen')
  @HttpCode(200)
  async reopenSheet(@Param('assignmentId', ParseUUIDPipe) assignmentId: string, @Body() dto: ReopenSheetDto, @CurrentUser() user: AuthUser) {
    return this.reopen.execute(assignmentId, dto.reason, user);
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('entries/:applicationId/consensus')
  @HttpCode(200)
  async recordConsensus(@Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: ConsensusDto, @CurrentUser() user: AuthUser) {
    return this.consensus.execute(applicationId, dto.score, dto.note, user);
  }
}
