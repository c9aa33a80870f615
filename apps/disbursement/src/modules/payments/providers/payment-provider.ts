import { Refusal, refuse } from '../domain/outcome';
import { PaymentSnapshot, PaymentTransitionOutcome, confirmPaid, markFailed, markSent } from '../domain/payment-state';

/** One payment as handed to a provider: everything a bank needs, nothing it does not. */
export interface PaymentInstruction {
  readonly paymentId: string;
  /** `endToEndIdFor(paymentId)`: the provider's and the bank's deduplication key. */
  readonly endToEndId: string;
  /** The payment's current execution number (1, or more after a person retried a rejection). */
  readonly execution: number;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The account snapshotted when the payment was approved, not the payee's current details. */
  readonly creditor: { readonly name: string; readonly iban: string; readonly bic?: string | null };
  readonly remittanceInformation?: string | null;
  /** YYYY-MM-DD; the provider's own default (next business day) when absent. */
  readonly requestedExecutionDate?: string;
}

export type BankEntryStatus = 'PENDING' | 'BOOKED' | 'REJECTED';

/**
 * The provider's synchronous answer to `send`. Both kinds mean "the bank has it": the worker records
 * SENT either way. DUPLICATE is the normal answer after a crash between sending and recording, or
 * a retried job; its `bankStatus` lets the worker record an outcome it missed.
 */
export type SendAck =
  | {
      readonly kind: 'ACCEPTED';
      readonly endToEndId: string;
      readonly execution: number;
      readonly bankReference: string;
      readonly receivedAt: string;
    }
  | {
      readonly kind: 'DUPLICATE';
      readonly endToEndId: string;
      /** The execution the bank holds under this id (a stale repeat carries an older or equal one). */
      readonly execution: number;
      readonly bankReference: string;
      readonly firstReceivedAt: string;
      readonly bankStatus: BankEntryStatus;
      /**
       * False when the repeat carries different content (amount, account…) under the same id: the
       * first instruction stands and nothing is booked twice, but it signals a bug worth an alert.
       */
      readonly sameContent: boolean;
    };

/** The bank's asynchronous answer; it may come late, twice, or never. */
export interface BankConfirmation {
  readonly endToEndId: string;
  readonly execution: number;
  readonly bankReference: string;
  readonly outcome: 'BOOKED' | 'REJECTED';
  /** For REJECTED: an ISO 20022 reason code and text, e.g. "AC04 Closed account number". */
  readonly reason: string | null;
  /** ISO 8601, UTC. */
  readonly answeredAt: string;
}

export type ConfirmationListener = (confirmation: BankConfirmation) => Promise<void> | void;

/**
 * A way to move money: the SEPA file channel for EUR, the simulated bank for the rest and for the
 * demo and tests. Contract every implementation keeps:
 * - `send` is idempotent per end-to-end id: sending again never executes twice. The one exception
 *   is deliberate: when the attempt held under the id was REJECTED (nothing executed) and the
 *   instruction carries a higher execution number, it is a new attempt;
 * - `send` throws `PaymentProviderError` when it cannot tell whether the instruction arrived
 *   (`retriable: true`: retry, with the same id) or when the instruction was refused before leaving
 *   (`retriable: false`: nothing moved);
 * - confirmations are delivered at least once: listeners must be idempotent (they are, through
 *   the payment state machine's conditional updates).
 */
export interface PaymentProvider {
  readonly name: string;
  supports(currency: string): boolean;
  send(instruction: PaymentInstruction): Promise<SendAck>;
  /** Registers a listener; returns the function that unregisters it. */
  onConfirmation(listener: ConfirmationListener): () => void;
}

export class PaymentProviderError extends Error {
  constructor(
    message: string,
    /** True: the outcome is unknown, send again (same id). False: refused before leaving, nothing moved. */
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

export type StaleBankAnswer = Refusal<'DISBURSEMENT.STALE_BANK_ANSWER'>;

/**
 * What the worker records after `send` returned. Normally SENT; a DUPLICATE that shows the bank
 * already decided (the answer was lost with a crashed process) records that decision directly.
 * A booking counts whatever execution it belongs to — money that moved is a fact — while a
 * rejection of an earlier execution is stale and changes nothing.
 */
export function transitionForSendAck(current: PaymentSnapshot, ack: SendAck): PaymentTransitionOutcome | StaleBankAnswer {
  if (ack.kind === 'DUPLICATE' && ack.bankStatus === 'BOOKED') return confirmPaid(current);
  if (ack.kind === 'DUPLICATE' && ack.bankStatus === 'REJECTED') {
    if (ack.execution < (current.execution ?? 1)) return stale(ack.execution, current);
    return markFailed(current, { kind: 'REJECTED', reason: 'rejected by the bank (answer recovered from a duplicate send)' });
  }
  return markSent(current);
}

/**
 * What a bank confirmation does to the payment: BOOKED → PAID, REJECTED → FAILED with the bank's
 * reason. A rejection of an earlier execution (arriving late, after a person retried it) is
 * recognised as stale and changes nothing; a booking always lands.
 */
export function transitionForConfirmation(
  current: PaymentSnapshot,
  confirmation: BankConfirmation,
): PaymentTransitionOutcome | StaleBankAnswer {
  if (confirmation.outcome === 'BOOKED') return confirmPaid(current);
  if (confirmation.execution < (current.execution ?? 1)) return stale(confirmation.execution, current);
  return markFailed(current, { kind: 'REJECTED', reason: confirmation.reason ?? 'rejected by the bank without a reason' });
}

function stale(answered: number, current: PaymentSnapshot): StaleBankAnswer {
  return refuse(
    'DISBURSEMENT.STALE_BANK_ANSWER',
    `The bank answered about execution ${answered}; the payment is on execution ${current.execution ?? 1}`,
  );
}
