import { EventEnvelope, Topics } from '@grants/contracts';
import { Actor, http, sleep, waitFor } from '@grants/testing';
import { createHash, randomUUID } from 'node:crypto';
import { DeliveryKind, Language, LINK_LINE, render } from '../../src/modules/deliveries/templates';
import { Delivery, NotifyPlatform } from '../support/notify-platform';

/**
 * Notifications on real PostgreSQL, Redis and Kafka, as its own process beside the gateway: people
 * register through the gateway in their languages; the events of applications, evaluation and
 * disbursement are published into the run's namespace as those services publish them; what
 * happened is read through `GET /api/notifications/deliveries` and the .eml files the file
 * transport wrote.
 */
describe('notifications: the events that concern a person, mailed once in their language', () => {
  const n = new NotifyPlatform();
  const CALL_ID = randomUUID();
  const CALL_TITLE = { mk: 'Мојот сограѓанин од соседната улица', sq: 'Bashkëqytetari im nga rruga fqinje' };
  /** Everything published in the first test, replayed in the second. */
  const published: { topic: string; envelope: EventEnvelope }[] = [];
  const publish = async <P extends object>(topic: string, key: string, payload: P) => {
    const envelope = await n.publish(topic, key, payload);
    published.push({ topic, envelope });
    return envelope;
  };

  interface Person {
    lang: string;
    name: string;
    actor: Actor;
    applicationId: string;
    reference: string;
    grantId?: string;
    expected: DeliveryKind[];
  }
  const people: Person[] = [];
  let evaluatorSq: Actor;
  let evaluatorEn: Actor;

  const receipt = (applicationId: string, applicantUserId: string, reference: string, callId = CALL_ID) => ({
    applicationId,
    callId,
    applicantUserId,
    reference,
    submittedAt: new Date(Date.now() - 86_400_000).toISOString(),
    contentSha256: createHash('sha256').update(reference).digest('hex'),
  });
  const statusChanged = (p: Person, status: string, note?: string) => ({
    applicationId: p.applicationId,
    callId: CALL_ID,
    applicantUserId: p.actor.id,
    reference: p.reference,
    status,
    changedAt: new Date().toISOString(),
    ...(note ? { note } : {}),
  });
  const grantOpened = (grantId: string, applicationId: string, amountMinor: string, currency: string) => ({
    grantId,
    awardId: randomUUID(),
    callId: CALL_ID,
    applicationId,
    amountMinor,
    currency,
    openedAt: new Date().toISOString(),
  });
  const payment = (grantId: string, applicationId: string, amountMinor: string, currency: string, applicantUserId?: string, trancheSequence?: number) => ({
    paymentId: randomUUID(),
    grantId,
    callId: CALL_ID,
    applicationId,
    ...(applicantUserId ? { applicantUserId } : {}),
    amountMinor,
    currency,
    ...(trancheSequence ? { trancheSequence } : {}),
  });
  const reportDecided = (grantId: string, decision: 'APPROVED' | 'RETURNED', o: { applicantUserId?: string; kind?: 'INTERIM' | 'FINAL'; number?: number; comment?: string } = {}) => ({
    reportId: randomUUID(),
    grantId,
    callId: CALL_ID,
    ...(o.applicantUserId ? { applicantUserId: o.applicantUserId } : {}),
    kind: o.kind ?? 'INTERIM',
    number: o.number ?? 1,
    decision,
    ...(o.comment ? { comment: o.comment } : {}),
    decidedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    await n.start({ label: 'notify', basePort: 4700 });
  });

  afterAll(async () => {
    await n.stop();
  });

  it('mails each person once per event, in their own language, from every event that concerns them', async () => {
    // The call's titles, as calls publishes them (for the evaluators' assignment mails).
    await publish(Topics.CallPublishedV1, CALL_ID, {
      callId: CALL_ID,
      referenceCode: 'NTF-ESSAY-2026',
      kind: 'ESSAY_CONTEST',
      currency: 'MKD',
      budgetMinor: '9000000',
      opensAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      closesAt: new Date(Date.now() - 86_400_000).toISOString(),
      timeZone: 'Europe/Skopje',
      blindReview: true,
      defaultLanguage: 'mk',
      texts: { mk: { title: CALL_TITLE.mk }, sq: { title: CALL_TITLE.sq } },
      publishedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    });

    const applicants: [string, string][] = [
      ['mk', 'Ана Петровска'],
      ['sq', 'Arbër Krasniqi'],
      ['bs', 'Džemal Hodžić'],
      ['sr', 'Марко Јовановић'],
      ['hr', 'Ivana Kovačević'],
      ['bg', 'Десислава Иванова'],
      ['en', 'John Smith'],
    ];
    for (const [lang, name] of applicants) {
      const actor = await n.client.applicant(name, { language: lang });
      const i = people.length + 1;
      people.push({ lang, name, actor, applicationId: randomUUID(), reference: `NTF-ESSAY-2026-000${i}`, expected: ['WELCOME', 'RECEIPT', 'ELIGIBILITY'] });
    }
    const [mk, sq, bs, sr, hr, bg, en] = people;
    evaluatorSq = await n.staff(['EVALUATOR'], 'Blerta Hoxha', 'sq');
    evaluatorEn = await n.staff(['EVALUATOR'], 'Jane Evaluator', 'en');

    for (const p of people) await publish(Topics.ReceiptIssuedV1, p.applicationId, receipt(p.applicationId, p.actor.id, p.reference));
    // Screening: one ineligible (with the reason), the rest eligible; steps that send nothing.
    for (const p of people) {
      if (p === sq) await publish(Topics.ApplicationStatusChangedV1, p.applicationId, statusChanged(p, 'INELIGIBLE', 'Kandidati është më i vjetër se 19 vjeç.'));
      else await publish(Topics.ApplicationStatusChangedV1, p.applicationId, statusChanged(p, 'ELIGIBLE'));
    }
    const silent = [
      await publish(Topics.ApplicationStatusChangedV1, mk.applicationId, statusChanged(mk, 'UNDER_REVIEW')),
      await publish(Topics.ApplicationStatusChangedV1, hr.applicationId, statusChanged(hr, 'CLARIFICATION_REQUESTED', 'Pošaljite potvrdu škole.')),
      await publish(Topics.ApplicationStatusChangedV1, en.applicationId, statusChanged(en, 'APPEAL_FILED')),
    ];
    // Results: awarded, reserve, not selected.
    const outcomes: [Person, string][] = [
      [mk, 'AWARDED'],
      [bs, 'AWARDED'],
      [bg, 'AWARDED'],
      [sr, 'RESERVE'],
      [hr, 'NOT_SELECTED'],
      [en, 'NOT_SELECTED'],
    ];
    for (const [p, status] of outcomes) {
      await publish(Topics.ApplicationStatusChangedV1, p.applicationId, statusChanged(p, status));
      p.expected.push('RESULTS');
    }
    // Grants and payments (disbursement): with and without the grantee named in the event.
    const money: [Person, string, string][] = [
      [mk, '3000000', 'MKD'],
      [bs, '250000', 'BAM'],
      [bg, '150000', 'EUR'],
    ];
    for (const [p, amount, currency] of money) {
      p.grantId = randomUUID();
      await publish(Topics.GrantOpenedV1, p.grantId, grantOpened(p.grantId, p.applicationId, amount, currency));
      p.expected.push('AWARD');
    }
    const approvedMk = payment(mk.grantId!, mk.applicationId, '3000000', 'MKD', mk.actor.id, 1);
    await publish(Topics.PaymentApprovedV1, approvedMk.paymentId, { ...approvedMk, approverIds: [randomUUID()], approvedAt: new Date().toISOString() });
    await publish(Topics.PaymentPaidV1, approvedMk.paymentId, { ...approvedMk, endToEndId: 'E2E-NTF-0001', paidAt: new Date().toISOString() });
    mk.expected.push('PAYMENT_APPROVED', 'PAYMENT_PAID');
    const approvedBs = payment(bs.grantId!, bs.applicationId, '175000', 'BAM');
    await publish(Topics.PaymentApprovedV1, approvedBs.paymentId, { ...approvedBs, approverIds: [randomUUID()], approvedAt: new Date().toISOString() });
    bs.expected.push('PAYMENT_APPROVED');
    const paidBg = payment(bg.grantId!, bg.applicationId, '150000', 'EUR');
    await publish(Topics.PaymentPaidV1, paidBg.paymentId, { ...paidBg, endToEndId: 'E2E-NTF-0002', paidAt: new Date().toISOString() });
    bg.expected.push('PAYMENT_PAID');
    // Evaluation: assignments, for a call notifications knows and for one it does not.
    await publish(Topics.AssignmentCreatedV1, evaluatorSq.id, {
      callId: CALL_ID,
      evaluatorUserId: evaluatorSq.id,
      count: 3,
      totalInCall: 3,
      reason: 'INITIAL',
      assignedAt: new Date().toISOString(),
    });
    await publish(Topics.AssignmentCreatedV1, evaluatorEn.id, {
      callId: randomUUID(),
      evaluatorUserId: evaluatorEn.id,
      count: 2,
      totalInCall: 4,
      reason: 'ADDITIONAL_EVALUATOR',
      assignedAt: new Date().toISOString(),
    });

    // Every person: exactly the expected kinds, each once, sent, in their language.
    for (const p of people) {
      const sent = await n.sentTo(p.actor.id, p.expected.length, `${p.expected.length} mails to ${p.name} (${p.lang})`);
      expect(sent.map((d) => d.kind).sort()).toEqual([...p.expected].sort());
      for (const d of sent) {
        expect({ kind: d.kind, language: d.language }).toEqual({ kind: d.kind, language: p.lang });
        const mail = n.mail(d.id);
        expect(mail.subject).toBe(d.subject);
        expect(mail.to).toBe(p.actor.email);
        expect(mail.contentLanguage).toBe(p.lang);
        if (d.kind !== 'WELCOME') expect(`${mail.subject}\n${mail.body}`).toContain(p.reference);
      }
    }
    const byKind = async (p: Person, kind: DeliveryKind) => {
      const d = (await n.deliveries({ recipientUserId: p.actor.id })).find((x) => x.kind === kind)!;
      return { ...d, mail: n.mail(d.id) };
    };

    // The texts, as a reader of each language reads them.
    expect((await byKind(mk, 'RECEIPT')).subject).toBe(`Примено: ${mk.reference}`);
    const ineligible = await byKind(sq, 'ELIGIBILITY');
    expect(ineligible.subject).toBe(`Vendimi për pranueshmërinë: ${sq.reference}`);
    expect(ineligible.mail.body).toContain(`Aplikimi juaj ${sq.reference} nuk i plotëson kushtet e thirrjes.`);
    expect(ineligible.mail.body).toContain('Arsyeja: Kandidati është më i vjetër se 19 vjeç.');
    expect((await byKind(bs, 'ELIGIBILITY')).mail.body).toBe(
      `Vaša prijava ${bs.reference} ispunjava uslove poziva i prelazi u fazu ocjenjivanja.\nOtvorite na portalu: ${n.portalUrl}/applications/${bs.applicationId}`,
    );
    const awarded = await byKind(mk, 'RESULTS');
    expect(awarded.subject).toBe(`Резултати од повикот „${CALL_TITLE.mk}“: ${mk.reference}`);
    expect(awarded.mail.body).toContain(`Вашата пријава ${mk.reference} е избрана за награда.`);
    expect((await byKind(sr, 'RESULTS')).mail.body).toContain(`Ваша пријава ${sr.reference} налази се на резервној листи.`);
    expect((await byKind(hr, 'RESULTS')).mail.body).toContain(`Vaša prijava ${hr.reference} ovaj put nije odabrana.`);
    expect((await byKind(en, 'RESULTS')).mail.body).toContain(`Your application ${en.reference} has not been selected this time.`);
    const award = await byKind(mk, 'AWARD');
    expect(award.subject).toBe(`Честитки: ${mk.reference} е наградена`);
    expect(award.mail.body).toContain('30000.00 MKD');
    expect(award.aggregateId).toBe(mk.grantId);
    expect((await byKind(bs, 'AWARD')).mail.body).toContain(`Vaša prijava ${bs.reference} nagrađena je iznosom 2500.00 BAM.`);
    expect((await byKind(mk, 'PAYMENT_APPROVED')).mail.body).toContain(`Одобрена е уплата од 30000.00 MKD за ${mk.reference} (транша 1).`);
    expect((await byKind(mk, 'PAYMENT_PAID')).subject).toBe('Уплатата е извршена: 30000.00 MKD');
    // Named by the owner table (the events did not name the grantee).
    expect((await byKind(bs, 'PAYMENT_APPROVED')).mail.body).toContain(`Odobrena je uplata od 1750.00 BAM za ${bs.reference}.`);
    expect((await byKind(bg, 'PAYMENT_PAID')).subject).toBe('Плащането е извършено: 1500.00 EUR');

    // Every subject is the template of the person's language, filled.
    for (const p of people) {
      for (const d of await n.deliveries({ recipientUserId: p.actor.id })) {
        expect(d.subject).toBe(render(d.kind as DeliveryKind, p.lang, { ...varsFor(p, d), displayName: p.name }).subject);
      }
    }

    // The evaluators: the call's title in their language, or a neutral wording for a call not known here.
    const [sqAssignment] = (await n.sentTo(evaluatorSq.id, 2)).filter((d) => d.kind === 'ASSIGNMENT');
    expect(sqAssignment).toMatchObject({ language: 'sq', subject: `Aplikime të reja për vlerësim: ${CALL_TITLE.sq}` });
    expect(n.mail(sqAssignment.id).body).toContain('Aplikime të reja që ju janë caktuar për vlerësim: 3');
    const [enAssignment] = (await n.sentTo(evaluatorEn.id, 2)).filter((d) => d.kind === 'ASSIGNMENT');
    expect(enAssignment).toMatchObject({ language: 'en', subject: 'New entries to evaluate' });
    expect(n.mail(enAssignment.id).body).toContain('New entries assigned to you for evaluation: 2.');
    // Nothing leaves for the evaluators about anyone's application.
    for (const d of [sqAssignment, enAssignment]) for (const p of people) expect(n.mail(d.id).body).not.toContain(p.reference);

    // Timeline steps that are not mailed: consumed, and nothing recorded for them.
    await n.consumed(silent.map((e) => e.eventId));
    const all = [...(await Promise.all(people.map((p) => n.deliveries({ recipientUserId: p.actor.id })))).flat()];
    for (const e of silent) expect(all.filter((d) => d.eventId === e.eventId)).toEqual([]);

    function varsFor(p: Person, d: Delivery): Record<string, unknown> {
      const outcome = outcomes.find(([q]) => q === p)?.[1];
      return {
        reference: p.reference,
        eligible: p !== sq,
        awarded: outcome === 'AWARDED',
        reserve: outcome === 'RESERVE',
        notSelected: outcome === 'NOT_SELECTED',
        callTitle: d.kind === 'RESULTS' ? (CALL_TITLE as Record<string, string>)[p.lang] ?? CALL_TITLE.mk : undefined,
        amount: ['AWARD', 'PAYMENT_APPROVED', 'PAYMENT_PAID'].includes(d.kind) ? amountOf(p, d.kind) : undefined,
      };
    }
    function amountOf(p: Person, kind: string): string {
      if (p === mk) return '30000.00 MKD';
      if (p === bs) return kind === 'AWARD' ? '2500.00 BAM' : '1750.00 BAM';
      return '1500.00 EUR';
    }
  });

  it('sends nothing twice when every event is delivered again', async () => {
    expect(published.length).toBeGreaterThan(20);
    const files = n.mailFiles().length;
    const before = await Promise.all([...people.map((p) => p.actor.id), evaluatorSq.id, evaluatorEn.id].map((id) => n.deliveries({ recipientUserId: id })));
    const duplicates = await n.duplicatesSeen();
    for (const { topic, envelope } of published) await n.replay(topic, envelope);
    await waitFor('notifications to recognise every replay', async () => (await n.duplicatesSeen()) >= duplicates + published.length, {
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await sleep(2000); // any mail a replay had wrongly scheduled would be written by now
    const after = await Promise.all([...people.map((p) => p.actor.id), evaluatorSq.id, evaluatorEn.id].map((id) => n.deliveries({ recipientUserId: id })));
    expect(after).toEqual(before);
    expect(n.mailFiles().length).toBe(files);
    for (const p of people.filter((q) => q.grantId)) expect(await n.deliveries({ aggregateId: p.grantId! })).toHaveLength(1);
  });

  it('holds an award, a payment and a returned report that arrive before the receipt, and sends each once when it arrives', async () => {
    const fatmire = await n.client.applicant('Fatmire Berisha', { language: 'sq' });
    await n.sentTo(fatmire.id, 1, 'the welcome mail');
    const applicationId = randomUUID();
    const reference = 'NTF-ESSAY-2026-0101';
    const grantId = randomUUID();
    // Disbursement's events first (other topics, other partitions: nothing orders them after the receipt).
    const opened = await n.publish(Topics.GrantOpenedV1, grantId, grantOpened(grantId, applicationId, '1000000', 'MKD'));
    const paid = payment(grantId, applicationId, '800000', 'MKD', undefined, 1);
    await n.publish(Topics.PaymentPaidV1, paid.paymentId, { ...paid, endToEndId: 'E2E-NTF-0101', paidAt: new Date().toISOString() });
    const returned = reportDecided(grantId, 'RETURNED', { comment: 'Mungojnë faturat për muajin mars.' });
    await n.publish(Topics.ReportDecidedV1, returned.reportId, returned);

    const waiting = await waitFor('three deliveries waiting for the owner', async () => {
      const rows = await n.t.query('notifications', `SELECT kind, status, recipient_user_id FROM delivery WHERE application_id = $1 OR grant_id = $2`, [applicationId, grantId]);
      return rows.length === 3 && rows;
    });
    expect(waiting.map((r) => [r.kind, r.status, r.recipient_user_id]).sort()).toEqual([
      ['AWARD', 'AWAITING_RECIPIENT', null],
      ['PAYMENT_PAID', 'AWAITING_RECIPIENT', null],
      ['REPORT_RETURNED', 'AWAITING_RECIPIENT', null],
    ]);
    const [held] = await n.deliveries({ aggregateId: grantId });
    expect(held).toMatchObject({ kind: 'AWARD', status: 'AWAITING_RECIPIENT' });
    await sleep(1500);
    expect(n.mailFiles().filter((f) => f.startsWith(held.id))).toEqual([]);

    // The receipt arrives: the owner is known, and all of it goes, once.
    const receiptEvent = await n.publish(Topics.ReceiptIssuedV1, applicationId, receipt(applicationId, fatmire.id, reference));
    const sent = await n.sentTo(fatmire.id, 5, 'welcome, receipt, award, payment and report mails');
    expect(sent.map((d) => d.kind).sort()).toEqual(['AWARD', 'PAYMENT_PAID', 'RECEIPT', 'REPORT_RETURNED', 'WELCOME']);
    for (const d of sent) expect(d.language).toBe('sq');
    const award = sent.find((d) => d.kind === 'AWARD')!;
    expect(award).toMatchObject({ id: held.id, subject: `Urime: ${reference} u shpërblye`, aggregateId: grantId });
    expect(n.mail(award.id).body).toContain(`Aplikimi juaj ${reference} u shpërblye me 10000.00 MKD.`);
    expect(n.mail(sent.find((d) => d.kind === 'PAYMENT_PAID')!.id).body).toBe(
      `Një pagesë prej 8000.00 MKD për ${reference} (kësti 1) u dërgua në llogarinë tuaj.\nHapeni në portal: ${n.portalUrl}/grants`,
    );
    const report = n.mail(sent.find((d) => d.kind === 'REPORT_RETURNED')!.id);
    expect(report.subject).toBe(`Raporti për ${reference} u kthye për plotësim`);
    expect(report.body).toContain(`Raporti juaj i ndërmjetëm nr. 1 për ${reference} u kthye për plotësim.`);
    expect(report.body).toContain('Komenti: Mungojnë faturat për muajin mars.');

    // The grant and the receipt once more: still one award, one receipt.
    const duplicates = await n.duplicatesSeen();
    await n.replay(Topics.GrantOpenedV1, opened);
    await n.replay(Topics.ReceiptIssuedV1, receiptEvent);
    await waitFor('both replays recognised', async () => (await n.duplicatesSeen()) >= duplicates + 2, { timeoutMs: 120_000 });
    await sleep(1500);
    expect(await n.deliveries({ aggregateId: grantId })).toHaveLength(1);
    expect(await n.deliveries({ recipientUserId: fatmire.id })).toHaveLength(5);
    expect(n.mailFiles().filter((f) => sent.some((d) => f === `${d.id}.eml`))).toHaveLength(5);
  });

  it('holds what concerns a person whose registration has not arrived yet, and sends it when it does', async () => {
    const userId = randomUUID();
    const applicationId = randomUUID();
    const grantId = randomUUID();
    const reference = 'NTF-ESSAY-2026-0102';
    // Award before receipt, receipt before the person's registration, an assignment too.
    await n.publish(Topics.GrantOpenedV1, grantId, grantOpened(grantId, applicationId, '2000000', 'MKD'));
    await n.publish(Topics.ReceiptIssuedV1, applicationId, receipt(applicationId, userId, reference));
    await n.publish(Topics.AssignmentCreatedV1, userId, {
      callId: CALL_ID,
      evaluatorUserId: userId,
      count: 1,
      totalInCall: 1,
      reason: 'LATE_ENTRY',
      assignedAt: new Date().toISOString(),
    });
    const waiting = await waitFor('three deliveries waiting for the person', async () => {
      const rows = await n.deliveries({ recipientUserId: userId });
      return rows.length === 3 && rows.every((d) => d.status === 'AWAITING_RECIPIENT') && rows;
    });
    expect(waiting.map((d) => d.kind).sort()).toEqual(['ASSIGNMENT', 'AWARD', 'RECEIPT']);

    // The gateway's registration event (as identity publishes it) arrives last.
    await n.publish(Topics.UserRegisteredV1, userId, {
      userId,
      email: `late-${userId.slice(0, 8)}@example.org`,
      displayName: 'Petra Horvat',
      roles: ['APPLICANT'],
      preferredLanguage: 'hr',
      applicantType: 'STUDENT',
      registeredAt: new Date().toISOString(),
    });
    const sent = await n.sentTo(userId, 4, 'welcome, receipt, award and assignment mails in Croatian');
    expect(sent.map((d) => [d.kind, d.language]).sort()).toEqual([
      ['ASSIGNMENT', 'hr'],
      ['AWARD', 'hr'],
      ['RECEIPT', 'hr'],
      ['WELCOME', 'hr'],
    ]);
    expect(sent.find((d) => d.kind === 'AWARD')!.subject).toBe(`Čestitamo: ${reference} je nagrađena`);
    expect(sent.find((d) => d.kind === 'RECEIPT')!.subject).toBe(`Zaprimljeno: ${reference}`);
    // The call is known here, with no Croatian title: its default language's title.
    expect(sent.find((d) => d.kind === 'ASSIGNMENT')!.subject).toBe(`Nove prijave za ocjenjivanje: ${CALL_TITLE.mk}`);
    expect(n.mail(sent.find((d) => d.kind === 'WELCOME')!.id).to).toBe(`late-${userId.slice(0, 8)}@example.org`);
  });

  it('mails a returned report with the officer’s comment, and nothing for an approved one', async () => {
    const bs = people.find((p) => p.lang === 'bs')!;
    const before = (await n.deliveries({ recipientUserId: bs.actor.id })).length;
    const approved = reportDecided(bs.grantId!, 'APPROVED', { applicantUserId: bs.actor.id, kind: 'FINAL' });
    const approvedEvent = await n.publish(Topics.ReportDecidedV1, approved.reportId, approved);
    const returned = reportDecided(bs.grantId!, 'RETURNED', {
      applicantUserId: bs.actor.id,
      kind: 'INTERIM',
      number: 2,
      comment: 'Nedostaju računi za mart i izvještaj o broju učesnika.',
    });
    await n.publish(Topics.ReportDecidedV1, returned.reportId, returned);

    const sent = await n.sentTo(bs.actor.id, before + 1, 'the returned-report mail');
    const mail = sent.find((d) => d.kind === 'REPORT_RETURNED')!;
    expect(mail).toMatchObject({ aggregateId: returned.reportId, language: 'bs', subject: `Izvještaj za ${bs.reference} vraćen je na doradu` });
    const eml = n.mail(mail.id);
    expect(eml.body).toContain(`Vaš periodični izvještaj br. 2 za ${bs.reference} vraćen je na doradu.`);
    expect(eml.body).toContain('Komentar: Nedostaju računi za mart i izvještaj o broju učesnika.');

    await n.consumed([approvedEvent.eventId]);
    await sleep(1000);
    expect(await n.deliveries({ aggregateId: approved.reportId })).toEqual([]);
    expect(await n.deliveries({ recipientUserId: bs.actor.id })).toHaveLength(before + 1);
  });

  it('ends every mail with a link to the page it is about in the portal, in the reader\'s language', async () => {
    const pageOf = (p: Person, kind: string): string => {
      switch (kind) {
        case 'WELCOME':
          return `${n.portalUrl}/`;
        case 'RECEIPT':
          return `${n.portalUrl}/applications/${p.applicationId}/receipt`;
        case 'ELIGIBILITY':
        case 'RESULTS':
        case 'CLARIFICATION':
          return `${n.portalUrl}/applications/${p.applicationId}`;
        case 'AWARD':
          return `${n.portalUrl}/grants/${p.grantId}/bank-details`;
        case 'PAYMENT_APPROVED':
        case 'PAYMENT_PAID':
          return `${n.portalUrl}/grants`;
        case 'REPORT_RETURNED':
          return `${n.portalUrl}/grants/${p.grantId}/reports`;
        default:
          throw new Error(`no page expected for ${kind}`);
      }
    };
    let checked = 0;
    for (const p of people) {
      for (const d of await n.deliveries({ recipientUserId: p.actor.id })) {
        const lastLine = n.mail(d.id).body.split('\n').pop();
        expect({ kind: d.kind, lastLine }).toEqual({ kind: d.kind, lastLine: LINK_LINE[p.lang as Language].replace('{{link}}', pageOf(p, d.kind)) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(people.length * 3);
  });

  it('mails a clarification request with the question and the answer-by instant, linking to the application', async () => {
    const p = people.find((x) => x.lang === 'mk')!;
    const before = (await n.deliveries({ recipientUserId: p.actor.id })).length;
    const clarificationId = randomUUID();
    const respondBy = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await n.publish(Topics.ClarificationRequestedV1, p.applicationId, {
      clarificationId,
      applicationId: p.applicationId,
      callId: CALL_ID,
      applicantUserId: p.actor.id,
      reference: p.reference,
      question: 'Приложете ја согласноста од родителот потпишана.',
      respondBy,
      requestedAt: new Date().toISOString(),
    });
    const sent = await n.sentTo(p.actor.id, before + 1, 'the clarification mail');
    const d = sent.find((x) => x.kind === 'CLARIFICATION')!;
    expect(d).toMatchObject({ aggregateId: clarificationId, language: 'mk', subject: `Прашање за вашата пријава ${p.reference}` });
    expect(n.mail(d.id).body).toBe(
      `Службеникот на програмата има прашање за вашата пријава ${p.reference}:\nПриложете ја согласноста од родителот потпишана.\n` +
        `Ве молиме, одговорете до ${respondBy}.\nОтворете го на порталот: ${n.portalUrl}/applications/${p.applicationId}`,
    );
  });

  it('sends a reset link that opens /reset-password in the portal, and its token sets a new password', async () => {
    const email = `reset-${randomUUID().slice(0, 8)}@example.org`;
    await n.client.expect('POST', '/auth/register', 201, { email, password: 'old-password-1', displayName: 'Elena Reset', preferredLanguage: 'hr', applicantType: 'STUDENT' });
    const actor = await n.client.login(email, 'old-password-1');
    await n.client.expect('POST', '/auth/password-reset', 202, { email });
    const sent = await n.sentTo(actor.id, 2, 'welcome and reset mails');
    const reset = n.mail(sent.find((d) => d.kind === 'PASSWORD_RESET')!.id);
    expect(reset.contentLanguage).toBe('hr');
    const link = /https?:\/\/\S+/.exec(reset.body)?.[0];
    expect(link).toMatch(new RegExp(`^${n.portalUrl.replace(/[.:/]/g, '\\$&')}/reset-password\\?token=[A-Za-z0-9_-]{43}$`));
    const url = new URL(link!);
    expect(url.pathname).toBe('/reset-password');
    // The portal's page posts the token from its address, as a browser would read it.
    const token = url.searchParams.get('token')!;
    const confirmed = await http('POST', `${n.client.api}/auth/password-reset/confirm`, { token, newPassword: 'new-password-2' });
    expect(confirmed.status).toBe(204);
    expect((await http('POST', `${n.client.api}/auth/login`, { email, password: 'old-password-1' })).status).toBe(401);
    expect((await http('POST', `${n.client.api}/auth/login`, { email, password: 'new-password-2' })).status).toBe(200);
    // The link is spent.
    expect((await http('POST', `${n.client.api}/auth/password-reset/confirm`, { token, newPassword: 'third-password-3' })).status).toBe(422);
  });

  it('writes in the language a person chooses in the portal (PATCH /api/auth/me) from the next mail on', async () => {
    const email = `lang-${randomUUID().slice(0, 8)}@example.org`;
    await n.client.expect('POST', '/auth/register', 201, { email, password: 'lang-password-1', displayName: 'Lena Langer', preferredLanguage: 'en', applicantType: 'STUDENT' });
    const actor = await n.client.login(email, 'lang-password-1');
    expect(await n.client.expect('GET', '/auth/me', 200, undefined, actor.auth)).toMatchObject({ id: actor.id, email, preferredLanguage: 'en', roles: ['APPLICANT'] });
    await n.sentTo(actor.id, 1, 'the welcome, before the change');

    const bad = await http('PATCH', `${n.client.api}/auth/me`, { preferredLanguage: 'de' }, actor.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      { field: 'preferredLanguage', code: 'ONE_OF', params: { allowed: ['mk', 'sq', 'bs', 'sr', 'hr', 'bg', 'en'] }, reason: expect.any(String) },
    ]);
    expect((await http('PATCH', `${n.client.api}/auth/me`, { preferredLanguage: 'sq', roles: ['ADMIN'] }, actor.auth)).status).toBe(400);
    expect((await http('PATCH', `${n.client.api}/auth/me`, { preferredLanguage: 'sq' })).status).toBe(401);

    const changed = await n.client.expect('PATCH', '/auth/me', 200, { preferredLanguage: 'sq' }, actor.auth);
    expect(changed).toMatchObject({ id: actor.id, preferredLanguage: 'sq' });
    expect((await n.client.expect('GET', '/auth/me', 200, undefined, actor.auth)).preferredLanguage).toBe('sq');
    const audit = await n.t.query('gateway', `SELECT before, after FROM audit_log WHERE action = 'account.language-changed' AND entity_id = $1`, [actor.id]);
    expect(audit).toEqual([{ before: { preferredLanguage: 'en' }, after: { preferredLanguage: 'sq' } }]);

    // The welcome went out in English; the reset link, asked for after the change, comes in Albanian.
    await waitFor('the new language in notifications', async () => {
      const [r] = await n.t.query('notifications', `SELECT preferred_language FROM recipient WHERE user_id = $1`, [actor.id]);
      return r?.preferred_language === 'sq';
    });
    await n.client.expect('POST', '/auth/password-reset', 202, { email });
    const sent = await n.sentTo(actor.id, 2, 'welcome and reset');
    expect(sent.find((d) => d.kind === 'WELCOME')!.language).toBe('en');
    const reset = sent.find((d) => d.kind === 'PASSWORD_RESET')!;
    expect(reset).toMatchObject({ language: 'sq', subject: 'Rivendosni fjalëkalimin' });
    expect(n.mail(reset.id).contentLanguage).toBe('sq');
  });

  it('keeps the newest language whichever of registration and language change arrives first', async () => {
    const userId = randomUUID();
    const email = `order-${userId.slice(0, 8)}@example.org`;
    const registeredAt = new Date(Date.now() - 60_000).toISOString();
    const change = await n.publish(Topics.UserLanguageChangedV1, userId, {
      userId,
      email,
      displayName: 'Order Test',
      preferredLanguage: 'bg',
      changedAt: new Date().toISOString(),
    });
    const registered = await n.publish(Topics.UserRegisteredV1, userId, {
      userId,
      email,
      displayName: 'Order Test',
      roles: ['APPLICANT'],
      preferredLanguage: 'hr',
      registeredAt,
    });
    await n.consumed([change.eventId, registered.eventId]);
    const [r] = await n.t.query('notifications', `SELECT preferred_language, email FROM recipient WHERE user_id = $1`, [userId]);
    expect(r).toEqual({ preferred_language: 'bg', email });
    const sent = await n.sentTo(userId, 1, 'the welcome');
    expect(sent[0]).toMatchObject({ kind: 'WELCOME', language: 'bg' });
  });
});

