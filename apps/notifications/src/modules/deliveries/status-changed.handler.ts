import { ApplicationStatusChangedV1, ApplicationTimelineStatus, EventEnvelope, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';
import { DeliveryKind } from './templates';

/** The timeline steps an applicant is written about, and with what. The other steps send nothing. */
const MAILED: Partial<Record<ApplicationTimelineStatus, { kind: DeliveryKind; vars: Record<string, boolean> }>> = {
  ELIGIBLE: { kind: 'ELIGIBILITY', vars: { eligible: true } },
  INELIGIBLE: { kind: 'ELIGIBILITY', vars: { eligible: false } },
  AWARDED: { kind: 'RESULTS', vars: { awarded: true } },
  RESERVE: { kind: 'RESULTS', vars: { reserve: true } },
  NOT_SELECTED: { kind: 'RESULTS', vars: { notSelected: true } },
};

/**
 * `applications.application.status-changed.v1`: the screening decision (ELIGIBILITY, with the
 * reason of an ineligibility) and the results (RESULTS: awarded, reserve list, not selected).
 * The event names the applicant and the reference, so it never waits for the receipt.
 */
@Injectable()
export class ApplicationStatusChangedHandler implements EventHandler<ApplicationStatusChangedV1> {
  readonly topic = Topics.ApplicationStatusChangedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<ApplicationStatusChangedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const mail = MAILED[p.status];
    if (!mail) return;
    await this.deliveries.enqueue(m, {
      eventId: e.eventId,
      kind: mail.kind,
      recipientUserId: p.applicantUserId,
      applicationId: p.applicationId,
      aggregateId: p.applicationId,
      vars: {
        reference: p.reference,
        callId: p.callId,
        status: p.status,
        ...mail.vars,
        ...(p.status === 'INELIGIBLE' && p.note ? { reason: p.note } : {}),
      },
    });
  }
}
