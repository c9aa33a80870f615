import {
  ApprovalInput,
  BankDetailsChange,
  approvalsRequired,
  bankDetailsChangeNeedsConfirmation,
  checkBankDetailsConfirmer,
  checkWithinFunds,
  currentBankDetails,
  decideApproval,
  decideRejection,
  isBankDetailsChangeConfirmed,
} from './approval-rules';

const t = (iso: string) => new Date(iso);

const INITIAL_DETAILS: BankDetailsChange = {
  changedBy: 'grantee-ruse',
  changedAt: t('2025-03-01T09:00:00Z'),
  confirmationRequired: false,
  confirmedBy: null,
  confirmedAt: null,
};

/** The EEA advance: 14 192,64 EUR, requested by one officer; threshold 10 000,00 EUR. */
function input(overrides: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    request: {
      paymentId: '7f3c9a52-5d6e-4b8a-9c1d-2e3f4a5b6c7d',
      payeeId: 'payee-ruse',
      requestedBy: 'officer-ana',
      amountMinor: 1419264n,
      trancheAmountMinor: 1419264n,
      currency: 'EUR',
      status: 'PENDING_APPROVAL',
    },
    approverId: 'approver-boris',
    bankDetailsHistory: [INITIAL_DETAILS],
    approvals: [],
    thresholds: { EUR: 1000000n, MKD: 60000000n },
    funds: { currency: 'EUR', grantRemainingMinor: 1774080n, callRemainingMinor: 50000000n },
    ...overrides,
  };
}

function codeOf(outcome: ReturnType<typeof decideApproval>): string {
  return outcome.ok ? 'OK' : outcome.code;
}

describe('decideApproval', () => {
  it('refuses the requester approving their own request', () => {
    expect(codeOf(decideApproval(input({ approverId: 'officer-ana' })))).toBe('DISBURSEMENT.APPROVER_IS_REQUESTER');
  });

  it("refuses whoever changed the payee's bank details, even long after and even once confirmed", () => {
    const changedByFinance: BankDetailsChange = {
      changedBy: 'finance-vera',
      changedAt: t('2025-04-01T10:00:00Z'),
      confirmationRequired: true,
      confirmedBy: 'finance-dimitar',
      confirmedAt: t('2025-04-01T11:00:00Z'),
    };
    // A later change by the grantee does not wash Vera's change out of the history.
    const newer: BankDetailsChange = {
      ...INITIAL_DETAILS,
      changedAt: t('2025-06-01T09:00:00Z'),
      confirmationRequired: true,
      confirmedBy: 'finance-dimitar',
      confirmedAt: t('2025-06-01T10:00:00Z'),
    };
    const history = [INITIAL_DETAILS, changedByFinance, newer];
    expect(codeOf(decideApproval(input({ approverId: 'finance-vera', bankDetailsHistory: history })))).toBe(
      'DISBURSEMENT.APPROVER_CHANGED_BANK_DETAILS',
    );
    // The confirmer of a change is the second pair of eyes, not its author: they may approve.
    expect(codeOf(decideApproval(input({ approverId: 'finance-dimitar', bankDetailsHistory: history })))).toBe('OK');
  });

  it('blocks approval while the current bank-details change is unconfirmed, or confirmed only by its author', () => {
    const pending: BankDetailsChange = {
      changedBy: 'grantee-ruse',
      changedAt: t('2025-05-01T10:00:00Z'),
      confirmationRequired: true,
      confirmedBy: null,
      confirmedAt: null,
    };
    expect(codeOf(decideApproval(input({ bankDetailsHistory: [INITIAL_DETAILS, pending] })))).toBe(
      'DISBURSEMENT.BANK_DETAILS_UNCONFIRMED',
    );
    const selfConfirmed = { ...pending, confirmedBy: 'grantee-ruse', confirmedAt: t('2025-05-01T10:05:00Z') };
    expect(codeOf(decideApproval(input({ bankDetailsHistory: [selfConfirmed, INITIAL_DETAILS] })))).toBe(
      'DISBURSEMENT.BANK_DETAILS_UNCONFIRMED',
    );
  });

  it('refuses when the payee has no bank details', () => {
    expect(codeOf(decideApproval(input({ bankDetailsHistory: [] })))).toBe('DISBURSEMENT.PAYEE_HAS_NO_BANK_DETAILS');
  });

  it('refuses the same approver twice', () => {
    const outcome = decideApproval(
      input({
        request: { ...input().request, status: 'PARTIALLY_APPROVED' },
        approvals: [{ approverId: 'approver-boris', approvedAt: t('2025-03-02T09:00:00Z') }],
      }),
    );
    expect(codeOf(outcome)).toBe('DISBURSEMENT.ALREADY_APPROVED_BY_APPROVER');
  });

  it('needs two distinct approvers above the threshold: the first leaves it PARTIALLY_APPROVED', () => {
    const first = decideApproval(input());
    expect(first).toEqual({
      ok: true,
      value: {
        outcome: 'PARTIALLY_APPROVED',
        from: ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'],
        to: 'PARTIALLY_APPROVED',
        approvalsRequired: 2,
        validApprovalsBefore: 0,
        approverIds: ['approver-boris'],
      },
    });
    const second = decideApproval(
      input({
        request: { ...input().request, status: 'PARTIALLY_APPROVED' },
        approverId: 'approver-cvetelina',
        approvals: [{ approverId: 'approver-boris', approvedAt: t('2025-03-02T09:00:00Z') }],
      }),
    );
    expect(second).toMatchObject({
      ok: true,
      value: { outcome: 'APPROVED', to: 'APPROVED', validApprovalsBefore: 1, approverIds: ['approver-boris', 'approver-cvetelina'] },
    });
  });

  it('needs one approver at or below the threshold', () => {
    const tranche2 = { ...input().request, amountMinor: 354816n, trancheAmountMinor: 354816n };
    expect(decideApproval(input({ request: tranche2 }))).toMatchObject({ ok: true, value: { outcome: 'APPROVED', approvalsRequired: 1 } });
    const exactlyAtThreshold = { ...input().request, amountMinor: 1000000n, trancheAmountMinor: 1000000n };
    expect(decideApproval(input({ request: exactlyAtThreshold }))).toMatchObject({ ok: true, value: { outcome: 'APPROVED' } });
  });

  it('applies the threshold to the tranche: a piece below it still needs two approvers when the tranche is above', () => {
    const half = { ...input().request, amountMinor: 709632n, trancheAmountMinor: 1419264n };
    expect(decideApproval(input({ request: half }))).toMatchObject({ ok: true, value: { outcome: 'PARTIALLY_APPROVED', approvalsRequired: 2 } });
  });

  it('counts only approvals of the current bank-details version', () => {
    const v1: BankDetailsChange = { ...INITIAL_DETAILS, id: 'bd-1' };
    const v2: BankDetailsChange = { ...INITIAL_DETAILS, id: 'bd-2', changedAt: t('2025-03-01T10:00:00Z') };
    const approvals = [{ approverId: 'approver-boris', approvedAt: t('2025-03-02T09:00:00Z'), bankDetailsId: 'bd-1' }];
    const other = decideApproval(input({ approverId: 'approver-cvetelina', bankDetailsHistory: [v1, v2], approvals }));
    expect(other).toMatchObject({ ok: true, value: { outcome: 'PARTIALLY_APPROVED', validApprovalsBefore: 0 } });
    const same = decideApproval(input({ approverId: 'approver-cvetelina', bankDetailsHistory: [v1], approvals }));
    expect(same).toMatchObject({ ok: true, value: { outcome: 'APPROVED', validApprovalsBefore: 1 } });
  });

  it('does not count approvals given before the current bank details took effect', () => {
    const changed: BankDetailsChange = {
      changedBy: 'grantee-ruse',
      changedAt: t('2025-03-03T09:00:00Z'),
      confirmationRequired: true,
      confirmedBy: 'finance-dimitar',
      confirmedAt: t('2025-03-03T12:00:00Z'),
    };
    const outcome = decideApproval(
      input({
        request: { ...input().request, status: 'PARTIALLY_APPROVED' },
        approverId: 'approver-cvetelina',
        bankDetailsHistory: [INITIAL_DETAILS, changed],
        approvals: [{ approverId: 'approver-boris', approvedAt: t('2025-03-02T09:00:00Z') }],
      }),
    );
    // Boris vouched for the old account; Cvetelina's approval is now the first that counts.
    expect(outcome).toMatchObject({ ok: true, value: { outcome: 'PARTIALLY_APPROVED', validApprovalsBefore: 0 } });
  });

  it('refuses a request that is not awaiting approval (e.g. the concurrent approver already approved it)', () => {
    for (const status of ['APPROVED', 'REJECTED', 'SENT', 'PAID', 'FAILED', 'CANCELLED'] as const) {
      expect(codeOf(decideApproval(input({ request: { ...input().request, status } })))).toBe(
        'DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL',
      );
    }
  });

  it('refuses a request over the remaining grant amount', () => {
    const funds = { currency: 'EUR', grantRemainingMinor: 1419263n, callRemainingMinor: 50000000n };
    expect(codeOf(decideApproval(input({ funds })))).toBe('DISBURSEMENT.GRANT_AMOUNT_EXCEEDED');
  });

  it("refuses a request over the call's remaining budget", () => {
    const funds = { currency: 'EUR', grantRemainingMinor: 1774080n, callRemainingMinor: 1000000n };
    expect(codeOf(decideApproval(input({ funds })))).toBe('DISBURSEMENT.CALL_BUDGET_EXCEEDED');
  });

  it('refuses a currency that is not the grant currency', () => {
    const request = { ...input().request, currency: 'BGN' };
    expect(codeOf(decideApproval(input({ request })))).toBe('DISBURSEMENT.CURRENCY_MISMATCH');
  });
});

describe('approvalsRequired', () => {
  it('compares strictly above the threshold, per currency', () => {
    expect(approvalsRequired(60000000n, 'MKD', { MKD: 60000000n })).toBe(1);
    expect(approvalsRequired(60000001n, 'MKD', { MKD: 60000000n })).toBe(2);
  });

  it('fails safe: a currency without a configured threshold needs two approvers', () => {
    expect(approvalsRequired(1n, 'RSD', { EUR: 1000000n })).toBe(2);
    expect(approvalsRequired(1n, 'constructor', {})).toBe(2);
  });
});

describe('checkWithinFunds', () => {
  const funds = { currency: 'EUR', grantRemainingMinor: 1774080n, callRemainingMinor: 1774080n };
  it('accepts exactly the remaining amount and refuses zero or negative amounts', () => {
    expect(checkWithinFunds(1774080n, 'EUR', funds).ok).toBe(true);
    expect(checkWithinFunds(1774081n, 'EUR', funds)).toMatchObject({ ok: false, code: 'DISBURSEMENT.GRANT_AMOUNT_EXCEEDED' });
    expect(checkWithinFunds(0n, 'EUR', funds)).toMatchObject({ ok: false, code: 'DISBURSEMENT.AMOUNT_NOT_POSITIVE' });
  });
});

describe('bank-details confirmation', () => {
  it('takes the latest entry by time as the current details', () => {
    const later = { ...INITIAL_DETAILS, changedBy: 'x', changedAt: t('2025-09-01T00:00:00Z') };
    expect(currentBankDetails([later, INITIAL_DETAILS])).toBe(later);
    expect(currentBankDetails([])).toBeUndefined();
  });

  it('requires a confirmation after any approval for the payee, by someone other than the changer', () => {
    expect(bankDetailsChangeNeedsConfirmation(false)).toBe(false);
    expect(bankDetailsChangeNeedsConfirmation(true)).toBe(true);
    // Entered or changed by staff on the grantee's behalf: always, even before any approval.
    expect(bankDetailsChangeNeedsConfirmation(false, false)).toBe(true);
    const change: BankDetailsChange = { ...INITIAL_DETAILS, changedBy: 'finance-vera', confirmationRequired: true };
    expect(isBankDetailsChangeConfirmed(change)).toBe(false);
    expect(checkBankDetailsConfirmer(change, 'finance-vera')).toMatchObject({ ok: false, code: 'DISBURSEMENT.CONFIRMER_IS_CHANGER' });
    expect(checkBankDetailsConfirmer(change, 'finance-dimitar').ok).toBe(true);
    // The grantee confirms what staff entered for them; nobody else outside finance confirms.
    expect(checkBankDetailsConfirmer(change, 'grantee-ruse', { isStaff: false, isGrantee: true }).ok).toBe(true);
    expect(checkBankDetailsConfirmer(change, 'someone', { isStaff: false, isGrantee: false })).toMatchObject({ ok: false, code: 'DISBURSEMENT.CONFIRMER_NOT_ALLOWED' });
    expect(isBankDetailsChangeConfirmed({ ...change, confirmedBy: 'finance-dimitar', confirmedAt: t('2025-03-01T10:00:00Z') })).toBe(true);
  });
});

describe('decideRejection', () => {
  it('needs a reason and a request awaiting approval', () => {
    expect(decideRejection({ status: 'PARTIALLY_APPROVED' }, '  wrong tranche ')).toEqual({
      ok: true,
      value: { from: ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'], to: 'REJECTED', reason: 'wrong tranche' },
    });
    expect(decideRejection({ status: 'PENDING_APPROVAL' }, '   ')).toMatchObject({ ok: false, code: 'DISBURSEMENT.REJECTION_REASON_REQUIRED' });
    expect(decideRejection({ status: 'SENT' }, 'late')).toMatchObject({ ok: false, code: 'DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL' });
  });
});
