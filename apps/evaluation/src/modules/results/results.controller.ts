import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatHundredths, SelectionResult } from '../evaluation-domain';
import { callNotFound } from '../workflow/evaluation.errors';
import { EvaluationRepository, parseStored } from '../workflow/evaluation.repository';
import { DeclineAwardDto, OverrideSelectionDto, RevokeAwardDto } from './dto/results.dto';
import { selectionView } from './results.views';
import { ReleaseAwardUseCase } from './use-cases/release-award.use-case';
import { OverrideSelectionUseCase, ProposeSelectionUseCase, PublishResultsUseCase } from './use-cases/selection.use-cases';

/** Ranking, selection, publication, awards after publication. Programme officers only. */
@Controller('evaluation')
export class ResultsController {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly propose: ProposeSelectionUseCase,
    private readonly overrideSelection: OverrideSelectionUseCase,
    private readonly publish: PublishResultsUseCase,
    private readonly releaseAward: ReleaseAwardUseCase,
  ) {}

  /** Rank every final entry and propose the awards and reserve list by the call's rules. */
  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/proposal')
  @HttpCode(200)
  async makeProposal(@Param('callId', ParseUUIDPipe) callId: string, @CurrentUser() user: AuthUser) {
    return this.propose.execute(callId, user);
  }

  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/proposal')
  async proposal(@Param('callId', ParseUUIDPipe) callId: string) {
    return this.propose.current(callId);
  }

  /** Replace the proposed awards; refused without a written justification (kept in the audit log). */
  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/proposal/override')
  @HttpCode(200)
  async override(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: OverrideSelectionDto, @CurrentUser() user: AuthUser) {
    return this.overrideSelection.execute(callId, dto, user);
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/results/publish')
  @HttpCode(200)
  async publishResults(@Param('callId', ParseUUIDPipe) callId: string, @CurrentUser() user: AuthUser) {
    return this.publish.execute(callId, user);
  }

  /** The published outcome: the latest revision, every award with its status, the reserve, amendments. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/results')
  async results(@Param('callId', ParseUUIDPipe) callId: string) {
    const m = this.ds.manager;
    const call = await this.repo.findCall(m, callId);
    if (!call) throw callNotFound(callId);
    const ce = await this.repo.callEvaluation(m, callId);
    const ranking: { applicationId: string; reference: string; finalHundredths: number }[] = JSON.parse(ce?.publishedRankingText ?? '[]');
    const selection = parseStored<SelectionResult>(ce?.selectionText ?? null);
    const refs = new Map(ranking.map((r) => [r.applicationId, r.reference]));
    const amendments = await m.query(
      `SELECT revision, reason, application_id AS "applicationId", changes, created_at AS "createdAt" FROM results_amendment WHERE call_id = $1 ORDER BY revision`,
      [callId],
    );
    return {
      callId,
      status: ce?.status ?? 'NOT_STARTED',
      revision: ce?.resultsRevision ?? 0,
      publishedAt: ce?.publishedAt?.toISOString() ?? null,
      currency: call.currency,
      ranking: ranking.map((r) => ({ ...r, finalScore: formatHundredths(r.finalHundredths) })),
      awards: await this.repo.awards(m, callId),
      selection: selection ? selectionView(selection, refs) : null,
      amendments,
    };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('awards/:awardId/decline')
  @HttpCode(200)
  async decline(@Param('awardId', ParseUUIDPipe) awardId: string, @Body() dto: DeclineAwardDto, @CurrentUser() user: AuthUser) {
    return this.releaseAward.execute(awardId, 'DECLINED', dto.reason, undefined, user);
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('awards/:awardId/revoke')
  @HttpCode(200)
  async revoke(@Param('awardId', ParseUUIDPipe) awardId: string, @Body() dto: RevokeAwardDto, @CurrentUser() user: AuthUser) {
    return this.releaseAward.execute(awardId, 'REVOKED', dto.reason, dto.recoveredMinor, user);
  }
}
