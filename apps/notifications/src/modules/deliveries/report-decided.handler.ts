import { EventEnvelope, ReportDecidedV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';

/**
 * `disbursement.report.decided.v1`: a RETURNED report is mailed to the grantee with the officer's
 * comment; an APPROVED one sends nothing (the payment it releases has its own mails). The event
 * names the grant only: the application (for the reference and, if the event names nobody, the
 * recipient) comes from the grant-opened event, whenever that arrives.
 */
@Injectable()
export class ReportDecidedHandler implements EventHandler<ReportDecidedV1> {
  readonly topic = Topics.ReportDecidedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<ReportDecidedV1>, m: EntityManager): Promise<void> {
    const r = e.payload;
    if (r.decision !== 'RETURNED') return;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: 'REPORT_RETURNED',
      recipientUserId: r.applicantUserId ?? null,
      grantId: r.grantId,
      aggregateId: r.reportId,
      vars: {
        reportKind: r.kind,
        number: r.number,
        final: r.kind === 'FINAL',
        interim: r.kind === 'INTERIM',
        callId: r.callId,
        grantId: r.grantId,
        ...(r.comment ? { comment: r.comment } : {}),
      },
    });
  }
}
