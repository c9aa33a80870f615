import { Roles } from '@grants/auth';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Controller('evaluation')
export class EntriesController {
  constructor(private readonly ds: DataSource) {}

  /**
   * The entries of a call as evaluation holds them, for the officer: review content and screening
   * state only (conflict parties are never returned by any route).
   */
  @Roles('PROGRAMME_OFFICER')
  @Get('calls/:callId/entries')
  async list(@Param('callId', ParseUUIDPipe) callId: string) {
    const rows = await this.ds.query(
      `SELECT e.application_id AS "applicationId", e.reference, COALESCE(s.language, e.language) AS language,
              e.review_content AS "reviewContent", e.content_sha256 AS "contentSha256", e.submitted_at AS "submittedAt",
              s.eligible, s.decided_at AS "eligibilityDecidedAt", s.requested_minor::text AS "requestedMinor", e.round,
              (w.application_id IS NOT NULL) AS withdrawn
         FROM entry e
         LEFT JOIN entry_screening s ON s.application_id = e.application_id
         LEFT JOIN entry_withdrawal w ON w.application_id = e.application_id
        WHERE e.call_id = $1 ORDER BY e.reference`,
      [callId],
    );
    return { callId, entries: rows };
  }
}
