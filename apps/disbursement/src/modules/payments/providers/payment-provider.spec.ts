import { BankConfirmation, SendAck, transitionForConfirmation, transitionForSendAck } from './payment-provider';

const booked: BankConfirmation = {
  endToEndId: 'GP7F3C9A525D6E4B8A9C1D2E3F4A5B6C7D',
  execution: 1,
  bankReference: 'SIM000000000001',
  outcome: 'BOOKED',
  reason: null,
  answeredAt: '2025-11-22T10:00:00.000Z',
};
const rejected: BankConfirmation = { ...booked, outcome: 'REJECTED', reason: 'AC04 Closed account number' };

function ack(kind: 'ACCEPTED' | 'DUPLICATE', bankStatus: 'PENDING' | 'BOOKED' | 'REJECTED' = 'PENDING', execution = 1): SendAck {
  return kind === 'ACCEPTED'
    ? { kind, endToEndId: booked.endToEndId, execution, bankReference: 'SIM1', receivedAt: booked.answeredAt }
    : { kind, endToEndId: booked.endToEndId, execution, bankReference: 'SIM1', firstReceivedAt: booked.answeredAt, bankStatus, sameContent: true };
}

describe('provider answers → payment transitions', () => {
  it('records SENT after an accepted or still-pending duplicate send', () => {
    expect(transitionForSendAck({ status: 'APPROVED' }, ack('ACCEPTED'))).toMatchObject({ ok: true, value: { to: 'SENT' } });
    expect(transitionForSendAck({ status: 'APPROVED' }, ack('DUPLICATE', 'PENDING'))).toMatchObject({ ok: true, value: { to: 'SENT' } });
  });

  it('recovers a lost answer from a duplicate acknowledgement', () => {
    expect(transitionForSendAck({ status: 'APPROVED' }, ack('DUPLICATE', 'BOOKED'))).toMatchObject({ ok: true, value: { to: 'PAID' } });
    expect(transitionForSendAck({ status: 'APPROVED', execution: 1 }, ack('DUPLICATE', 'REJECTED'))).toMatchObject({
      ok: true,
      value: { to: 'FAILED', failure: { kind: 'REJECTED' } },
    });
  });

  it('maps confirmations to PAID or FAILED with the bank reason; a second answer is a harmless repeat', () => {
    expect(transitionForConfirmation({ status: 'SENT' }, booked)).toMatchObject({ ok: true, value: { to: 'PAID' } });
    expect(transitionForConfirmation({ status: 'PAID' }, booked)).toMatchObject({ ok: false, code: 'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE' });
    expect(transitionForConfirmation({ status: 'SENT' }, rejected)).toMatchObject({
      ok: true,
      value: { to: 'FAILED', failure: { kind: 'REJECTED', reason: 'AC04 Closed account number' } },
    });
  });

  it('ignores a late rejection of an earlier execution, but never a booking', () => {
    const retried = { status: 'SENT', execution: 2 } as const;
    expect(transitionForConfirmation(retried, rejected)).toMatchObject({ ok: false, code: 'DISBURSEMENT.STALE_BANK_ANSWER' });
    expect(transitionForSendAck({ status: 'APPROVED', execution: 2 }, ack('DUPLICATE', 'REJECTED', 1))).toMatchObject({
      ok: false,
      code: 'DISBURSEMENT.STALE_BANK_ANSWER',
    });
    expect(transitionForConfirmation(retried, booked)).toMatchObject({ ok: true, value: { to: 'PAID' } });
  });
});
