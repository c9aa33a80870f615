import type { FieldProblem } from '@grants/common';
import { allocateLargestRemainder, isCurrencyCode } from '@grants/money';
import { Outcome, accept, refuse } from './outcome';

/**
 * What releases a tranche, in the order a grant lives through them. The order matters: a policy
 * must list its tranches in this order, so "tranche n" means the same thing to the officer, the
 * grantee and the ledger.
 */
export const TRANCHE_TRIGGERS = ['ON_AGREEMENT_SIGNED', 'ON_INTERIM_REPORT_APPROVED', 'ON_FINAL_REPORT_APPROVED'] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

const TRIGGER_ORDER: Readonly<Record<TrancheTrigger, number>> = {
  ON_AGREEMENT_SIGNED: 0,
  ON_INTERIM_REPORT_APPROVED: 1,
  ON_FINAL_REPORT_APPROVED: 2,
};

export function isTrancheTrigger(value: unknown): value is TrancheTrigger {
  return typeof value === 'string' && (TRANCHE_TRIGGERS as readonly string[]).includes(value);
}

/** A call's payment policy as it arrives (JSON from the call, a form): nothing trusted yet. */
export interface PaymentPolicyInput {
  readonly tranches: readonly { readonly percent: unknown; readonly trigger: unknown }[];
  /** Whether the grantee must deliver an approved final report (NGO grants: yes; essay prizes: no). */
  readonly finalReportRequired: boolean;
}

export interface TrancheRule {
  /** Percentage of the award as the call states it: 0.01..100, at most two decimals (12.5 allowed). */
  readonly percent: number;
  /**
   * The same in basis points (hundredths of a percent, 1..10 000): what the split is computed
   * from. The call contract carries percents with up to two decimals, and the calls service sums
   * them in hundredths, so a 12.5/87.5 policy is valid there; converting to integers once, here,
   * keeps it valid here too and the split exact (no float ever touches an amount).
   */
  readonly basisPoints: number;
  readonly trigger: TrancheTrigger;
}

export interface PaymentPolicy {
  readonly tranches: readonly TrancheRule[];
  readonly finalReportRequired: boolean;
}

export interface PlannedTranche {
  /** 1-based position in the policy; with the grant id it identifies the tranche for good. */
  readonly sequence: number;
  readonly percent: number;
  readonly basisPoints: number;
  readonly trigger: TrancheTrigger;
  /**
   * For ON_INTERIM_REPORT_APPROVED: which approved interim report releases it (1 = the first).
   * Several interim tranches are allowed (one per interim report); every other trigger happens
   * once, so its occurrence is always 1.
   */
  readonly occurrence: number;
  readonly amountMinor: bigint;
  readonly currency: string;
}

export type TranchePlanRefusalCode =
  | 'DISBURSEMENT.PAYMENT_POLICY_INVALID'
  | 'DISBURSEMENT.AWARD_INVALID'
  | 'DISBURSEMENT.TRANCHE_WOULD_BE_EMPTY';

/**
 * Checks a policy and names every problem at once. Rules, and why:
 * - at least one tranche, each 0.01..100 % with at most two decimals (a whole number of basis
 *   points) and a known trigger, summing to exactly 100 (10 000 basis points): the plan must pay
 *   the whole award, no more;
 * - tranches listed in lifecycle order (agreement → interim reports → final report), so the
 *   sequence number is also the payment order;
 * - ON_AGREEMENT_SIGNED and ON_FINAL_REPORT_APPROVED at most once each: they happen once per
 *   grant, so two tranches on them would just be one tranche split in two;
 * - when a final report is required, the LAST tranche must be ON_FINAL_REPORT_APPROVED. This is
 *   the decision the programmes need (EEA grants, Dialogue for Change: "the final report's
 *   approval releases the last tranche"): money held back until the report is approved is the
 *   only lever that gets the report delivered; a policy paying everything earlier makes the
 *   report requirement toothless, so it is refused rather than silently accepted;
 * - when no final report is required, no tranche may wait for one: it would never be released.
 */
export function validatePaymentPolicy(input: PaymentPolicyInput): Outcome<PaymentPolicy, TranchePlanRefusalCode> {
  const problems: FieldProblem[] = [];
  const tranches = Array.isArray(input?.tranches) ? input.tranches : [];
  if (tranches.length === 0) problems.push({ field: 'tranches', code: 'TOO_FEW', params: { min: 1 }, reason: 'at least one tranche is needed' });

  let sum = 0;
  let sumIsKnown = true;
  const basisPoints: number[] = [];
  tranches.forEach((t, i) => {
    const bp = toBasisPoints(t?.percent);
    if (bp === null || bp < 1 || bp > 10_000) {
      problems.push({
        field: `tranches[${i}].percent`,
        code: 'FORMAT', params: { format: 'percent' }, reason: `must be a percentage from 0.01 to 100 with at most two decimals, got ${String(t?.percent)}`,
      });
      sumIsKnown = false;
    } else {
      basisPoints.push(bp);
      sum += bp;
    }
    if (!isTrancheTrigger(t?.trigger)) {
      problems.push({
        field: `tranches[${i}].trigger`,
        code: 'ONE_OF', params: { allowed: [...TRANCHE_TRIGGERS] }, reason: `unknown trigger ${JSON.stringify(t?.trigger)}; expected one of ${TRANCHE_TRIGGERS.join(', ')}`,
      });
    }
  });
  if (tranches.length > 0 && sumIsKnown && sum !== 10_000) {
    problems.push({ field: 'tranches', code: 'SUM_MISMATCH', params: { expected: 100, actual: sum / 100 }, reason: `percentages sum to ${sum / 100}, must sum to exactly 100` });
  }

  const triggers = tranches.map((t) => t?.trigger).filter(isTrancheTrigger);
  const allTriggersKnown = triggers.length === tranches.length;
  if (allTriggersKnown) {
    for (let i = 1; i < triggers.length; i++) {
      if (TRIGGER_ORDER[triggers[i]] < TRIGGER_ORDER[triggers[i - 1]]) {
        problems.push({
          field: `tranches[${i}].trigger`,
          code: 'INVALID', reason: `${triggers[i]} cannot come after ${triggers[i - 1]}: list tranches in the order agreement, interim reports, final report`,
        });
      }
    }
    for (const once of ['ON_AGREEMENT_SIGNED', 'ON_FINAL_REPORT_APPROVED'] as const) {
      const at = triggers.flatMap((t, i) => (t === once ? [i] : []));
      for (const i of at.slice(1)) {
        problems.push({ field: `tranches[${i}].trigger`, code: 'DUPLICATE', reason: `${once} happens once per grant; only one tranche may use it` });
      }
    }
    const last = triggers.length - 1;
    if (input.finalReportRequired && last >= 0 && triggers[last] !== 'ON_FINAL_REPORT_APPROVED') {
      problems.push({
        field: `tranches[${last}].trigger`,
        code: 'ONE_OF', params: { allowed: ['ON_FINAL_REPORT_APPROVED'] }, reason: 'a final report is required, so the last tranche must be released by ON_FINAL_REPORT_APPROVED',
      });
    }
    if (!input.finalReportRequired) {
      triggers.forEach((t, i) => {
        if (t === 'ON_FINAL_REPORT_APPROVED') {
          problems.push({
            field: `tranches[${i}].trigger`,
            code: 'NOT_ALLOWED_NOW', reason: 'no final report is required, so a tranche waiting for its approval would never be paid',
          });
        }
      });
    }
  }

  if (problems.length) return refuse('DISBURSEMENT.PAYMENT_POLICY_INVALID', 'The payment policy is not valid', problems);
  return accept({
    tranches: tranches.map((t, i) => ({ percent: t.percent as number, basisPoints: basisPoints[i], trigger: t.trigger as TrancheTrigger })),
    finalReportRequired: input.finalReportRequired,
  });
}

/**
 * 12.5 → 1250; null when the value is not a finite number with at most two decimals. The check is
 * on the decimal text (12.5 * 100 is exact, but 0.29 * 100 is 28.999999999999996 in binary).
 */
export function toBasisPoints(percent: unknown): number | null {
  if (typeof percent !== 'number' || !Number.isFinite(percent)) return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(percent));
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

/**
 * Splits an award (integer minor units) into the policy's tranches by the largest-remainder
 * method on basis points: the tranche amounts always sum exactly to the award, never a minor unit lost or
 * invented (17 740,80 EUR at 80/20 → 14 192,64 + 3 548,16). A tranche that would come out as
 * zero (a tiny award split many ways) is refused: a payment of nothing cannot be sent.
 */
export function planTranches(
  policyInput: PaymentPolicyInput,
  award: { readonly amountMinor: bigint; readonly currency: string },
): Outcome<PlannedTranche[], TranchePlanRefusalCode> {
  const awardProblems: FieldProblem[] = [];
  if (typeof award.amountMinor !== 'bigint' || award.amountMinor <= 0n) {
    awardProblems.push({ field: 'award.amountMinor', code: 'MIN', params: { min: '0', exclusive: true }, reason: 'must be a positive integer number of minor units' });
  }
  if (!isCurrencyCode(award.currency)) {
    awardProblems.push({ field: 'award.currency', code: 'FORMAT', params: { format: 'currency' }, reason: `not an ISO 4217 code: ${JSON.stringify(award.currency)}` });
  }
  const policy = validatePaymentPolicy(policyInput);
  if (!policy.ok) {
    return refuse(policy.code, policy.message, [...policy.problems, ...awardProblems]);
  }
  if (awardProblems.length) return refuse('DISBURSEMENT.AWARD_INVALID', 'The award amount is not valid', awardProblems);

  const rules = policy.value.tranches;
  const amounts = allocateLargestRemainder(
    award.amountMinor,
    rules.map((r) => r.basisPoints),
  );
  const empty = amounts.flatMap((a, i) => (a === 0n ? [i] : []));
  if (empty.length) {
    return refuse(
      'DISBURSEMENT.TRANCHE_WOULD_BE_EMPTY',
      `An award of ${award.amountMinor} minor units is too small for ${rules.length} tranches`,
      empty.map((i) => ({ field: `tranches[${i}].percent`, code: 'MIN', params: { min: '0', exclusive: true }, reason: 'this tranche would be 0 minor units' })),
    );
  }

  let interimSeen = 0;
  return accept(
    rules.map((r, i) => ({
      sequence: i + 1,
      percent: r.percent,
      basisPoints: r.basisPoints,
      trigger: r.trigger,
      occurrence: r.trigger === 'ON_INTERIM_REPORT_APPROVED' ? ++interimSeen : 1,
      amountMinor: amounts[i],
      currency: award.currency,
    })),
  );
}

/**
 * Which tranche a lifecycle event releases: the agreement signature, the n-th approved interim
 * report, or the final report. Undefined when the plan has no tranche for it (e.g. a third
 * interim report under a policy with two interim tranches) — the caller then creates nothing.
 */
export function trancheReleasedBy(
  plan: readonly PlannedTranche[],
  trigger: TrancheTrigger,
  occurrence = 1,
): PlannedTranche | undefined {
  return plan.find((t) => t.trigger === trigger && t.occurrence === occurrence);
}
