import { AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Controller, Delete, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentsUseCase } from './use-cases/attachments.use-case';

/**
 * Files travel as the raw request body with their own Content-Type (no base64, no multipart):
 * the gateway forwards any type as bytes, and the service reads the type from the bytes anyway.
 */
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsUseCase) {}

  @Roles('APPLICANT')
  @Post('applications/:applicationId/attachments')
  @ApiConsumes('application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png')
  @ApiQuery({ name: 'key', description: "The slot of the call's form (e.g. municipalityLetter)" })
  @ApiQuery({ name: 'fileName', description: 'The original file name, for display and download' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Query('key') key: string | undefined,
    @Query('fileName') fileName: string | undefined,
    @Headers('content-type') declaredType: string | undefined,
    @Req() req: FastifyRequest,
  ) {
    // text/plain reaches us already decoded: back to its bytes.
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    return this.attachments.upload(id, user, { key, fileName, body, declaredType });
  }

  @Authenticated()
  @Get('applications/:applicationId/attachments')
  async list(@CurrentUser() user: AuthUser, @Param('applicationId', ParseUUIDPipe) id: string) {
    return this.attachments.list(id, user);
  }

  /** The file's bytes, with the type its content was recognised as. */
  @Authenticated()
  @Get('applications/:applicationId/attachments/:attachmentId')
  async download(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @Res() reply: FastifyReply,
  ) {
    const f = await this.attachments.download(id, attachmentId, user);
    const ascii = f.fileName.replace(/[^\w.-]/g, '_');
    await reply
      .header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${f.sha256}"`)
      .header('repr-digest', `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`)
      .send(f.content);
  }

  @Roles('APPLICANT')
  @Delete('applications/:applicationId/attachments/:attachmentId')
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ) {
    return this.attachments.remove(id, attachmentId, user);
  }
}
