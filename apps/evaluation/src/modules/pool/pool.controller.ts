import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { profileRequired } from '../workflow/evaluation.errors';
import { EvaluationRepository, ProfileRecord } from '../workflow/evaluation.repository';
import { AcceptInvitationDto, InviteEvaluatorDto, OptionalReasonDto, ReasonDto, SaveProfileDto } from './dto/pool.dto';
import { callTitle, profileView } from './pool.views';
import { SaveProfileUseCase } from './use-cases/save-profile.use-case';
import { InviteEvaluatorUseCase, LeavePanelUseCase, RespondToInvitationUseCase } from './use-cases/panel.use-cases';

/** The evaluator pool (profiles), call panels, invitations. */
@Controller('evaluation')
export class PoolController {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly saveProfile: SaveProfileUseCase,
    private readonly invite: InviteEvaluatorUseCase,
    private readonly respond: RespondToInvitationUseCase,
    private readonly leave: LeavePanelUseCase,
  ) {}

  /** Join the pool or update one's profile: languages, expertise, organisation, load, standing conflicts. */
  @Roles('EVALUATOR')
  @Put('evaluators/me')
  async saveMine(@CurrentUser() user: AuthUser, @Body() dto: SaveProfileDto) {
    return this.saveProfile.execute(user, dto);
  }

  @Roles('EVALUATOR')
  @Get('evaluators/me')
  async mine(@CurrentUser() user: AuthUser) {
    const p = await this.repo.profile(this.ds.manager, user.id);
    if (!p) throw profileRequired();
    return profileView(p);
  }

  /** The pool, for the officer composing a panel. `?language=sq` narrows it. */
  @Roles('PROGRAMME_OFFICER')
  @Get('evaluators')
  async pool(@Query('language') language?: string) {
    const all = await this.repo.profiles(this.ds.manager);
    const wanted = language?.trim().toLowerCase();
    return { evaluators: all.filter((p: ProfileRecord) => !wanted || p.languages.includes(wanted)).map(profileView) };
  }

  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/panel')
  async invitation(@Param('callId', ParseUUIDPipe) callId: string, @Body() dto: InviteEvaluatorDto, @CurrentUser() user: AuthUser) {
    return this.invite.execute(callId, dto, user);
  }

  /** The call's panel with each member's status, cap and load. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/panel')
  async panel(@Param('callId', ParseUUIDPipe) callId: string) {
    const m = this.ds.manager;
    const members = await this.repo.panel(m, callId);
    const assignments = await this.repo.assignments(m, callId);
    return {
      callId,
      members: members.map((p) => {
        const mine = assignments.filter((a) => a.evaluatorId === p.evaluatorId && a.status === 'ACTIVE');
        return {
          evaluatorId: p.evaluatorId,
          displayName: p.profile.displayName,
          email: p.profile.email,
          organisation: p.profile.organisation,
          languages: p.profile.languages,
          expertise: p.profile.expertise,
          status: p.status,
          maxLoad: p.maxLoad,
          loadCap: p.maxLoad ?? p.profile.maxLoadPerCall ?? null,
          assigned: mine.length,
          submitted: mine.filter((a) => a.sheetStatus === 'SUBMITTED').length,
          declaredConflicts: p.declared,
          invitedAt: p.invitedAt.toISOString(),
          respondedAt: p.respondedAt?.toISOString() ?? null,
        };
      }),
    };
  }

  /** The officer takes an evaluator off the panel: their open entries go to others. */
  @Roles('PROGRAMME_OFFICER')
  @Post('calls/:callId/panel/:evaluatorId/remove')
  @HttpCode(200)
  async remove(@Param('callId', ParseUUIDPipe) callId: string, @Param('evaluatorId', ParseUUIDPipe) evaluatorId: string, @Body() dto: ReasonDto) {
    return this.leave.execute(callId, evaluatorId, dto.reason);
  }

  /** My panel places: invitations to answer, panels I sit on. */
  @Roles('EVALUATOR')
  @Get('invitations')
  async invitations(@CurrentUser() user: AuthUser) {
    const places = await this.repo.placesOf(this.ds.manager, user.id);
    return {
      invitations: places.map((p) => ({
        callId: p.callId,
        referenceCode: p.snapshot?.referenceCode ?? null,
        title: callTitle(p.snapshot),
        status: p.status,
        maxLoad: p.maxLoad,
        invitedAt: p.invitedAt.toISOString(),
      })),
    };
  }

  @Roles('EVALUATOR')
  @Post('invitations/:callId/accept')
  @HttpCode(200)
  async accept(@CurrentUser() user: AuthUser, @Param('callId', ParseUUIDPipe) callId: string, @Body() dto: AcceptInvitationDto) {
    if (!(await this.repo.profile(this.ds.manager, user.id))) throw profileRequired();
    return this.respond.accept(user, callId, dto);
  }

  @Roles('EVALUATOR')
  @Post('invitations/:callId/decline')
  @HttpCode(200)
  async decline(@CurrentUser() user: AuthUser, @Param('callId', ParseUUIDPipe) callId: string, @Body() dto: OptionalReasonDto) {
    return this.respond.decline(user, callId, dto.reason);
  }

  /** Leave a panel one accepted (drop out): open entries are reassigned, submitted scores stay. */
  @Roles('EVALUATOR')
  @Post('invitations/:callId/withdraw')
  @HttpCode(200)
  async withdraw(@CurrentUser() user: AuthUser, @Param('callId', ParseUUIDPipe) callId: string, @Body() dto: ReasonDto) {
    const r = await this.leave.execute(callId, user.id, dto.reason);
    // The evaluator learns what happened to their work, not how others were staffed.
    return { callId, status: r.status, released: r.released };
  }
}
