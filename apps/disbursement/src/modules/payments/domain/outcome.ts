import type { ErrorKind, FieldProblem } from '@grants/common';

/**
 * The domain core never throws for a business refusal: it returns one, so a use case can decide
 * inside its transaction whether to roll back, retry after a lost race, or map it to HTTP.
 * `code` is stable (clients and tests match on it); `message` is for people.
 */
export interface Refusal<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
  /** Every input problem at once (field paths like `tranches[1].trigger`), never one at a time. */
  readonly problems: readonly FieldProblem[];
}

export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

export type Outcome<T, C extends string = string> = Accepted<T> | Refusal<C>;

export function accept<T>(value: T): Accepted<T> {
  return { ok: true, value };
}

export function refuse<C extends string>(code: C, message: string, problems: readonly FieldProblem[] = []): Refusal<C> {
  return { ok: false, code, message, problems };
}

/**
 * How the transport edge should classify each refusal code of this module, so the later use cases
 * can throw `DomainError(code, message, DISBURSEMENT_REFUSAL_KIND[code], problems)` without a
 * second, drifting table.
 */
export const DISBURSEMENT_REFUSAL_KIND: Readonly<Record<string, ErrorKind>> = {
  'DISBURSEMENT.PAYMENT_POLICY_INVALID': 'VALIDATION',
  'DISBURSEMENT.AWARD_INVALID': 'VALIDATION',
  'DISBURSEMENT.TRANCHE_WOULD_BE_EMPTY': 'UNPROCESSABLE',
  'DISBURSEMENT.BANK_DETAILS_INVALID': 'VALIDATION',
  'DISBURSEMENT.APPROVER_IS_REQUESTER': 'FORBIDDEN',
  'DISBURSEMENT.APPROVER_CHANGED_BANK_DETAILS': 'FORBIDDEN',
  'DISBURSEMENT.CONFIRMER_IS_CHANGER': 'FORBIDDEN',
  'DISBURSEMENT.CONFIRMER_NOT_ALLOWED': 'FORBIDDEN',
  'DISBURSEMENT.ALREADY_APPROVED_BY_APPROVER': 'CONFLICT',
  'DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL': 'CONFLICT',
  'DISBURSEMENT.PAYEE_HAS_NO_BANK_DETAILS': 'CONFLICT',
  'DISBURSEMENT.BANK_DETAILS_UNCONFIRMED': 'CONFLICT',
  'DISBURSEMENT.CURRENCY_MISMATCH': 'UNPROCESSABLE',
  'DISBURSEMENT.AMOUNT_NOT_POSITIVE': 'VALIDATION',
  'DISBURSEMENT.GRANT_AMOUNT_EXCEEDED': 'UNPROCESSABLE',
  'DISBURSEMENT.CALL_BUDGET_EXCEEDED': 'UNPROCESSABLE',
  'DISBURSEMENT.REJECTION_REASON_REQUIRED': 'VALIDATION',
  'DISBURSEMENT.PAYMENT_ALREADY_IN_STATE': 'CONFLICT',
  'DISBURSEMENT.PAYMENT_STATE_CONFLICT': 'CONFLICT',
  'DISBURSEMENT.STALE_BANK_ANSWER': 'CONFLICT',
  'DISBURSEMENT.ACTION_NEEDS_A_PERSON': 'FORBIDDEN',
  'DISBURSEMENT.FAILURE_REASON_REQUIRED': 'VALIDATION',
  'DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN': 'CONFLICT',
  'DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN': 'CONFLICT',
  'DISBURSEMENT.OUTCOME_NOT_UNKNOWN': 'CONFLICT',
  'DISBURSEMENT.NOT_EXECUTED_REASON_REQUIRED': 'VALIDATION',
  'DISBURSEMENT.BANK_HAS_THE_PAYMENT': 'CONFLICT',
  'DISBURSEMENT.ALREADY_DECLARED_BY_PERSON': 'CONFLICT',
  'DISBURSEMENT.PAIN001_INVALID': 'UNPROCESSABLE',
  'DISBURSEMENT.TRANCHE_ALREADY_REQUESTED': 'CONFLICT',
  'DISBURSEMENT.TRANCHE_NOT_FOUND': 'VALIDATION',
  'DISBURSEMENT.TRANCHE_NOT_RELEASED': 'CONFLICT',
  'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED': 'UNPROCESSABLE',
};
