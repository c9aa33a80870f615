import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { callTitle } from '../pool/pool.views';
import { reviewNotFound } from '../workflow/evaluation.errors';
import { EvaluationRepository } from '../workflow/evaluation.repository';
import { DeclareConflictDto, DeclineReviewDto, ScoreSheetDto, SubmitScoreSheetDto } from './dto/scoring.dto';
import { ReleaseReviewUseCase, ScoreSheetUseCases, sheetView } from './use-cases/score-sheet.use-cases';

/**
 * The evaluator's side: the entries assigned to them, each with its review content, the rubric
 * and their own score sheet. Blind by construction: evaluation never holds the applicant's
 * identity next to the content (conflict parties live in a table no route here reads), and an
 * entry that is not assigned to the caller is a 404, the same as one that does not exist.
 */
@Controller('evaluation')
export class ReviewsController {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly sheets: ScoreSheetUseCases,
    private readonly release: ReleaseReviewUseCase,
  ) {}

  @Roles('EVALUATOR')
  @Get('reviews')
  async list(@CurrentUser() user: AuthUser, @Query('callId', new ParseUUIDPipe({ optional: true })) callId?: string) {
    const mine = await this.repo.myAssignments(this.ds.manager, user.id, callId);
    return {
      reviews: mine.map((a) => ({
        applicationId: a.applicationId,
        callId: a.callId,
        reference: a.reference,
        language: a.language,
        round: a.round,
        sheetStatus: a.sheetStatus ?? 'NOT_STARTED',
        assignedAt: a.createdAt.toISOString(),
      })),
    };
  }

  @Roles('EVALUATOR')
  @Get('reviews/:applicationId')
  async get(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) applicationId: string) {
    const m = this.ds.manager;
    const a = await this.repo.assignmentOf(m, applicationId, user.id);
    if (!a || a.status !== 'ACTIVE') throw reviewNotFound(applicationId);
    const [entry, content, call, sheet] = [
      await this.repo.entry(m, applicationId),
      await this.repo.reviewContent(m, applicationId),
      await this.repo.findCall(m, a.callId),
      await this.repo.sheet(m, a.id),
    ];
    if (!entry || !call) throw reviewNotFound(applicationId);
    const s = call.snapshot;
    return {
      applicationId,
      callId: a.callId,
      reference: entry.reference,
      language: entry.language,
      round: a.round,
      reviewContent: content,
      call: { referenceCode: s.referenceCode, title: callTitle(s), blind: Boolean(s.evaluation?.blind || s.blindReview) },
      rubric: s.rubric ?? null,
      sheet: sheetView(sheet),
    };
  }

  /** Save a draft: every score present is checked; missing ones may come later. */
  @Roles('EVALUATOR')
  @Put('reviews/:applicationId/score-sheet')
  async save(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: ScoreSheetDto) {
    return this.sheets.save(user, applicationId, dto);
  }

  /** Submit (with final scores, or the saved draft): then locked. */
  @Roles('EVALUATOR')
  @Post('reviews/:applicationId/score-sheet/submit')
  @HttpCode(200)
  async submit(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: SubmitScoreSheetDto) {
    return this.sheets.submit(user, applicationId, dto ?? {});
  }

  @Roles('EVALUATOR')
  @Post('reviews/:applicationId/decline')
  @HttpCode(200)
  async decline(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: DeclineReviewDto) {
    return this.release.execute(user, applicationId, dto.reason, false);
  }

  /** Declare a conflict of interest on an assigned entry: it is reassigned, and never offered again. */
  @Roles('EVALUATOR')
  @Post('reviews/:applicationId/conflict')
  @HttpCode(200)
  async conflict(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() dto: DeclareConflictDto) {
    return this.release.execute(user, applicationId, dto.description, true);
  }
}
