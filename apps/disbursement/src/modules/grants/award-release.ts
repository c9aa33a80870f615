/** A payment of the grant, as the award's release sees it. */
export interface ReleasedGrantPayment {
  readonly id: string;
  readonly trancheSequence: number | null;
  readonly status: string;
  readonly amountMinor: bigint;
}

export interface AwardReleasePlan {
  /** Awaiting approval: rejected with the release as the reason. */
  readonly reject: readonly string[];
  /** Approved, sent, or failed and unsettled: the money may be moving; they finish, and are flagged. */
  readonly inFlight: readonly string[];
  /** Paid out already: to be recovered from the grantee. */
  readonly paidMinor: bigint;
  /** Paid, plus what may still be paid (in flight): what finance has to recover or confirm. */
  readonly recoveryMinor: bigint;
  /** The unpaid commitment, given back to the call (a REVERSAL); in-flight amounts stay committed. */
  readonly releaseMinor: bigint;
  /** Tranches with nothing paid or in flight: blocked, nothing more is ever requested against them. */
  readonly blockedTranches: readonly number[];
}

const AWAITING = ['PENDING_APPROVAL', 'PARTIALLY_APPROVED'];
const MOVING = ['APPROVED', 'SENT', 'FAILED'];

/**
 * What a declined or revoked award does to its grant. The rules:
 * 1. the grant is terminated: nothing more is requested, approved or reported on it;
 * 2. requests awaiting approval are rejected;
 * 3. a payment whose money may be moving (approved, sent, failed and not settled) is never stopped
 *    half-way: it finishes, and its amount is flagged for recovery with what was already paid;
 * 4. the tranches nothing was paid (or is moving) against are blocked;
 * 5. the commitment's unpaid part, in-flight amounts excepted, goes back to the call.
 */
export function planAwardRelease(input: {
  commitmentMinor: bigint;
  tranches: readonly number[];
  payments: readonly ReleasedGrantPayment[];
}): AwardReleasePlan {
  const reject = input.payments.filter((p) => AWAITING.includes(p.status)).map((p) => p.id);
  const moving = input.payments.filter((p) => MOVING.includes(p.status));
  const paid = input.payments.filter((p) => p.status === 'PAID');
  const sum = (ps: readonly ReleasedGrantPayment[]) => ps.reduce((s, p) => s + p.amountMinor, 0n);
  const paidMinor = sum(paid);
  const movingMinor = sum(moving);
  const touched = new Set([...paid, ...moving].map((p) => p.trancheSequence));
  const left = input.commitmentMinor - paidMinor - movingMinor;
  return {
    reject,
    inFlight: moving.map((p) => p.id),
    paidMinor,
    recoveryMinor: paidMinor + movingMinor,
    releaseMinor: left > 0n ? left : 0n,
    blockedTranches: input.tranches.filter((t) => !touched.has(t)),
  };
}
