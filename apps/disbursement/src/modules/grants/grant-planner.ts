import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { planTranches } from '../payments/domain/tranche-plan';

/** The policy a call without one pays by: everything once the agreement is signed (a prize). */
const DEFAULT_TRANCHES = [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }];

/** Kinds whose grantees report on their project: such a grant closes only after its final report. */
const REPORTING_KINDS = ['NGO_GRANT', 'LOCAL_INITIATIVE_COFUNDING'];

/**
 * Completes a grant once both its award and its call's replica are here, in whichever order they
 * arrived: the tranches from the call's payment policy (largest remainder, exact to the minor unit)
 * and the grant OPEN. A policy that cannot be planned leaves the grant BLOCKED with the reason,
 * visible to officers, and a later amendment of the call plans it again: nothing is dropped.
 */
@Injectable()
export class GrantPlanner {
  async plan(m: EntityManager, grantId: string): Promise<'OPEN' | 'BLOCKED' | 'WAITING' | 'UNCHANGED'> {
    const [g] = await m.query(
      `SELECT id, call_id AS "callId", amount_minor::text AS "amountMinor", trim(currency) AS currency, status
         FROM grant_account WHERE id = $1 FOR UPDATE`,
      [grantId],
    );
    if (!g || !['AWAITING_CALL', 'BLOCKED'].includes(g.status)) return 'UNCHANGED';
    const [call] = await m.query(
      `SELECT kind, trim(currency) AS currency, payment_policy AS "paymentPolicy" FROM call_replica WHERE call_id = $1`,
      [g.callId],
    );
    if (!call) return 'WAITING';

    const tranches: { percent: unknown; trigger: unknown }[] = call.paymentPolicy?.tranches?.length ? call.paymentPolicy.tranches : DEFAULT_TRANCHES;
    const hasFinalTranche = tranches.some((t) => t.trigger === 'ON_FINAL_REPORT_APPROVED');
    const plan =
      call.currency !== g.currency
        ? ({ ok: false, message: `the award is in ${g.currency} but the call pays in ${call.currency}`, problems: [] } as const)
        : planTranches({ tranches, finalReportRequired: hasFinalTranche }, { amountMinor: BigInt(g.amountMinor), currency: g.currency });
    if (!plan.ok) {
      const reason = [plan.message, ...plan.problems.map((p) => `${p.field}: ${p.reason}`)].join('; ');
      await m.query(`UPDATE grant_account SET status = 'BLOCKED', blocked_reason = $2, updated_at = now() WHERE id = $1`, [grantId, reason]);
      await appendAudit(m, { action: 'GRANT_BLOCKED', entityType: 'grant', entityId: grantId, before: { status: g.status }, after: { status: 'BLOCKED', reason }, actorId: 'system:grant-planner' });
      return 'BLOCKED';
    }
    await m.query(
      `INSERT INTO grant_tranche (grant_id, sequence, percent, basis_points, trigger, occurrence, amount_minor, currency)
       SELECT $1, s, p, b, t, o, a, $7 FROM unnest($2::int[], $3::numeric[], $4::int[], $5::text[], $6::int[], $8::bigint[]) AS x(s, p, b, t, o, a)
       ON CONFLICT DO NOTHING`,
      [
        grantId,
        plan.value.map((t) => t.sequence),
        plan.value.map((t) => (t.basisPoints / 100).toFixed(2)),
        plan.value.map((t) => t.basisPoints),
        plan.value.map((t) => t.trigger),
        plan.value.map((t) => t.occurrence),
        g.currency,
        plan.value.map((t) => t.amountMinor.toString()),
      ],
    );
    const finalReportRequired = hasFinalTranche || REPORTING_KINDS.includes(call.kind);
    await m.query(
      `UPDATE grant_account SET status = 'OPEN', blocked_reason = NULL, final_report_required = $2, updated_at = now() WHERE id = $1`,
      [grantId, finalReportRequired],
    );
    await appendAudit(m, {
      action: 'GRANT_PLANNED',
      entityType: 'grant',
      entityId: grantId,
      before: { status: g.status },
      after: {
        status: 'OPEN',
        finalReportRequired,
        tranches: plan.value.map((t) => ({ sequence: t.sequence, percent: t.percent, trigger: t.trigger, amountMinor: t.amountMinor.toString() })),
      },
      actorId: 'system:grant-planner',
    });
    return 'OPEN';
  }
}
