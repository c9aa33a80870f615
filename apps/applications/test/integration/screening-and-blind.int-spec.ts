import { EventEnvelope, Topics } from '@grants/contracts';
import { KafkaBus } from '@grants/messaging';
import { Actor, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { collect, essayCall, publishCall, publishEvent } from '../support/call-events';
import { bornYearsAgo, ESSAY_TEXT, fieldsOf, waitForCall } from '../support/people';

interface Person {
  actor: Actor;
  fullName: string;
  email: string;
  school: string;
  dateOfBirth: string;
  applicationId?: string;
  reference?: string;
}

/**
 * A blind essay contest for minors, end to end in applications: guardian consent, the blind
 * entry and self-identification flags, screening after close (automatic checks, then the
 * officer's decisions and clarifications), the applicant's timeline from evaluation's events,
 * appeals, and the officer's list and CSV export.
 */
describe('applications: minors, blind review, screening, timeline, appeals, officer views', () => {
  let t: TestPlatform;
  let bus: KafkaBus;
  let officer: Actor;
  let evaluator: Actor;
  let probe: Awaited<ReturnType<typeof collect>>;
  const call = essayCall({ appealWindowDays: 8 });
  const people: Record<'ana' | 'elif' | 'marko' | 'dzemal' | 'minor', Person> = {} as never;
  const entry = (p: Person, over: Record<string, unknown> = {}) => ({
    language: 'mk',
    title: 'Соседи',
    text: ESSAY_TEXT,
    applicant: { fullName: p.fullName, email: p.email, school: p.school, dateOfBirth: p.dateOfBirth, applicantType: 'STUDENT' },
    ...over,
  });
  const decide = (p: Person, body: object) => t.client.call('POST', `/applications/${p.applicationId}/eligibility`, body, officer.auth);
  const timeline = async (p: Person) => (await t.client.expect('GET', `/applications/${p.applicationId}/timeline`, 200, undefined, p.actor.auth)) as any;

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'appscreen', basePort: 4520, only: ['gateway', 'applications'] });
    bus = t.bus();
    const admin = await t.client.admin();
    officer = await t.client.staff(admin, ['PROGRAMME_OFFICER']);
    evaluator = await t.client.staff(admin, ['EVALUATOR']);
    probe = await collect(bus, [
      Topics.ApplicationSubmittedV1,
      Topics.EligibilityDecidedV1,
      Topics.ApplicationWithdrawnV1,
      Topics.AppealFiledV1,
      Topics.AppealDecidedV1,
      Topics.ClarificationRequestedV1,
      Topics.ApplicationStatusChangedV1,
      Topics.ReceiptIssuedV1,
    ]);
    await publishCall(bus, call);
    const mk = async (key: keyof typeof people, fullName: string, school: string, age: number) => {
      const actor = await t.client.applicant(fullName);
      people[key] = { actor, fullName, email: `${key}.${randomUUID().slice(0, 6)}@example.mk`, school, dateOfBirth: bornYearsAgo(age) };
    };
    await mk('ana', 'Ана Петровска', 'СУГС „Орце Николов“', 18);
    await mk('elif', 'Elif Yılmaz', 'ООУ „Гоце Делчев“ Скопје', 18);
    await mk('marko', 'Марко Јовановић', 'Гимназија „Јосип Броз Тито“', 19);
    await mk('dzemal', 'Džemal Hodžić', 'SOU „Zef Lush Marku“', 18);
    await mk('minor', 'Ајше Сулејмани', 'СОУ „Кочо Рацин“', 15);
    await waitForCall(t.client, call.callId, people.ana.actor);
  });
  afterAll(async () => {
    await probe?.stop();
    await t?.stop();
  });

  it('lets no minor submit without a recorded guardian consent', async () => {
    const m = people.minor;
    const direct = await t.client.call('POST', `/calls/${call.callId}/applications`, entry(m), m.actor.auth);
    expect(direct.status).toBe(422);
    expect(direct.body.problems).toEqual([{ field: 'guardianConsent', code: 'REQUIRED_BY_RULE', params: { because: 'GUARDIAN_CONSENT', age: 15, underAge: 18 }, reason: expect.stringMatching(/is 15, under 18: a guardian's consent/) }]);
    const draft = await t.client.expect('POST', `/calls/${call.callId}/applications/drafts`, 201, entry(m), m.actor.auth);
    expect(fieldsOf(draft)).toEqual(['guardianConsent']);
    expect(draft.submittable).toBe(false);
    const refused = await t.client.call('POST', `/applications/${draft.id}/submit`, undefined, m.actor.auth);
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual(['guardianConsent']);
    const incomplete = await t.client.call('PUT', `/applications/${draft.id}/guardian-consent`, { guardianName: 'Фатиме Сулејмани' }, m.actor.auth);
    expect(incomplete.status).toBe(400);
    expect([...new Set(fieldsOf(incomplete.body))]).toEqual(['relation']);
    const t0 = Date.now();
    const consented = await t.client.expect('PUT', `/applications/${draft.id}/guardian-consent`, 200, { guardianName: 'Фатиме Сулејмани', relation: 'мајка' }, m.actor.auth);
    expect(consented.guardianConsent).toMatchObject({ guardianName: 'Фатиме Сулејмани', relation: 'мајка' });
    expect(new Date(consented.guardianConsent.consentedAt).getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    const receipt = await t.client.expect('POST', `/applications/${draft.id}/submit`, 201, undefined, m.actor.auth);
    Object.assign(m, { applicationId: receipt.applicationId, reference: receipt.reference });
  });

  it('flags possible self-identification in a blind essay for the officer, and for no one else', async () => {
    for (const key of ['ana', 'marko', 'dzemal'] as const) {
      const p = people[key];
      const over = key === 'dzemal' ? { title: '=HYPERLINK("http://evil.example","клик")' } : {};
      const r = await t.client.expect('POST', `/calls/${call.callId}/applications`, 201, entry(p, over), p.actor.auth);
      Object.assign(p, { applicationId: r.applicationId, reference: r.reference });
    }
    // Elif writes her own surname (in Latin script, as the form has it) and her school.
    const elif = people.elif;
    const r = await t.client.expect(
      'POST',
      `/calls/${call.callId}/applications`,
      201,
      entry(elif, { text: `${ESSAY_TEXT} Јас сум Yilmaz и учам во ООУ Гоце Делчев Скопје.` }),
      elif.actor.auth,
    );
    Object.assign(elif, { applicationId: r.applicationId, reference: r.reference });
    const flagged = await t.client.expect('GET', `/calls/${call.callId}/applications?flagged=true`, 200, undefined, officer.auth);
    expect(flagged.items.map((i: { reference: string }) => i.reference)).toEqual([elif.reference]);
    expect(flagged.items[0].selfIdentification).toEqual([
      { field: 'text', matched: 'SURNAME' },
      { field: 'text', matched: 'SCHOOL' },
    ]);
    const asOfficer = await t.client.expect('GET', `/applications/${elif.applicationId}`, 200, undefined, officer.auth);
    expect(asOfficer.selfIdentification).toHaveLength(2);
    const asOwner = await t.client.expect('GET', `/applications/${elif.applicationId}`, 200, undefined, elif.actor.auth);
    expect(asOwner.selfIdentification).toBeUndefined();
    // Evaluators reach nothing here.
    expect((await t.client.call('GET', `/applications/${elif.applicationId}`, undefined, evaluator.auth)).status).toBe(404);
    expect((await t.client.call('GET', `/calls/${call.callId}/applications`, undefined, evaluator.auth)).status).toBe(403);
  });

  it('screens after close: automatic checks from the call\'s rules, then eligible, ineligible or a clarification', async () => {
    const { ana, elif, marko, dzemal } = people;
    const early = await t.client.call('POST', `/calls/${call.callId}/applications/screening`, undefined, officer.auth);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('SCREENING.CALL_STILL_OPEN');
    expect((await decide(ana, { decision: 'ELIGIBLE' })).status).toBe(409);
    // An amendment raises the minimum length (Marko's essay is short), then calls closes version 2.
    const short = await t.client.applicant('Short Essay');
    const shortPerson: Person = { actor: short, fullName: 'Петар Кратко', email: 'petar@example.mk', school: 'СУГС', dateOfBirth: bornYearsAgo(18) };
    const shortReceipt = await t.client.expect('POST', `/calls/${call.callId}/applications`, 201, entry(shortPerson, { text: 'Мојот сосед е добар човек.' }), short.auth);
    const v2 = { ...call, version: 2, eligibility: { ...call.eligibility!, wordLimits: { minWords: 10, maxWords: 1500 } } };
    await publishEvent(bus, Topics.CallAmendedV1, call.callId, { callId: call.callId, version: 2, reason: 'Најмалку 10 зборови', changes: [], amendedAt: new Date().toISOString(), snapshot: v2 });
    await publishEvent(bus, Topics.CallClosedV1, call.callId, { callId: call.callId, referenceCode: call.referenceCode, closesAt: call.closesAt, closedAt: new Date().toISOString(), version: 2 });
    // The close starts the automatic checks by itself (a job); nothing waits for an officer to ask.
    await waitFor('the automatic checks', async () => {
      const r = await t.client.call('GET', `/calls/${call.callId}/applications?autoCheck=unchecked`, undefined, officer.auth);
      return r.status === 200 && r.body.total === 0;
    });
    const checked = await t.client.expect('GET', `/calls/${call.callId}/applications`, 200, undefined, officer.auth);
    expect(checked.total).toBe(6);
    const failed = checked.items.filter((i: { autoCheck: { passed: boolean } }) => !i.autoCheck.passed);
    expect(failed.map((i: { reference: string }) => i.reference)).toEqual([shortReceipt.reference]);
    expect(failed[0].autoCheck.problems).toEqual([{ field: 'text', code: 'WORD_COUNT', params: { min: 10, words: 5 }, reason: 'has 5 words; the call asks for at least 10' }]);
    expect(checked.items.every((i: { screening: string }) => i.screening === 'PENDING')).toBe(true);
    expect((await t.client.expect('POST', `/calls/${call.callId}/applications/screening`, 200, undefined, officer.auth)).checked).toBe(0);
    // Submissions are over, whatever the clock.
    expect((await t.client.call('POST', `/calls/${call.callId}/applications`, entry(people.ana), (await t.client.applicant('Late')).auth)).status).toBe(409);

    expect((await decide(ana, { decision: 'ELIGIBLE' })).body).toMatchObject({ screening: 'ELIGIBLE', autoCheck: { passed: true } });
    const noReason = await decide(marko, { decision: 'INELIGIBLE' });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    expect((await decide(marko, { decision: 'INELIGIBLE', reason: 'Есејот не е на темата на конкурсот' })).status).toBe(200);
    const shortApp: Person = { ...shortPerson, applicationId: shortReceipt.applicationId, reference: shortReceipt.reference };
    expect((await decide(shortApp, { decision: 'INELIGIBLE', reason: 'Пократок од 10 зборови' })).status).toBe(200);

    // Elif is asked to clarify (her essay names her); she answers in time; then she is eligible.
    const ask = await decide(elif, { decision: 'CLARIFICATION', question: 'Дали текстот го пишувавте сами? Ве молиме потврдете.', respondBy: new Date(Date.now() + 120_000).toISOString() });
    expect(ask.status).toBe(200);
    expect((await decide(elif, { decision: 'CLARIFICATION', question: 'Уште едно?', respondBy: new Date(Date.now() + 60_000).toISOString() })).status).toBe(409);
    const clarifications = await t.client.expect('GET', `/applications/${elif.applicationId}/clarifications`, 200, undefined, elif.actor.auth);
    expect(clarifications.clarifications).toHaveLength(1);
    expect((await t.client.call('POST', `/applications/${elif.applicationId}/clarification/answer`, { answer: 'Да, сама.' }, ana.actor.auth)).status).toBe(404);
    expect((await t.client.expect('POST', `/applications/${elif.applicationId}/clarification/answer`, 200, { answer: 'Да, сама го пишував.' }, elif.actor.auth)).status).toBe('ANSWERED');
    expect((await decide(elif, { decision: 'ELIGIBLE' })).status).toBe(200);

    // Džemal is asked with a short time to answer, and lets it pass: the clarification expires by itself.
    expect((await decide(dzemal, { decision: 'CLARIFICATION', question: 'Наслов?', respondBy: new Date(Date.now() + 2500).toISOString() })).status).toBe(200);
    await waitFor('the clarification to expire', async () => {
      const r = await t.client.expect('GET', `/applications/${dzemal.applicationId}`, 200, undefined, officer.auth);
      return r.screening === 'CLARIFICATION_EXPIRED';
    });
    const tooLate = await t.client.call('POST', `/applications/${dzemal.applicationId}/clarification/answer`, { answer: 'Доцна' }, dzemal.actor.auth);
    expect(tooLate.status).toBe(409);
    expect((await decide(dzemal, { decision: 'INELIGIBLE', reason: 'Не одговори на барањето за појаснување' })).status).toBe(200);
    expect((await decide(people.minor, { decision: 'ELIGIBLE' })).status).toBe(200);

    const decided = await waitFor('eligibility events on Kafka', async () => {
      const d = probe.events.filter((e) => e.topic === Topics.EligibilityDecidedV1);
      return d.length >= 6 && d;
    });
    const forAna = decided.find((e) => e.aggregateId === ana.applicationId)!.payload as Record<string, any>;
    expect(forAna).toMatchObject({ eligible: true, reference: ana.reference, language: 'mk', conflictParties: { applicantEmail: ana.email, applicantOrganisation: ana.school } });
    const forMarko = decided.find((e) => e.aggregateId === marko.applicationId)!.payload as Record<string, any>;
    expect(forMarko).toMatchObject({ eligible: false, reason: 'Есејот не е на темата на конкурсот' });
    const asked = probe.events.find((e) => e.topic === Topics.ClarificationRequestedV1 && e.aggregateId === elif.applicationId)!;
    expect(asked.payload).toMatchObject({ applicantUserId: elif.actor.id, question: expect.stringContaining('сами') });
  });

  it('keeps the applicant\'s timeline from evaluation\'s events, with the receipt; appeals within the window, upheld or rejected', async () => {
    const { ana, elif, marko, dzemal } = people;
    const publishedAt = new Date().toISOString();
    await publishEvent(bus, Topics.ResultsPublishedV1, call.callId, {
      callId: call.callId,
      currency: 'MKD',
      counts: { applications: 6, eligible: 3, ranked: 3, awards: 1, reserve: 1 },
      amountAwardedMinor: '3000000',
      ranking: [
        { position: 1, applicationId: ana.applicationId, reference: ana.reference, finalHundredths: 8850, passed: true, outcome: 'AWARDED', awardAmountMinor: '3000000', prizeRank: 1 },
        { position: 2, applicationId: elif.applicationId, reference: elif.reference, finalHundredths: 8100, passed: true, outcome: 'RESERVE' },
        { position: 3, applicationId: people.minor.applicationId, reference: people.minor.reference, finalHundredths: 4000, passed: false, outcome: 'FAILED' },
      ],
      publishedAt,
    });
    await waitFor('the results in the timeline', async () => (await timeline(elif)).status === 'RESERVE');
    // The reserve is promoted: an award arrives later.
    await publishEvent(bus, Topics.AwardGrantedV1, randomUUID(), {
      awardId: randomUUID(),
      callId: call.callId,
      applicationId: elif.applicationId,
      amountMinor: '2000000',
      currency: 'MKD',
      rank: 2,
    });
    const elifLine = await waitFor('the award in the timeline', async () => {
      const tl = await timeline(elif);
      return tl.status === 'AWARDED' && tl;
    });
    expect(elifLine.timeline.map((e: { status: string }) => e.status)).toEqual([
      'SUBMITTED', 'CLARIFICATION_REQUESTED', 'CLARIFICATION_ANSWERED', 'ELIGIBLE', 'UNDER_REVIEW', 'RESERVE', 'AWARDED',
    ]);
    expect(elifLine.receipt).toMatchObject({ reference: elif.reference, revision: 1, contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const anaLine = await timeline(ana);
    expect(anaLine.timeline.map((e: { status: string }) => e.status)).toEqual(['SUBMITTED', 'ELIGIBLE', 'UNDER_REVIEW', 'AWARDED']);
    expect(anaLine.timeline[3].detail).toMatchObject({ prizeRank: 1, amountMinor: '3000000', currency: 'MKD' });
    expect((await timeline(people.minor)).status).toBe('NOT_SELECTED');
    // The results published again (a new event, the same ranking) add nothing, and take no award back.
    const [{ n: before }] = await t.query('applications', `SELECT count(*)::int AS n FROM application_timeline`);
    const [resultsRow] = await t.query('applications', `SELECT count(*)::int AS n FROM inbox_message WHERE topic = $1`, [Topics.ResultsPublishedV1]);
    await publishEvent(bus, Topics.ResultsPublishedV1, call.callId, {
      callId: call.callId,
      currency: 'MKD',
      counts: { applications: 6, eligible: 3, ranked: 1, awards: 1, reserve: 1 },
      amountAwardedMinor: '3000000',
      ranking: [{ position: 2, applicationId: elif.applicationId, reference: elif.reference, finalHundredths: 8100, passed: true, outcome: 'RESERVE' }],
      publishedAt,
    });
    await waitFor('the second results event consumed', async () => {
      const [r] = await t.query('applications', `SELECT count(*)::int AS n FROM inbox_message WHERE topic = $1`, [Topics.ResultsPublishedV1]);
      return r.n === resultsRow.n + 1;
    });
    expect((await timeline(elif)).status).toBe('AWARDED');
    expect((await t.query('applications', `SELECT count(*)::int AS n FROM application_timeline`))[0].n).toBe(before);

    // Marko appeals his ineligibility; the officer upholds it: he is eligible after all.
    const filed = await t.client.expect('POST', `/applications/${marko.applicationId}/appeals`, 201, { grounds: 'Есејот е токму за соседот од соседната улица.' }, marko.actor.auth);
    expect(filed).toMatchObject({ stage: 'ELIGIBILITY', status: 'FILED' });
    expect((await t.client.call('POST', `/applications/${marko.applicationId}/appeals`, { grounds: 'Пак' }, marko.actor.auth)).status).toBe(409);
    const upheld = await t.client.expect('POST', `/applications/${marko.applicationId}/appeals/${filed.appealId}/decision`, 200, { decision: 'UPHELD', reason: 'Темата е исполнета' }, officer.auth);
    expect(upheld.status).toBe('UPHELD');
    expect((await t.client.call('POST', `/applications/${marko.applicationId}/appeals/${filed.appealId}/decision`, { decision: 'REJECTED', reason: 'x' }, officer.auth)).status).toBe(409);
    const markoLine = await timeline(marko);
    expect(markoLine.status).toBe('UNDER_REVIEW');
    expect(markoLine.timeline.map((e: { status: string }) => e.status)).toEqual(['SUBMITTED', 'INELIGIBLE', 'APPEAL_FILED', 'APPEAL_UPHELD', 'ELIGIBLE', 'UNDER_REVIEW']);
    // Ana appeals against the results (to be sure), and is rejected with a reason.
    const anaAppeal = await t.client.expect('POST', `/applications/${ana.applicationId}/appeals`, 201, { grounds: 'Бодовите за јазик се ниски.' }, ana.actor.auth);
    expect(anaAppeal.stage).toBe('RESULTS');
    await t.client.expect('POST', `/applications/${ana.applicationId}/appeals/${anaAppeal.appealId}/decision`, 200, { decision: 'REJECTED', reason: 'Оценките се во согласност со рубриката' }, officer.auth);
    expect((await t.client.expect('GET', `/applications/${ana.applicationId}/appeals`, 200, undefined, ana.actor.auth)).appeals[0]).toMatchObject({ status: 'REJECTED', decisionReason: 'Оценките се во согласност со рубриката' });
    // Džemal's window (8 days) has passed.
    await t.query('applications', `UPDATE application SET decided_at = now() - interval '9 days' WHERE id = $1`, [dzemal.applicationId]);
    const closed = await t.client.call('POST', `/applications/${dzemal.applicationId}/appeals`, { grounds: 'Доцна' }, dzemal.actor.auth);
    expect(closed.status).toBe(409);
    expect(closed.body.message).toContain('appeal window of 8 day(s) ended');

    const appealEvents = await waitFor('appeal events', async () => {
      const a = probe.events.filter((e) => e.topic === Topics.AppealFiledV1 || e.topic === Topics.AppealDecidedV1);
      return a.length === 4 && a;
    });
    expect(appealEvents.find((e) => e.topic === Topics.AppealDecidedV1 && e.aggregateId === marko.applicationId)!.payload).toMatchObject({
      stage: 'ELIGIBILITY',
      decision: 'UPHELD',
      reason: 'Темата е исполнета',
    });
    const reEligible = await waitFor('the new eligibility after the appeal', async () =>
      probe.events.find((e) => e.topic === Topics.EligibilityDecidedV1 && e.aggregateId === marko.applicationId && (e.payload as { eligible: boolean }).eligible),
    );
    expect(reEligible).toBeTruthy();
    const statusChanges = probe.events.filter((e) => e.topic === Topics.ApplicationStatusChangedV1 && e.aggregateId === marko.applicationId);
    expect(statusChanges.every((e) => (e.payload as { applicantUserId: string }).applicantUserId === marko.actor.id)).toBe(true);
  });

  it('never lets a name, e-mail, school or age reach evaluation: every event and field evaluation can see', async () => {
    // The topics evaluation consumes; conflict parties are the one part it stores apart and never shows.
    const evaluationTopics = [Topics.ApplicationSubmittedV1, Topics.EligibilityDecidedV1, Topics.ApplicationWithdrawnV1, Topics.AppealFiledV1, Topics.AppealDecidedV1];
    const seen = probe.events.filter((e) => (evaluationTopics as string[]).includes(e.topic));
    expect(seen.filter((e) => e.topic === Topics.ApplicationSubmittedV1).length).toBeGreaterThanOrEqual(6);
    const secretsOf = (p: Person) => [...p.fullName.split(' '), p.email, p.school, p.school.replace(/[„“]/g, ''), p.dateOfBirth, p.actor.id];
    // The whole envelope counts (its actorId too), except conflict parties, which evaluation stores apart and never shows.
    const visible = (e: EventEnvelope & { topic: string }) => {
      const { conflictParties: _hidden, ...rest } = e.payload as Record<string, unknown>;
      return JSON.stringify({ ...e, payload: rest });
    };
    const leaks: string[] = [];
    for (const e of seen) {
      const text = visible(e);
      for (const p of Object.values(people)) {
        // Elif named herself in her essay: that is her own text, flagged for the officer (above).
        if (p === people.elif && e.topic === Topics.ApplicationSubmittedV1 && e.aggregateId === p.applicationId) continue;
        for (const s of secretsOf(p)) if (text.includes(s)) leaks.push(`${e.topic} carries "${s}"`);
      }
      if (/"(age|dateOfBirth|school|email|fullName|applicantUserId|guardian[A-Za-z]*)"/.test(text)) leaks.push(`${e.topic} has a personal field: ${text.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
    for (const e of seen.filter((x) => x.topic === Topics.ApplicationSubmittedV1)) {
      const p = e.payload as { reviewContent: Record<string, unknown> };
      expect(Object.keys(p).sort()).toEqual(['applicationId', 'callId', 'contentSha256', 'language', 'reference', 'reviewContent', 'revision', 'submittedAt']);
      expect(Object.keys(p.reviewContent).sort()).toEqual(['language', 'text', 'title']);
    }
    // Who the applicant is travels only where evaluation never listens: the receipt and status events.
    const receipts = probe.events.filter((e) => e.topic === Topics.ReceiptIssuedV1);
    expect(receipts.map((e) => (e.payload as { applicantUserId: string }).applicantUserId)).toEqual(expect.arrayContaining([people.ana.actor.id]));
  });

  it('lists and filters a call\'s applications for the officer, and exports them as safe UTF-8 CSV', async () => {
    const list = (q: string) => t.client.expect('GET', `/calls/${call.callId}/applications${q}`, 200, undefined, officer.auth);
    expect((await list('?screening=INELIGIBLE')).items.map((i: { reference: string }) => i.reference).sort()).toEqual(
      [people.dzemal.reference, (await list('?q=Петар')).items[0].reference].sort(),
    );
    expect((await list(`?q=${encodeURIComponent('Петровска')}`)).items).toHaveLength(1);
    expect((await list('?outcome=AWARDED')).total).toBe(2);
    expect((await list('?limit=2&offset=0')).items).toHaveLength(2);
    expect((await t.client.call('GET', `/calls/${call.callId}/applications?limit=0`, undefined, officer.auth)).status).toBe(400);
    expect((await t.client.call('GET', `/calls/${call.callId}/applications?sortBy=name`, undefined, officer.auth)).status).toBe(400);

    const res = await fetch(`${t.api}/calls/${call.callId}/applications/export.csv`, { headers: officer.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`${call.referenceCode}-applications.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^"reference","status","screening","outcome",/);
    expect(lines).toHaveLength(7);
    expect(text).toContain('"Ана Петровска"');
    expect(text).toContain('"Elif Yılmaz"');
    // A title that a spreadsheet would run as a formula is neutralised.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""клик"")"`);
    expect(text).not.toMatch(/(^|,)"=/m);
  });
});
