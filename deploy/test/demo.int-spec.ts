import { startTestPlatform, TestPlatform } from '@grants/testing';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PAIN001_XSD_RESOLVE_TIMEOUT_MS, resolveXsd, xmllintAgainst } from '../../apps/disbursement/test/support/pain001-xsd';
import { NGO_PROPOSALS, STUDENTS } from '../demo/cast';
import { DEMO_ENV, runScenario } from '../demo/scenario';
import { CallSummary, comparable, DemoSummary } from '../demo/summary';

/**
 * The seeded demo (`npm run demo`) on the real platform — every service its own process, real
 * PostgreSQL, Redis and Kafka — checked by its outcome; then run again on the same platform (no
 * reset) with the notifications service stopped (SIGTERM) while the award events reach it and the
 * disbursement service SIGKILLed while the approved first payments are being executed, each started
 * again: the same summary.
 */
describe('the seeded demo', () => {
  let t: TestPlatform;
  let first: DemoSummary;
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'demo', basePort: 4800, env: DEMO_ENV });
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const call = (s: DemoSummary, kind: string): CallSummary => s.calls.find((c) => c.kind === kind)!;

  /** What the issue asks of the demo's outcome, read from the API and the services' own records. */
  async function checkOutcome(s: DemoSummary): Promise<void> {
    // Three prizes, each paid once: one PAID payment per prize, booked once by the bank.
    const essay = call(s, 'ESSAY_CONTEST');
    expect(essay.applications).toEqual({ submitted: STUDENTS.length, eligible: STUDENTS.length - 1, ineligible: 1 });
    expect(essay.grants.map((g) => [g.applicant, g.amountMinor, g.tranchesPaidMinor, g.status])).toEqual([
      ['Ана Петровска', '3000000', ['3000000'], 'CLOSED'],
      ['Džemal Hodžić', '2000000', ['2000000'], 'CLOSED'],
      ['Ramadan Bajrami', '1000000', ['1000000'], 'CLOSED'],
    ]);
    // The ineligible essay (the best by score) is not ranked; the divergent one still ranks on its merit.
    expect(essay.ranking.map((r) => r.applicant)).not.toContain('Стефан Стојаноски');
    expect(essay.ranking.find((r) => r.applicant === 'Elif Yılmaz')).toMatchObject({ rank: 4, score: '80.00', outcome: 'RESERVE' });

    // At least 8 MAKERS initiatives funded within the pool and the budget, each paid in full (70 + 30).
    const makers = call(s, 'LOCAL_INITIATIVE_COFUNDING');
    expect(makers.awards).toBeGreaterThanOrEqual(8);
    expect(BigInt(makers.awardedMinor)).toBeLessThanOrEqual(20_000_000n);
    expect(makers.paidMinor).toBe(makers.awardedMinor);
    expect(BigInt(makers.remainingMinor)).toBe(BigInt(makers.budgetMinor) - BigInt(makers.awardedMinor));
    for (const g of makers.grants) {
      expect(g.status).toBe('CLOSED');
      expect(g.tranchesPaidMinor.map(BigInt)).toEqual([(BigInt(g.amountMinor) * 7n) / 10n, (BigInt(g.amountMinor) * 3n) / 10n]);
    }
    expect(makers.coFunding).toHaveLength(1);
    expect(makers.coFunding[0].outstandingMinor).toBe('0');
    expect(new Set(makers.grants.map((g) => g.municipality)).size).toBeGreaterThanOrEqual(8);

    // The EEA grant of the seed, 17 740,80 EUR, paid in full in two tranches, through pain.001 files.
    const eea = call(s, 'NGO_GRANT');
    const ruse = eea.grants.find((g) => g.applicant === NGO_PROPOSALS[0].organisation)!;
    expect(ruse).toMatchObject({ amountMinor: '1774080', tranchesPaidMinor: ['1419264', '354816'], status: 'CLOSED' });
    expect(eea.paymentFiles.length).toBeGreaterThanOrEqual(1);

    // Once: every payment of the run booked by the bank exactly once, one ledger PAYMENT entry each.
    const callIds = s.calls.map((c) => c.callId);
    const payments = await t.query('disbursement', `SELECT id, amount_minor::text AS amount FROM payment WHERE call_id = ANY($1::uuid[])`, [callIds]);
    const expectedPayments = s.calls.reduce((n, c) => n + c.grants.reduce((k, g) => k + g.paymentsPaid, 0), 0);
    expect(payments).toHaveLength(expectedPayments);
    const bank = await t.query(
      'disbursement',
      `SELECT payment_id AS id, count(*)::int AS entries, sum(bookings)::int AS bookings, max(amount_minor)::text AS amount
         FROM simulated_bank_entry WHERE payment_id = ANY($1::uuid[]) GROUP BY payment_id`,
      [payments.map((p) => p.id)],
    );
    expect(bank).toHaveLength(payments.length);
    const amounts = new Map(payments.map((p) => [p.id, p.amount]));
    for (const b of bank) expect(b).toEqual({ id: b.id, entries: 1, bookings: 1, amount: amounts.get(b.id) });
    const ledger = await t.query('disbursement', `SELECT payment_id, count(*)::int AS n FROM ledger_entry WHERE kind = 'PAYMENT' AND call_id = ANY($1::uuid[]) GROUP BY payment_id`, [callIds]);
    expect(ledger).toHaveLength(payments.length);
    expect(ledger.every((l) => l.n === 1)).toBe(true);

    // Every awarded applicant got the award e-mail in the language they chose, once.
    for (const c of s.calls) {
      for (const g of c.grants) expect([g.applicant, g.awardMail.language]).toEqual([g.applicant, g.awardMail.wanted]);
    }
    const grantIds = (await t.query('disbursement', `SELECT id FROM grant_account WHERE call_id = ANY($1::uuid[])`, [callIds])).map((r) => r.id);
    const awardMails = await t.query('notifications', `SELECT aggregate_id, status FROM delivery WHERE kind = 'AWARD' AND aggregate_id = ANY($1::text[])`, [grantIds]);
    expect(awardMails).toHaveLength(grantIds.length);
    expect(awardMails.every((m) => m.status === 'SENT')).toBe(true);
  }

  it('runs to the end: three prizes paid once, ≥ 8 MAKERS initiatives within budget, the EEA grant in two tranches, award e-mails in each language', async () => {
    first = await runScenario({ api: t.api, say, runId: 'R1', submissionWindowMs: 20_000 });
    await checkOutcome(first);

    // The pain.001 files are valid against the official schema and pay the Ruse club its advance.
    const xsd = resolveXsd();
    const eea = call(first, 'NGO_GRANT');
    const xmls: string[] = [];
    for (const fileId of eea.paymentFiles) {
      const r = await fetch(`${t.api}/disbursement/payment-files/${fileId}`, { headers: await financeAuth() });
      expect(r.status).toBe(200);
      const xml = await r.text();
      const path = resolve(t.logDir, `pain001-${fileId}.xml`);
      writeFileSync(path, xml);
      const lint = xmllintAgainst(xsd, xml, path);
      expect(`${lint.status} ${lint.output}`).toMatch(/^0 /);
      xmls.push(xml);
    }
    expect(xmls.join('')).toContain('<InstdAmt Ccy="EUR">14192.64</InstdAmt>');
    expect(xmls.join('')).toContain('<InstdAmt Ccy="EUR">3548.16</InstdAmt>');

    // The messages themselves: one .eml file per delivery in the mail folder.
    const mailDir = resolve(t.logDir, 'mail');
    expect(existsSync(mailDir)).toBe(true);
    const eml = readdirSync(mailDir).map((f) => readFileSync(resolve(mailDir, f), 'utf8'));
    expect(eml.some((m) => m.includes('EEA-NGO-BG-R1'))).toBe(true);
  }, PAIN001_XSD_RESOLVE_TIMEOUT_MS + 600_000);

  it('runs again without a reset, notifications stopped and disbursement killed on the way and started again: the same summary', async () => {
    expect(first).toBeDefined();
    const { notifications, disbursement } = t.platform.services;
    const exitsBefore = [notifications.exits.length, disbursement.exits.length];
    const second = await runScenario({
      api: t.api,
      say,
      runId: 'R2',
      submissionWindowMs: 20_000,
      at: async (phase) => {
        if (phase === 'results') {
          // A graceful stop (SIGTERM) while the award events are on their way to it.
          await notifications.stop();
          await new Promise((r) => setTimeout(r, 2_000));
          await notifications.start();
        }
        if (phase === 'first-approvals') {
          // A crash (SIGKILL) while the approved first payments are being executed.
          await disbursement.kill();
          await new Promise((r) => setTimeout(r, 2_000));
          await disbursement.start();
        }
      },
    });
    expect([notifications.exits.length, disbursement.exits.length]).toEqual(exitsBefore.map((n) => n + 1));
    await checkOutcome(second);
    expect(comparable(second)).toEqual(comparable(first));
  }, 600_000);

  async function financeAuth(): Promise<Record<string, string>> {
    const admin = await t.client.admin();
    const finance = await t.client.staff(admin, ['FINANCE_OFFICER']);
    return finance.auth;
  }
});
