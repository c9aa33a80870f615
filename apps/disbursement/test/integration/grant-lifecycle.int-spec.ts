import { Topics } from '@grants/contracts';
import { verifyAuditChain } from '@grants/database';
import { Actor, openDataSource, waitFor } from '@grants/testing';
import { XMLParser } from 'fast-xml-parser';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { endToEndIdFor } from '../../src/modules/payments/domain/end-to-end-id';
import {
  awardGranted,
  awardTo,
  CallFixture,
  callPublished,
  DisbursementTest,
  eventsOf,
  paymentReaches,
  publish,
  receiptIssued,
  startDisbursementTest,
} from '../support/disbursement-platform';
import { PAIN001_XSD_RESOLVE_TIMEOUT_MS, resolveXsd, xmllintAgainst } from '../support/pain001-xsd';

const RUSE = 'Клуб „Отворено общество“ – Русе';
const RUSE_IBAN = 'BG95UNCR70001523456789';

const EEA: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'EEA-NGO-BG-2013',
  kind: 'NGO_GRANT',
  currency: 'EUR',
  budgetMinor: '35481600',
  title: 'Гражданско участие в интеграционната политика',
  language: 'bg',
  tranches: [
    { percent: 80, trigger: 'ON_AGREEMENT_SIGNED' },
    { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
  ],
};

/** Dialogue for Change (Serbia): advance, one interim tranche, the last after the final report. */
const DIALOGUE: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'DIJALOG-PROMENA-2021',
  kind: 'NGO_GRANT',
  currency: 'RSD',
  budgetMinor: '6000000000',
  title: 'Дијалог промена – Подршка реформама кроз сарадњу организација цивилног друштва и јавних власти',
  language: 'sr',
  tranches: [
    { percent: 40, trigger: 'ON_AGREEMENT_SIGNED' },
    { percent: 40, trigger: 'ON_INTERIM_REPORT_APPROVED' },
    { percent: 20, trigger: 'ON_FINAL_REPORT_APPROVED' },
  ],
};

/** MAKERS (Bosnia and Herzegovina, UNDP): local initiatives co-funded with municipalities, in USD. */
const MAKERS: CallFixture = {
  callId: randomUUID(),
  referenceCode: 'MAKERS-LI-2021',
  kind: 'LOCAL_INITIATIVE_COFUNDING',
  currency: 'USD',
  budgetMinor: '42500000',
  title: 'Aktivizam, angažman i odgovorna rješenja — lokalne inicijative',
  language: 'bs',
  tranches: [
    { percent: 70, trigger: 'ON_AGREEMENT_SIGNED' },
    { percent: 30, trigger: 'ON_FINAL_REPORT_APPROVED' },
  ],
};

/** The Dialogue for Change results, as a grantee's final report states them. */
const DIALOGUE_INDICATORS = {
  eventsHeld: 13,
  participants: 500,
  municipalitiesReached: 50,
  other: [
    { name: 'trainings', value: 11 },
    { name: 'national conferences', value: 2 },
    { name: 'study visits', value: 3 },
    { name: 'ministries in the baseline survey', value: 14 },
    { name: 'CSOs in the baseline survey', value: 124 },
  ],
};

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => n === 'CdtTrfTxInf' });

describe('disbursement: grants from award to closure, on the real servers', () => {
  let d: DisbursementTest;
  let ruse: Actor;
  let xsd: string;
  let workDir: string;
  let eeaGrantId: string;
  const call = (method: string, p: string, actor: Actor, body?: unknown) => d.t.client.call(method, `/disbursement${p}`, body, actor.auth);
  const expectOk = async (method: string, p: string, actor: Actor, body?: unknown, status = 200) => {
    const r = await call(method, p, actor, body);
    if (r.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    xsd = resolveXsd();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'disb-pain001-'));
    d = await startDisbursementTest({ label: 'disbflow', basePort: 4400 });
    ruse = await d.t.client.applicant(RUSE, { language: 'bg', type: 'REGISTERED_ORGANISATION' });
    await publish(d.bus, [callPublished(EEA), callPublished(DIALOGUE), callPublished(MAKERS)]);
    await waitFor('the call replicas', async () => (await d.db(`SELECT count(*)::int AS n FROM call_replica`))[0].n === 3, { timeoutMs: 60_000 });
  }, PAIN001_XSD_RESOLVE_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await d?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('pays the EEA grant of 17 740,80 EUR in two exact tranches, the last after the final report, in pain.001 files valid against the XSD', async () => {
    const { grantId } = await awardTo(d, EEA, ruse, '1774080', { reference: 'EEA-NGO-BG-2013-0007' });
    eeaGrantId = grantId;

    // The plan: 80/20 by largest remainder, exact to the cent.
    const grant = await expectOk('GET', `/grants/${grantId}`, ruse);
    expect(grant).toMatchObject({ status: 'OPEN', amountMinor: '1774080', currency: 'EUR', agreement: { status: 'DRAFT' }, finalReportRequired: true });
    expect(grant.tranches.map((t: any) => [t.sequence, t.percent, t.trigger, t.amountMinor])).toEqual([
      [1, 80, 'ON_AGREEMENT_SIGNED', '1419264'],
      [2, 20, 'ON_FINAL_REPORT_APPROVED', '354816'],
    ]);

    // Nothing can be paid before the agreement is signed.
    const early = await call('POST', `/grants/${grantId}/payments`, d.requester, { trancheSequence: 1 });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('DISBURSEMENT.AGREEMENT_NOT_SIGNED');

    // The awardee enters the club's bank details; the name keeps its script.
    const details = await expectOk('PUT', `/grants/${grantId}/bank-details`, ruse, { iban: 'bg95 uncr 7000 1523 4567 89', bic: 'uncrbgsf', accountHolder: RUSE });
    expect(details.current).toMatchObject({ iban: RUSE_IBAN, bic: 'UNCRBGSF', accountHolder: RUSE, sepa: true, confirmed: true });

    // The officer signs the agreement: the advance's payment request appears, requested by the officer.
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: new Date().toISOString().slice(0, 10) });
    expect(signed.agreement.status).toBe('SIGNED');
    const advanceId: string = signed.releasedPaymentId;
    const advance = await expectOk('GET', `/payments/${advanceId}`, d.requester);
    expect(advance).toMatchObject({ status: 'PENDING_APPROVAL', amountMinor: '1419264', trancheSequence: 1, origin: 'TRANCHE_TRIGGER', requestedBy: d.officer.id });

    // The last tranche waits for the final report, whoever asks for it.
    const tooSoon = await call('POST', `/grants/${grantId}/payments`, d.requester, { trancheSequence: 2 });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error).toBe('DISBURSEMENT.TRANCHE_NOT_RELEASED');

    // 14 192,64 EUR is above the EUR 10 000 threshold: two distinct approvers.
    const first = await expectOk('POST', `/payments/${advanceId}/approve`, d.approverA);
    expect(first).toMatchObject({ status: 'PARTIALLY_APPROVED', approvalsRequired: 2 });
    const second = await expectOk('POST', `/payments/${advanceId}/approve`, d.approverB);
    expect(second.status).toBe('APPROVED');
    const paidAdvance = await paymentReaches(d, advanceId, 'PAID');
    expect(paidAdvance).toMatchObject({ channel: 'SEPA_FILE', amountMinor: '1419264' });

    // The grantee reports: narrative, indicators, an attachment.
    const agenda = Buffer.from('Кръгла маса, Русе — дневен ред\n', 'utf8');
    const report = await expectOk(
      'POST',
      `/grants/${grantId}/reports`,
      ruse,
      {
        kind: 'FINAL',
        narrative: 'Проучване, анализ на документи, 8 информационни срещи и дискусионни форуми в 8-те общини на област Русе, кръгла маса.',
        indicators: { eventsHeld: 9, participants: 240, municipalitiesReached: 8 },
        attachments: [{ fileName: 'дневен-ред.txt', contentType: 'text/plain', contentBase64: agenda.toString('base64') }],
      },
      201,
    );
    expect(report).toMatchObject({ status: 'SUBMITTED', kind: 'FINAL', number: 1 });
    const download = await fetch(`${d.t.api}/disbursement/reports/${report.id}/attachments/${report.attachments[0].id}`, { headers: d.officer.auth });
    expect(Buffer.from(await download.arrayBuffer()).equals(agenda)).toBe(true);

    // Its approval releases the last tranche; one approver suffices for 3 548,16 EUR.
    const approvedReport = await expectOk('POST', `/reports/${report.id}/approve`, d.officer, { comment: 'Прието.' });
    const lastId: string = approvedReport.releasedPaymentId;
    expect(await expectOk('GET', `/payments/${lastId}`, d.requester)).toMatchObject({ amountMinor: '354816', trancheSequence: 2, status: 'PENDING_APPROVAL' });
    expect((await expectOk('POST', `/payments/${lastId}/approve`, d.approverA)).status).toBe('APPROVED');
    await paymentReaches(d, lastId, 'PAID');

    // Fully paid and reported: closed, once.
    await waitFor('the grant to close', async () => (await expectOk('GET', `/grants/${grantId}`, d.officer)).status === 'CLOSED');
    const statement = await expectOk('GET', `/grants/${grantId}/statement`, ruse);
    expect(statement.totals).toEqual({ awardedMinor: '1774080', committedMinor: '1774080', paidMinor: '1774080', outstandingMinor: '0', currency: 'EUR' });
    expect(statement.ledger.map((l: any) => [l.kind, l.amountMinor])).toEqual([
      ['COMMITMENT', '1774080'],
      ['PAYMENT', '1419264'],
      ['PAYMENT', '354816'],
    ]);

    // Two pain.001 files, each valid against the official XSD, with the exact amounts and the payments' end-to-end ids.
    const files = (await expectOk('GET', '/payment-files', d.requester)).files.filter((f: any) => f.paymentIds.some((id: string) => [advanceId, lastId].includes(id)));
    expect(files).toHaveLength(2);
    const amounts: string[] = [];
    for (const f of files) {
      const res = await fetch(`${d.t.api}/disbursement/payment-files/${f.id}`, { headers: d.requester.auth });
      expect(res.headers.get('content-type')).toContain('application/xml');
      const xml = await res.text();
      const verdict = xmllintAgainst(xsd, xml, path.join(workDir, `${f.messageId}.xml`));
      expect(verdict.output).toMatch(/validates$/);
      expect(verdict.status).toBe(0);
      const tx = xmlParser.parse(xml).Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf;
      expect(tx).toHaveLength(1);
      expect(tx[0].Cdtr.Nm).toBe(RUSE);
      expect(tx[0].CdtrAcct.Id.IBAN).toBe(RUSE_IBAN);
      expect(tx[0].PmtId.EndToEndId).toBe(endToEndIdFor(f.paymentIds[0]));
      amounts.push(tx[0].Amt.InstdAmt['#text']);
    }
    expect(amounts.sort()).toEqual(['14192.64', '3548.16']);

    // The bank booked each payment once, through the file channel, for the exact amounts.
    const booked = await d.bank(`SELECT payment_id AS "paymentId", amount_minor::text AS amount, bookings, channel FROM simulated_bank_entry WHERE payment_id = ANY($1::uuid[]) ORDER BY amount_minor DESC`, [[advanceId, lastId]]);
    expect(booked).toEqual([
      { paymentId: advanceId, amount: '1419264', bookings: 1, channel: 'SEPA_FILE' },
      { paymentId: lastId, amount: '354816', bookings: 1, channel: 'SEPA_FILE' },
    ]);

    // Events: approved, paid (each with the grantee to notify), and the grant closed.
    for (const id of [advanceId, lastId]) {
      expect(await eventsOf(d, Topics.PaymentApprovedV1, id)).toHaveLength(1);
      const [paid] = await eventsOf(d, Topics.PaymentPaidV1, id);
      expect(paid.payload).toMatchObject({ paymentId: id, grantId, applicantUserId: ruse.id, currency: 'EUR', endToEndId: endToEndIdFor(id) });
    }
    const closed = await eventsOf(d, Topics.GrantClosedV1, grantId);
    expect(closed).toHaveLength(1);
    expect(closed[0].payload).toMatchObject({ outcome: 'COMPLETED', paidMinor: '1774080', amountMinor: '1774080', applicantUserId: ruse.id });
  });
  it('puts EUR approvals close together into one pain.001 batch, valid against the XSD, each transfer booked once', async () => {
    const partners = [
      { name: 'Сдружение „Младежки форум“ – Бяла', iban: 'BG18RZBB91550123456789', bic: 'RZBBBGSF', award: '625000' },
      { name: 'Читалище „Светлина – 1897“ – Две могили', iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD', award: '937541' },
    ];
    const ids: string[] = [];
    for (const [i, partner] of partners.entries()) {
      const grantee = await d.t.client.applicant(partner.name, { language: 'bg', type: 'REGISTERED_ORGANISATION' });
      const { grantId } = await awardTo(d, EEA, grantee, partner.award, { reference: `EEA-NGO-BG-2013-01${i}` });
      await expectOk('PUT', `/grants/${grantId}/bank-details`, grantee, { iban: partner.iban, bic: partner.bic, accountHolder: partner.name });
      ids.push((await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2014-02-03' })).releasedPaymentId);
    }
    // Both advances (80 %) are below the EUR threshold: one approver each, at the same moment.
    const approved = await Promise.all(ids.map((id) => expectOk('POST', `/payments/${id}/approve`, d.approverB)));
    expect(approved.map((p) => p.status)).toEqual(['APPROVED', 'APPROVED']);
    for (const id of ids) await paymentReaches(d, id, 'PAID');
    const views = await Promise.all(ids.map((id) => expectOk('GET', `/payments/${id}`, d.requester)));
    expect(new Set(views.map((v) => v.fileId)).size).toBe(1);
    const xml = await (await fetch(`${d.t.api}/disbursement/payment-files/${views[0].fileId}`, { headers: d.approverA.auth })).text();
    const verdict = xmllintAgainst(xsd, xml, path.join(workDir, 'batch.xml'));
    expect(verdict.output).toMatch(/validates$/);
    const doc = xmlParser.parse(xml).Document.CstmrCdtTrfInitn;
    expect(doc.GrpHdr.NbOfTxs).toBe('2');
    // 80 % of 6 250,00 and of 9 375,41 EUR: 5 000,00 + 7 500,33 (the largest remainder takes the spare cent).
    expect(doc.PmtInf.CdtTrfTxInf.map((t: any) => t.Amt.InstdAmt['#text']).sort()).toEqual(['5000.00', '7500.33']);
    expect(doc.GrpHdr.CtrlSum).toBe('12500.33');
    expect(doc.PmtInf.CdtTrfTxInf.map((t: any) => t.PmtId.EndToEndId).sort()).toEqual(ids.map(endToEndIdFor).sort());
    const entries = await d.bank(`SELECT message_id AS m, bookings FROM simulated_bank_entry WHERE payment_id = ANY($1::uuid[])`, [ids]);
    expect(entries).toEqual([
      { m: doc.GrpHdr.MsgId, bookings: 1 },
      { m: doc.GrpHdr.MsgId, bookings: 1 },
    ]);
  });

  it('defers an award that arrives before its call and a receipt that arrives after it: nothing is lost or dead-lettered', async () => {
    const late: CallFixture = { ...DIALOGUE, callId: randomUUID(), referenceCode: 'DIJALOG-PROMENA-2022' };
    const grantee = await d.t.client.applicant('Грађанске иницијативе', { language: 'sr', type: 'REGISTERED_ORGANISATION' });
    const applicationId = randomUUID();
    const award = awardGranted(late.callId, applicationId, '1000000001', 'RSD');
    await publish(d.bus, [award.event]);
    const waiting = await waitFor('the waiting grant', async () => {
      const [g] = await d.db(`SELECT id, status, applicant_user_id AS "applicantUserId" FROM grant_account WHERE award_id = $1`, [award.awardId]);
      return g;
    });
    expect(waiting).toMatchObject({ status: 'AWAITING_CALL', applicantUserId: null });
    expect(await d.db(`SELECT * FROM grant_tranche WHERE grant_id = $1`, [waiting.id])).toEqual([]);
    // The commitment is in the ledger at once: the award is money promised.
    expect(await d.db(`SELECT kind, amount_minor::text AS a FROM ledger_entry WHERE grant_id = $1`, [waiting.id])).toEqual([{ kind: 'COMMITMENT', a: '1000000001' }]);

    await publish(d.bus, [callPublished(late)]);
    await waitFor('the grant planned once the call arrived', async () => {
      const [g] = await d.db(`SELECT status FROM grant_account WHERE id = $1`, [waiting.id]);
      return g.status === 'OPEN';
    });
    await publish(d.bus, [receiptIssued(late.callId, applicationId, grantee.id, 'DIJALOG-PROMENA-2022-0001')]);
    await waitFor('the grantee known from the late receipt', async () => {
      const [g] = await d.db(`SELECT applicant_user_id AS u FROM grant_account WHERE id = $1`, [waiting.id]);
      return g.u === grantee.id;
    });
    const grant = await expectOk('GET', `/grants/${waiting.id}`, grantee);
    expect(grant.reference).toBe('DIJALOG-PROMENA-2022-0001');
    // 40/40/20 of an odd amount: every dinar allocated (the spare one to the largest remainder).
    expect(grant.tranches.map((t: any) => t.amountMinor)).toEqual(['400000001', '400000000', '200000000']);
    expect(grant.tranches.reduce((a: bigint, t: any) => a + BigInt(t.amountMinor), 0n)).toBe(1000000001n);
    expect(await d.bus.topicSize(`${Topics.AwardGrantedV1}.dlq`)).toBe(0);
    // Replayed, the award opens nothing more.
    await publish(d.bus, [award.event]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await d.db(`SELECT id FROM grant_account WHERE award_id = $1`, [award.awardId])).toHaveLength(1);
    // Someone else's grant is not there for another applicant.
    expect((await call('GET', `/grants/${waiting.id}`, ruse)).status).toBe(404);
    expect((await call('GET', `/grants/${waiting.id}/statement`, ruse)).status).toBe(404);
  });

  it('assembles every grant when its call, receipt and award arrive at the same moment, on different topics', async () => {
    const burst: CallFixture = { ...DIALOGUE, callId: randomUUID(), referenceCode: 'DIJALOG-PROMENA-2023' };
    const grantee = await d.t.client.applicant('Мрежа организација', { language: 'sr', type: 'REGISTERED_ORGANISATION' });
    const parts = Array.from({ length: 12 }, (_, i) => {
      const applicationId = randomUUID();
      return { applicationId, award: awardGranted(burst.callId, applicationId, String(5_000_000 + i), 'RSD'), i };
    });
    // Receipts, awards and the call interleaved in one send: handled concurrently by different consumers' transactions.
    await publish(d.bus, [
      ...parts.flatMap((p) => [p.award.event, receiptIssued(burst.callId, p.applicationId, grantee.id, `DIJALOG-PROMENA-2023-${p.i}`)]),
      callPublished(burst),
    ]);
    const grants = await waitFor(
      'all 12 grants open, each with its grantee',
      async () => {
        const rows = await d.db(`SELECT status, applicant_user_id AS u FROM grant_account WHERE call_id = $1`, [burst.callId]);
        return rows.length === 12 && rows.every((r: any) => r.status === 'OPEN' && r.u === grantee.id) && rows;
      },
      { timeoutMs: 30_000 },
    );
    expect(grants).toHaveLength(12);
    expect((await expectOk('GET', '/my-grants', grantee)).grants.filter((g: any) => g.callId === burst.callId)).toHaveLength(12);
  });

  it('Dialogue for Change: a returned interim report, the approved one releasing the interim tranche, the final report the last', async () => {
    const grantee = await d.t.client.applicant('Дијалог промена — водећа организација', { language: 'sr', type: 'REGISTERED_ORGANISATION' });
    const { grantId } = await awardTo(d, DIALOGUE, grantee, '2400000000');
    await expectOk('PUT', `/grants/${grantId}/bank-details`, grantee, { iban: 'RS35105008123123123173', bic: 'AIKBRS22', accountHolder: 'Удружење „Дијалог промена“' });
    // Reports wait for the agreement too.
    const early = await call('POST', `/grants/${grantId}/reports`, grantee, { kind: 'INTERIM', narrative: 'x', indicators: { eventsHeld: 0, participants: 0, municipalitiesReached: 0 } });
    expect(early.status).toBe(409);
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2021-03-01' });
    // 40 % of 24 000 000,00 RSD is above the RSD threshold: two approvers.
    await expectOk('POST', `/payments/${signed.releasedPaymentId}/approve`, d.approverA);
    await expectOk('POST', `/payments/${signed.releasedPaymentId}/approve`, d.approverB);
    await paymentReaches(d, signed.releasedPaymentId, 'PAID');

    const interim = { kind: 'INTERIM', narrative: 'Прва година: обуке и конференције.', indicators: { eventsHeld: 6, participants: 280, municipalitiesReached: 31 } };
    const r1 = await expectOk('POST', `/grants/${grantId}/reports`, grantee, interim, 201);
    // Only one report of a kind waits for a decision at a time.
    expect((await call('POST', `/grants/${grantId}/reports`, grantee, interim)).status).toBe(409);
    const returned = await expectOk('POST', `/reports/${r1.id}/return`, d.officer, { comment: 'Недостају спискови учесника.' });
    expect(returned).toMatchObject({ status: 'RETURNED', decisionComment: 'Недостају спискови учесника.' });
    expect(await d.db(`SELECT released_at FROM grant_tranche WHERE grant_id = $1 AND sequence = 2`, [grantId])).toEqual([{ released_at: null }]);
    const r2 = await expectOk('POST', `/grants/${grantId}/reports`, grantee, { ...interim, narrative: 'Прва година, са списковима учесника.' }, 201);
    expect(r2.number).toBe(1);
    const approvedInterim = await expectOk('POST', `/reports/${r2.id}/approve`, d.officer, {});
    const interimPayment = await expectOk('GET', `/payments/${approvedInterim.releasedPaymentId}`, d.requester);
    expect(interimPayment).toMatchObject({ trancheSequence: 2, amountMinor: '960000000', requestedBy: d.officer.id });

    const final = await expectOk('POST', `/grants/${grantId}/reports`, grantee, { kind: 'FINAL', narrative: 'Дијалог промена 2021–2023: резултати.', indicators: DIALOGUE_INDICATORS }, 201);
    expect(final.indicators).toEqual(DIALOGUE_INDICATORS);
    const approvedFinal = await expectOk('POST', `/reports/${final.id}/approve`, d.officer, {});
    const lastPayment = await expectOk('GET', `/payments/${approvedFinal.releasedPaymentId}`, d.requester);
    expect(lastPayment).toMatchObject({ trancheSequence: 3, amountMinor: '480000000' });
    for (const id of [interimPayment.id, lastPayment.id]) {
      await expectOk('POST', `/payments/${id}/approve`, d.approverA);
      await expectOk('POST', `/payments/${id}/approve`, d.approverB);
      await paymentReaches(d, id, 'PAID');
    }
    await waitFor('the Dialogue grant to close', async () => (await expectOk('GET', `/grants/${grantId}`, grantee)).status === 'CLOSED');
    const decided = await eventsOf(d, Topics.ReportDecidedV1);
    expect(decided.filter((e) => e.payload.grantId === grantId).map((e) => [e.payload.kind, e.payload.decision, e.payload.applicantUserId])).toEqual([
      ['INTERIM', 'RETURNED', grantee.id],
      ['INTERIM', 'APPROVED', grantee.id],
      ['FINAL', 'APPROVED', grantee.id],
    ]);
  });

  it('MAKERS: co-funding per municipality, the call budget, the ledger as safe UTF-8 CSV, and a terminated grant reversed', async () => {
    const group = await d.t.client.applicant('Udruženje građana „Zeleni Trnovo“', { language: 'bs', type: 'INFORMAL_GROUP' });
    const other = await d.t.client.applicant('Omladinski centar Doboj Istok', { language: 'bs', type: 'INFORMAL_GROUP' });
    const { grantId } = await awardTo(d, MAKERS, group, '2500000', { reference: 'MAKERS-LI-2021-0003' });
    const { grantId: droppedId } = await awardTo(d, MAKERS, other, '1800000', { reference: 'MAKERS-LI-2021-0004' });

    // Co-funding is for co-funding calls only.
    const notHere = await call('POST', `/grants/${eeaGrantId}/co-funding`, d.officer, { partnerName: 'x', partnerKind: 'OTHER', amountMinor: '1' });
    expect([404, 422]).toContain(notHere.status);
    const municipality = await expectOk('POST', `/grants/${grantId}/co-funding`, d.officer, { partnerName: 'Istočno Novo Sarajevo', partnerKind: 'MUNICIPALITY', amountMinor: '1000000' }, 201);
    await expectOk('POST', `/grants/${grantId}/co-funding`, d.requester, { partnerName: 'Требиње — локална заједница', partnerKind: 'OTHER', amountMinor: '250000' }, 201);
    await expectOk('POST', `/grants/${grantId}/co-funding/${municipality.commitmentId}/receipts`, d.requester, { amountMinor: '600000', receivedOn: '2021-06-15' }, 201);
    const over = await call('POST', `/grants/${grantId}/co-funding/${municipality.commitmentId}/receipts`, d.requester, { amountMinor: '400001', receivedOn: '2021-07-01' });
    expect(over.status).toBe(422);
    expect(over.body.problems).toEqual([{ field: 'amountMinor', code: 'EXCEEDS_AVAILABLE', params: { available: '400000' }, reason: 'at most 400000 minor units are outstanding' }]);

    // The grantee's account holder as typed — a formula, which the CSV must not let a spreadsheet run.
    const holder = '=HYPERLINK("http://evil.example","Zeleni Trnovo")';
    await expectOk('PUT', `/grants/${grantId}/bank-details`, group, { iban: 'BA391290079401028494', bic: 'UNCRBA22', accountHolder: holder });
    const signed = await expectOk('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2021-05-10' });
    await expectOk('POST', `/payments/${signed.releasedPaymentId}/approve`, d.approverA);
    await expectOk('POST', `/payments/${signed.releasedPaymentId}/approve`, d.approverB);
    await paymentReaches(d, signed.releasedPaymentId, 'PAID');

    // Ending the other grant early gives its unpaid commitment back to the call, by a reversal.
    const terminated = await expectOk('POST', `/grants/${droppedId}/terminate`, d.officer, { reason: 'the group disbanded before signing' });
    expect(terminated).toMatchObject({ status: 'TERMINATED', reversedMinor: '1800000' });
    expect((await call('POST', `/grants/${droppedId}/agreement/sign`, d.officer, { signedOn: '2021-05-10' })).status).toBe(409);

    const budget = await expectOk('GET', `/calls/${MAKERS.callId}/budget`, d.requester);
    expect(budget).toMatchObject({
      currency: 'USD',
      budgetMinor: '42500000',
      committedMinor: '2500000',
      paidMinor: '1750000',
      remainingMinor: '40000000',
      unpaidCommitmentsMinor: '750000',
      grants: 2,
      coFunding: [{ currency: 'USD', committedMinor: '1250000', receivedMinor: '600000', outstandingMinor: '650000' }],
    });

    const statement = await expectOk('GET', `/grants/${grantId}/statement`, group);
    expect(statement.coFunding.map((c: any) => [c.partnerName, c.partnerKind, c.committedMinor, c.receivedMinor, c.outstandingMinor])).toEqual([
      ['Istočno Novo Sarajevo', 'MUNICIPALITY', '1000000', '600000', '400000'],
      ['Требиње — локална заједница', 'OTHER', '250000', '0', '250000'],
    ]);
    expect(statement.totals).toMatchObject({ committedMinor: '2500000', paidMinor: '1750000', outstandingMinor: '750000' });

    const res = await fetch(`${d.t.api}/disbursement/calls/${MAKERS.callId}/ledger.csv`, { headers: d.requester.auth });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const csv = bytes.toString('utf8').slice(1);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('entry,recorded_at,call,grant_id,grant_reference,kind,amount,currency,payment_id,end_to_end_id,bank_reference,payee,description');
    expect(lines.map((l) => l.split(',')[5])).toEqual(['kind', 'COMMITMENT', 'COMMITMENT', 'PAYMENT', 'REVERSAL']);
    const payment = lines.find((l) => l.includes(',PAYMENT,'))!;
    expect(payment).toContain(',17500.00,USD,');
    expect(payment).toContain(`"'=HYPERLINK(""http://evil.example"",""Zeleni Trnovo"")"`);
    expect(lines.find((l) => l.includes(',REVERSAL,'))).toContain(",'-18000.00,USD,");
    const statementCsv = await (await fetch(`${d.t.api}/disbursement/grants/${grantId}/statement.csv`, { headers: group.auth })).text();
    expect(statementCsv).toContain('Требиње — локална заједница');
    expect(statementCsv).toContain('Istočno Novo Sarajevo');
  });

  it('refuses bad input with 4xx naming each field, and writes nothing', async () => {
    const grantee = await d.t.client.applicant('Млади Русе', { language: 'bg', type: 'INFORMAL_GROUP' });
    const { grantId } = await awardTo(d, EEA, grantee, '500000');
    const count = async () => (await d.db(`SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM bank_details)::int AS details, (SELECT count(*) FROM payment)::int AS payments, (SELECT count(*) FROM grant_report)::int AS reports`))[0];
    const before = await count();

    const iban = await call('PUT', `/grants/${grantId}/bank-details`, grantee, { iban: 'BG95 UNCR 7000 1523 4567 88', accountHolder: '' });
    expect(iban.status).toBe(400);
    expect(iban.body.problems.map((p: any) => p.field).sort()).toEqual(['accountHolder', 'iban']);
    expect(iban.body.problems.find((p: any) => p.field === 'iban').reason).toMatch(/check digits/);
    const mk = await call('PUT', `/grants/${grantId}/bank-details`, grantee, { iban: 'MK07250120000058984', accountHolder: 'Млади Русе' });
    expect(mk.status).toBe(400);
    expect(mk.body.problems).toEqual([{ field: 'bic', code: 'REQUIRED_BY_RULE', params: { because: 'OUTSIDE_SEPA' }, reason: 'is required for an account in MK, outside SEPA' }]);
    const unknown = await call('PUT', `/grants/${grantId}/bank-details`, grantee, { iban: RUSE_IBAN, accountHolder: 'x', swift: 'UNCRBGSF' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems.map((p: any) => p.field)).toEqual(['swift']);

    const date = await call('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2023-02-30' });
    expect(date.status).toBe(400);
    expect(date.body.problems.map((p: any) => p.field)).toEqual(['signedOn']);
    const future = await call('POST', `/grants/${grantId}/agreement/sign`, d.officer, { signedOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.problems).toEqual([{ field: 'signedOn', code: 'TOO_LATE', params: { latest: expect.any(String) }, reason: expect.stringMatching(/must not be after/) }]);

    const amount = await call('POST', `/grants/${grantId}/payments`, d.requester, { amountMinor: 12.5, trancheSequence: 0 });
    expect(amount.status).toBe(400);
    expect(amount.body.problems.map((p: any) => p.field).sort()).toEqual(['amountMinor', 'trancheSequence']);
    const neither = await call('POST', `/grants/${grantId}/payments`, d.requester, {});
    expect(neither.status).toBe(400);

    const report = await call('POST', `/grants/${grantId}/reports`, grantee, {
      kind: 'MIDTERM',
      narrative: '',
      indicators: { eventsHeld: -1, participants: 'many', municipalitiesReached: 8 },
      attachments: [{ fileName: '../etc/passwd', contentType: 'pdf', contentBase64: '%%%' }],
    });
    expect(report.status).toBe(400);
    expect(report.body.problems.map((p: any) => p.field)).toEqual(
      expect.arrayContaining([
        'kind',
        'narrative',
        'indicators.eventsHeld',
        'indicators.participants',
        'attachments[0].fileName',
        'attachments[0].contentType',
        'attachments[0].contentBase64',
      ]),
    );
    const money = await call('POST', `/grants/${grantId}/co-funding`, d.officer, { partnerName: 'Pale', partnerKind: 'CITY', amountMinor: '-5' });
    expect(money.status).toBe(400);
    expect(money.body.problems.map((p: any) => p.field).sort()).toEqual(['amountMinor', 'partnerKind']);
    expect((await call('POST', `/payments/not-a-uuid/approve`, d.approverA)).status).toBe(400);

    expect(await count()).toEqual(before);
  });

  it('keeps the ledger append-only and every change in the hash-chained audit log', async () => {
    await expect(d.db(`UPDATE ledger_entry SET amount_minor = 1 WHERE kind = 'PAYMENT'`)).rejects.toThrow(/append-only/);
    await expect(d.db(`DELETE FROM ledger_entry`)).rejects.toThrow(/append-only/);
    const actions = (await d.db(`SELECT DISTINCT action FROM audit_log ORDER BY action`)).map((r: any) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'GRANT_OPENED',
        'GRANT_PLANNED',
        'AGREEMENT_SIGNED',
        'TRANCHE_RELEASED',
        'BANK_DETAILS_CHANGED',
        'PAYMENT_REQUESTED',
        'PAYMENT_PARTIALLY_APPROVED',
        'PAYMENT_APPROVED',
        'PAYMENT_SENT',
        'PAYMENT_PAID',
        'REPORT_SUBMITTED',
        'REPORT_RETURNED',
        'REPORT_APPROVED',
        'CO_FUNDING_COMMITTED',
        'CO_FUNDING_RECEIVED',
        'GRANT_CLOSED',
        'GRANT_TERMINATED',
      ]),
    );
    const ds = await openDataSource(d.t.dbs.disbursement, 'disbursement');
    try {
      await waitFor('the audit log sealed', async () => (await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL`))[0].n === 0);
      const verdict = await verifyAuditChain(ds);
      expect(verdict).toMatchObject({ ok: true, unsealed: 0 });
      expect(verdict.checked).toBeGreaterThan(50);
    } finally {
      await ds.destroy();
    }
  });
});
