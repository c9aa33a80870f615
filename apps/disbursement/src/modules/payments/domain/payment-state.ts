import { Outcome, accept, refuse } from './outcome';

/**
 * A payment request's whole life. Approval states come first (see approval-rules.ts), then the
 * execution states this file guards: APPROVED → SENT → PAID / FAILED, FAILED → APPROVED only by a
 * person's retry.
 */
export const PAYMENT_STATUSES = [
  'PENDING_APPROVAL',
  'PARTIALLY_APPROVED',
  'APPROVED',
  'REJECTED',
  'SENT',
  'PAID',
  'FAILED',
  'CANCELLED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Why a payment failed decides what may follow:
 * - REJECTED: definitively not executed — the bank answered "not booked", or the provider refused
 *   the instruction before it left (e.g. a file that could not be written). Nothing moved, so the
 *   payment may be cancelled (its amount released) or retried;
 * - OUTCOME_UNKNOWN: sending kept failing or the bank never answered — the money may still have
 *   moved, so it may be retried (the same end-to-end id makes that safe) but never cancelled, and
 *   a late "booked" answer from the bank is still accepted.
 */
export type PaymentFailureKind = 'REJECTED' | 'OUTCOME_UNKNOWN';

export interface PaymentSnapshot {
  readonly status: PaymentStatus;
  /** Set when status is FAILED. */
  readonly failureKind?: PaymentFailureKind | null;
  /**
   * Which execution of the payment is current: 1 at approval, +1 only when a person retries a
   * REJECTED payment. The end-to-end id never changes; the execution number tells the bank side a
   * deliberate new attempt (after a rejection that executed nothing) from a stale repeat of the old
   * one, and tells us a late answer about an earlier execution from an answer about this one.
   */
  readonly execution?: number;
  /** Set when it went out in a pain.001 file: a file that may have been executed is never replaced by another. */
  readonly inFile?: boolean;
}

/** Who asks for a transition: workers and bank callbacks are SYSTEM; only a PERSON may retry or cancel. */
export type PaymentActor = { readonly kind: 'PERSON'; readonly userId: string } | { readonly kind: 'SYSTEM'; readonly component: string };

export interface PaymentTransitionRule {
  readonly from: readonly PaymentStatus[];
  readonly to: PaymentStatus;
}

/**
 * The states each transition requires, for the SQL layer's conditional updates:
 * `UPDATE payment SET status = $to … WHERE id = $1 AND status = ANY($from)`. Zero rows updated means
 * someone else moved first: re-read, and call the transition again on what is there now — it then
 * answers PAYMENT_ALREADY_IN_STATE (a harmless repeat: treat as done) or PAYMENT_STATE_CONFLICT.
 *
 * Why some `from` lists are wider than the happy path:
 * - confirmPaid / markFailed accept APPROVED: the bank's answer can overtake the worker, which may
 *   die after the provider call and before recording SENT; the answer is the truth and must land.
 * - confirmPaid accepts FAILED (only OUTCOME_UNKNOWN, checked below): money that did leave must be
 *   recorded as paid even after we gave up waiting.
 */
export const PAYMENT_TRANSITIONS = {
  approvePartially: { from: ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'], to: 'PARTIALLY_APPROVED' },
  approve: { from: ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'], to: 'APPROVED' },
  reject: { from: ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'], to: 'REJECTED' },
  markSent: { from: ['APPROVED'], to: 'SENT' },
  confirmPaid: { from: ['APPROVED', 'SENT', 'FAILED'], to: 'PAID' },
  markFailed: { from: ['APPROVED', 'SENT'], to: 'FAILED' },
  retryByPerson: { from: ['FAILED'], to: 'APPROVED' },
  cancelByPerson: { from: ['FAILED'], to: 'CANCELLED' },
} as const satisfies Record<string, PaymentTransitionRule>;

export type PaymentTransitionName = keyof typeof PAYMENT_TRANSITIONS;

export type PaymentStateRefusalCode =
  | 'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE'
  | 'DISBURSEMENT.PAYMENT_STATE_CONFLICT'
  | 'DISBURSEMENT.ACTION_NEEDS_A_PERSON'
  | 'DISBURSEMENT.FAILURE_REASON_REQUIRED'
  | 'DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN'
  | 'DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN';

export interface PaymentTransition {
  readonly name: PaymentTransitionName;
  /** The state read; the conditional update should still use the rule's whole `from` list. */
  readonly from: PaymentStatus;
  readonly to: PaymentStatus;
  /** Set by markFailed: to store beside the status. */
  readonly failure?: { readonly kind: PaymentFailureKind; readonly reason: string };
  /** Set by retryByPerson: the execution number to store and send with (see PaymentSnapshot). */
  readonly execution?: number;
}

export type PaymentTransitionOutcome = Outcome<PaymentTransition, PaymentStateRefusalCode>;

/** The worker recorded that the provider accepted the instruction (or acknowledged it as a duplicate). */
export function markSent(current: PaymentSnapshot): PaymentTransitionOutcome {
  // Past SENT already (the bank's answer overtook the worker): nothing left for the worker to record.
  return guard('markSent', current, ['SENT', 'PAID', 'FAILED', 'CANCELLED']);
}

/**
 * The bank booked the payment. A second identical confirmation finds PAID and answers
 * PAYMENT_ALREADY_IN_STATE, so "the bank answered twice" changes nothing.
 */
export function confirmPaid(current: PaymentSnapshot): PaymentTransitionOutcome {
  if (current.status === 'FAILED' && current.failureKind !== 'OUTCOME_UNKNOWN') {
    return conflict('confirmPaid', current, 'this payment was rejected, not executed; a booking for it contradicts that');
  }
  return guard('confirmPaid', current, ['PAID']);
}

/**
 * The bank or the provider rejected the payment (REJECTED), or the worker gave up after its last
 * retry (OUTCOME_UNKNOWN).
 * The reason is required: the failed payment is shown to a person with it.
 */
export function markFailed(
  current: PaymentSnapshot,
  failure: { readonly kind: PaymentFailureKind; readonly reason: string },
): PaymentTransitionOutcome {
  if (!failure.reason?.trim()) {
    return refuse('DISBURSEMENT.FAILURE_REASON_REQUIRED', 'A failed payment must say why it failed');
  }
  // A late rejection after a booking, or a second failure report, must not overwrite what is known.
  const outcome = guard('markFailed', current, ['FAILED']);
  return outcome.ok ? accept({ ...outcome.value, failure: { kind: failure.kind, reason: failure.reason.trim() } }) : outcome;
}

/**
 * Only a person puts a failed payment back to APPROVED (BullMQ's own retries happen while the
 * payment is still APPROVED and never pass here). The worker then sends it again under the same
 * end-to-end id:
 * - after OUTCOME_UNKNOWN with the same execution number: if the bank has it, it answers
 *   "duplicate" and never books twice — through the bank's API only: a payment that went out in a
 *   pain.001 file waits for the bank's answer or for `decideNotExecuted` (a retry would put the
 *   same transfer in a second file, and both files could be executed);
 * - after REJECTED with the next execution number: the rejection executed nothing, so the bank
 *   side takes it as a new attempt — and still refuses a stale repeat of the rejected one.
 */
export function retryByPerson(current: PaymentSnapshot, actor: PaymentActor): PaymentTransitionOutcome {
  if (actor.kind !== 'PERSON') {
    return refuse('DISBURSEMENT.ACTION_NEEDS_A_PERSON', `A failed payment is retried by a person, not by ${actor.component}`);
  }
  const outcome = guard('retryByPerson', current, []);
  if (!outcome.ok) return outcome;
  // A retry writes a new file; the first one may yet be executed by the bank: both would pay.
  if (current.failureKind === 'OUTCOME_UNKNOWN' && current.inFile) {
    return refuse(
      'DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN',
      "The payment file it went out in may have been executed: wait for the bank's answer, or have two finance users record that the file was not executed",
    );
  }
  const execution = current.execution ?? 1;
  return accept({ ...outcome.value, execution: current.failureKind === 'REJECTED' ? execution + 1 : execution });
}

/**
 * Gives up a payment that was rejected (not executed), so its amount goes back to the grant and call. Refused
 * while the outcome is unknown: the money might have left, and releasing it could pay twice.
 */
export function cancelByPerson(current: PaymentSnapshot, actor: PaymentActor): PaymentTransitionOutcome {
  if (actor.kind !== 'PERSON') {
    return refuse('DISBURSEMENT.ACTION_NEEDS_A_PERSON', `A failed payment is cancelled by a person, not by ${actor.component}`);
  }
  if (current.status === 'FAILED' && current.failureKind !== 'REJECTED') {
    return refuse(
      'DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN',
      'The bank never confirmed or rejected this payment; it may have been paid, so it cannot be cancelled',
    );
  }
  return guard('cancelByPerson', current, []);
}

/**
 * Allowed; already there or past it (a repeat or an overtaken step: the caller treats it as done);
 * or a conflict (the caller stops and logs: someone else decided differently).
 */
function guard(
  name: PaymentTransitionName,
  current: PaymentSnapshot,
  alreadyThere: readonly PaymentStatus[],
): PaymentTransitionOutcome {
  const rule: PaymentTransitionRule = PAYMENT_TRANSITIONS[name];
  if (rule.from.includes(current.status)) return accept({ name, from: current.status, to: rule.to });
  if (alreadyThere.includes(current.status)) {
    return refuse(
      'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE',
      `${name} repeated: the payment is already ${current.status}; nothing to do`,
    );
  }
  return conflict(name, current, `requires ${rule.from.join(' or ')}`);
}

function conflict(name: PaymentTransitionName, current: PaymentSnapshot, why: string): PaymentTransitionOutcome {
  return refuse('DISBURSEMENT.PAYMENT_STATE_CONFLICT', `${name} is not possible from ${current.status}: ${why}`);
}

export type NotExecutedRefusalCode =
  | 'DISBURSEMENT.OUTCOME_NOT_UNKNOWN'
  | 'DISBURSEMENT.NOT_EXECUTED_REASON_REQUIRED'
  | 'DISBURSEMENT.BANK_HAS_THE_PAYMENT'
  | 'DISBURSEMENT.ALREADY_DECLARED_BY_PERSON';

/** What the bank's own records say about this execution (its status report or statement). */
export type BankRecord = 'NONE' | 'PENDING' | 'BOOKED' | 'REJECTED';

/**
 * One finance user's declaration that a payment whose outcome is unknown was not executed (the
 * bank never received or never executed the file). The rules:
 * 1. the payment must be FAILED with an unknown outcome;
 * 2. the declaration needs a reason;
 * 3. the bank's own records are the answer when they have one: a payment the bank holds (pending,
 *    booked or rejected) gets its answer from the bank, not from a declaration;
 * 4. the same person cannot declare twice: it takes two different people;
 * 5. the second declaration turns the failure into REJECTED (not executed): it may then be retried
 *    (a new execution, in a new file) or cancelled.
 */
export function decideNotExecuted(input: {
  current: PaymentSnapshot;
  declarerId: string;
  earlierDeclarers: readonly string[];
  bankRecord: BankRecord;
  reason: string;
}): Outcome<{ complete: false } | { complete: true; failure: { kind: 'REJECTED'; reason: string } }, NotExecutedRefusalCode> {
  const { current, declarerId, earlierDeclarers, bankRecord } = input;
  if (current.status !== 'FAILED' || current.failureKind !== 'OUTCOME_UNKNOWN') {
    return refuse('DISBURSEMENT.OUTCOME_NOT_UNKNOWN', `Only a payment whose outcome is unknown can be declared not executed (it is ${current.status})`);
  }
  const reason = input.reason?.trim() ?? '';
  if (!reason) {
    return refuse('DISBURSEMENT.NOT_EXECUTED_REASON_REQUIRED', 'Say how you know it was not executed', [{ field: 'reason', code: 'REQUIRED', reason: 'required' }]);
  }
  if (bankRecord !== 'NONE') {
    return refuse('DISBURSEMENT.BANK_HAS_THE_PAYMENT', `The bank's records hold this payment (${bankRecord}): its answer decides, not a declaration`);
  }
  if (earlierDeclarers.includes(declarerId)) {
    return refuse('DISBURSEMENT.ALREADY_DECLARED_BY_PERSON', 'It takes two different people to declare a payment not executed');
  }
  if (earlierDeclarers.length === 0) return accept({ complete: false });
  return accept({ complete: true, failure: { kind: 'REJECTED', reason: `not executed, as declared by two finance users: ${reason}` } });
}
