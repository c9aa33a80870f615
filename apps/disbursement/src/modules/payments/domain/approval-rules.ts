import { Outcome, accept, refuse } from './outcome';
import { PAYMENT_TRANSITIONS, PaymentStatus } from './payment-state';

/** The request being decided on, as read (with its row lock) in the approving transaction. */
export interface PaymentRequestForApproval {
  readonly paymentId: string;
  readonly payeeId: string;
  readonly requestedBy: string;
  readonly amountMinor: bigint;
  /**
   * The amount of the tranche the request is against: the most its requests can ever add up to.
   * The two-approver threshold is applied to it, so splitting a tranche into pieces below the
   * threshold never lowers the number of approvers its money needs.
   */
  readonly trancheAmountMinor: bigint;
  readonly currency: string;
  readonly status: PaymentStatus;
}

/** One entry of a payee's bank-details history (the first entry included). */
export interface BankDetailsChange {
  /** The version's id: an approval binds to the version it saw. */
  readonly id?: string;
  readonly changedBy: string;
  readonly changedAt: Date;
  /** See `bankDetailsChangeNeedsConfirmation`: set when the change was recorded. */
  readonly confirmationRequired: boolean;
  readonly confirmedBy: string | null;
  readonly confirmedAt: Date | null;
}

export interface ApprovalRecord {
  readonly approverId: string;
  readonly approvedAt: Date;
  /** The bank-details version the approver saw; an approval of another version does not count. */
  readonly bankDetailsId?: string | null;
}

/**
 * Per ISO 4217 currency: amounts strictly above it need two distinct approvers. Thresholds are per
 * currency because 1 000 means very different sums in EUR and MKD.
 */
export type TwoApproverThresholds = Readonly<Record<string, bigint>>;

/**
 * What is still free, this request excluded: the grant's amount and the call's budget minus every
 * amount already committed to leave (payments APPROVED, SENT, PAID, and FAILED ones not cancelled).
 * Read in the approving transaction after locking the grant and call rows (`SELECT … FOR UPDATE`),
 * so two approvals cannot both spend the same remainder.
 */
export interface FundsPosition {
  readonly currency: string;
  readonly grantRemainingMinor: bigint;
  readonly callRemainingMinor: bigint;
}

export interface ApprovalInput {
  readonly request: PaymentRequestForApproval;
  readonly approverId: string;
  readonly bankDetailsHistory: readonly BankDetailsChange[];
  readonly approvals: readonly ApprovalRecord[];
  readonly thresholds: TwoApproverThresholds;
  readonly funds: FundsPosition;
}

export interface ApprovalDecision {
  readonly outcome: 'APPROVED' | 'PARTIALLY_APPROVED';
  /** For the conditional update: `… WHERE status = ANY(from) AND approval_count = validApprovalsBefore`. */
  readonly from: readonly PaymentStatus[];
  readonly to: 'APPROVED' | 'PARTIALLY_APPROVED';
  readonly approvalsRequired: 1 | 2;
  /** Approvals that still count (made after the current bank details took effect), this one excluded. */
  readonly validApprovalsBefore: number;
  /** Everyone whose approval counts, this approver last. */
  readonly approverIds: readonly string[];
}

export type ApprovalRefusalCode =
  | 'DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL'
  | 'DISBURSEMENT.APPROVER_IS_REQUESTER'
  | 'DISBURSEMENT.APPROVER_CHANGED_BANK_DETAILS'
  | 'DISBURSEMENT.ALREADY_APPROVED_BY_APPROVER'
  | 'DISBURSEMENT.PAYEE_HAS_NO_BANK_DETAILS'
  | 'DISBURSEMENT.BANK_DETAILS_UNCONFIRMED'
  | FundsRefusalCode;

export type FundsRefusalCode =
  | 'DISBURSEMENT.AMOUNT_NOT_POSITIVE'
  | 'DISBURSEMENT.CURRENCY_MISMATCH'
  | 'DISBURSEMENT.GRANT_AMOUNT_EXCEEDED'
  | 'DISBURSEMENT.CALL_BUDGET_EXCEEDED';

const AWAITING_APPROVAL: readonly PaymentStatus[] = PAYMENT_TRANSITIONS.approve.from;

/**
 * How many distinct approvers an amount needs. A currency without a configured threshold needs
 * two: a missing configuration line must never quietly weaken the four-eyes rule.
 */
export function approvalsRequired(amountMinor: bigint, currency: string, thresholds: TwoApproverThresholds): 1 | 2 {
  const threshold = Object.prototype.hasOwnProperty.call(thresholds, currency) ? thresholds[currency] : undefined;
  if (threshold === undefined) return 2;
  return amountMinor > threshold ? 2 : 1;
}

/**
 * No request may take the grant over its amount or the call over its budget. Used when a request is
 * created and again, authoritatively, in the transaction that approves it.
 */
export function checkWithinFunds(amountMinor: bigint, currency: string, funds: FundsPosition): Outcome<void, FundsRefusalCode> {
  if (amountMinor <= 0n) return refuse('DISBURSEMENT.AMOUNT_NOT_POSITIVE', 'A payment must be for a positive amount');
  if (currency !== funds.currency) {
    return refuse('DISBURSEMENT.CURRENCY_MISMATCH', `The payment is in ${currency} but the grant is in ${funds.currency}`);
  }
  if (amountMinor > funds.grantRemainingMinor) {
    return refuse(
      'DISBURSEMENT.GRANT_AMOUNT_EXCEEDED',
      `${amountMinor} minor units exceed the ${funds.grantRemainingMinor} still available under the grant`,
    );
  }
  if (amountMinor > funds.callRemainingMinor) {
    return refuse(
      'DISBURSEMENT.CALL_BUDGET_EXCEEDED',
      `${amountMinor} minor units exceed the ${funds.callRemainingMinor} left in the call's budget`,
    );
  }
  return accept(undefined);
}

/** The payee's bank details in force: the latest entry by time (input order is not trusted). */
export function currentBankDetails(history: readonly BankDetailsChange[]): BankDetailsChange | undefined {
  return [...history].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime()).at(-1);
}

/**
 * A change counts as confirmed only by a second person: a "confirmation" by its own author is
 * treated as none, whatever the database row says.
 */
export function isBankDetailsChangeConfirmed(change: BankDetailsChange): boolean {
  if (!change.confirmationRequired) return true;
  return !!change.confirmedBy && change.confirmedBy !== change.changedBy && !!change.confirmedAt;
}

/**
 * When a bank-details entry needs a second person's confirmation before any payment to it is
 * approved:
 * 1. always when someone other than the grantee (finance staff) entered or changed it: the account
 *    money goes to must never rest on one staff member's word;
 * 2. when the grantee changes it once any payment to this payee has had any approval (partial ones
 *    included): from then on somebody has vouched for an account, and redirecting the money is
 *    exactly the fraud four eyes exist to stop.
 * The grantee's own first entry needs none.
 */
export function bankDetailsChangeNeedsConfirmation(payeeHasAnyApproval: boolean, enteredByGrantee = true): boolean {
  return !enteredByGrantee || payeeHasAnyApproval;
}

/**
 * Whoever confirms a change must not be whoever made it. Finance staff confirm any change; the
 * grantee confirms only what staff entered on their behalf (never their own change, which a second
 * finance user confirms).
 */
export function checkBankDetailsConfirmer(
  change: BankDetailsChange,
  confirmerId: string,
  confirmer: { isStaff: boolean; isGrantee: boolean } = { isStaff: true, isGrantee: false },
): Outcome<void, 'DISBURSEMENT.CONFIRMER_IS_CHANGER' | 'DISBURSEMENT.CONFIRMER_NOT_ALLOWED'> {
  if (change.changedBy === confirmerId) {
    return refuse('DISBURSEMENT.CONFIRMER_IS_CHANGER', 'A bank-details change must be confirmed by someone else');
  }
  if (!confirmer.isStaff && !confirmer.isGrantee) {
    return refuse('DISBURSEMENT.CONFIRMER_NOT_ALLOWED', 'Only finance staff or the grantee confirm bank details');
  }
  return accept(undefined);
}

/**
 * Decides one approver's approval. The rules, checked in this order so the answer names the most
 * fundamental problem:
 * 1. the request must be awaiting approval;
 * 2. the requester cannot approve their own request;
 * 3. whoever ever changed the payee's bank details (any entry of the history) can never approve a
 *    payment to that payee;
 * 4. the same approver cannot approve twice;
 * 5. the payee must have bank details, and the current ones must be confirmed when confirmation
 *    was required;
 * 6. the amount must fit in the grant's and the call's remaining amounts;
 * 7. above the currency's threshold two distinct approvers are needed: the first approval leaves the
 *    request PARTIALLY_APPROVED.
 * Approvals given before the current bank details took effect, or of another bank-details version,
 * no longer count: they vouched for a different account. Such an approver may approve again, for
 * the new account. The threshold of rule 7 is applied to the tranche's amount, not to this piece.
 */
export function decideApproval(input: ApprovalInput): Outcome<ApprovalDecision, ApprovalRefusalCode> {
  const { request, approverId, bankDetailsHistory, approvals, thresholds, funds } = input;

  if (!AWAITING_APPROVAL.includes(request.status)) {
    return refuse('DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL', `The payment is ${request.status}, not awaiting approval`);
  }
  if (approverId === request.requestedBy) {
    return refuse('DISBURSEMENT.APPROVER_IS_REQUESTER', 'The requester cannot approve their own payment request');
  }
  const changers = new Set(bankDetailsHistory.map((c) => c.changedBy));
  if (changers.has(approverId)) {
    return refuse(
      'DISBURSEMENT.APPROVER_CHANGED_BANK_DETAILS',
      "Whoever changed the payee's bank details can never approve payments to that payee",
    );
  }

  const current = currentBankDetails(bankDetailsHistory);
  const effectiveAt = current ? (current.confirmationRequired ? current.confirmedAt : current.changedAt) : null;
  const valid = approvals.filter(
    (a) =>
      a.approverId !== request.requestedBy &&
      !changers.has(a.approverId) &&
      (effectiveAt === null || a.approvedAt.getTime() >= effectiveAt.getTime()) &&
      (!a.bankDetailsId || !current?.id || a.bankDetailsId === current.id),
  );
  const validApprovers = [...new Set(valid.map((a) => a.approverId))];
  if (validApprovers.includes(approverId)) {
    return refuse('DISBURSEMENT.ALREADY_APPROVED_BY_APPROVER', 'The same person cannot approve a payment twice');
  }

  if (!current) return refuse('DISBURSEMENT.PAYEE_HAS_NO_BANK_DETAILS', 'The payee has not entered bank details');
  if (!isBankDetailsChangeConfirmed(current)) {
    return refuse(
      'DISBURSEMENT.BANK_DETAILS_UNCONFIRMED',
      "The payee's bank details were changed and await a second finance user's confirmation",
    );
  }

  const funded = checkWithinFunds(request.amountMinor, request.currency, funds);
  if (!funded.ok) return funded;

  const thresholdBase = request.trancheAmountMinor > request.amountMinor ? request.trancheAmountMinor : request.amountMinor;
  const required = approvalsRequired(thresholdBase, request.currency, thresholds);
  const outcome = validApprovers.length + 1 >= required ? 'APPROVED' : 'PARTIALLY_APPROVED';
  const rule = outcome === 'APPROVED' ? PAYMENT_TRANSITIONS.approve : PAYMENT_TRANSITIONS.approvePartially;
  return accept({
    outcome,
    from: rule.from,
    to: outcome,
    approvalsRequired: required,
    validApprovalsBefore: validApprovers.length,
    approverIds: [...validApprovers, approverId],
  });
}

/**
 * A finance approver rejects a request with a reason (shown to the requester). Rejecting needs no
 * second pair of eyes: it moves no money. The requester may reject (withdraw) their own request.
 */
export function decideRejection(
  request: Pick<PaymentRequestForApproval, 'status'>,
  reason: string,
): Outcome<{ from: readonly PaymentStatus[]; to: 'REJECTED'; reason: string }, 'DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL' | 'DISBURSEMENT.REJECTION_REASON_REQUIRED'> {
  if (!AWAITING_APPROVAL.includes(request.status)) {
    return refuse('DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL', `The payment is ${request.status}, not awaiting approval`);
  }
  const trimmed = reason?.trim() ?? '';
  if (!trimmed) return refuse('DISBURSEMENT.REJECTION_REASON_REQUIRED', 'A rejection needs a reason', [{ field: 'reason', code: 'REQUIRED', reason: 'required' }]);
  return accept({ from: PAYMENT_TRANSITIONS.reject.from, to: 'REJECTED', reason: trimmed });
}
