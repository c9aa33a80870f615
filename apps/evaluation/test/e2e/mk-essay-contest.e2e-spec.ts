import { Topics } from '@grants/contracts';
import { Actor, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { essaySnapshot } from '../../src/modules/workflow/test/call-snapshots';
import { EVALUATION_TOPICS, EvaluationHarness, EvaluatorSession, leaks, sha256 } from './evaluation-harness';

/**
 * The Forum of Small Communities' essay contest „Мојот сограѓанин од соседната улица“, end to end
 * through the gateway with real tokens: 30 eligible essays by secondary-school students (one more
 * screened out), 5 jury members, 2 per essay, blind. One juror teaches at a school whose students
 * entered (detected, never assigned to them). A divergent pair draws a third juror; three prizes
 * go to the top three; an upheld appeal is re-evaluated by jurors who had not seen the essay and
 * the results are amended. Nothing an evaluator can reach names a student, an e-mail, a school or
 * an age. Prize amounts are the fixture's choice (30 000, 20 000 and 10 000 MKD).
 */

const LANGUAGES = [...Array<string>(18).fill('mk'), ...Array<string>(5).fill('sq'), ...Array<string>(3).fill('tr'), ...Array<string>(2).fill('sr'), ...Array<string>(2).fill('bs')];
const SCHOOLS = [
  'СУГС „Георги Димитров“',
  'СУГС „Раде Јовчевски Корчагин“',
  'СОУ „Зеф Љуш Марку“',
  'СУГС „Никола Карев“',
  'СОУ „Јане Сандански“ Штип',
  'СУГС „Орце Николов“',
];
const FIRST = ['Ана', 'Марко', 'Elif', 'Arben', 'Џемал', 'Ајше', 'Мирослав', 'Fatmir', 'Сара', 'Emina'];
const LAST = ['Петровска', 'Јовановиќ', 'Yılmaz', 'Ramadani', 'Хоџиќ', 'Bajramović', 'Стојаноски', 'Demiri', 'Трајковска', 'Nikolić'];
const TEXTS: Record<string, string> = {
  mk: 'Мојот сосед секое утро ја полева улицата и ги поздравува сите минувачи на три јазици.',
  sq: 'Fqinji im çdo mëngjes e ujit rrugën dhe i përshëndet të gjithë kalimtarët.',
  tr: 'Komşum her sabah sokağı sular ve geçen herkesi üç dilde selamlar.',
  sr: 'Мој комшија свако јутро залива улицу и поздравља све пролазнике.',
  bs: 'Moj komšija svako jutro zalijeva ulicu i pozdravlja sve prolaznike.',
};
const RUBRIC_IDS = ['relevance', 'originality', 'language', 'structure'] as const;

interface Essay {
  k: number; // 1 = the strongest essay by the fixture's design
  applicationId: string;
  reference: string;
  language: string;
  submittedAt: string;
  /** What the applications side holds and evaluation must never show an evaluator. */
  person: { fullName: string; lastName: string; email: string; school: string; dateOfBirth: string; age: string; guardian: string };
}

function essays(): Essay[] {
  return Array.from({ length: 31 }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const lastName = LAST[(i * 3) % LAST.length];
    const fullName = `${FIRST[i % FIRST.length]} ${lastName}`;
    const year = 2005 + (i % 3);
    return {
      k: i + 1,
      applicationId: randomUUID(),
      reference: `FMZ-ESSAY-2023-${n}`,
      language: LANGUAGES[i] ?? 'mk',
      submittedAt: new Date(Date.UTC(2023, 4, 1 + (i % 28), 8 + (i % 10))).toISOString(),
      person: {
        fullName,
        lastName,
        email: `student.${i + 1}.${year}@gmail.com`,
        school: SCHOOLS[i % SCHOOLS.length],
        dateOfBirth: `${year}-0${1 + (i % 9)}-1${i % 10}`,
        age: `${2023 - year} години`,
        guardian: `${FIRST[(i + 3) % FIRST.length]} ${lastName} (родител)`,
      },
    };
  });
}

/** Every criterion scored the same by design: essay k gets 10 − 0.5(k − 1), at least 1. */
const designed = (k: number) => Math.max(1, 10 - 0.5 * (k - 1));
function sheet(value: number, low = false) {
  const scores = Object.fromEntries(RUBRIC_IDS.map((c) => [c, value]));
  if (low) Object.assign(scores, { relevance: 2, originality: 3, language: 3, structure: 3 });
  const relevance = scores.relevance as number;
  return { scores, comments: relevance < 3 ? { relevance: 'Темата е само допрена; недостасува лична приказна.' } : {} };
}

describe('MK essay contest: blind jury, divergence, three prizes, appeal', () => {
  const h = new EvaluationHarness('mkessay', 4600);
  const callId = randomUUID();
  const call = essaySnapshot({
    callId,
    opensAt: '2023-03-01T08:00:00.000Z',
    closesAt: '2023-05-31T21:59:00.000Z',
    publishedAt: '2023-02-20T10:00:00.000Z',
  });
  const all = essays();
  const ineligible = all[30];
  const eligible = all.slice(0, 30);
  const byId = new Map(all.map((e) => [e.applicationId, e]));
  let officer: Actor;
  let finance: Actor;
  const jurors: EvaluatorSession[] = [];
  const officerCall = <T = any>(method: string, path: string, status: number, body?: unknown) => h.client.expect<T>(method, path, status, body, officer.auth);

  beforeAll(async () => {
    await h.start();
    const admin = await h.client.admin();
    officer = await h.client.staff(admin, ['PROGRAMME_OFFICER']);
    finance = await h.client.staff(admin, ['FINANCE_OFFICER']);
    const profiles = [
      { displayName: 'Весна Ристовска', email: 'vesna@insok.org.mk', organisation: 'Асоцијација ИнСоК', languages: ['mk', 'sq'] },
      { displayName: 'Arben Selimi', email: 'arben.selimi@gmail.com', organisation: 'Универзитет на Југоисточна Европа', languages: ['mk', 'sq', 'tr'] },
      // Teaches at a school whose students entered: conflicted on their essays, automatically.
      { displayName: 'Милан Трајков', email: 'milan@korcagin.edu.mk', organisation: 'СУГС „Раде Јовчевски Корчагин“', languages: ['mk', 'sr', 'bs'] },
      { displayName: 'Emina Hadžić', email: 'emina.hadzic@yahoo.com', organisation: 'Центар за интеграција и поддршка Скопје', languages: ['mk', 'tr', 'sr', 'bs'] },
      { displayName: 'Елена Стојановска', email: 'elena@ukim.edu.mk', organisation: 'Универзитет „Св. Кирил и Методиј“', languages: ['mk', 'sq'] },
    ];
    for (const p of profiles) {
      const actor = await h.client.staff(admin, ['EVALUATOR'], p.displayName);
      const s = new EvaluatorSession(h.client, actor);
      // The juror's own profile echoes what they typed about themselves (juror 3's employer is a
      // school): it is kept out of the scan below, which is about the applicants' identities.
      await h.client.expect('PUT', '/evaluation/evaluators/me', 200, { ...p, expertise: ['литература'], maxLoadPerCall: 20 }, actor.auth);
      jurors.push(s);
    }
  });

  afterAll(async () => {
    await h.stop();
  });

  it('holds the call, the essays and the screening decisions from Kafka; starts only when screening is complete', async () => {
    await h.publish(Topics.CallPublishedV1, callId, call);
    for (const e of all) {
      const reviewContent = { title: `Есеј ${e.reference.slice(-2)}`, essay: TEXTS[e.language] };
      await h.publish(Topics.ApplicationSubmittedV1, e.applicationId, {
        applicationId: e.applicationId,
        callId,
        reference: e.reference,
        submittedAt: e.submittedAt,
        contentSha256: sha256(JSON.stringify(reviewContent)),
        language: e.language,
        reviewContent,
      });
    }
    await h.publish(Topics.CallClosedV1, callId, { callId, referenceCode: call.referenceCode, closesAt: call.closesAt, closedAt: call.closesAt, version: 1 });
    const entries = await waitFor('31 essays in evaluation', async () => {
      const r = await h.client.call('GET', `/evaluation/calls/${callId}/entries`, undefined, officer.auth);
      return r.body.entries?.length === 31 && r.body.entries;
    });
    expect(entries[0]).toMatchObject({ reference: 'FMZ-ESSAY-2023-0001', eligible: null });

    // The panel: invited by the officer with a cap for this call, accepted by each juror.
    for (const j of jurors) await officerCall('POST', `/evaluation/calls/${callId}/panel`, 201, { evaluatorId: j.id, maxLoad: 14 });
    for (const j of jurors) await j.expect('POST', `/evaluation/invitations/${callId}/accept`, 200, {});
    const invitations = await jurors[0].expect('GET', '/evaluation/invitations', 200);
    expect(invitations.invitations).toEqual([expect.objectContaining({ callId, referenceCode: 'FMZ-ESSAY-2023', status: 'ACCEPTED', maxLoad: 14 })]);

    // No eligibility decisions yet: the officer is told which entries wait, by reference.
    const early = await h.client.call('POST', `/evaluation/calls/${callId}/assignments`, {}, officer.auth);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('EVALUATION.SCREENING_INCOMPLETE');
    expect(early.body.problems).toHaveLength(31);

    // Screening: identities go to evaluation only as conflict parties (school, e-mail).
    for (const e of all) {
      await h.publish(Topics.EligibilityDecidedV1, e.applicationId, {
        applicationId: e.applicationId,
        callId,
        reference: e.reference,
        eligible: e !== ineligible,
        ...(e === ineligible ? { reason: 'Есејот има 180 зборови, под најмалку 300.' } : {}),
        language: e.language,
        submittedAt: e.submittedAt,
        conflictParties: { applicantOrganisation: e.person.school, applicantEmail: e.person.email },
        decidedAt: '2023-06-05T10:00:00.000Z',
      });
    }
    await waitFor('31 eligibility decisions', async () => {
      const r = await h.client.call('GET', `/evaluation/calls/${callId}/entries`, undefined, officer.auth);
      return r.body.entries?.every((e: { eligible: boolean | null }) => e.eligible !== null);
    });
  });

  it('assigns 2 jurors per eligible essay, balanced, never the juror conflicted with her school’s essays', async () => {
    const started = await officerCall('POST', `/evaluation/calls/${callId}/assignments`, 200, {});
    expect(started).toMatchObject({ firstRun: true, eligible: 30, ineligible: 1, assignedNow: 60, staffed: 30, shortfalls: [] });
    const loads = started.loads.map((l: { load: number }) => l.load);
    expect(loads.reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(Math.max(...loads)).toBeLessThanOrEqual(14);

    const { assignments } = await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200);
    expect(assignments).toHaveLength(60);
    expect(assignments.some((a: { applicationId: string }) => a.applicationId === ineligible.applicationId)).toBe(false);
    const perEssay = new Map<string, string[]>();
    for (const a of assignments) perEssay.set(a.applicationId, [...(perEssay.get(a.applicationId) ?? []), a.evaluatorId]);
    expect([...perEssay.values()].every((list) => list.length === 2 && new Set(list).size === 2)).toBe(true);

    // Detected conflicts (reasons name the school: the officer sees them, no evaluator does).
    const { conflicts } = await officerCall('GET', `/evaluation/calls/${callId}/conflicts`, 200);
    const korcagin = eligible.filter((e) => e.person.school === SCHOOLS[1]);
    expect(conflicts.map((c: { applicationId: string }) => c.applicationId).sort()).toEqual(korcagin.map((e) => e.applicationId).sort());
    expect(conflicts[0].evaluators[0]).toMatchObject({ evaluatorId: jurors[2].id, reasons: expect.arrayContaining([expect.objectContaining({ code: 'SAME_ORGANISATION', value: SCHOOLS[1] })]) });
    for (const e of korcagin) expect(perEssay.get(e.applicationId)).not.toContain(jurors[2].id);

    // Each juror is told how much work arrived, never whose.
    const created = await h.waitForEvents(Topics.AssignmentCreatedV1, 5);
    expect(created.map((e) => e.payload.count).reduce((a, b) => a + b, 0)).toBe(60);
    expect(Object.keys(created[0].payload).sort()).toEqual(['assignedAt', 'callId', 'count', 'evaluatorUserId', 'reason', 'totalInCall']);
  });

  it('keeps evaluators to their own entries (404) and other roles out of scoring (403)', async () => {
    const [a] = jurors;
    const mine = new Set((await a.expect('GET', '/evaluation/reviews', 200)).reviews.map((r: { applicationId: string }) => r.applicationId));
    const notMine = eligible.find((e) => !mine.has(e.applicationId))!;
    for (const [method, path, body] of [
      ['GET', `/evaluation/reviews/${notMine.applicationId}`, undefined],
      ['PUT', `/evaluation/reviews/${notMine.applicationId}/score-sheet`, sheet(5)],
      ['POST', `/evaluation/reviews/${notMine.applicationId}/score-sheet/submit`, sheet(5)],
      ['GET', `/evaluation/reviews/${ineligible.applicationId}`, undefined],
      ['GET', `/evaluation/reviews/${randomUUID()}`, undefined],
    ] as const) {
      const r = await a.call(method, path, body);
      expect(`${method} ${path.split('/')[3]} ${r.status} ${r.body.error}`).toBe(`${method} ${path.split('/')[3]} 404 EVALUATION.REVIEW_NOT_FOUND`);
    }
    // Officer routes are not for evaluators; a finance officer cannot score.
    expect((await a.call('GET', `/evaluation/calls/${callId}/entries`)).status).toBe(403);
    expect((await a.call('GET', `/evaluation/calls/${callId}/assignments`)).status).toBe(403);
    const asFinance = await h.client.call('POST', `/evaluation/reviews/${[...mine][0]}/score-sheet/submit`, sheet(5), finance.auth);
    expect(asFinance.status).toBe(403);
    expect((await h.client.call('PUT', `/evaluation/reviews/${[...mine][0]}/score-sheet`, sheet(5), finance.auth)).status).toBe(403);
  });

  let divergentJuror = '';
  it('scores blind within the rubric; a submitted sheet is locked until the officer reopens it with a reason', async () => {
    const essay2 = eligible[1];
    const { assignments } = await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200);
    const pair: string[] = assignments
      .filter((a: { applicationId: string }) => a.applicationId === essay2.applicationId)
      .map((a: { evaluatorId: string }) => a.evaluatorId)
      .sort();
    divergentJuror = pair[1];
    const total = (x: { scores: Record<string, number> }) => 10 * (30 * x.scores.relevance + 30 * x.scores.originality + 20 * x.scores.language + 20 * x.scores.structure);

    let checkedValidation = false;
    for (const j of jurors) {
      const { reviews } = await j.expect('GET', '/evaluation/reviews', 200);
      for (const r of reviews) {
        // The third juror on the divergent essay is drawn during this loop: they score it next.
        if (r.applicationId === essay2.applicationId && !pair.includes(j.id)) continue;
        const review = await j.expect('GET', `/evaluation/reviews/${r.applicationId}`, 200);
        const e = byId.get(r.applicationId)!;
        expect(review).toMatchObject({ reference: e.reference, language: e.language, call: { blind: true }, sheet: null });
        expect(review.reviewContent.essay).toBe(TEXTS[e.language]);
        const low = e === essay2 && j.id === divergentJuror;
        const s = sheet(designed(e.k), low);
        if (!checkedValidation) {
          checkedValidation = true;
          // Every problem at once, each with its field.
          const bad = await j.call('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, {
            scores: { relevance: 11, originality: 7.25, language: 'x', style: 5 },
          });
          expect(bad.status).toBe(422);
          expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(
            ['scores.language', 'scores.originality', 'scores.relevance', 'scores.structure', 'scores.style'].sort(),
          );
          const noComment = await j.call('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, { scores: { relevance: 2, originality: 5, language: 5, structure: 5 } });
          expect(noComment.status).toBe(422);
          expect(noComment.body.problems).toEqual([
            { field: 'comments.relevance', code: 'REQUIRED_BY_RULE', params: { because: 'SCORE_BELOW_THRESHOLD', threshold: 3 }, reason: 'a comment is required for a score below 3.00' },
          ]);
          // Save a draft, then submit it as saved.
          const draft = await j.expect('PUT', `/evaluation/reviews/${r.applicationId}/score-sheet`, 200, { scores: { relevance: s.scores.relevance }, comments: s.comments });
          expect(draft.sheet.status).toBe('DRAFT');
          await j.expect('PUT', `/evaluation/reviews/${r.applicationId}/score-sheet`, 200, s);
          const submitted = await j.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, {});
          expect(submitted).toMatchObject({ status: 'SUBMITTED', totalHundredths: total(s) });
          const locked = await j.call('PUT', `/evaluation/reviews/${r.applicationId}/score-sheet`, s);
          expect([locked.status, locked.body.error]).toEqual([409, 'EVALUATION.SHEET_LOCKED']);
          const assignment = assignments.find((a: { applicationId: string; evaluatorId: string }) => a.applicationId === r.applicationId && a.evaluatorId === j.id);
          const noReason = await h.client.call('POST', `/evaluation/assignments/${assignment.assignmentId}/reopen`, {}, officer.auth);
          expect(noReason.status).toBe(400);
          await officerCall('POST', `/evaluation/assignments/${assignment.assignmentId}/reopen`, 200, { reason: 'Оценувачот побара исправка на јазичниот критериум.' });
          await j.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, s);
          continue;
        }
        await j.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, s);
      }
    }
    const audit = await h.query(`SELECT action, after FROM audit_log WHERE action LIKE 'score-sheet.%' ORDER BY id`);
    expect(audit.filter((a) => a.action === 'score-sheet.submitted')).toHaveLength(61);
    expect(audit.filter((a) => a.action === 'score-sheet.saved')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'score-sheet.reopened')?.after.reason).toBe('Оценувачот побара исправка на јазичниот критериум.');
  });

  it('draws a third juror for the divergent pair at once and ranks the essay on the two closest totals', async () => {
    const essay2 = eligible[1];
    const { assignments } = await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200);
    const onEssay2 = assignments.filter((a: { applicationId: string }) => a.applicationId === essay2.applicationId);
    expect(onEssay2).toHaveLength(3);
    const third = onEssay2.find((a: { reason: string }) => a.reason === 'ADDITIONAL_EVALUATOR');
    expect(third.evaluatorId).not.toBe(jurors[2].id); // still never the conflicted juror
    const juror = jurors.find((j) => j.id === third.evaluatorId)!;
    const before = await officerCall('GET', `/evaluation/calls/${callId}/progress`, 200);
    expect(before.summary).toMatchObject({ entries: 30, final: 29, needsAnotherEvaluator: 1 });
    expect(before.entries.find((e: { applicationId: string }) => e.applicationId === essay2.applicationId).reason).toMatch(/more than 30.00% of the highest/);
    await h.waitForEvents(Topics.AssignmentCreatedV1, 6);
    expect(h.eventsOf(Topics.AssignmentCreatedV1).at(-1)!.payload).toMatchObject({ evaluatorUserId: juror.id, count: 1, reason: 'ADDITIONAL_EVALUATOR' });

    await juror.expect('GET', `/evaluation/reviews/${essay2.applicationId}`, 200);
    await juror.expect('POST', `/evaluation/reviews/${essay2.applicationId}/score-sheet/submit`, 200, sheet(designed(2)));
    const after = await officerCall('GET', `/evaluation/calls/${callId}/progress`, 200);
    expect(after.summary).toMatchObject({ final: 30 });
    const e2 = after.entries.find((e: { applicationId: string }) => e.applicationId === essay2.applicationId);
    expect(e2).toMatchObject({ status: 'FINAL', finalHundredths: 9500, finalScore: '95.00' });
    expect(e2.countedEvaluatorIds).not.toContain(divergentJuror);
  });

  let published: any;
  it('ranks with the tie-break order and gives the three prizes to the top three; one award event each', async () => {
    const proposal = await officerCall('POST', `/evaluation/calls/${callId}/proposal`, 200, {});
    expect(proposal.ranking.slice(0, 4).map((r: { reference: string; finalScore: string }) => [r.reference, r.finalScore])).toEqual([
      ['FMZ-ESSAY-2023-0001', '100.00'],
      ['FMZ-ESSAY-2023-0002', '95.00'],
      ['FMZ-ESSAY-2023-0003', '90.00'],
      ['FMZ-ESSAY-2023-0004', '85.00'],
    ]);
    // Essays 19–30 share the lowest score: the call's tie-break order settles them, and says how.
    expect(proposal.ties.length).toBe(11);
    expect(proposal.ties[0].reason).toMatch(/earlier submission|reference order/);
    expect(proposal.selection.awards.map((a: { reference: string; prizeRank: number; amountMinor: string }) => [a.reference, a.prizeRank, a.amountMinor])).toEqual([
      ['FMZ-ESSAY-2023-0001', 1, '3000000'],
      ['FMZ-ESSAY-2023-0002', 2, '2000000'],
      ['FMZ-ESSAY-2023-0003', 3, '1000000'],
    ]);
    expect(proposal.selection.reserve.map((r: { reference: string }) => r.reference)).toEqual(['FMZ-ESSAY-2023-0004', 'FMZ-ESSAY-2023-0005', 'FMZ-ESSAY-2023-0006']);
    // The same inputs give the same proposal.
    const again = await officerCall('POST', `/evaluation/calls/${callId}/proposal`, 200, {});
    expect(again.ranking).toEqual(proposal.ranking);
    expect(again.selection).toEqual(proposal.selection);

    published = await officerCall('POST', `/evaluation/calls/${callId}/results/publish`, 200, {});
    expect(published.awards).toHaveLength(3);
    const granted = await h.waitForEvents(Topics.AwardGrantedV1, 3);
    expect(granted.map((e) => [byId.get(e.payload.applicationId)!.k, e.payload.rank, e.payload.amountMinor, e.payload.currency]).sort()).toEqual([
      [1, 1, '3000000', 'MKD'],
      [2, 2, '2000000', 'MKD'],
      [3, 3, '1000000', 'MKD'],
    ]);
    const [results] = await h.waitForEvents(Topics.ResultsPublishedV1, 1);
    expect(results.payload).toMatchObject({
      callId,
      currency: 'MKD',
      counts: { applications: 31, eligible: 30, ranked: 30, awards: 3, reserve: 3 },
      amountAwardedMinor: '6000000',
      revision: 1,
    });
    expect(results.payload.ranking.slice(0, 5).map((r: { outcome: string }) => r.outcome)).toEqual(['AWARDED', 'AWARDED', 'AWARDED', 'RESERVE', 'RESERVE']);
    expect(results.payload.ranking.at(-1).outcome).toBe('FAILED');
    const again2 = await h.client.call('POST', `/evaluation/calls/${callId}/results/publish`, {}, officer.auth);
    expect(again2.status).toBe(409);
  });

  it('re-evaluates an upheld appeal with jurors who had not seen the essay and publishes the differences as an amendment', async () => {
    const essay5 = eligible[4];
    const before = (await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200)).assignments
      .filter((a: { applicationId: string }) => a.applicationId === essay5.applicationId)
      .map((a: { evaluatorId: string }) => a.evaluatorId);
    await h.publish(Topics.AppealDecidedV1, essay5.applicationId, {
      appealId: randomUUID(),
      applicationId: essay5.applicationId,
      callId,
      reference: essay5.reference,
      stage: 'RESULTS',
      decision: 'UPHELD',
      reason: 'Жалбата е основана: есејот е оценет според погрешна верзија.',
      decidedAt: new Date().toISOString(),
    });
    const round2 = await waitFor('two fresh jurors on the appealed essay', async () => {
      const { assignments } = await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200);
      const r2 = assignments.filter((a: { applicationId: string; round: number }) => a.applicationId === essay5.applicationId && a.round === 2);
      return r2.length === 2 && r2;
    });
    for (const a of round2) {
      expect(a.reason).toBe('RE_EVALUATION');
      expect(before).not.toContain(a.evaluatorId);
    }
    for (const a of round2) {
      const j = jurors.find((x) => x.id === a.evaluatorId)!;
      expect((await j.expect('GET', `/evaluation/reviews/${essay5.applicationId}`, 200)).round).toBe(2);
      await j.expect('POST', `/evaluation/reviews/${essay5.applicationId}/score-sheet/submit`, 200, sheet(9.5));
    }
    const [amended] = await h.waitForEvents(Topics.ResultsAmendedV1, 1);
    expect(amended.payload).toMatchObject({ callId, revision: 2, reason: 'APPEAL_UPHELD', applicationId: essay5.applicationId });
    const change = amended.payload.changes.find((c: { applicationId: string }) => c.applicationId === essay5.applicationId);
    // 95.00 ties essay 2, which submitted earlier: third place; prizes already granted stand.
    expect(change).toMatchObject({ before: { position: 5, finalHundredths: 8000, outcome: 'RESERVE' }, after: { position: 3, finalHundredths: 9500, outcome: 'RESERVE' } });
    expect(amended.payload.changes.map((c: { reference: string }) => c.reference).sort()).toEqual(['FMZ-ESSAY-2023-0003', 'FMZ-ESSAY-2023-0004', 'FMZ-ESSAY-2023-0005']);
    const revisions = await h.waitForEvents(Topics.ResultsPublishedV1, 2);
    expect(revisions[1].payload).toMatchObject({ revision: 2, counts: { awards: 3 } });
    expect(h.eventsOf(Topics.AwardGrantedV1)).toHaveLength(3);
  });

  it('revokes a prize and passes it to the first essay on the reserve, with events for both', async () => {
    const essay3 = eligible[2];
    const essay5 = eligible[4];
    const award3 = published.awards.find((a: { applicationId: string }) => a.applicationId === essay3.applicationId);
    const bad = await h.client.call('POST', `/evaluation/awards/${award3.awardId}/revoke`, { reason: 'Плагијат', recoveredMinor: '2000000' }, officer.auth);
    expect([bad.status, bad.body.error]).toEqual([422, 'EVALUATION.RECOVERED_INVALID']);
    const revoked = await officerCall('POST', `/evaluation/awards/${award3.awardId}/revoke`, 200, { reason: 'Утврден плагијат по објавувањето.' });
    // After the amendment essay 5 heads the reserve: it takes the third prize.
    expect(revoked.promoted).toEqual([expect.objectContaining({ applicationId: essay5.applicationId, amountMinor: '1000000', prizeRank: 3, position: 3 })]);
    const [released] = await h.waitForEvents(Topics.AwardRevokedV1, 1);
    expect(released.payload).toMatchObject({ awardId: award3.awardId, applicationId: essay3.applicationId, amountMinor: '1000000', recoveredMinor: '1000000', rank: 3 });
    const [promoted] = await h.waitForEvents(Topics.ReservePromotedV1, 1);
    expect(promoted.payload).toMatchObject({ applicationId: essay5.applicationId, replacesAwardId: award3.awardId, rank: 3, amountMinor: '1000000' });
    const grants = await h.waitForEvents(Topics.AwardGrantedV1, 4);
    expect(grants.at(-1)!.payload).toMatchObject({ applicationId: essay5.applicationId, rank: 3, amountMinor: '1000000' });
    const revisions = await h.waitForEvents(Topics.ResultsPublishedV1, 3);
    const rev3 = revisions.find((e) => e.payload.revision === 3)!.payload;
    expect(rev3.amountAwardedMinor).toBe('6000000');
    expect(rev3.ranking.filter((r: { outcome: string }) => r.outcome === 'AWARDED').map((r: { reference: string }) => r.reference)).toEqual([
      'FMZ-ESSAY-2023-0001',
      'FMZ-ESSAY-2023-0002',
      'FMZ-ESSAY-2023-0005',
    ]);
  });

  it('lets no applicant identity reach an evaluator: every response they got and every evaluation event scanned', async () => {
    const secrets = all.flatMap((e) => [e.person.fullName, e.person.lastName, e.person.email, e.person.school, e.person.dateOfBirth, e.person.age, e.person.guardian]);
    // The identities were there to leak: evaluation holds schools and e-mails as conflict parties.
    const parties = (await h.query(`SELECT parties::text AS p FROM entry_parties`)).map((r) => r.p).join('\n');
    expect(parties).toContain(SCHOOLS[1]);
    expect(parties).toContain(all[0].person.email);

    const responses = jurors.flatMap((j) => j.seen);
    expect(responses.length).toBeGreaterThan(100);
    expect(responses.some((r) => r.status === 404) && responses.some((r) => r.status === 422) && responses.some((r) => r.status === 409)).toBe(true);
    const found = responses.flatMap((r) => leaks(JSON.stringify(r.body), secrets));
    expect(found).toEqual([]);

    const outbox = await h.query(`SELECT topic, envelope::text AS e FROM outbox_message`);
    await waitFor('every evaluation event on Kafka', async () => h.events.length >= outbox.length);
    expect(new Set(outbox.map((o) => o.topic))).toEqual(
      new Set([Topics.AssignmentCreatedV1, Topics.AwardGrantedV1, Topics.ResultsPublishedV1, Topics.ResultsAmendedV1, Topics.AwardRevokedV1, Topics.ReservePromotedV1]),
    );
    expect(h.events.length).toBe(outbox.length);
    expect(h.events.every((e) => EVALUATION_TOPICS.includes(e.topic as (typeof EVALUATION_TOPICS)[number]))).toBe(true);
    expect([...outbox.map((o) => o.e), ...h.events.map((e) => JSON.stringify(e.envelope))].flatMap((t) => leaks(t, secrets))).toEqual([]);
  });
});
