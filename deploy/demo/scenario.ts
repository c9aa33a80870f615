import { formatMoney } from '@grants/money';
import { Actor, birthDateForAge, eeaNgoGrant, essayContest, makersCofunding, pdf, PlatformClient, sleep } from '@grants/testing';
import { composeIBAN, isValidIBAN } from 'ibantools';
import { randomBytes } from 'node:crypto';
import { coFundingOf, essayText, EVALUATORS, MAKERS_PROPOSALS, NGO_PROPOSALS, STUDENTS } from './cast';
import { Driver, inParallel, Who } from './driver';
import { CallSummary, DemoSummary, GrantLine, RankLine, SignIn } from './summary';

/**
 * Settings the demo's platform runs with. All of the demo's fifty-odd people sign in from this one
 * machine within a minute, which the per-address login limit (60 a minute) is there to stop; the
 * per-account limit and the lockout stay as they are.
 */
export const DEMO_ENV: Record<string, string> = { LOGINS_PER_MINUTE_PER_ADDRESS: '1000' };

/** Moments at which a caller (the fault test) may step in: stop a service, start it again. */
export type Phase = 'accounts' | 'published' | 'submitted' | 'closed' | 'screened' | 'scored' | 'results' | 'first-approvals' | 'paid' | 'done';

export interface ScenarioOptions {
  /** `http://host:port/api` of the gateway. */
  api: string;
  /** Progress lines. */
  say(line: string): void;
  /** Makes this run's reference codes and accounts its own, so the demo runs again without a reset. */
  runId: string;
  /** From publication to the calls' closing instant: every applicant submits within it. */
  submissionWindowMs: number;
  at?(phase: Phase): Promise<void>;
}

type Kind = 'essay' | 'makers' | 'eea';

interface Applicant extends Who {
  password: string;
  name: string;
  language: string;
}

interface Entry {
  kind: Kind;
  applicant: Applicant;
  applicationId: string;
  reference: string;
  /** Designed scores per criterion id. */
  scores: Record<string, number>;
  divergentScore?: number;
  ineligible?: string;
  /** MAKERS: the municipality and its committed share. */
  municipality?: string;
  municipalityMinor?: bigint;
}

interface CallRun {
  kind: Kind;
  id: string;
  referenceCode: string;
  title: string;
  currency: string;
  body: Record<string, any>;
  evaluators: Who[];
  entries: Entry[];
  awards: { awardId: string; applicationId: string; amountMinor: string }[];
  ranking: RankLine[];
}

const RUBRICS: Record<Kind, string[]> = {
  essay: ['relevance', 'originality', 'language', 'structure'],
  makers: ['relevance', 'feasibility', 'cofunding'],
  eea: ['relevance', 'quality', 'capacity'],
};

const BANKS: Record<Kind, { country: string; bic: string; body: (i: number) => string; nationalCheck: boolean }> = {
  essay: { country: 'MK', bic: 'STOBMK2X', body: (i) => `300${String(4_000_000_000 + i).padStart(10, '0')}`, nationalCheck: true },
  makers: { country: 'BA', bic: 'UNCRBA22', body: (i) => `12900794${String(10_000_000 + i * 7919).slice(-6)}`, nationalCheck: true },
  eea: { country: 'BG', bic: 'UNCRBGSF', body: (i) => `UNCR7000${String(15_234_567 + i).padStart(10, '0')}`, nationalCheck: false },
};

/** A valid IBAN for the demo's payees (national and IBAN check digits computed, never typed). */
function ibanFor(kind: Kind, i: number): string {
  const b = BANKS[kind];
  let bban = b.body(i);
  if (b.nationalCheck) {
    let r = 0;
    for (const c of `${bban}00`) r = (r * 10 + Number(c)) % 97;
    bban += String(98 - r).padStart(2, '0');
  }
  const iban = composeIBAN({ countryCode: b.country, bban });
  if (!iban || !isValidIBAN(iban)) throw new Error(`demo bug: no valid IBAN from ${b.country} ${bban}`);
  return iban;
}

const money = (minor: string | bigint, currency: string) => formatMoney({ amountMinor: BigInt(minor), currency });

/**
 * The seeded demo through the public HTTP API only: the three seed programmes as calls, applicants
 * registering and submitting, the calls closing on schedule, screening, scoring (with a divergence),
 * results, grants, four-eyes approvals, payments through the simulated bank (a pain.001 file for the
 * EUR grants), final reports releasing the last tranches. Returns the summary per call.
 */
export async function runScenario(o: ScenarioOptions): Promise<DemoSummary> {
  const d = new Driver(o.api);
  const client = new PlatformClient(o.api);
  const say = o.say;
  const at = async (p: Phase) => {
    await o.at?.(p);
  };
  const mail = (local: string) => `${local}.${o.runId}.${randomBytes(2).toString('hex')}@example.org`;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

  // 1. People. Staff accounts are created by the platform's admin; applicants register themselves.
  say(`[1] accounts: staff created by the admin, applicants registering themselves (${elapsed()})`);
  const admin = await client.admin();
  const officer = await client.staff(admin, ['PROGRAMME_OFFICER'], 'Марија Николовска, програмски службеник', mail('officer'));
  const finance = await client.staff(admin, ['FINANCE_OFFICER'], 'Finance officer', mail('finance'));
  const approverA = await client.staff(admin, ['FINANCE_APPROVER'], 'Љубица Атанасова, финансии', mail('approver-a'));
  const approverB = await client.staff(admin, ['FINANCE_APPROVER'], 'Hans Nilsen, finance', mail('approver-b'));
  const evaluatorsOf = {} as Record<Kind, Who[]>;
  for (const kind of ['essay', 'makers', 'eea'] as Kind[]) {
    evaluatorsOf[kind] = await inParallel(EVALUATORS[kind], 3, async (p, i) => {
      const who = await client.staff(admin, ['EVALUATOR'], p.displayName, mail(`evaluator-${kind}-${i + 1}`));
      await d.expect('PUT', '/evaluation/evaluators/me', 200, { ...p, email: `jury${i + 1}.${kind}@evaluators.example.net`, maxLoadPerCall: 40 }, who);
      return who;
    });
  }
  const register = async (name: string, language: string, type: string, local: string): Promise<Applicant> => {
    const a = await client.applicant(name, { email: mail(local), language, type });
    return { ...a, name, language };
  };
  const students = await inParallel(STUDENTS, 4, (s, i) => register(s.fullName, s.accountLanguage, 'STUDENT', `student${i + 1}`));
  const groups = await inParallel(MAKERS_PROPOSALS, 4, (p, i) =>
    register(p.organisation, p.accountLanguage, p.organisation.startsWith('Neformalna') ? 'INFORMAL_GROUP' : 'REGISTERED_ORGANISATION', `makers${i + 1}`),
  );
  const ngos = await inParallel(NGO_PROPOSALS, 3, (p, i) => register(p.organisation, p.accountLanguage, 'REGISTERED_ORGANISATION', `ngo${i + 1}`));
  say(`    4 staff, ${Object.values(evaluatorsOf).flat().length} evaluators, ${students.length + groups.length + ngos.length} applicants (${elapsed()})`);
  await at('accounts');
  const signIns: SignIn[] = [
    { who: `${students[0].name} (student, essay contest)`, email: students[0].email, password: students[0].password, language: students[0].language },
    { who: `${groups[0].name} (MAKERS applicant)`, email: groups[0].email, password: groups[0].password, language: groups[0].language },
    { who: `${ngos[0].name} (NGO applicant)`, email: ngos[0].email, password: ngos[0].password, language: ngos[0].language },
    { who: 'programme officer', email: officer.email, password: officer.password, language: 'en' },
    { who: 'essay juror', email: evaluatorsOf.essay[0].email, password: (evaluatorsOf.essay[0] as Actor).password, language: 'en' },
    { who: 'finance officer', email: finance.email, password: finance.password, language: 'en' },
    { who: 'finance approver', email: approverA.email, password: approverA.password, language: 'en' },
  ];

  // 2. The three calls, drafted and published by the programme officer; all close at one instant.
  const closesAt = new Date(Date.now() + o.submissionWindowMs);
  const closes = closesAt.toISOString();
  say(`[2] the programme officer publishes the three seed calls; they close at ${closes} (${elapsed()})`);
  const publish = async (kind: Kind, body: Record<string, any>): Promise<CallRun> => {
    const draft = await d.expect('POST', '/calls', 201, body, officer);
    const call = await d.expect('POST', `/calls/${draft.id}/publish`, 200, undefined, officer);
    const lang = body.defaultLanguage as string;
    say(`    ${call.referenceCode}  „${call.texts[lang].title}“  ${call.status}, budget ${money(call.budgetMinor, call.currency)}`);
    return { kind, id: draft.id, referenceCode: call.referenceCode, title: call.texts[lang].title, currency: call.currency, body, evaluators: evaluatorsOf[kind], entries: [], awards: [], ranking: [] };
  };
  const essay = await publish('essay', essayContest('ON_PUBLICATION', closes, { referenceCode: `FMZ-ESSAY-${o.runId}` }));
  const makers = await publish('makers', makersCofunding('ON_PUBLICATION', closes, { referenceCode: `MAKERS-LI-${o.runId}` }));
  const eea = await publish('eea', eeaNgoGrant('ON_PUBLICATION', closes, { referenceCode: `EEA-NGO-BG-${o.runId}` }));
  const calls = [essay, makers, eea];
  await at('published');

  // 3. Panels: the officer invites each call's evaluators (evaluation learns of the call over Kafka).
  for (const c of calls) {
    for (const ev of c.evaluators) {
      await d.until(`${c.referenceCode} in evaluation`, 'POST', `/evaluation/calls/${c.id}/panel`, officer, (r) => r.status === 201, 60_000, { evaluatorId: ev.id, maxLoad: 40 });
      await d.expect('POST', `/evaluation/invitations/${c.id}/accept`, 200, {}, ev);
    }
  }
  say(`[3] panels: ${calls.map((c) => `${c.referenceCode} ${c.evaluators.length}`).join(', ')} evaluators invited and accepted (${elapsed()})`);

  // 4. Submissions: drafts, consents, attachments, submit; each applicant gets a receipt.
  say(`[4] applicants submit before the deadline (${elapsed()})`);
  const openDraft = (c: CallRun, who: Who, content: unknown) =>
    d.until<{ id: string }>(`${c.referenceCode} in applications`, 'POST', `/calls/${c.id}/applications/drafts`, who, (r) => r.status === 201, 60_000, content);
  const submit = async (who: Applicant, id: string) => {
    const receipt = await d.expect('POST', `/applications/${id}/submit`, 201, undefined, who, { 'idempotency-key': `demo-${id}` });
    say(`    ${receipt.reference.padEnd(30)} ${who.name}`);
    return receipt.reference as string;
  };
  const essayEntries = inParallel(STUDENTS, 3, async (s, i) => {
    const who = students[i];
    const draft = await openDraft(essay, who, {
      language: s.essayLanguage,
      title: s.title,
      text: essayText(s),
      applicant: { fullName: s.fullName, email: `student${i + 1}@ucenici.example.mk`, school: s.school, dateOfBirth: birthDateForAge(s.age), applicantType: 'STUDENT' },
    });
    if (s.guardian) await d.expect('PUT', `/applications/${draft.id}/guardian-consent`, 200, s.guardian, who);
    const reference = await submit(who, draft.id);
    const scores = Object.fromEntries(RUBRICS.essay.map((c) => [c, s.quality]));
    return { kind: 'essay' as Kind, applicant: who, applicationId: draft.id, reference, scores, divergentScore: s.divergentScore, ineligible: s.ineligible };
  });
  const makersEntries = inParallel(MAKERS_PROPOSALS, 3, async (p, i) => {
    const who = groups[i];
    const { municipalityMinor, otherMinor } = coFundingOf(p.requestedMinor);
    const draft = await openDraft(makers, who, {
      language: p.accountLanguage === 'en' ? 'en' : p.accountLanguage,
      title: p.title,
      summary: `${p.title}: ${p.problem}`,
      sections: { problem: p.problem },
      partnerMunicipality: p.municipality,
      objectives: [p.title],
      targetGroups: ['mještani', 'mladi'],
      activities: [
        { title: 'Sastanak lokalne platforme za dijalog', startsOn: '2021-05-03', endsOn: '2021-05-03' },
        { title: p.title, startsOn: '2021-06-01', endsOn: '2021-10-31' },
      ],
      budgetLines: [
        { description: 'Radovi i oprema', category: 'oprema', amountMinor: p.requestedMinor.toString() },
        { description: 'Učešće općine i drugih partnera', category: 'sufinansiranje', amountMinor: (municipalityMinor + otherMinor).toString() },
      ],
      requestedAmountMinor: p.requestedMinor.toString(),
      municipalityCoFundingMinor: municipalityMinor.toString(),
      otherCoFundingMinor: otherMinor.toString(),
      leadOrganisation: { name: p.organisation, email: `${p.email}@udruzenje${i + 1}.example.ba`, country: 'BA' },
      applicant: { fullName: p.contact, email: `${p.email}@udruzenje${i + 1}.example.ba`, organisation: p.organisation },
    });
    for (const [key, title] of [
      ['municipalityLetter', `Pismo podrške – ${p.municipality}`],
      ['budgetTable', `Budžet – ${p.title}`],
    ]) {
      await d.expect('POST', `/applications/${draft.id}/attachments?key=${key}&fileName=${encodeURIComponent(`${key}.pdf`)}`, 201, pdf(title), who, { 'content-type': 'application/pdf' });
    }
    const reference = await submit(who, draft.id);
    const scores = Object.fromEntries(RUBRICS.makers.map((c, k) => [c, p.scores[k]]));
    return { kind: 'makers' as Kind, applicant: who, applicationId: draft.id, reference, scores, municipality: p.municipality, municipalityMinor };
  });
  const eeaEntries = inParallel(NGO_PROPOSALS, 3, async (p, i) => {
    const who = ngos[i];
    const draft = await openDraft(eea, who, {
      language: p.accountLanguage,
      title: p.title,
      summary: p.summary,
      objectives: ['Гражданско участие в местните политики за интеграция'],
      results: ['8 информационни срещи', 'кръгла маса', 'доклад с препоръки'],
      activities: [{ title: 'Проучване и анализ на документи' }, { title: '8 информационни срещи и дискусионни форуми' }, { title: 'Кръгла маса' }],
      durationMonths: 10,
      budgetLines: [{ description: 'Дейности по проекта', amountMinor: p.requestedMinor.toString() }],
      requestedAmountMinor: p.requestedMinor.toString(),
      sections: { indicators: 'Брой срещи, участници, обхванати общини' },
      leadOrganisation: { name: p.organisation, email: `office@ngo${i + 1}.example.bg`, country: 'BG' },
      ...(p.partners.length ? { partners: p.partners.map((name) => ({ name })) } : {}),
      applicant: { fullName: p.contact, email: `office@ngo${i + 1}.example.bg`, applicantType: 'REGISTERED_ORGANISATION', organisation: p.organisation },
    });
    const reference = await submit(who, draft.id);
    const scores = Object.fromEntries(RUBRICS.eea.map((c, k) => [c, p.scores[k]]));
    return { kind: 'eea' as Kind, applicant: who, applicationId: draft.id, reference, scores };
  });
  [essay.entries, makers.entries, eea.entries] = await Promise.all([essayEntries, makersEntries, eeaEntries]);
  const margin = closesAt.getTime() - Date.now();
  say(`    ${calls.reduce((n, c) => n + c.entries.length, 0)} receipts, ${(margin / 1000).toFixed(0)} s before the deadline (${elapsed()})`);
  if (margin < 0) throw new Error('the submissions did not fit in the window: raise DEMO_SUBMISSION_WINDOW_S');
  await at('submitted');

  // 5. The deadline: the calls close on schedule (calls' scheduler); a late submission is refused.
  say(`[5] waiting for the deadline ${closes} …`);
  await sleep(Math.max(0, closesAt.getTime() - Date.now()));
  for (const c of calls) {
    await d.until(`${c.referenceCode} CLOSED`, 'GET', `/calls/${c.id}`, officer, (r) => r.body?.status === 'CLOSED', 60_000);
  }
  const late = await d.call('POST', `/calls/${essay.id}/applications/drafts`, {}, students[0]);
  say(`    all three calls CLOSED; a late draft is refused: ${late.status} ${late.body?.message ?? ''} (${elapsed()})`);
  await at('closed');

  // 6. Screening: automatic checks ran at the close; the officer decides each application.
  for (const c of calls) {
    for (const e of c.entries) {
      const decision = e.ineligible ? { decision: 'INELIGIBLE', reason: e.ineligible } : { decision: 'ELIGIBLE' };
      await d.until(`the eligibility decision on ${e.reference}`, 'POST', `/applications/${e.applicationId}/eligibility`, officer, (r) => r.status === 200 || r.status === 201, 60_000, decision);
    }
    const out = c.entries.filter((e) => e.ineligible);
    say(`[6] ${c.referenceCode}: ${c.entries.length - out.length} eligible${out.map((e) => `, ${e.reference} ineligible („${e.ineligible}“)`).join('')}`);
  }
  await at('screened');

  // 7. Evaluation: start (assignments), every evaluator scores what they hold; a divergence pulls in a third.
  for (const c of calls) {
    const started = await d.until(`evaluation of ${c.referenceCode} to start`, 'POST', `/evaluation/calls/${c.id}/assignments`, officer, (r) => r.status === 200, 120_000, {});
    say(`[7] ${c.referenceCode}: ${started.assignedNow} assignments for ${started.eligible} entries (${elapsed()})`);
    const byId = new Map(c.entries.map((e) => [e.applicationId, e]));
    const divergedBy = new Map<string, string>();
    const eligibleCount = c.entries.filter((e) => !e.ineligible).length;
    for (let round = 0; ; round++) {
      await inParallel(c.evaluators, 3, async (ev) => {
        const { reviews } = await d.expect('GET', `/evaluation/reviews?callId=${c.id}`, 200, undefined, ev);
        for (const r of reviews as { applicationId: string; sheetStatus: string }[]) {
          if (r.sheetStatus === 'SUBMITTED') continue;
          const e = byId.get(r.applicationId)!;
          let scores = e.scores;
          if (e.divergentScore !== undefined && !divergedBy.has(e.applicationId)) {
            divergedBy.set(e.applicationId, ev.id);
            scores = Object.fromEntries(Object.keys(e.scores).map((k) => [k, e.divergentScore!]));
          }
          const comments = Object.fromEntries(Object.keys(scores).map((k) => [k, 'Образложение на оценката / justification of the score.']));
          await d.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, { scores, comments }, ev);
        }
      });
      const progress = await d.expect('GET', `/evaluation/calls/${c.id}/progress`, 200, undefined, officer);
      if (progress.summary.final === eligibleCount) {
        const third = progress.entries.filter((e: { evaluators: unknown[] }) => e.evaluators.length > (c.body.evaluation.evaluatorsPerEntry as number));
        say(`    all ${eligibleCount} entries scored${third.length ? `; ${third.map((e: { reference: string }) => e.reference).join(', ')} diverged and drew another evaluator` : ''}`);
        break;
      }
      if (round > 5) throw new Error(`${c.referenceCode}: scoring does not settle: ${JSON.stringify(progress.summary)}`);
      await sleep(300);
    }
  }
  await at('scored');

  // 8. Results: proposal (ranking and selection by the call's rules), then publication.
  for (const c of calls) {
    const proposal = await d.expect('POST', `/evaluation/calls/${c.id}/proposal`, 200, {}, officer);
    const published = await d.expect('POST', `/evaluation/calls/${c.id}/results/publish`, 200, {}, officer);
    c.awards = (published.awards as { awardId?: string; id?: string; applicationId: string; amountMinor: string }[]).map((a) => ({
      awardId: (a.awardId ?? a.id)!,
      applicationId: a.applicationId,
      amountMinor: a.amountMinor,
    }));
    const awarded = new Map(proposal.selection.awards.map((a: { applicationId: string; amountMinor: string }) => [a.applicationId, a.amountMinor]));
    const reserve = new Set(proposal.selection.reserve.map((r: { applicationId: string }) => r.applicationId));
    const byId = new Map(c.entries.map((e) => [e.applicationId, e]));
    c.ranking = (proposal.ranking as { applicationId: string; reference: string; finalScore: string }[]).map((r, i) => ({
      rank: i + 1,
      reference: r.reference,
      applicant: byId.get(r.applicationId)?.applicant.name ?? '?',
      score: r.finalScore,
      outcome: awarded.has(r.applicationId) ? 'AWARDED' : reserve.has(r.applicationId) ? 'RESERVE' : 'NOT_SELECTED',
      ...(awarded.has(r.applicationId) ? { awardMinor: awarded.get(r.applicationId) as string } : {}),
    }));
    say(`[8] ${c.referenceCode}: results published, ${c.awards.length} awards, ${money(c.awards.reduce((s, a) => s + BigInt(a.amountMinor), 0n), c.currency)}`);
  }
  await at('results');

  // 9. Grants: disbursement opens one per award; grantees enter bank details; the officer signs;
  //    MAKERS municipalities' co-funding is recorded; two finance approvers release the advances.
  const grantsOf = new Map<CallRun, any[]>();
  for (const c of calls) {
    const { grants } = await d.until(`${c.awards.length} grants of ${c.referenceCode}`, 'GET', `/disbursement/grants?callId=${c.id}`, finance, (r) => r.body?.grants?.length === c.awards.length, 120_000);
    grantsOf.set(c, grants);
  }
  const today = new Date().toISOString().slice(0, 10);
  const approve = async (paymentId: string) => {
    const first = await d.expect('POST', `/disbursement/payments/${paymentId}/approve`, 200, undefined, approverA);
    // Fully approved, the worker may already have sent it by the time the answer is read.
    if (first.status !== 'PARTIALLY_APPROVED') return 1;
    const second = await d.expect('POST', `/disbursement/payments/${paymentId}/approve`, 200, undefined, approverB);
    if (second.status === 'PARTIALLY_APPROVED' || second.status === 'PENDING_APPROVAL') {
      throw new Error(`payment ${paymentId} not approved after two approvers: ${second.status}`);
    }
    return 2;
  };
  const pending: { call: CallRun; grantId: string; paymentId: string }[] = [];
  for (const c of calls) {
    let i = 0;
    for (const g of grantsOf.get(c)!) {
      const e = c.entries.find((x) => x.applicationId === g.applicationId)!;
      const student = c.kind === 'essay' ? STUDENTS.find((s) => s.fullName === e.applicant.name) : undefined;
      // A minor's prize goes to the account the guardian names.
      const holder = student?.guardian ? `${student.guardian.guardianName} (за ${student.fullName})` : e.applicant.name;
      await d.expect('PUT', `/disbursement/grants/${g.id}/bank-details`, 200, { iban: ibanFor(c.kind, i++), bic: BANKS[c.kind].bic, accountHolder: holder }, e.applicant);
      if (c.kind === 'makers') {
        const commitment = await d.expect('POST', `/disbursement/grants/${g.id}/co-funding`, 201, { partnerName: e.municipality, partnerKind: 'MUNICIPALITY', amountMinor: e.municipalityMinor!.toString() }, officer);
        await d.expect('POST', `/disbursement/grants/${g.id}/co-funding/${commitment.commitmentId}/receipts`, 201, { amountMinor: e.municipalityMinor!.toString(), receivedOn: today }, finance);
      }
      const signed = await d.expect('POST', `/disbursement/grants/${g.id}/agreement/sign`, 200, { signedOn: today }, officer);
      const approvers = await approve(signed.releasedPaymentId);
      pending.push({ call: c, grantId: g.id, paymentId: signed.releasedPaymentId });
      say(`[9] ${e.reference.padEnd(30)} agreement signed, ${money(g.amountMinor, g.currency)} granted; first payment approved by ${approvers}`);
    }
  }
  await at('first-approvals');

  // 10. The simulated bank books each payment once; EUR goes out in a SEPA pain.001 file.
  const waitPaid = async (ids: string[]) => {
    for (const id of ids) {
      await d.until(`payment ${id} PAID`, 'GET', `/disbursement/payments/${id}`, finance, (r) => r.body?.status === 'PAID' || r.body?.status === 'FAILED', 180_000);
    }
  };
  await waitPaid(pending.map((p) => p.paymentId));
  say(`[10] ${pending.length} first payments PAID by the bank (${elapsed()})`);

  // 11. Final reports (MAKERS, EEA): the grantee reports, the officer approves, the last tranche goes.
  const last: string[] = [];
  for (const c of calls) {
    for (const g of grantsOf.get(c)!) {
      const grant = await d.expect('GET', `/disbursement/grants/${g.id}`, 200, undefined, finance);
      if (!grant.finalReportRequired) continue;
      const e = c.entries.find((x) => x.applicationId === g.applicationId)!;
      const report = await d.expect(
        'POST',
        `/disbursement/grants/${g.id}/reports`,
        201,
        {
          kind: 'FINAL',
          narrative: c.kind === 'eea' ? 'Проведени 8 информационни срещи в 8-те общини на област Русе и кръгла маса.' : 'Inicijativa je završena uz učešće mještana i općine.',
          indicators: c.kind === 'eea' ? { eventsHeld: 9, participants: 240, municipalitiesReached: 8 } : { eventsHeld: 3, participants: 120, municipalitiesReached: 1 },
        },
        e.applicant,
      );
      const decided = await d.expect('POST', `/disbursement/reports/${report.id}/approve`, 200, { comment: 'Прифатено / accepted.' }, officer);
      if (!decided.releasedPaymentId) throw new Error(`${e.reference}: the approved final report released no payment`);
      await approve(decided.releasedPaymentId);
      last.push(decided.releasedPaymentId);
    }
  }
  say(`[11] ${last.length} final reports approved; their last tranches approved (${elapsed()})`);
  await waitPaid(last);
  await at('paid');

  // 12. The summary, read back from the services.
  const summary: DemoSummary = { runId: o.runId, calls: [], signIns };
  for (const c of calls) summary.calls.push(await summarise(d, c, grantsOf.get(c)!, { officer, finance, admin }));
  await at('done');
  return summary;
}

async function summarise(d: Driver, c: CallRun, grants: any[], as: { officer: Who; finance: Who; admin: Who }): Promise<CallSummary> {
  const list = await d.expect('GET', `/calls/${c.id}/applications?limit=200`, 200, undefined, as.officer);
  const budget = await d.expect('GET', `/disbursement/calls/${c.id}/budget`, 200, undefined, as.finance);
  const { payments } = await d.expect('GET', `/disbursement/payments?callId=${c.id}`, 200, undefined, as.finance);
  const byId = new Map(c.entries.map((e) => [e.applicationId, e]));
  const lines: GrantLine[] = [];
  const files = new Set<string>();
  for (const g of grants) {
    const e = byId.get(g.applicationId)!;
    const paid = (payments as any[]).filter((p) => p.grantId === g.id && p.status === 'PAID').sort((a, b) => a.trancheSequence - b.trancheSequence);
    for (const p of paid) if (p.fileId) files.add(p.fileId);
    const grant = await d.expect('GET', `/disbursement/grants/${g.id}`, 200, undefined, as.finance);
    // The award e-mail, in the grantee's language (notifications, over Kafka).
    const deliveries = await d.until(
      `the award e-mail to ${e.applicant.name}`,
      'GET',
      `/notifications/deliveries?recipientUserId=${e.applicant.id}`,
      as.admin,
      (r) => !!r.body?.deliveries?.some((x: { kind: string; status: string }) => x.kind === 'AWARD' && x.status === 'SENT'),
      120_000,
    );
    const award = deliveries.deliveries.find((x: { kind: string }) => x.kind === 'AWARD');
    lines.push({
      reference: e.reference,
      applicant: e.applicant.name,
      amountMinor: String(g.amountMinor),
      tranchesPaidMinor: paid.map((p) => p.amountMinor as string),
      paymentsPaid: paid.length,
      status: grant.status,
      awardMail: { language: award.language, subject: award.subject, wanted: e.applicant.language },
      ...(e.municipality ? { municipality: e.municipality } : {}),
    });
  }
  const position = new Map(c.ranking.map((r) => [r.reference, r.rank]));
  lines.sort((a, b) => (position.get(a.reference) ?? 0) - (position.get(b.reference) ?? 0));
  const paidMinor = lines.reduce((s, l) => s + l.tranchesPaidMinor.reduce((a, b) => a + BigInt(b), 0n), 0n);
  return {
    callId: c.id,
    referenceCode: c.referenceCode,
    title: c.title,
    kind: c.body.kind,
    currency: c.currency,
    applications: {
      submitted: list.total,
      eligible: list.items.filter((i: { screening: string }) => i.screening === 'ELIGIBLE').length,
      ineligible: list.items.filter((i: { screening: string }) => i.screening === 'INELIGIBLE').length,
    },
    ranking: c.ranking,
    awards: c.awards.length,
    awardedMinor: c.awards.reduce((s, a) => s + BigInt(a.amountMinor), 0n).toString(),
    paidMinor: paidMinor.toString(),
    budgetMinor: String(budget.budgetMinor),
    remainingMinor: String(budget.remainingMinor),
    coFunding: budget.coFunding,
    grants: lines,
    paymentFiles: [...files].sort(),
  };
}
