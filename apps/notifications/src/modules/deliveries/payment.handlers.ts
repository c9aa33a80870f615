import { EventEnvelope, PaymentApprovedV1, PaymentPaidV1, Topics } from '@grants/contracts';
import { EventHandler } from '@grants/messaging';
import { formatMoney, money } from '@grants/money';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deliveries } from './deliveries';
import { DeliveryKind } from './templates';

/** The grantee named in the event, else the application's owner; the reference from the owner row. */
function paymentDelivery(kind: DeliveryKind, e: EventEnvelope<PaymentApprovedV1 | PaymentPaidV1>) {
  const p = e.payload;
  return {
    eventId: e.eventId,
    kind,
    recipientUserId: p.applicantUserId ?? null,
    applicationId: p.applicationId,
    aggregateId: p.paymentId,
    vars: {
      amount: formatMoney(money(p.amountMinor, p.currency)),
      amountMinor: p.amountMinor,
      currency: p.currency,
      callId: p.callId,
      grantId: p.grantId,
      ...(p.trancheSequence ? { tranche: p.trancheSequence } : {}),
    },
  };
}

/** `disbursement.payment.approved.v1` → PAYMENT_APPROVED: the money is on its way. */
@Injectable()
export class PaymentApprovedHandler implements EventHandler<PaymentApprovedV1> {
  readonly topic = Topics.PaymentApprovedV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<PaymentApprovedV1>, m: EntityManager): Promise<void> {
    await this.deliveries.enqueue(m, paymentDelivery('PAYMENT_APPROVED', e));
  }
}

/** `disbursement.payment.paid.v1` → PAYMENT_PAID: the bank booked it. */
@Injectable()
export class PaymentPaidHandler implements EventHandler<PaymentPaidV1> {
  readonly topic = Topics.PaymentPaidV1;

  constructor(private readonly deliveries: Deliveries) {}

  async handle(e: EventEnvelope<PaymentPaidV1>, m: EntityManager): Promise<void> {
    await this.deliveries.enqueue(m, paymentDelivery('PAYMENT_PAID', e));
  }
}
