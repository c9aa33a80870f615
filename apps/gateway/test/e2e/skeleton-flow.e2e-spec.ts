import {
  Actor,
  birthDateForAge,
  http,
  Platform,
  PlatformClient,
  SERVICE_NAMES,
  ServiceName,
  sleep,
  startTestPlatform,
  TestPlatform,
  waitFor,
} from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The walking skeleton, end to end on real servers: every service is its own process with its
 * own database, and every hop between them crosses Kafka.
 */
describe('walking skeleton: call published → grant opened, through every service', () => {
  let t: TestPlatform;
  let platform: Platform;
  let api: string;
  let client: PlatformClient;
  let officer: Actor;
  let finance: Actor;
  let admin: Actor;
  let mailDir: string;
  const query = (svc: ServiceName, sql: string, params: unknown[] = []) => t.query(svc, sql, params);

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'skel', basePort: 4100, env: { KAFKA_TOPIC_PARTITIONS: '3' } });
    ({ platform, api, client } = t);
    mailDir = resolve(t.logDir, 'mail');
    admin = await client.admin();
    officer = await client.staff(admin, ['PROGRAMME_OFFICER']);
    finance = await client.staff(admin, ['FINANCE_OFFICER']);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('carries one essay-contest call from publication to exactly one grant per award', async () => {
    const correlationId = `skel-${randomUUID()}`;
    const now = Date.now();

    // 1. An officer drafts and publishes the call (calls service).
    const created = await http(
      'POST',
      `${api}/calls`,
      {
      referenceCode: 'FMZ-ESSAY-2023',
      kind: 'ESSAY_CONTEST',
      currency: 'MKD',
      budgetMinor: '9000000',
      opensAt: 'ON_PUBLICATION',
      closesAt: new Date(now + 3_600_000).toISOString(),
      timeZone: 'Europe/Skopje',
      defaultLanguage: 'mk',
      texts: { mk: { title: 'Мојот сограѓанин од соседната улица', summary: 'Есеј за средношколци', body: 'Есеј на тема „Мојот сограѓанин од соседната улица“.' } },
      funder: 'Асоцијација Иницијатива за социјална промена ИнСоК',
      submissionLanguages: ['mk', 'sr'],
      eligibility: { applicantTypes: ['STUDENT'], ageRange: { minAge: 14, maxAge: 19 }, guardianConsentUnderAge: 18, wordLimits: { maxWords: 1500 }, onePerApplicant: false },
      form: { sections: [{ key: 'title', required: true }, { key: 'text', required: true }], attachments: [] },
      rubric: { criteria: [{ id: 'relevance', weightPercent: 50, maxScore: 10, step: 1 }, { id: 'originality', weightPercent: 50, maxScore: 10, step: 1 }], passMark: 50 },
      evaluation: { evaluatorsPerEntry: 1, blind: true, divergence: { mode: 'NONE' }, tieBreak: [{ by: 'EARLIER_SUBMISSION' }] },
      awardRules: { mode: 'RANKED_PRIZES', prizesMinor: ['3000000', '2000000', '1000000'], reserveListLength: 0 },
      paymentPolicy: { tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] },
      appealWindowDays: 8,
      },
      officer.auth,
    );
    expect(created.status).toBe(201);
    const callId: string = created.body.id;
    const published = await http('POST', `${api}/calls/${callId}/publish`, undefined, { ...officer.auth, 'x-correlation-id': correlationId });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('OPEN');

    // 2. Applications knows the call only through Kafka: submitting works once the replica arrived.
    const ana = await client.applicant('Ана Петровска');
    const marko = await client.applicant('Марко Јовановић', { language: 'sr' });
    const essay = { title: 'Соседи', text: 'Мојот сосед Ахмет секое утро ја полева улицата…', language: 'mk' };
    const receipt = await waitFor('the call replica in applications', async () => {
      const r = await http(
        'POST',
        `${api}/calls/${callId}/applications`,
        { ...essay, applicant: { fullName: 'Ана Петровска', email: 'ana@example.mk', dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' } },
        ana.auth,
      );
      return r.status === 201 && r.body;
    });
    expect(receipt.reference).toBe('FMZ-ESSAY-2023-0001');
    expect(receipt.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await http(
      'POST',
      `${api}/calls/${callId}/applications`,
      { title: 'Komšija', text: 'Moj komšija Marko…', language: 'sr', applicant: { fullName: 'Марко Јовановић', email: 'marko@example.rs', dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' } },
      marko.auth,
    );
    expect(second.body.reference).toBe('FMZ-ESSAY-2023-0002');
    // Each applicant sees their own application and nobody else's.
    expect((await http('GET', `${api}/applications/${receipt.applicationId}`, undefined, ana.auth)).status).toBe(200);
    const foreign = await http('GET', `${api}/applications/${receipt.applicationId}`, undefined, marko.auth);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Соседи');

    // The applicant gets the receipt by e-mail, in her language, from the receipt event.
    const receiptMail = await waitFor('the receipt e-mail', async () => {
      const r = await http('GET', `${api}/notifications/deliveries?recipientUserId=${ana.id}`, undefined, admin.auth);
      return r.body.deliveries?.find((d: { kind: string; status: string }) => d.kind === 'RECEIPT' && d.status === 'SENT');
    });
    expect(receiptMail.subject).toBe('Примено: FMZ-ESSAY-2023-0001');

    // 3. Evaluation holds the entries (through Kafka), with the review content and no identity.
    const entries = await waitFor('both entries in evaluation', async () => {
      const r = await http('GET', `${api}/evaluation/calls/${callId}/entries`, undefined, officer.auth);
      return r.body.entries?.length === 2 && r.body.entries;
    });
    expect(entries[0]).toMatchObject({ reference: 'FMZ-ESSAY-2023-0001', reviewContent: { title: 'Соседи', text: essay.text } });
    const evaluatorVisible = JSON.stringify(entries);
    for (const secret of ['Ана', 'Петровска', 'ana@example.mk', 'Марко Јовановић', 'marko@example.rs']) {
      expect(evaluatorVisible).not.toContain(secret);
    }

    // 4. An officer records an award (evaluation) …
    const award = await http(
      'POST',
      `${api}/evaluation/entries/${receipt.applicationId}/award`,
      { amountMinor: '3000000', rank: 1 },
      { ...officer.auth, 'x-correlation-id': correlationId },
    );
    expect(award.status).toBe(201);
    expect(award.body).toMatchObject({ amountMinor: '3000000', currency: 'MKD', rank: 1 });

    // 5. … and disbursement opens exactly one grant for it (through Kafka).
    const grants = await waitFor('the grant in disbursement', async () => {
      const r = await http('GET', `${api}/disbursement/grants?awardId=${award.body.awardId}`, undefined, finance.auth);
      return r.body.grants?.length === 1 && r.body.grants;
    });
    expect(grants[0]).toMatchObject({
      awardId: award.body.awardId,
      callId,
      applicationId: receipt.applicationId,
      amountMinor: '3000000',
      currency: 'MKD',
      prizeRank: 1,
      status: 'OPEN',
    });

    // 6. Notifications logs the grant notice, once.
    await waitFor('the delivery log entry', async () => {
      const r = await http('GET', `${api}/notifications/deliveries?aggregateId=${grants[0].id}`, undefined, admin.auth);
      return r.body.deliveries?.length === 1;
    });

    // The request's correlation id travelled with the award into disbursement's own event.
    const [opened] = await query('disbursement', `SELECT envelope FROM outbox_message WHERE topic = 'disbursement.grant.opened.v1'`);
    expect(opened.envelope.correlationId).toBe(correlationId);
    expect(opened.envelope.causationId).toMatch(/^[0-9a-f-]{36}$/);
    // The acting user's id travelled in the envelope of the events their requests caused.
    const [published1] = await query('calls', `SELECT envelope FROM outbox_message WHERE topic = 'calls.call.published.v1'`);
    expect(published1.envelope.actorId).toBe(officer.id);
    const [awarded] = await query('evaluation', `SELECT envelope FROM outbox_message WHERE topic = 'evaluation.award.granted.v1'`);
    expect(awarded.envelope.actorId).toBe(officer.id);

    // 7. Exactly once under faults: the award event delivered again, and disbursement killed and
    // restarted, still leave one grant and one notice.
    const [awardRow] = await query('evaluation', `SELECT envelope FROM outbox_message WHERE topic = 'evaluation.award.granted.v1'`);
    await platform.services.disbursement.kill();
    const bus = t.bus();
    await bus.publish([{ topic: 'evaluation.award.granted.v1', key: award.body.awardId, value: JSON.stringify(awardRow.envelope) }]);
    // The same award under a new event id (a producer retry gone wrong): the unique award id holds.
    await bus.publish([
      {
        topic: 'evaluation.award.granted.v1',
        key: award.body.awardId,
        value: JSON.stringify({ ...awardRow.envelope, eventId: randomUUID() }),
      },
    ]);
    await platform.services.disbursement.start();
    await waitFor('disbursement to have consumed the replays', async () => {
      const rows = await query('disbursement', `SELECT count(*)::int AS n FROM inbox_message WHERE topic = 'evaluation.award.granted.v1'`);
      return rows[0].n === 2;
    });
    await sleep(1000);
    const after = await http('GET', `${api}/disbursement/grants?callId=${callId}`, undefined, finance.auth);
    expect(after.body.grants).toHaveLength(1);
    const deliveries = await http('GET', `${api}/notifications/deliveries?aggregateId=${grants[0].id}`, undefined, admin.auth);
    expect(deliveries.body.deliveries).toHaveLength(1);
  });

  it('welcomes every new account by e-mail in its own language, once, and mails reset links', async () => {
    const elif = await client.applicant('Elif Yılmaz', { language: 'mk' });
    const dzemal = await client.applicant('Džemal Hodžić', { language: 'bs' });
    const sent = async (userId: string) => {
      const r = await http('GET', `${api}/notifications/deliveries?recipientUserId=${userId}`, undefined, admin.auth);
      return r.body.deliveries.filter((d: { status: string }) => d.status === 'SENT');
    };
    const [mk] = await waitFor('the welcome e-mail in Macedonian', async () => (await sent(elif.id)).length === 1 && sent(elif.id));
    expect(mk).toMatchObject({ kind: 'WELCOME', language: 'mk', subject: 'Добредојдовте, Elif Yılmaz' });
    const [bs] = await waitFor('the welcome e-mail in Bosnian', async () => (await sent(dzemal.id)).length === 1 && sent(dzemal.id));
    expect(bs.subject).toBe('Dobro došli, Džemal Hodžić');
    // The message itself, as the file transport wrote it (nodemailer encodes the subject).
    const eml = readFileSync(resolve(mailDir, `${mk.id}.eml`), 'utf8');
    expect(eml).toContain(`To: ${elif.email}`);
    expect(eml).toContain('Subject: =?UTF-8?');
    expect(eml).toContain('Content-Language: mk');
    // The registration event delivered again: no second message.
    const [registered] = await query('gateway', `SELECT envelope FROM outbox_message WHERE topic = 'identity.user.registered.v1' AND message_key = $1`, [elif.id]);
    await t.bus().publish([{ topic: 'identity.user.registered.v1', key: elif.id, value: JSON.stringify(registered.envelope) }]);
    await sleep(1500);
    const all = await http('GET', `${api}/notifications/deliveries?recipientUserId=${elif.id}`, undefined, admin.auth);
    expect(all.body.deliveries).toHaveLength(1);
    // A reset link goes to the right person, in their language.
    await http('POST', `${api}/auth/password-reset`, { email: dzemal.email });
    const reset = await waitFor('the reset e-mail', async () => (await sent(dzemal.id)).find((d: { kind: string }) => d.kind === 'PASSWORD_RESET'));
    expect(reset).toMatchObject({ language: 'bs', subject: 'Promjena lozinke' });
    expect(readFileSync(resolve(mailDir, `${reset.id}.eml`), 'utf8')).toContain('reset-password?token=');
  });

  it('exposes health and Prometheus metrics on every service', async () => {
    for (const s of SERVICE_NAMES) {
      const ready = await http('GET', `${platform.services[s].url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.checks.postgres).toBe('up');
      const metrics = await fetch(`${platform.services[s].url}/metrics`);
      const text = await metrics.text();
      expect(metrics.status).toBe(200);
      expect(text).toContain('http_request_duration_seconds_bucket');
      expect(text).toContain('process_resident_memory_bytes');
      if (s !== 'gateway') {
        expect(ready.body.checks.kafka).toBe('up');
        expect(text).toMatch(/^outbox_backlog_messages \d+$/m);
        expect(text).toMatch(/^outbox_oldest_unpublished_age_seconds [\d.]+$/m);
      }
    }
    const evaluation = await (await fetch(`${platform.services.evaluation.url}/metrics`)).text();
    expect(evaluation).toMatch(/^kafka_consumer_lag_messages\{topic="applications.application.submitted.v1"\} \d+$/m);
    expect(evaluation).toMatch(/^kafka_dlq_messages\{topic="applications.application.submitted.v1.dlq"\} 0$/m);
    expect(evaluation).toMatch(/^kafka_consumer_events\{outcome="processed"\} [1-9]\d*$/m);
  });

  it('refuses bad input at the gateway with the field named, and routes nowhere it should not', async () => {
    const bad = await http('POST', `${api}/calls`, { referenceCode: 'x', kind: 'ESSAY_CONTEST', surprise: true }, officer.auth);
    expect(bad.status).toBe(400);
    const fields = bad.body.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['referenceCode', 'surprise', 'currency', 'opensAt']));
    const applicant = await client.applicant('Test Applicant');
    const unknownCall = await http(
      'POST',
      `${api}/calls/${randomUUID()}/applications`,
      { title: 't', text: 't', language: 'en', applicant: { fullName: 'A', email: 'a@example.org', dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' } },
      applicant.auth,
    );
    expect(unknownCall.status).toBe(404);
    expect(unknownCall.body.error).toBe('APPLICATION.CALL_NOT_FOUND');
    const nowhere = await http('GET', `${api}/payroll/secrets`);
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error).toBe('GATEWAY.NO_ROUTE');
    const malformed = await http('POST', `${api}/calls`, '{"referenceCode": ', { ...officer.auth, 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });
});
