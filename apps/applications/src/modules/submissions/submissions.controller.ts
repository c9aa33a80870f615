import { AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, versionFromIfMatch } from './draft-view';
import { CreateDraftDto, GuardianConsentDto, PatchDraftDto, SubmitDirectDto } from './dto/application-content.dto';
import { checkIdempotencyKey, HttpOutcome } from './idempotency';
import { DraftView, EditDraftUseCase } from './use-cases/edit-draft.use-case';
import { Receipt, SubmitApplicationUseCase } from './use-cases/submit-application.use-case';
import { ReceiptsUseCase } from './use-cases/verify-receipt.use-case';
import { WithdrawApplicationDto, WithdrawApplicationUseCase } from './use-cases/withdraw-application.use-case';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first answer' };

/**
 * Bodies arrive as plain JSON and are validated by the use case, so that shape problems and the
 * call's rules are reported together; the DTOs document them here.
 */
@Controller()
export class SubmissionsController {
  constructor(
    private readonly submit: SubmitApplicationUseCase,
    private readonly drafts: EditDraftUseCase,
    private readonly withdrawal: WithdrawApplicationUseCase,
    private readonly receipts: ReceiptsUseCase,
  ) {}

  /** Public URL `/api/calls/{callId}/applications`: draft and submit in one request; the receipt. */
  @Roles('APPLICANT')
  @Post('calls/:callId/applications')
  @ApiBody({ type: SubmitDirectDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  async submitToCall(
    @CurrentUser() user: AuthUser,
    @Param('callId', ParseUUIDPipe) callId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Receipt> {
    return this.answer(reply, await this.submit.direct(callId, user, body, checkIdempotencyKey(key)));
  }

  /** A new draft for an open call; its ETag is its version. */
  @Roles('APPLICANT')
  @Post('calls/:callId/applications/drafts')
  @ApiBody({ type: CreateDraftDto })
  async createDraft(
    @CurrentUser() user: AuthUser,
    @Param('callId', ParseUUIDPipe) callId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftView> {
    return this.withEtag(reply, await this.drafts.create(callId, user, body));
  }

  /** The working copy, with what submitting it now would say (`problems`). */
  @Roles('APPLICANT')
  @Get('applications/:applicationId/draft')
  async getDraft(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withEtag(reply, await this.drafts.get(id, user));
  }

  /**
   * Autosave: the fields given replace the stored ones (`null` clears one; sections merge by
   * key). `If-Match: "v<version>"` (or `version` in the body) must name the current version,
   * or nothing is written (409).
   */
  @Roles('APPLICANT')
  @Patch('applications/:applicationId/draft')
  @ApiBody({ type: PatchDraftDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the version edited, e.g. "v3"' })
  async patchDraft(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.withEtag(reply, await this.drafts.patch(id, user, body, versionFromIfMatch(ifMatch)));
  }

  /** A guardian's consent for a minor (the server records the time). */
  @Roles('APPLICANT')
  @Put('applications/:applicationId/guardian-consent')
  @ApiBody({ type: GuardianConsentDto })
  async guardianConsent(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.withEtag(reply, await this.drafts.recordConsent(id, user, body));
  }

  /** Submits the working copy (first time, or a resubmission before the deadline): the receipt. */
  @Roles('APPLICANT')
  @Post('applications/:applicationId/submit')
  @ApiHeader(IDEMPOTENCY_HEADER)
  async submitDraft(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Receipt> {
    return this.answer(reply, await this.submit.draft(id, user, checkIdempotencyKey(key)));
  }

  /** Withdrawal before the deadline, with a reason. */
  @Roles('APPLICANT')
  @Post('applications/:applicationId/withdraw')
  @HttpCode(200)
  @ApiBody({ type: WithdrawApplicationDto })
  async withdraw(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.withdrawal.execute(id, user, body);
  }

  /** Every receipt of an application (one per submission). */
  @Authenticated()
  @Get('applications/:applicationId/receipts')
  async listReceipts(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    return this.receipts.list(id, user);
  }

  /**
   * Recomputes a receipt's SHA-256 from what is stored now (content and files); `valid` says
   * whether it still matches. `sha256` checks the applicant's own copy of the receipt as well.
   */
  @Authenticated()
  @Get('applications/:applicationId/receipt/verify')
  async verifyReceipt(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Query('receiptId', new ParseUUIDPipe({ optional: true })) receiptId?: string,
    @Query('sha256') sha256?: string,
  ) {
    return this.receipts.verify(id, user, { receiptId, sha256 });
  }

  private answer<T>(reply: FastifyReply, outcome: HttpOutcome<T>): T {
    void reply.status(outcome.status);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return outcome.body;
  }

  private withEtag<T extends { version: number }>(reply: FastifyReply, view: T): T {
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
