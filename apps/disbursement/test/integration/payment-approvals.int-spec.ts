import { Topics } from '@grants/contracts';
import { Actor, sleep, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { endToEndIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import {
  awardTo,
  callAmended,
  CallFixture,
  callPublished,
  DisbursementTest,
  eventsOf,
  paymentReaches,
  publish,
  startDisbursementTest,
} from '../support/disbursement-platform';

/** The Forum of Small Communities' essay prizes, paid once each on signature; fixture amounts. */
const essayCall = (referenceCode: string, budgetMinor: string): CallFixture => ({
  callId: randomUUID(),
  referenceCode,
  kind: 'ESSAY_CONTEST',
  currency: 'MKD',
  budgetMinor,
  title: 'Мојот сограѓанин од соседната улица',
  language: 'mk',
  tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }],
});

const FMZ = essayCall('FMZ-ESSAY-2023', '6000000');
const ROUND2 = essayCall('FMZ-ESSAY-2024', '100000000');
const MINI = essayCall('FMZ-MINI-2024', '5000000');
const AMENDED = essayCall('FMZ-AMEND-2024', '10000000');
const MK_IBANS = ['MK07250120000058984', 'MK07210123456789068', 'MK07250000000012333'];

/**
 * Four eyes, funds and failures, on the real servers. Two approvers are needed above 25 000,00 MKD
 * here (PAYMENT_TWO_APPROVER_THRESHOLDS); the bank is told to reject, be unreachable, answer twice
 * or never, through the admin's simulated-bank controls.
 */
describe('disbursement: four-eyes approval, funds and failed payments', () => {
  let d: DisbursementTest;
  let dual: Actor;
  let changer: Actor;
  let n = 0;
  const call = (method: string, p: string, actor: Actor, body?: unknown) => d.t.client.call(method, `/disbursement${p}`, body, actor.auth);
  const expectOk = async (method: string, p: string, actor: Actor, body?: unknown, status = 200) => {
    const r = await call(method, p, actor, body);
    if (r.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** What a refused action must leave untouched (only what it could have written: other payments move meanwhile). */
  const footprint = async (paymentId: string) =>
    (
      await d.db(
        `SELECT (SELECT status FROM payment WHERE id::text = $1::text) AS status,
                (SELECT count(*) FROM payment_approval)::int AS approvals,
                (SELECT count(*) FROM payment)::int AS payments,
                (SELECT count(*) FROM audit_log WHERE entity_id = $1::text OR action IN ('PAYMENT_REQUESTED', 'PAYMENT_APPROVED', 'PAYMENT_PARTIALLY_APPROVED'))::int AS audit,
                (SELECT count(*) FROM outbox_message WHERE message_key = $1::text OR topic = 'disbursement.payment.approved.v1')::int AS outbox,
                (SELECT count(*) FROM scheduled_job WHERE id LIKE 'payment-%' || $1::text || '%')::int AS jobs`,
        [paymentId],
      )
    )[0];
  const bankEntries = (paymentId: string) =>
    d.bank(`SELECT execution, status, bookings, creditor_iban AS iban, sends_received AS sends FROM simulated_bank_entry WHERE payment_id = $1`, [paymentId]);

  /** An award, bank details (by the grantee unless someone else enters them), and the signed agreement. */
  async function prize(c: CallFixture, amountMinor: string, opts: { detailsBy?: Actor; sign?: boolean } = {}) {
    const grantee = await d.t.client.applicant(`Ученик ${++n}`, { language: 'mk', type: 'STUDENT' });
    const { grantId } = await awardTo(d, c, grantee, amountMinor, { reference: `${c.referenceCode}-${String(n).padStart(4, '0')}` });
    await expectOk('PUT', `/grants/${grantId}/bank-details`, opts.detailsBy ?? grantee, {
      iban: MK_IBANS[n % MK_IBANS.length],
      bic: 'STOBMK2X',
      accountHolder: `Ученик ${n}`,
    });
    if (opts.sign === false) return { grantId, grantee, paymentId: '' };
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2023-06-01' });
    return { grantId, grantee, paymentId: signed.releasedPaymentId as string };
  }
  const script = (paymentId: string, behaviours: object[]) =>
    expectOk('POST', '/simulated-bank/scripts', d.admin, { paymentId, behaviours }, 204);

  beforeAll(async () => {
    d = await startDisbursementTest({
      label: 'disbapprove',
      basePort: 4420,
      env: {
        PAYMENT_TWO_APPROVER_THRESHOLDS: 'MKD:2500000,EUR:1000000',
        PAYMENT_MAX_ATTEMPTS: '3',
        PAYMENT_BACKOFF_MS: '200',
        PAYMENT_ANSWER_TIMEOUT_MS: '1500',
        // A bank that never decides shows FAILED after this many days (8.6 s here; 5 by default).
        PAYMENT_ANSWER_TIMEOUT_DAYS: '0.0001',
        PAYMENT_SWEEP_INTERVAL_MS: '300',
      },
    });
    dual = await d.t.client.staff(d.admin, ['FINANCE_OFFICER', 'FINANCE_APPROVER'], 'Finance Vera');
    changer = await d.t.client.staff(d.admin, ['FINANCE_OFFICER', 'FINANCE_APPROVER'], 'Finance Dimitar');
    await publish(d.bus, [callPublished(FMZ), callPublished(ROUND2), callPublished(MINI), callPublished(AMENDED)]);
    await waitFor('the call replicas', async () => (await d.db(`SELECT count(*)::int AS n FROM call_replica`))[0].n === 4, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await d?.stop();
  });

  it('refuses the requester approving their own request, and writes nothing', async () => {
    const { grantId, paymentId } = await prize(FMZ, '1000000');
    // The trigger's request is rejected (with a reason) and requested again by a finance officer who is also an approver.
    const rejected = await expectOk('POST', `/payments/${paymentId}/reject`, d.approverA, { reason: 'Погрешна сметка во барањето' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Погрешна сметка во барањето' });
    const again = await expectOk('POST', `/grants/${grantId}/payments`, dual, { trancheSequence: 1, note: 'повторно барање' }, 201);
    expect(again).toMatchObject({ status: 'PENDING_APPROVAL', requestedBy: dual.id, origin: 'FINANCE_OFFICER', amountMinor: '1000000' });

    const before = await footprint(again.id);
    const own = await call('POST', `/payments/${again.id}/approve`, dual);
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('DISBURSEMENT.APPROVER_IS_REQUESTER');
    expect(await footprint(again.id)).toEqual(before);

    expect((await expectOk('POST', `/payments/${again.id}/approve`, d.approverA)).status).toBe('APPROVED');
    await paymentReaches(d, again.id, 'PAID');
  });

  it("refuses whoever changed the payee's bank details, and a change after an approval needs a second finance user", async () => {
    // Dimitar enters the bank details on the grantee's behalf: he can never approve payments to this payee.
    const { grantId, grantee, paymentId } = await prize(FMZ, '2000000', { detailsBy: changer });
    const before = await footprint(paymentId);
    const refused = await call('POST', `/payments/${paymentId}/approve`, changer);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('DISBURSEMENT.APPROVER_CHANGED_BANK_DETAILS');
    expect(await footprint(paymentId)).toEqual(before);
    // Details entered by staff are confirmed by someone else (here the grantee) before any approval.
    expect((await call('POST', `/payments/${paymentId}/approve`, d.approverB)).body.error).toBe('DISBURSEMENT.BANK_DETAILS_UNCONFIRMED');
    await expectOk('POST', `/grants/${grantId}/bank-details/confirm`, grantee);
    expect((await expectOk('POST', `/payments/${paymentId}/approve`, d.approverB)).status).toBe('APPROVED');
    await paymentReaches(d, paymentId, 'PAID');

    // Over the threshold: the first approval leaves it PARTIALLY_APPROVED and nothing is sent.
    const big = await prize(FMZ, '3000000');
    const first = await expectOk('POST', `/payments/${big.paymentId}/approve`, d.approverA);
    expect(first).toMatchObject({ status: 'PARTIALLY_APPROVED', approvalsRequired: 2 });
    expect((await call('POST', `/payments/${big.paymentId}/approve`, d.approverA)).body.error).toBe('DISBURSEMENT.ALREADY_APPROVED_BY_APPROVER');

    // The grantee changes the account after that approval: a second finance user must confirm it.
    const changed = await expectOk('PUT', `/grants/${big.grantId}/bank-details`, big.grantee, { iban: 'MK07300000000042425', bic: 'KOBSMK2X', accountHolder: 'Ученик — нова сметка' });
    expect(changed.current).toMatchObject({ iban: 'MK07300000000042425', confirmationRequired: true, confirmed: false });
    const unconfirmed = await call('POST', `/payments/${big.paymentId}/approve`, d.approverB);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error).toBe('DISBURSEMENT.BANK_DETAILS_UNCONFIRMED');
    expect((await call('POST', `/grants/${big.grantId}/bank-details/confirm`, big.grantee)).status).toBe(403);
    const confirmed = await expectOk('POST', `/grants/${big.grantId}/bank-details/confirm`, dual);
    expect(confirmed.current).toMatchObject({ confirmedBy: dual.id, confirmed: true });
    // Boris vouched for the old account: his approval no longer counts, so two are still needed.
    expect((await expectOk('POST', `/payments/${big.paymentId}/approve`, d.approverB)).status).toBe('PARTIALLY_APPROVED');
    expect(await bankEntries(big.paymentId)).toEqual([]);
    expect((await expectOk('POST', `/payments/${big.paymentId}/approve`, d.approverA)).status).toBe('APPROVED');
    const paid = await paymentReaches(d, big.paymentId, 'PAID');
    expect(paid.approvals.map((a: any) => a.approverId)).toEqual([d.approverA.id, d.approverB.id, d.approverA.id]);
    // The money went to the confirmed new account, once.
    expect(await bankEntries(big.paymentId)).toEqual([{ execution: 1, status: 'BOOKED', bookings: 1, iban: 'MK07300000000042425', sends: 1 }]);

    // Whoever changes details after an approval cannot confirm their own change.
    const third = await prize(ROUND2, '3000000');
    expect((await expectOk('POST', `/payments/${third.paymentId}/approve`, d.approverA)).status).toBe('PARTIALLY_APPROVED');
    await expectOk('PUT', `/grants/${third.grantId}/bank-details`, changer, { iban: 'MK07380001234567804', bic: 'TUTNMK22', accountHolder: 'Ученик — трета сметка' });
    const self = await call('POST', `/grants/${third.grantId}/bank-details/confirm`, changer);
    expect(self.status).toBe(403);
    expect(self.body.error).toBe('DISBURSEMENT.CONFIRMER_IS_CHANGER');
  });

  it('two approvers approving at once produce one payment, above and below the threshold', async () => {
    const above = await prize(ROUND2, '5000000');
    const [a, b] = await Promise.all([call('POST', `/payments/${above.paymentId}/approve`, d.approverA), call('POST', `/payments/${above.paymentId}/approve`, d.approverB)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.status, b.body.status].sort()).toEqual(['APPROVED', 'PARTIALLY_APPROVED']);

    const below = await prize(ROUND2, '1000000');
    const [c, e] = await Promise.all([call('POST', `/payments/${below.paymentId}/approve`, d.approverA), call('POST', `/payments/${below.paymentId}/approve`, d.approverB)]);
    expect([c.status, e.status].sort()).toEqual([200, 409]);
    expect([c, e].find((r) => r.status === 409)!.body.error).toBe('DISBURSEMENT.PAYMENT_NOT_AWAITING_APPROVAL');

    for (const id of [above.paymentId, below.paymentId]) {
      await paymentReaches(d, id, 'PAID');
      await sleep(500);
      expect(await bankEntries(id)).toEqual([expect.objectContaining({ bookings: 1, status: 'BOOKED', sends: 1 })]);
      expect(await d.db(`SELECT count(*)::int AS n FROM ledger_entry WHERE payment_id = $1 AND kind = 'PAYMENT'`, [id])).toEqual([{ n: 1 }]);
      expect(await eventsOf(d, Topics.PaymentApprovedV1, id)).toHaveLength(1);
      expect(await eventsOf(d, Topics.PaymentPaidV1, id)).toHaveLength(1);
    }
    expect(await d.db(`SELECT count(*)::int AS n FROM payment_approval WHERE payment_id = $1`, [below.paymentId])).toEqual([{ n: 1 }]);
  });

  it("refuses a request over the grant's remaining amount or the call's budget, when requested and when approved, writing nothing", async () => {
    // The grant: its whole prize (its one tranche) is already requested, so not one denar more.
    const paidPrize = await prize(ROUND2, '1000000');
    const before = await footprint(paidPrize.paymentId);
    const overGrant = await call('POST', `/grants/${paidPrize.grantId}/payments`, d.requester, { trancheSequence: 1, amountMinor: '1' });
    expect(overGrant.status).toBe(422);
    expect(overGrant.body).toMatchObject({ error: 'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED', problems: [{ field: 'amountMinor' }] });
    expect(await footprint(paidPrize.paymentId)).toEqual(before);
    // Once paid, the grant is closed: nothing more can be requested at all.
    await expectOk('POST', `/payments/${paidPrize.paymentId}/approve`, d.approverA);
    await paymentReaches(d, paidPrize.paymentId, 'PAID');
    await waitFor('the prize grant closed', async () => (await expectOk('GET', `/grants/${paidPrize.grantId}`, d.requester)).status === 'CLOSED');
    expect((await call('POST', `/grants/${paidPrize.grantId}/payments`, d.requester, { trancheSequence: 1, amountMinor: '1' })).body.error).toBe('DISBURSEMENT.GRANT_NOT_OPEN');

    // The call: two awards of 30 000 MKD in a call of 50 000 MKD (as after a budget cut).
    const x = await prize(MINI, '3000000');
    await expectOk('POST', `/payments/${x.paymentId}/approve`, d.approverA);
    await expectOk('POST', `/payments/${x.paymentId}/approve`, d.approverB);
    await paymentReaches(d, x.paymentId, 'PAID');
    const y = await prize(MINI, '3000000');
    expect(y.paymentId).toBeNull(); // released by the signature, but no request fits the call
    const yBefore = await footprint(x.paymentId);
    const overCall = await call('POST', `/grants/${y.grantId}/payments`, d.requester, { trancheSequence: 1 });
    expect(overCall.status).toBe(422);
    expect(overCall.body.error).toBe('DISBURSEMENT.CALL_BUDGET_EXCEEDED');
    expect(await footprint(x.paymentId)).toEqual(yBefore);

    // Checked again when approving: the call's budget is cut after both requests were made.
    const p = await prize(AMENDED, '3000000');
    const q = await prize(AMENDED, '3000000');
    await publish(d.bus, [callAmended({ ...AMENDED, budgetMinor: '4000000' }, 2, 'Budget cut by the donor')]);
    await waitFor('the amended budget', async () => (await d.db(`SELECT budget_minor::text AS b FROM call_replica WHERE call_id = $1`, [AMENDED.callId]))[0].b === '4000000');
    await expectOk('POST', `/payments/${p.paymentId}/approve`, d.approverA);
    expect((await expectOk('POST', `/payments/${p.paymentId}/approve`, d.approverB)).status).toBe('APPROVED');
    const qBefore = await footprint(q.paymentId);
    const cut = await call('POST', `/payments/${q.paymentId}/approve`, d.approverA);
    expect(cut.status).toBe(422);
    expect(cut.body.error).toBe('DISBURSEMENT.CALL_BUDGET_EXCEEDED');
    expect(await footprint(q.paymentId)).toEqual(qBefore);
    const budget = await expectOk('GET', `/calls/${AMENDED.callId}/budget`, d.requester);
    expect(budget).toMatchObject({ budgetMinor: '4000000', awaitingApprovalMinor: '3000000' });
  });

  it('shows a rejected payment as FAILED with the bank reason; a person retries it (paid once) or cancels it', async () => {
    const r = await prize(ROUND2, '1000000');
    await script(r.paymentId, [{ kind: 'REJECT', reason: 'AC04 Closed account number' }]);
    await expectOk('POST', `/payments/${r.paymentId}/approve`, d.approverA);
    const failed = await paymentReaches(d, r.paymentId, 'FAILED');
    expect(failed).toMatchObject({ failureKind: 'REJECTED', failureReason: 'AC04 Closed account number', execution: 1 });
    const listed = await expectOk('GET', `/payments?status=FAILED`, d.approverB);
    expect(listed.payments.map((p: any) => p.id)).toContain(r.paymentId);
    const [failedEvent] = await eventsOf(d, Topics.PaymentFailedV1, r.paymentId);
    expect(failedEvent.payload).toMatchObject({ failureKind: 'REJECTED', reason: 'AC04 Closed account number', applicantUserId: r.grantee.id });
    // Only a person retries; the next execution is a new attempt at the bank, booked once.
    expect((await expectOk('POST', `/payments/${r.paymentId}/retry`, d.requester)).status).toBe('APPROVED');
    await paymentReaches(d, r.paymentId, 'PAID');
    expect(await bankEntries(r.paymentId)).toEqual([{ execution: 2, status: 'BOOKED', bookings: 1, iban: expect.any(String), sends: 2 }]);

    const c = await prize(ROUND2, '1000000');
    await script(c.paymentId, [{ kind: 'REJECT', reason: 'AC06 Blocked account' }]);
    await expectOk('POST', `/payments/${c.paymentId}/approve`, d.approverA);
    await paymentReaches(d, c.paymentId, 'FAILED');
    expect((await expectOk('POST', `/payments/${c.paymentId}/cancel`, d.approverB)).status).toBe('CANCELLED');
    // Its amount is free again: the tranche can be requested anew.
    expect((await expectOk('POST', `/grants/${c.grantId}/payments`, d.requester, { trancheSequence: 1 }, 201)).status).toBe('PENDING_APPROVAL');
  });

  it('retries an unreachable bank with backoff, then shows the payment FAILED (outcome unknown), never cancellable, and a person retries it', async () => {
    const u = await prize(ROUND2, '1000000');
    await script(u.paymentId, [{ kind: 'UNAVAILABLE', times: 5 }]);
    await expectOk('POST', `/payments/${u.paymentId}/approve`, d.approverA);
    const failed = await paymentReaches(d, u.paymentId, 'FAILED');
    expect(failed.failureKind).toBe('OUTCOME_UNKNOWN');
    expect(failed.failureReason).toMatch(/^could not hand the payment to the bank after 3 attempts: the bank did not answer/);
    const job = await d.db(`SELECT status, attempts FROM scheduled_job WHERE id = $1`, [`payment-${u.paymentId}-r1`]);
    expect(job).toEqual([{ status: 'DONE', attempts: 3 }]);
    const cancel = await call('POST', `/payments/${u.paymentId}/cancel`, d.approverB);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toBe('DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN');
    await expectOk('POST', `/payments/${u.paymentId}/retry`, d.approverB);
    await paymentReaches(d, u.paymentId, 'PAID');
    expect(await bankEntries(u.paymentId)).toEqual([expect.objectContaining({ execution: 1, bookings: 1, sends: 1 })]);
  });

  it('books once when the bank answers twice, recovers a silent booking by asking again, and gives up on a bank that never decides', async () => {
    const twice = await prize(ROUND2, '1000000');
    await script(twice.paymentId, [{ kind: 'ANSWER_TWICE' }]);
    const silent = await prize(ROUND2, '1000000');
    await script(silent.paymentId, [{ kind: 'TIME_OUT', booksSilently: true }]);
    const never = await prize(ROUND2, '1000000');
    await script(never.paymentId, [{ kind: 'TIME_OUT' }]);
    for (const p of [twice, silent, never]) await expectOk('POST', `/payments/${p.paymentId}/approve`, d.approverA);

    await paymentReaches(d, twice.paymentId, 'PAID');
    await sleep(800);
    expect(await d.db(`SELECT count(*)::int AS n FROM ledger_entry WHERE payment_id = $1`, [twice.paymentId])).toEqual([{ n: 1 }]);
    expect(await eventsOf(d, Topics.PaymentPaidV1, twice.paymentId)).toHaveLength(1);
    expect(await d.db(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'PAYMENT_PAID'`, [twice.paymentId])).toEqual([{ n: 1 }]);

    const recovered = await paymentReaches(d, silent.paymentId, 'PAID', 30_000);
    expect(recovered.bankReference).toMatch(/^SIM\d{12}$/);
    const [entry] = await bankEntries(silent.paymentId);
    expect(entry).toMatchObject({ status: 'BOOKED', bookings: 1 });
    expect(entry.sends).toBeGreaterThanOrEqual(2); // the inquiry was a repeat, answered DUPLICATE

    const gaveUp = await paymentReaches(d, never.paymentId, 'FAILED', 60_000);
    expect(gaveUp).toMatchObject({ failureKind: 'OUTCOME_UNKNOWN' });
    expect(gaveUp.failureReason).toMatch(/^no answer from the bank within 0.0001 day\(s\) of sending/);
    // Asked again in every round until then (3 inquiries a round), never sent as a new transfer.
    const sends = await d.bank(`SELECT outcome, count(*)::int AS n FROM simulated_bank_send WHERE end_to_end_id = $1 GROUP BY outcome ORDER BY outcome`, [endToEndIdFor(never.paymentId)]);
    expect(sends).toEqual([{ outcome: 'ACCEPTED', n: 1 }, { outcome: 'DUPLICATE', n: expect.any(Number) }]);
    expect(sends[1].n).toBeGreaterThan(3);
  });
});
