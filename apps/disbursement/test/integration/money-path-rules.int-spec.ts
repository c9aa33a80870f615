import { Topics } from '@grants/contracts';
import { Actor, sleep, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import {
  awardGranted,
  awardTo,
  CallFixture,
  callPublished,
  DisbursementTest,
  paymentReaches,
  publish,
  receiptIssued,
  startDisbursementTest,
} from '../support/disbursement-platform';

/** The EEA-style NGO grant: 80 % at signature, 20 % held for the final report (fixture amounts). */
const NGO: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'EEA-NGO-2025',
  kind: 'NGO_GRANT',
  currency: 'EUR',
  budgetMinor: '50000000',
  title: 'Active citizens fund',
  language: 'en',
  tranches: [
    { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
    { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
  ],
};
/** One tranche of 14 192,64 EUR at signature: above the 10 000,00 EUR threshold. */
const ADVANCE: CallFixture = { ...NGO, callId: randomUUID(), referenceCode: 'EEA-ADV-2025', tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] };
const PRIZES: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'FMZ-RULES-2025',
  kind: 'ESSAY_CONTEST',
  currency: 'MKD',
  budgetMinor: '100000000',
  title: 'Есеј',
  language: 'mk',
  tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }],
};

/**
 * The money path's rules whatever the request says (issue 22, payments): every request belongs to
 * a tranche, a held tranche stays held, the approval threshold is the tranche's, bank details
 * entered by staff are confirmed by someone else, and a new bank-details version voids approvals.
 * A refused action leaves the database as it was.
 */
describe('disbursement: tranche rules, thresholds and bank details hold whatever the request says', () => {
  let d: DisbursementTest;
  let dual: Actor;
  let n = 0;
  const call = (method: string, p: string, actor: Actor, body?: unknown) => d.t.client.call(method, `/disbursement${p}`, body, actor.auth);
  const expectOk = async (method: string, p: string, actor: Actor, body?: unknown, status = 200) => {
    const r = await call(method, p, actor, body);
    if (r.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const footprint = async (grantId: string) =>
    (
      await d.db(
        `SELECT (SELECT count(*) FROM payment WHERE grant_id = $1)::int AS payments,
                (SELECT COALESCE(json_agg(status ORDER BY id), '[]'::json) FROM payment WHERE grant_id = $1) AS statuses,
                (SELECT count(*) FROM payment_approval)::int AS approvals,
                (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT count(*) FROM outbox_message)::int AS outbox`,
        [grantId],
      )
    )[0];

  async function signedGrant(c: CallFixture, amountMinor: string, opts: { detailsBy?: Actor; iban?: string } = {}) {
    const grantee = await d.t.client.applicant(`Grantee ${++n}`, { language: c.language, type: 'STUDENT' });
    const { grantId } = await awardTo(d, c, grantee, amountMinor, { reference: `${c.referenceCode}-${String(n).padStart(4, '0')}` });
    await expectOk('PUT', `/grants/${grantId}/bank-details`, opts.detailsBy ?? grantee, {
      iban: opts.iban ?? (c.currency === 'EUR' ? 'BG95UNCR70001523456789' : 'MK07250120000058984'),
      ...(c.currency === 'EUR' ? {} : { bic: 'STOBMK2X' }),
      accountHolder: `Grantee ${n}`,
    });
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2025-06-01' });
    return { grantId, grantee, paymentId: signed.releasedPaymentId as string | null };
  }
  /** `evaluation.award.revoked.v1` / `declined.v1` as evaluation's ReleaseAwardUseCase writes them. */
  const released = (topic: string, awardId: string, callId: string, applicationId: string, amountMinor: string, currency: string) => ({
    topic,
    key: awardId,
    payload: { awardId, callId, applicationId, amountMinor, currency, recoveredMinor: amountMinor, releasedAt: new Date().toISOString() },
  });
  const grantRow = async (grantId: string) =>
    (await d.db(`SELECT status, close_reason AS "closeReason", recovery_minor::text AS "recoveryMinor" FROM grant_account WHERE id = $1`, [grantId]))[0];
  const grantEnds = (grantId: string) =>
    waitFor(`grant ${grantId} terminated`, async () => (await grantRow(grantId)).status === 'TERMINATED', { timeoutMs: 20_000 });

  beforeAll(async () => {
    d = await startDisbursementTest({
      label: 'disbrules',
      basePort: 5400,
      env: { PAYMENT_TWO_APPROVER_THRESHOLDS: 'MKD:2500000,EUR:1000000', PAYMENT_EUR_CHANNEL: 'SIMULATED_BANK' },
    });
    dual = await d.t.client.staff(d.admin, ['FINANCE_OFFICER', 'FINANCE_APPROVER'], 'Finance Vera');
    await publish(d.bus, [callPublished(NGO), callPublished(ADVANCE), callPublished(PRIZES)]);
    await waitFor('the call replicas', async () => (await d.db(`SELECT count(*)::int AS n FROM call_replica`))[0].n === 3, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await d?.stop();
  });

  it('refuses a request that names no tranche with a 400 naming trancheSequence, and the final-report tranche stays held at signature', async () => {
    const g = await signedGrant(NGO, '1774080');
    const before = await footprint(g.grantId);
    // Only an amount: the 20 % held for the final report (354 816) cannot be had this way.
    const amountOnly = await call('POST', `/grants/${g.grantId}/payments`, d.requester, { amountMinor: '354816' });
    expect(amountOnly.status).toBe(400);
    expect(amountOnly.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'trancheSequence' })]));
    expect(await footprint(g.grantId)).toEqual(before);
    // Naming the held tranche, with or without an amount: not released yet.
    for (const body of [{ trancheSequence: 2 }, { trancheSequence: 2, amountMinor: '100000' }]) {
      const held = await call('POST', `/grants/${g.grantId}/payments`, d.requester, body);
      expect(held.status).toBe(409);
      expect(held.body).toMatchObject({ error: 'DISBURSEMENT.TRANCHE_NOT_RELEASED', problems: [{ field: 'trancheSequence', code: 'NOT_ALLOWED_NOW' }] });
    }
    expect(await footprint(g.grantId)).toEqual(before);
  });

  it('applies the two-approver threshold to the tranche, not to each piece, and never lets the pieces exceed the tranche', async () => {
    const g = await signedGrant(ADVANCE, '1419264');
    // The trigger's request for the whole tranche is withdrawn; the officer asks for it in two halves.
    await expectOk('POST', `/payments/${g.paymentId}/reject`, d.approverA, { reason: 'paid in two parts' });
    const first = await expectOk('POST', `/grants/${g.grantId}/payments`, d.requester, { trancheSequence: 1, amountMinor: '709632' }, 201);
    const second = await expectOk('POST', `/grants/${g.grantId}/payments`, d.requester, { trancheSequence: 1, amountMinor: '709632' }, 201);
    const before = await footprint(g.grantId);
    const third = await call('POST', `/grants/${g.grantId}/payments`, d.requester, { trancheSequence: 1, amountMinor: '1' });
    expect(third.status).toBe(422);
    expect(third.body).toMatchObject({ error: 'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED', problems: [{ field: 'amountMinor', code: 'EXCEEDS_AVAILABLE', params: { available: '0' } }] });
    expect(await footprint(g.grantId)).toEqual(before);
    // Each half is below 10 000,00 EUR, but the tranche is above: each needs two approvers.
    for (const piece of [first, second]) {
      expect(await expectOk('POST', `/payments/${piece.id}/approve`, d.approverA)).toMatchObject({ status: 'PARTIALLY_APPROVED', approvalsRequired: 2 });
      expect(await expectOk('POST', `/payments/${piece.id}/approve`, d.approverB)).toMatchObject({ status: 'APPROVED', approvalsRequired: 2 });
    }
    await paymentReaches(d, first.id, 'PAID');
    await paymentReaches(d, second.id, 'PAID');
  });

  it("needs someone else's confirmation of bank details a staff member entered, before any approval", async () => {
    const g = await signedGrant(PRIZES, '1000000', { detailsBy: d.requester });
    const view = await expectOk('GET', `/grants/${g.grantId}/bank-details`, d.requester);
    expect(view.current).toMatchObject({ changedBy: d.requester.id, confirmationRequired: true, confirmed: false });
    const before = await footprint(g.grantId);
    const refused = await call('POST', `/payments/${g.paymentId}/approve`, d.approverA);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('DISBURSEMENT.BANK_DETAILS_UNCONFIRMED');
    expect(await footprint(g.grantId)).toEqual(before);
    // The staff member who entered them cannot confirm them; the grantee can.
    expect((await call('POST', `/grants/${g.grantId}/bank-details/confirm`, d.requester)).body.error).toBe('DISBURSEMENT.CONFIRMER_IS_CHANGER');
    expect((await expectOk('POST', `/grants/${g.grantId}/bank-details/confirm`, g.grantee)).current).toMatchObject({ confirmedBy: g.grantee.id, confirmed: true });
    expect((await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverA)).status).toBe('APPROVED');
    await paymentReaches(d, g.paymentId!, 'PAID');
  });

  it('voids an approval when the bank details change after it: the payment needs approval again', async () => {
    const g = await signedGrant(PRIZES, '3000000');
    expect((await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverA)).status).toBe('PARTIALLY_APPROVED');
    await expectOk('PUT', `/grants/${g.grantId}/bank-details`, g.grantee, { iban: 'MK07300000000042425', bic: 'KOBSMK2X', accountHolder: 'Grantee — new account' });
    expect(await expectOk('GET', `/payments/${g.paymentId}`, d.requester)).toMatchObject({ status: 'PENDING_APPROVAL' });
    await expectOk('POST', `/grants/${g.grantId}/bank-details/confirm`, dual);
    // Boris's approval was for the old account: two approvals of the new one are needed.
    expect((await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverB)).status).toBe('PARTIALLY_APPROVED');
    expect((await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverA)).status).toBe('APPROVED');
    await paymentReaches(d, g.paymentId!, 'PAID');
    expect(await d.db(`SELECT creditor_iban AS iban FROM payment WHERE id = $1`, [g.paymentId])).toEqual([{ iban: 'MK07300000000042425' }]);
  });

  it('ends the grant of a revoked award: unpaid tranches blocked, the paid one flagged for recovery, nothing more requested or approved', async () => {
    const g = await signedGrant(NGO, '1774080');
    const [{ awardId, applicationId }] = await d.db(`SELECT award_id AS "awardId", application_id AS "applicationId" FROM grant_account WHERE id = $1`, [g.grantId]);
    await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverA);
    await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverB);
    await paymentReaches(d, g.paymentId!, 'PAID');

    await publish(d.bus, [released(Topics.AwardRevokedV1, awardId, NGO.callId, applicationId, '1774080', 'EUR')]);
    await grantEnds(g.grantId);
    expect(await grantRow(g.grantId)).toEqual({ status: 'TERMINATED', closeReason: 'AWARD_REVOKED', recoveryMinor: '1419264' });
    expect(await d.db(`SELECT sequence, blocked_at IS NOT NULL AS blocked FROM grant_tranche WHERE grant_id = $1 ORDER BY sequence`, [g.grantId])).toEqual([
      { sequence: 1, blocked: false },
      { sequence: 2, blocked: true },
    ]);
    expect(await d.db(`SELECT amount_minor::text AS a FROM ledger_entry WHERE grant_id = $1 AND kind = 'REVERSAL'`, [g.grantId])).toEqual([{ a: '-354816' }]);
    const more = await call('POST', `/grants/${g.grantId}/payments`, d.requester, { trancheSequence: 2 });
    expect(more.status).toBe(409);
    expect(more.body.error).toBe('DISBURSEMENT.GRANT_NOT_OPEN');
  });

  it('ends the grant of a declined award (its request rejected, never approvable), even when the decline arrives before the award, and opens the promoted reserve\'s grant', async () => {
    const g = await signedGrant(PRIZES, '1000000');
    const [{ awardId, applicationId }] = await d.db(`SELECT award_id AS "awardId", application_id AS "applicationId" FROM grant_account WHERE id = $1`, [g.grantId]);
    await publish(d.bus, [released(Topics.AwardDeclinedV1, awardId, PRIZES.callId, applicationId, '1000000', 'MKD')]);
    await grantEnds(g.grantId);
    expect(await expectOk('GET', `/payments/${g.paymentId}`, d.requester)).toMatchObject({ status: 'REJECTED', rejectionReason: 'award declined' });
    const approve = await call('POST', `/payments/${g.paymentId}/approve`, d.approverA);
    expect(approve.status).toBe(409);
    expect(await d.db(`SELECT amount_minor::text AS a FROM ledger_entry WHERE grant_id = $1 AND kind = 'REVERSAL'`, [g.grantId])).toEqual([{ a: '-1000000' }]);

    // The reserve promoted in its place: its award.granted opens its grant.
    const reserve = await d.t.client.applicant('Reserve laureate', { language: 'mk', type: 'STUDENT' });
    const promoted = await awardTo(d, PRIZES, reserve, '1000000');
    expect((await grantRow(promoted.grantId)).status).toBe('OPEN');

    // A release that overtakes its award: the grant ends the moment it opens.
    const late = await d.t.client.applicant('Late award', { language: 'mk', type: 'STUDENT' });
    const lateApplication = randomUUID();
    const award = awardGranted(PRIZES.callId, lateApplication, '500000', 'MKD');
    await publish(d.bus, [released(Topics.AwardRevokedV1, award.awardId, PRIZES.callId, lateApplication, '500000', 'MKD')]);
    await waitFor('the release recorded', async () => (await d.db(`SELECT 1 FROM award_release WHERE award_id = $1`, [award.awardId])).length === 1, { timeoutMs: 20_000 });
    await publish(d.bus, [receiptIssued(PRIZES.callId, lateApplication, late.id, 'FMZ-RULES-2025-LATE')]);
    await publish(d.bus, [award.event]);
    const lateGrant = await waitFor('the late grant', async () => (await d.db(`SELECT id, status FROM grant_account WHERE award_id = $1`, [award.awardId]))[0], { timeoutMs: 30_000 });
    await grantEnds(lateGrant.id);
  });

  it("keeps running when the simulated bank's database connections are cut (as in a PostgreSQL restart)", async () => {
    const proc = d.t.platform.services.disbursement;
    const until = Date.now() + 4_000;
    let cut = 0;
    while (Date.now() < until) {
      const rows = await d.bank(`SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                   WHERE application_name = 'simulated-bank' AND datname = current_database() AND pid <> pg_backend_pid()) t`);
      cut += rows[0].n;
      await sleep(30);
    }
    expect(cut).toBeGreaterThan(0);
    await sleep(1_000);
    expect(proc.exits).toEqual([]);
    const g = await signedGrant(PRIZES, '1000000');
    await expectOk('POST', `/payments/${g.paymentId}/approve`, d.approverA);
    await paymentReaches(d, g.paymentId!, 'PAID');
    expect(proc.exits).toEqual([]);
  });
});
