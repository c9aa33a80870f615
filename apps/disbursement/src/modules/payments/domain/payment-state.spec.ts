import {
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  PaymentActor,
  PaymentStatus,
  cancelByPerson,
  confirmPaid,
  decideNotExecuted,
  markFailed,
  markSent,
  retryByPerson,
} from './payment-state';

const PERSON: PaymentActor = { kind: 'PERSON', userId: 'finance-dimitar' };
const WORKER: PaymentActor = { kind: 'SYSTEM', component: 'payment-execution-worker' };

function codeOf(outcome: { ok: boolean; code?: string }): string {
  return outcome.ok ? 'OK' : (outcome.code as string);
}

describe('payment state machine', () => {
  it('walks the happy path APPROVED → SENT → PAID', () => {
    expect(markSent({ status: 'APPROVED' })).toEqual({ ok: true, value: { name: 'markSent', from: 'APPROVED', to: 'SENT' } });
    expect(confirmPaid({ status: 'SENT' })).toEqual({ ok: true, value: { name: 'confirmPaid', from: 'SENT', to: 'PAID' } });
  });

  it('records a failure with its kind and reason, and needs a reason', () => {
    expect(markFailed({ status: 'SENT' }, { kind: 'REJECTED', reason: ' AC04 account closed ' })).toEqual({
      ok: true,
      value: { name: 'markFailed', from: 'SENT', to: 'FAILED', failure: { kind: 'REJECTED', reason: 'AC04 account closed' } },
    });
    expect(codeOf(markFailed({ status: 'SENT' }, { kind: 'OUTCOME_UNKNOWN', reason: '' }))).toBe('DISBURSEMENT.FAILURE_REASON_REQUIRED');
  });

  it("lets the bank's answer overtake the worker that has not recorded SENT yet", () => {
    expect(confirmPaid({ status: 'APPROVED' })).toMatchObject({ ok: true, value: { from: 'APPROVED', to: 'PAID' } });
    expect(markFailed({ status: 'APPROVED' }, { kind: 'REJECTED', reason: 'AC01' })).toMatchObject({ ok: true });
    // …and the worker, coming back, finds nothing left to record.
    expect(codeOf(markSent({ status: 'PAID' }))).toBe('DISBURSEMENT.PAYMENT_ALREADY_IN_STATE');
    expect(codeOf(markSent({ status: 'FAILED', failureKind: 'REJECTED' }))).toBe('DISBURSEMENT.PAYMENT_ALREADY_IN_STATE');
  });

  it('treats a repeated confirmation (the bank answering twice) as a harmless repeat', () => {
    expect(codeOf(confirmPaid({ status: 'PAID' }))).toBe('DISBURSEMENT.PAYMENT_ALREADY_IN_STATE');
    expect(codeOf(markSent({ status: 'SENT' }))).toBe('DISBURSEMENT.PAYMENT_ALREADY_IN_STATE');
    expect(codeOf(markFailed({ status: 'FAILED' }, { kind: 'REJECTED', reason: 'again' }))).toBe(
      'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE',
    );
  });

  it('accepts a late booking after giving up waiting, but not after a bank rejection', () => {
    expect(confirmPaid({ status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN' })).toMatchObject({ ok: true, value: { to: 'PAID' } });
    expect(codeOf(confirmPaid({ status: 'FAILED', failureKind: 'REJECTED' }))).toBe('DISBURSEMENT.PAYMENT_STATE_CONFLICT');
  });

  it('refuses a rejection for a payment already paid, and sending what was never approved', () => {
    expect(codeOf(markFailed({ status: 'PAID' }, { kind: 'REJECTED', reason: 'AC04' }))).toBe(
      'DISBURSEMENT.PAYMENT_STATE_CONFLICT',
    );
    for (const status of ['PENDING_APPROVAL', 'PARTIALLY_APPROVED', 'REJECTED'] as const) {
      expect(codeOf(markSent({ status }))).toBe('DISBURSEMENT.PAYMENT_STATE_CONFLICT');
      expect(codeOf(confirmPaid({ status }))).toBe('DISBURSEMENT.PAYMENT_STATE_CONFLICT');
    }
  });

  it('puts FAILED back to APPROVED only by a person', () => {
    const failed = { status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN', execution: 1 } as const;
    expect(retryByPerson(failed, PERSON)).toEqual({
      ok: true,
      value: { name: 'retryByPerson', from: 'FAILED', to: 'APPROVED', execution: 1 },
    });
    expect(codeOf(retryByPerson(failed, WORKER))).toBe('DISBURSEMENT.ACTION_NEEDS_A_PERSON');
    expect(codeOf(retryByPerson({ status: 'SENT' }, PERSON))).toBe('DISBURSEMENT.PAYMENT_STATE_CONFLICT');
  });

  it('starts a new execution only when retrying a payment that was rejected (executed nothing)', () => {
    expect(retryByPerson({ status: 'FAILED', failureKind: 'REJECTED', execution: 2 }, PERSON)).toMatchObject({
      ok: true,
      value: { execution: 3 },
    });
    expect(retryByPerson({ status: 'FAILED', failureKind: 'REJECTED' }, PERSON)).toMatchObject({ ok: true, value: { execution: 2 } });
    expect(retryByPerson({ status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN' }, PERSON)).toMatchObject({ ok: true, value: { execution: 1 } });
  });

  it('never retries an unknown outcome that went out in a file: a second file could be executed too', () => {
    const inFile = { status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN', execution: 1, inFile: true } as const;
    expect(codeOf(retryByPerson(inFile, PERSON))).toBe('DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN');
    // Declared not executed (REJECTED): a new execution, in a new file.
    expect(retryByPerson({ ...inFile, failureKind: 'REJECTED' }, PERSON)).toMatchObject({ ok: true, value: { execution: 2 } });
  });

  it('takes two different people, and no record at the bank, to declare an unknown outcome not executed', () => {
    const current = { status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN', execution: 1, inFile: true } as const;
    const base = { current, declarerId: 'finance-ana', earlierDeclarers: [] as string[], bankRecord: 'NONE' as const, reason: 'not in the bank portal' };
    expect(decideNotExecuted(base)).toEqual({ ok: true, value: { complete: false } });
    expect(codeOf(decideNotExecuted({ ...base, earlierDeclarers: ['finance-ana'] }))).toBe('DISBURSEMENT.ALREADY_DECLARED_BY_PERSON');
    expect(decideNotExecuted({ ...base, earlierDeclarers: ['finance-boris'] })).toMatchObject({ ok: true, value: { complete: true, failure: { kind: 'REJECTED' } } });
    expect(codeOf(decideNotExecuted({ ...base, bankRecord: 'PENDING' }))).toBe('DISBURSEMENT.BANK_HAS_THE_PAYMENT');
    expect(codeOf(decideNotExecuted({ ...base, bankRecord: 'BOOKED' }))).toBe('DISBURSEMENT.BANK_HAS_THE_PAYMENT');
    expect(codeOf(decideNotExecuted({ ...base, reason: '  ' }))).toBe('DISBURSEMENT.NOT_EXECUTED_REASON_REQUIRED');
    expect(codeOf(decideNotExecuted({ ...base, current: { status: 'PAID' } }))).toBe('DISBURSEMENT.OUTCOME_NOT_UNKNOWN');
    expect(codeOf(decideNotExecuted({ ...base, current: { ...current, failureKind: 'REJECTED' } }))).toBe('DISBURSEMENT.OUTCOME_NOT_UNKNOWN');
  });

  it('cancels only a payment the bank rejected, never one whose outcome is unknown', () => {
    expect(cancelByPerson({ status: 'FAILED', failureKind: 'REJECTED' }, PERSON)).toMatchObject({
      ok: true,
      value: { to: 'CANCELLED' },
    });
    expect(codeOf(cancelByPerson({ status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN' }, PERSON))).toBe(
      'DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN',
    );
    expect(codeOf(cancelByPerson({ status: 'FAILED', failureKind: 'REJECTED' }, WORKER))).toBe(
      'DISBURSEMENT.ACTION_NEEDS_A_PERSON',
    );
  });

  it('exports, per transition, the from-states the conditional UPDATE must require', () => {
    expect(PAYMENT_TRANSITIONS.markSent.from).toEqual(['APPROVED']);
    expect(PAYMENT_TRANSITIONS.confirmPaid.from).toEqual(['APPROVED', 'SENT', 'FAILED']);
    expect(PAYMENT_TRANSITIONS.retryByPerson).toEqual({ from: ['FAILED'], to: 'APPROVED' });
    // PAID, REJECTED and CANCELLED are final: no transition leaves them.
    const finals: PaymentStatus[] = PAYMENT_STATUSES.filter((s) =>
      Object.values(PAYMENT_TRANSITIONS).every((r) => !(r.from as readonly PaymentStatus[]).includes(s)),
    );
    expect(finals).toEqual(['REJECTED', 'PAID', 'CANCELLED']);
  });
});
