import { Topics } from '@grants/contracts';
import { Actor, sleep, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { endToEndIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import {
  awardTo,
  CallFixture,
  callPublished,
  DisbursementTest,
  eventsOf,
  paymentReaches,
  publish,
  startDisbursementTest,
} from '../support/disbursement-platform';

const EUR_PRIZES: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'EEA-PRIZE-2025',
  kind: 'ESSAY_CONTEST',
  currency: 'EUR',
  budgetMinor: '10000000',
  title: 'Youth essay prize',
  language: 'en',
  tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }],
};
const MKD_PRIZES: CallFixture = { ...EUR_PRIZES, callId: randomUUID(), referenceCode: 'FMZ-WAIT-2025', currency: 'MKD', budgetMinor: '100000000', language: 'mk' };

/**
 * A transfer is never in two payment files, and a payment the bank has not answered waits for its
 * answer (issue 22, payments). One attempt per job here (PAYMENT_MAX_ATTEMPTS=1), so the first
 * failure to reach the bank is recorded at once; inquiries every second; the give-up after
 * PAYMENT_ANSWER_TIMEOUT_DAYS (5, the default) is reached by back-dating the send.
 */
describe('disbursement: an unknown outcome waits for the bank or for two people, never for a second file', () => {
  let d: DisbursementTest;
  let n = 0;
  const call = (method: string, p: string, actor: Actor, body?: unknown) => d.t.client.call(method, `/disbursement${p}`, body, actor.auth);
  const expectOk = async (method: string, p: string, actor: Actor, body?: unknown, status = 200) => {
    const r = await call(method, p, actor, body);
    if (r.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const script = (paymentId: string, behaviours: object[]) => expectOk('POST', '/simulated-bank/scripts', d.admin, { paymentId, behaviours }, 204);
  /** Every stored pain.001 that carries the payment's EndToEndId. */
  const filesWith = async (paymentId: string) =>
    (await d.db(`SELECT id FROM payment_file WHERE xml LIKE '%' || $1 || '%' ORDER BY created_at`, [endToEndIdFor(paymentId)])).map((r) => r.id);

  async function prize(c: CallFixture, amountMinor: string) {
    const grantee = await d.t.client.applicant(`Laureate ${++n}`, { language: c.language, type: 'STUDENT' });
    const { grantId } = await awardTo(d, c, grantee, amountMinor, { reference: `${c.referenceCode}-${String(n).padStart(4, '0')}` });
    const details =
      c.currency === 'EUR'
        ? { iban: n % 2 ? 'BG95UNCR70001523456789' : 'DE89370400440532013000', accountHolder: `Laureate ${n}` }
        : { iban: 'MK07250120000058984', bic: 'STOBMK2X', accountHolder: `Laureate ${n}` };
    await expectOk('PUT', `/grants/${grantId}/bank-details`, grantee, details);
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2025-06-01' });
    return { grantId, grantee, paymentId: signed.releasedPaymentId as string };
  }

  beforeAll(async () => {
    d = await startDisbursementTest({
      label: 'disbunknown',
      basePort: 5420,
      env: {
        PAYMENT_TWO_APPROVER_THRESHOLDS: 'MKD:61500000,EUR:1000000',
        PAYMENT_MAX_ATTEMPTS: '1',
        PAYMENT_BACKOFF_MS: '200',
        PAYMENT_ANSWER_TIMEOUT_MS: '1000',
        PAYMENT_SWEEP_INTERVAL_MS: '300',
        // Wide enough for the two approvals of a test, made 0.4 s apart, to share one file on a busy machine.
        SEPA_BATCH_DELAY_MS: '4000',
      },
    });
    await publish(d.bus, [callPublished(EUR_PRIZES), callPublished(MKD_PRIZES)]);
    await waitFor('the call replicas', async () => (await d.db(`SELECT count(*)::int AS n FROM call_replica`))[0].n === 2, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await d?.stop();
  });

  it('keeps a SENT payment waiting for the bank, asking again, until the configured days have passed', async () => {
    const p = await prize(MKD_PRIZES, '1000000');
    await script(p.paymentId, [{ kind: 'TIME_OUT' }]);
    await expectOk('POST', `/payments/${p.paymentId}/approve`, d.approverA);
    await paymentReaches(d, p.paymentId, 'SENT');
    // Several inquiry rounds later it is still SENT: a bank that has not answered within seconds has not failed.
    await waitFor(
      'two inquiries',
      async () =>
        (await d.bank(`SELECT count(*)::int AS n FROM simulated_bank_send WHERE end_to_end_id = $1 AND outcome = 'DUPLICATE'`, [endToEndIdFor(p.paymentId)]))[0].n >= 2,
      { timeoutMs: 30_000 },
    );
    await sleep(1_500);
    expect(await expectOk('GET', `/payments/${p.paymentId}`, d.requester)).toMatchObject({ status: 'SENT' });
    expect(await eventsOf(d, Topics.PaymentFailedV1, p.paymentId)).toEqual([]);

    // Five days on without an answer (the send back-dated): now its outcome is unknown.
    await d.db(`UPDATE payment SET sent_at = now() - interval '5 days 1 minute' WHERE id = $1`, [p.paymentId]);
    const failed = await paymentReaches(d, p.paymentId, 'FAILED', 30_000);
    expect(failed).toMatchObject({ failureKind: 'OUTCOME_UNKNOWN', failureReason: expect.stringMatching(/^no answer from the bank within 5 day\(s\) of sending/) });
    // The bank's records hold it (pending): no one may declare it not executed.
    const declared = await call('POST', `/payments/${p.paymentId}/not-executed`, d.requester, { reason: 'never arrived' });
    expect(declared.status).toBe(409);
    expect(declared.body.error).toBe('DISBURSEMENT.BANK_HAS_THE_PAYMENT');
  });

  it('never fails an accepted transfer for another one in its file, and never puts an unanswered transfer in a second file without two people', async () => {
    const x = await prize(EUR_PRIZES, '100000');
    const y = await prize(EUR_PRIZES, '100000');
    await script(y.paymentId, [{ kind: 'UNAVAILABLE', times: 2 }]);
    // X first, so X's job writes the file with X ahead of Y.
    await expectOk('POST', `/payments/${x.paymentId}/approve`, d.approverA);
    await sleep(400);
    await expectOk('POST', `/payments/${y.paymentId}/approve`, d.approverA);

    await paymentReaches(d, x.paymentId, 'PAID');
    const failed = await paymentReaches(d, y.paymentId, 'FAILED');
    expect(failed.failureKind).toBe('OUTCOME_UNKNOWN');
    const [file] = await filesWith(x.paymentId);
    expect(await filesWith(y.paymentId)).toEqual([file]);
    // X was accepted by the bank: Y's failure never made X fail, not even for a moment.
    expect(await eventsOf(d, Topics.PaymentFailedV1, x.paymentId)).toEqual([]);
    expect(await d.db(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND after->>'status' = 'FAILED'`, [x.paymentId])).toEqual([{ n: 0 }]);

    // Y's file may still be executed: no retry into a new file, no cancellation.
    const retry = await call('POST', `/payments/${y.paymentId}/retry`, d.requester);
    expect(retry.status).toBe(409);
    expect(retry.body.error).toBe('DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN');
    expect((await call('POST', `/payments/${y.paymentId}/cancel`, d.requester)).body.error).toBe('DISBURSEMENT.CANCEL_WHILE_OUTCOME_UNKNOWN');
    expect(await filesWith(y.paymentId)).toEqual([file]);

    // Two different finance people record that the file was not executed for Y.
    const first = await expectOk('POST', `/payments/${y.paymentId}/not-executed`, d.requester, { reason: 'bank portal: EndToEndId not in the file it received' });
    expect(first).toMatchObject({ status: 'FAILED', failureKind: 'OUTCOME_UNKNOWN' });
    expect((await call('POST', `/payments/${y.paymentId}/not-executed`, d.requester, { reason: 'again' })).body.error).toBe('DISBURSEMENT.ALREADY_DECLARED_BY_PERSON');
    expect((await call('POST', `/payments/${y.paymentId}/retry`, d.approverA)).body.error).toBe('DISBURSEMENT.RETRY_WHILE_OUTCOME_UNKNOWN');
    expect((await call('POST', `/payments/${x.paymentId}/not-executed`, d.approverA, { reason: 'wrong one' })).body.error).toBe('DISBURSEMENT.OUTCOME_NOT_UNKNOWN');
    const second = await expectOk('POST', `/payments/${y.paymentId}/not-executed`, d.approverA, { reason: 'confirmed with the bank by phone' });
    expect(second).toMatchObject({ status: 'FAILED', failureKind: 'REJECTED' });

    // Now it may go out again: a new execution in a new file, paid once.
    expect((await expectOk('POST', `/payments/${y.paymentId}/retry`, d.requester)).status).toBe('APPROVED');
    await paymentReaches(d, y.paymentId, 'PAID');
    expect(await filesWith(y.paymentId)).toHaveLength(2);
    expect(await d.bank(`SELECT execution, bookings FROM simulated_bank_entry WHERE payment_id = $1`, [y.paymentId])).toEqual([{ execution: 2, bookings: 1 }]);
  });
});
