import { JobHandler, ScheduledJob } from '@grants/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AWAITING_RECIPIENT, lockFact, MAIL_QUEUE, SEND_JOB } from './deliveries';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { PORTAL_URL } from '../recipients/password-reset-requested.handler';
import { portalLink } from './portal-links';
import { callTitle, DeliveryKind, render } from './templates';

interface Recipient {
  email: string;
  preferred_language: string;
  display_name: string;
}

/**
 * Sends one delivery. Runs in the transaction that marks the job done, so a crash after sending
 * and before the commit sends again: the message keeps its id (Message-ID, file name), and the
 * delivery row records it once. BullMQ retries with backoff; the last failure stays visible.
 */
@Injectable()
export class SendMailJob implements JobHandler {
  readonly queue = MAIL_QUEUE;
  readonly name = SEND_JOB;

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(PORTAL_URL) private readonly portalUrl: string,
  ) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const deliveryId = String(job.payload.deliveryId);
    const [d] = await m.query(
      `SELECT id, kind, vars, status, recipient_user_id, application_id, grant_id FROM delivery WHERE id = $1 FOR UPDATE`,
      [deliveryId],
    );
    // Sent already, or waiting for its recipient (whoever brings the missing fact schedules it again).
    if (!d || d.status !== 'PENDING') return;
    const recipient = d.recipient_user_id ? await this.recipient(m, d.recipient_user_id) : undefined;
    if (!recipient) {
      // Only rows from before deliveries could wait get here: make it wait, never fail for good.
      await m.query(`UPDATE delivery SET status = '${AWAITING_RECIPIENT}' WHERE id = $1`, [deliveryId]);
      return;
    }
    const [owner] = d.application_id
      ? await m.query(`SELECT reference, call_id FROM application_owner WHERE application_id = $1`, [d.application_id])
      : [];
    const callId = d.vars.callId ?? owner?.call_id;
    const [call] = callId ? await m.query(`SELECT texts, default_language FROM call_info WHERE call_id = $1`, [callId]) : [];
    const vars: Record<string, unknown> = {
      displayName: recipient.display_name,
      reference: owner?.reference,
      callTitle: callTitle(call, [recipient.preferred_language, 'en']),
      ...d.vars,
    };
    const link = portalLink(this.portalUrl, d.kind as DeliveryKind, { applicationId: d.application_id, grantId: d.grant_id, vars: d.vars });
    if (link) vars.link = link;
    const text = render(d.kind as DeliveryKind, recipient.preferred_language, vars);
    await this.transport.send({ id: d.id, to: recipient.email, subject: text.subject, text: text.body, language: text.language });
    await m.query(
      `UPDATE delivery SET status = 'SENT', sent_at = now(), attempts = attempts + 1, language = $2, email = $3, subject = $4, last_error = NULL
        WHERE id = $1`,
      [deliveryId, text.language, recipient.email, text.subject],
    );
  }

  /** The person, under the same lock as the handlers that release waiting deliveries. */
  private async recipient(m: EntityManager, userId: string): Promise<Recipient | undefined> {
    const q = `SELECT email, preferred_language, display_name FROM recipient WHERE user_id = $1`;
    const [r] = await m.query(q, [userId]);
    if (r) return r;
    await lockFact(m, 'user', userId);
    return (await m.query(q, [userId]))[0];
  }
}
