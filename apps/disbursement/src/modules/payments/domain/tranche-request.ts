import { Outcome, accept, refuse } from './outcome';

/** The tranche a request is made against, as read under the grant's row lock. */
export interface TrancheForRequest {
  readonly sequence: number;
  readonly amountMinor: bigint;
  readonly trigger: string;
  readonly releasedAt: Date | null;
}

export type TrancheRequestRefusalCode =
  | 'DISBURSEMENT.TRANCHE_NOT_FOUND'
  | 'DISBURSEMENT.TRANCHE_NOT_RELEASED'
  | 'DISBURSEMENT.AMOUNT_NOT_POSITIVE'
  | 'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED';

export interface TrancheRequestInput {
  readonly sequence: number;
  /** The tranche, or undefined when the grant has none with that number. */
  readonly tranche: TrancheForRequest | undefined;
  /** Null: the request is for whatever of the tranche is still unrequested. */
  readonly amountMinor: bigint | null;
  /** What the tranche's live requests (not REJECTED or CANCELLED) already ask for. */
  readonly alreadyRequestedMinor: bigint;
}

/**
 * Decides how much a payment request against a tranche is for. Every payment belongs to a tranche,
 * whoever requests it (the trigger or a finance officer), so the tranche plan is the one place the
 * money's schedule is decided. The rules, in this order:
 * 1. the grant must have the tranche;
 * 2. the tranche must be released: its trigger has happened (the last tranche, held for the final
 *    report, cannot be requested at signature, whatever amount is named);
 * 3. an amount, when named, must be positive;
 * 4. the tranche's requests together never exceed the tranche's amount: a request may be for part
 *    of it (the rest requested later), never for more than what is left. Without an amount the
 *    request is for all that is left.
 */
export function decideTrancheRequest(input: TrancheRequestInput): Outcome<{ amountMinor: bigint }, TrancheRequestRefusalCode> {
  const { sequence, tranche, amountMinor, alreadyRequestedMinor } = input;
  if (!tranche) {
    return refuse('DISBURSEMENT.TRANCHE_NOT_FOUND', `The grant has no tranche ${sequence}`, [
      { field: 'trancheSequence', code: 'NOT_FOUND', reason: `the grant has no tranche ${sequence}` },
    ]);
  }
  if (!tranche.releasedAt) {
    return refuse('DISBURSEMENT.TRANCHE_NOT_RELEASED', `Tranche ${sequence} waits for ${tranche.trigger}`, [
      { field: 'trancheSequence', code: 'NOT_ALLOWED_NOW', params: { state: tranche.trigger }, reason: `not released yet: waits for ${tranche.trigger}` },
    ]);
  }
  if (amountMinor !== null && amountMinor <= 0n) {
    return refuse('DISBURSEMENT.AMOUNT_NOT_POSITIVE', 'A payment must be for a positive amount', [
      { field: 'amountMinor', code: 'INVALID', reason: 'must be a positive number of minor units' },
    ]);
  }
  const left = tranche.amountMinor - alreadyRequestedMinor;
  const wanted = amountMinor ?? left;
  if (left <= 0n || wanted > left) {
    return refuse(
      'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED',
      `Tranche ${sequence} is ${tranche.amountMinor} minor units, ${alreadyRequestedMinor} of which are already requested`,
      [
        {
          field: amountMinor === null ? 'trancheSequence' : 'amountMinor',
          code: 'EXCEEDS_AVAILABLE',
          params: { available: (left > 0n ? left : 0n).toString() },
          reason: `at most ${left > 0n ? left : 0n} minor units are left unrequested in tranche ${sequence}`,
        },
      ],
    );
  }
  return accept({ amountMinor: wanted });
}
