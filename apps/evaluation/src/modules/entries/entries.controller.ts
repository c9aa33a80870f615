import { Roles } from '@grants/auth';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Controller('evaluation')
export class EntriesController {
  constructor(private readonly ds: DataSource) {}

  /** The entries of a call as evaluation holds them: review content only. */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/entries')
  async list(@Param('callId', ParseUUIDPipe) callId: string) {
    const rows = await this.ds.query(
      `SELECT application_id AS "applicationId", reference, language, review_content AS "reviewContent",
              content_sha256 AS "contentSha256", submitted_at AS "submittedAt"
         FROM entry WHERE call_id = $1 ORDER BY reference`,
      [callId],
    );
    return { callId, entries: rows };
  }
}
