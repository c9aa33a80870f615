import { JobHandler, ScheduledJob } from '@grants/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MAIL_QUEUE, SEND_JOB } from './deliveries';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { DeliveryKind, render } from './templates';

/**
 * Sends one delivery. Runs in the transaction that marks the job done, so a crash after sending
 * and before the commit sends again: the message keeps its id (Message-ID, file name), and the
 * delivery row records it once. BullMQ retries with backoff; the last failure stays visible.
 */
@Injectable()
export class SendMailJob implements JobHandler {
  readonly queue = MAIL_QUEUE;
  readonly name = SEND_JOB;

  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const deliveryId = String(job.payload.deliveryId);
    const [d] = await m.query(
      `SELECT d.id, d.kind, d.vars, d.status, r.email, r.preferred_language, r.display_name
         FROM delivery d LEFT JOIN recipient r ON r.user_id = d.recipient_user_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [deliveryId],
    );
    if (!d || d.status === 'SENT') return;
    if (!d.email) {
      // The person's registration event has not arrived yet (another topic): retry later.
      await m.query(`UPDATE delivery SET attempts = attempts + 1, last_error = 'recipient not known yet' WHERE id = $1`, [deliveryId]);
      throw new Error(`recipient of delivery ${deliveryId} not known yet`);
    }
    const text = render(d.kind as DeliveryKind, d.preferred_language, { displayName: d.display_name, ...d.vars });
    await this.transport.send({ id: d.id, to: d.email, subject: text.subject, text: text.body, language: text.language });
    await m.query(
      `UPDATE delivery SET status = 'SENT', sent_at = now(), attempts = attempts + 1, language = $2, email = $3, subject = $4, last_error = NULL
        WHERE id = $1`,
      [deliveryId, text.language, d.email, text.subject],
    );
  }
}
