import { Topics } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import { Actor, http, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { createHash, randomUUID } from 'node:crypto';
import { collect, eeaCall, essayCall, pdf, publishCall, publishEvent, upload } from '../support/call-events';
import { essayEntry, fieldsOf, until, waitForCall } from '../support/people';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const deadlineText = (instant: number, tz: string) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'long', timeStyle: 'long' }).format(new Date(instant))} (${tz})`;

/**
 * Submission on the real servers (gateway + applications, PostgreSQL, Kafka, Redis): the
 * deadline by the server clock, the replica following amendments, closing and cancellation,
 * idempotent submits under concurrency, receipts that verify until a byte changes,
 * resubmission and withdrawal.
 */
describe('applications: submission, deadline, receipts', () => {
  let t: TestPlatform;
  let bus: KafkaBus;
  let officer: Actor;

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'appsub', basePort: 4500, only: ['gateway', 'applications'] });
    bus = t.bus();
    officer = await t.client.staff(await t.client.admin(), ['PROGRAMME_OFFICER']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('accepts a submission 1 s before closesAt and refuses one 1 s after, by the server clock, with the deadline in the call\'s time zone', async () => {
    const closesAt = Date.now() + 12_000;
    const call = essayCall({ closesAt, timeZone: 'Europe/Skopje' });
    await publishCall(bus, call);
    const early = await t.client.applicant('Рана Пријава');
    const late = await t.client.applicant('Доцна Пријава');
    const draftId = await waitForCall(t.client, call.callId, early);

    await until(closesAt - 1000);
    const before = await t.client.call('POST', `/calls/${call.callId}/applications`, essayEntry('Рана Пријава'), early.auth);
    expect(before.status).toBe(201);
    expect(before.body.reference).toMatch(new RegExp(`^${call.referenceCode}-\\d{4}$`));
    expect(new Date(before.body.submittedAt).getTime()).toBeLessThan(closesAt);

    await until(closesAt + 1000);
    const after = await t.client.call('POST', `/calls/${call.callId}/applications`, essayEntry('Доцна Пријава'), late.auth);
    expect(after.status).toBe(409);
    expect(after.body.error).toBe('APPLICATION.DEADLINE_PASSED');
    expect(after.body.message).toContain(deadlineText(closesAt, 'Europe/Skopje'));
    // Whatever the client claims about time, and through every path: drafts are frozen too.
    const patched = await t.client.call('PATCH', `/applications/${draftId}/draft`, { title: 'Прекасно' }, { ...early.auth, 'if-match': '"v1"' });
    expect(patched.status).toBe(409);
    expect(patched.body.error).toBe('APPLICATION.DEADLINE_PASSED');
    const [{ n }] = await t.query('applications', `SELECT count(*)::int AS n FROM application WHERE call_id = $1 AND status = 'SUBMITTED'`, [call.callId]);
    expect(n).toBe(1);
  });

  it('follows the call: an amendment extends the deadline, a stale snapshot does not undo it, closing and cancellation stop submissions', async () => {
    const past = Date.now() - 60_000;
    const call = essayCall({ closesAt: past, opensAt: past - 3_600_000 });
    await publishCall(bus, call);
    const a = await t.client.applicant('Amended Deadline');
    const entry = essayEntry('Amended Deadline');
    await waitFor('the closed call in applications', async () => {
      const r = await t.client.call('POST', `/calls/${call.callId}/applications`, entry, a.auth);
      return r.status === 409 && r.body.error === 'APPLICATION.DEADLINE_PASSED';
    });
    // The deadline extension reaches applications only through calls.call.amended.v1.
    const extended = { ...call, version: 2, closesAt: new Date(Date.now() + 3_600_000).toISOString() };
    await publishEvent(bus, Topics.CallAmendedV1, call.callId, {
      callId: call.callId,
      version: 2,
      reason: 'Рокот е продолжен',
      changes: [{ type: 'DEADLINE_EXTENDED', from: call.closesAt, to: extended.closesAt }],
      amendedAt: new Date().toISOString(),
      snapshot: extended,
    });
    const receipt = await waitFor('the extended deadline', async () => {
      const r = await t.client.call('POST', `/calls/${call.callId}/applications`, entry, a.auth);
      return r.status === 201 && r.body;
    });
    expect(receipt.reference).toBe(`${call.referenceCode}-0001`);
    // The publication delivered again (version 1, old deadline) changes nothing.
    await publishCall(bus, call);
    const b = await t.client.applicant('Still Open');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await t.client.call('POST', `/calls/${call.callId}/applications`, essayEntry('Still Open'), b.auth)).status).toBe(201);
    // calls' close job for version 2: closed, whatever the clock says.
    await publishEvent(bus, Topics.CallClosedV1, call.callId, {
      callId: call.callId,
      referenceCode: call.referenceCode,
      closesAt: extended.closesAt,
      closedAt: new Date().toISOString(),
      version: 2,
    });
    const c = await t.client.applicant('After Close');
    await waitFor('the close', async () => {
      const r = await t.client.call('POST', `/calls/${call.callId}/applications`, essayEntry('After Close'), c.auth);
      return r.status === 409 && r.body.error === 'APPLICATION.DEADLINE_PASSED';
    });
    await publishEvent(bus, Topics.CallCancelledV1, call.callId, {
      callId: call.callId,
      referenceCode: call.referenceCode,
      previousStatus: 'CLOSED',
      reason: 'Проектот е прекинат',
      cancelledAt: new Date().toISOString(),
    });
    await waitFor('the cancellation', async () => {
      const r = await t.client.call('POST', `/calls/${call.callId}/applications`, essayEntry('After Close'), c.auth);
      return r.status === 409 && r.body.error === 'APPLICATION.CALL_CANCELLED' && r.body.message.includes('Проектот е прекинат');
    });
  });

  it('gives one application and the same receipt to concurrent submits with one Idempotency-Key', async () => {
    const call = essayCall();
    await publishCall(bus, call);
    const a = await t.client.applicant('Idem Potent');
    await waitForCall(t.client, call.callId, a);
    const entry = essayEntry('Idem Potent');
    const key = `submit-${randomUUID()}`;
    const probe = await collect(bus, [Topics.ApplicationSubmittedV1, Topics.ReceiptIssuedV1]);
    // Eight at once: a phone retrying on a bad connection, or a double tap.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => http('POST', `${t.api}/calls/${call.callId}/applications`, entry, { ...a.auth, 'idempotency-key': key })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    const receipts = new Set(answers.map((r) => JSON.stringify(r.body)));
    expect(receipts.size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    const rows = await t.query('applications', `SELECT id, reference FROM application WHERE call_id = $1 AND applicant_user_id = $2 AND status <> 'DRAFT'`, [call.callId, a.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(answers[0].body.applicationId);
    const outbox = await t.query('applications', `SELECT topic FROM outbox_message WHERE message_key = $1`, [rows[0].id]);
    expect(outbox.map((o) => o.topic).sort()).toEqual([Topics.ApplicationSubmittedV1, Topics.ReceiptIssuedV1].sort());
    await waitFor('both events on Kafka', async () => probe.events.filter((e) => e.aggregateId === rows[0].id).length === 2);
    await probe.stop();
    // The same key with another body is a mistake, not a retry.
    const other = await t.client.call('POST', `/calls/${call.callId}/applications`, { ...entry, title: 'Друг наслов' }, { ...a.auth, 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('IDEMPOTENCY.KEY_REUSED');
    // Without a key, a second submission of a one-per-applicant call is refused.
    const again = await t.client.call('POST', `/calls/${call.callId}/applications`, entry, a.auth);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('APPLICATION.ALREADY_SUBMITTED');

    // A draft's submit, twice at once with one key: one receipt.
    const b = await t.client.applicant('Draft Double');
    const draft = await t.client.expect('POST', `/calls/${call.callId}/applications/drafts`, 201, essayEntry('Draft Double'), b.auth);
    const key2 = randomUUID();
    const [s1, s2] = await Promise.all(
      [1, 2].map(() => http('POST', `${t.api}/applications/${draft.id}/submit`, undefined, { ...b.auth, 'idempotency-key': key2 })),
    );
    expect([s1.status, s2.status]).toEqual([201, 201]);
    expect(s1.body).toEqual(s2.body);
    const [{ n }] = await t.query('applications', `SELECT count(*)::int AS n FROM receipt WHERE application_id = $1`, [draft.id]);
    expect(n).toBe(1);
  });

  it('verifies a receipt against the stored content and files, and fails once one byte changes', async () => {
    const call = eeaCall();
    await publishCall(bus, call);
    const ngo = await t.client.applicant('Клуб Отворено общество', { type: 'REGISTERED_ORGANISATION', language: 'bg' });
    const draftId = await waitForCall(t.client, call.callId, ngo);
    const patch = await t.client.call(
      'PATCH',
      `/applications/${draftId}/draft`,
      {
        language: 'bg',
        title: 'Гражданско участие в интеграционната политика',
        summary: 'Проучване, анализ на документи, 8 информационни срещи и кръгла маса.',
        objectives: ['Участие на гражданите в политиката за интеграция'],
        results: ['8 срещи в 8-те общини на област Русе'],
        activities: [{ title: 'Проучване', startsOn: '2024-01-01', endsOn: '2024-03-31' }],
        durationMonths: 10,
        budgetLines: [{ description: 'Срещи', amountMinor: '1000000' }, { description: 'Анализ', amountMinor: '774080' }],
        requestedAmountMinor: '1774080',
        sections: { indicators: 'Брой срещи, брой участници' },
        leadOrganisation: { name: 'Клуб „Отворено общество“ – Русе', email: 'office@osc-ruse.example.bg', country: 'BG' },
        partners: [{ name: 'Областна администрация – Русе', role: 'партньор' }],
        applicant: { fullName: 'Мария Иванова', email: 'maria@osc-ruse.example.bg', applicantType: 'REGISTERED_ORGANISATION', organisation: 'Клуб „Отворено общество“ – Русе' },
      },
      { ...ngo.auth, 'if-match': '"v1"' },
    );
    expect(patch.status).toBe(200);
    const file = pdf('Споразумение за партньорство');
    const res = await upload(t.api, draftId, 'partnershipAgreement', 'споразумение.pdf', file, 'application/pdf', ngo);
    expect(res.status).toBe(201);
    const attachments = (await t.client.expect('GET', `/applications/${draftId}/attachments`, 200, undefined, ngo.auth)).attachments;
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ key: 'partnershipAgreement', contentType: 'application/pdf', sha256: sha(file), sizeBytes: file.length });

    const receipt = await t.client.expect('POST', `/applications/${draftId}/submit`, 201, undefined, ngo.auth);
    expect(receipt).toMatchObject({ applicationId: draftId, revision: 1, reference: `${call.referenceCode}-0001` });
    expect(receipt.submittedAtLocal).toContain('Europe/Sofia');
    const verify = () => t.client.expect('GET', `/applications/${draftId}/receipt/verify?sha256=${receipt.contentSha256}`, 200, undefined, ngo.auth);
    const ok = await verify();
    expect(ok).toMatchObject({ valid: true, matchesGivenSha256: true, recomputedSha256: receipt.contentSha256 });
    expect(ok.attachments).toEqual([{ key: 'partnershipAgreement', sha256: sha(file), recomputedSha256: sha(file), valid: true }]);
    // An officer can verify it too; another applicant cannot even see it.
    expect((await t.client.call('GET', `/applications/${draftId}/receipt/verify`, undefined, officer.auth)).body.valid).toBe(true);
    const stranger = await t.client.applicant('Stranger');
    expect((await t.client.call('GET', `/applications/${draftId}/receipt/verify`, undefined, stranger.auth)).status).toBe(404);

    // One byte of the stored content changes ("Г" → "Д" in the title): verification fails.
    await t.query('applications', `UPDATE receipt SET document = jsonb_set(document, '{content,title}', to_jsonb('Дражданско' || substr(document->'content'->>'title', 11))) WHERE application_id = $1`, [draftId]);
    const tampered = await verify();
    expect(tampered.valid).toBe(false);
    expect(tampered.recomputedSha256).not.toBe(receipt.contentSha256);
    await t.query('applications', `UPDATE receipt SET document = jsonb_set(document, '{content,title}', to_jsonb('Гражданско' || substr(document->'content'->>'title', 11))) WHERE application_id = $1`, [draftId]);
    expect((await verify()).valid).toBe(true);
    // One byte of the attached file changes: verification fails and names the file.
    await t.query('applications', `UPDATE attachment SET content = set_byte(content, 20, get_byte(content, 20) # 1) WHERE application_id = $1`, [draftId]);
    const badFile = await verify();
    expect(badFile.valid).toBe(false);
    expect(badFile.attachments[0]).toMatchObject({ key: 'partnershipAgreement', valid: false });
    // A receipt copy with another hash does not match either.
    await t.query('applications', `UPDATE attachment SET content = set_byte(content, 20, get_byte(content, 20) # 1) WHERE application_id = $1`, [draftId]);
    const wrongCopy = await t.client.expect('GET', `/applications/${draftId}/receipt/verify?sha256=${'0'.repeat(64)}`, 200, undefined, ngo.auth);
    expect(wrongCopy).toMatchObject({ valid: true, matchesGivenSha256: false });
  });

  it('resubmits before the deadline with a new receipt, and withdraws with a reason', async () => {
    const call = essayCall();
    await publishCall(bus, call);
    const a = await t.client.applicant('Ана Ресубмит');
    const draftId = await waitForCall(t.client, call.callId, a);
    const probe = await collect(bus, [Topics.ApplicationSubmittedV1, Topics.ApplicationWithdrawnV1, Topics.ApplicationStatusChangedV1]);
    const entry = essayEntry('Ана Ресубмит');
    await t.client.expect('PATCH', `/applications/${draftId}/draft`, 200, { ...entry, version: 1 }, a.auth);
    const first = await t.client.expect('POST', `/applications/${draftId}/submit`, 201, undefined, a.auth);
    // The same content again: the same receipt, nothing new.
    const same = await t.client.call('POST', `/applications/${draftId}/submit`, undefined, a.auth);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(first);
    const draft = await t.client.expect('GET', `/applications/${draftId}/draft`, 200, undefined, a.auth);
    expect(draft.changedSinceSubmission).toBe(false);
    await t.client.expect('PATCH', `/applications/${draftId}/draft`, 200, { title: 'Соседи, втора верзија', version: draft.version }, a.auth);
    const second = await t.client.expect('POST', `/applications/${draftId}/submit`, 201, undefined, a.auth);
    expect(second).toMatchObject({ reference: first.reference, revision: 2 });
    expect(second.receiptId).not.toBe(first.receiptId);
    expect(second.contentSha256).not.toBe(first.contentSha256);
    const list = await t.client.expect('GET', `/applications/${draftId}/receipts`, 200, undefined, a.auth);
    expect(list.receipts.map((r: { revision: number; current: boolean }) => [r.revision, r.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    // The earlier receipt still verifies against what was submitted then.
    expect((await t.client.expect('GET', `/applications/${draftId}/receipt/verify?receiptId=${first.receiptId}`, 200, undefined, a.auth)).valid).toBe(true);

    const noReason = await t.client.call('POST', `/applications/${draftId}/withdraw`, {}, a.auth);
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason.body)).toContain('reason');
    const withdrawn = await t.client.expect('POST', `/applications/${draftId}/withdraw`, 200, { reason: 'Се преселуваме во друг град' }, a.auth);
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect((await t.client.call('POST', `/applications/${draftId}/submit`, undefined, a.auth)).status).toBe(409);
    expect((await t.client.call('POST', `/applications/${draftId}/withdraw`, { reason: 'пак' }, a.auth)).status).toBe(409);
    const timeline = await t.client.expect('GET', `/applications/${draftId}/timeline`, 200, undefined, a.auth);
    expect(timeline.timeline.map((e: { status: string }) => e.status)).toEqual(['SUBMITTED', 'RESUBMITTED', 'WITHDRAWN']);
    expect(timeline.status).toBe('WITHDRAWN');
    // Evaluation hears the entry left (no reason, no identity); the applicant's services hear the status.
    const events = await waitFor('the withdrawal events', async () => {
      const w = probe.events.filter((e) => e.aggregateId === draftId);
      return w.some((e) => e.topic === Topics.ApplicationWithdrawnV1) && w.some((e) => e.topic === Topics.ApplicationStatusChangedV1) && w;
    });
    const w = events.find((e) => e.topic === Topics.ApplicationWithdrawnV1)!;
    expect(Object.keys(w.payload as object).sort()).toEqual(['applicationId', 'callId', 'reference', 'withdrawnAt']);
    expect(events.filter((e) => e.topic === Topics.ApplicationSubmittedV1).map((e) => (e.payload as { revision: number }).revision)).toEqual([1, 2]);
    await probe.stop();
    // The slot is free again: a new application may be submitted.
    expect((await t.client.call('POST', `/calls/${call.callId}/applications`, entry, a.auth)).status).toBe(201);
  });
});
