import { Topics } from '@grants/contracts';
import { Actor, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { makersSnapshot } from '../../src/modules/workflow/test/call-snapshots';
import { EvaluationHarness, EvaluatorSession, sha256 } from './evaluation-harness';

/**
 * MAKERS (BiH, UNDP): co-funding local initiatives with the 14 partner municipalities, end to end
 * through the gateway. 25 proposals, 6 evaluators (two work for partner municipalities, one
 * declares Travnik, one writes from an applicant's mail domain), 2 per proposal, a CONSENSUS
 * divergence rule. An evaluator leaves the panel, one declares a conflict on an assigned proposal,
 * one declines one: each is restaffed. The pool (USD 200,000) fits 9 proposals in rank order;
 * an override needs a justification; declining one award promotes the first reserve proposal.
 * Requests cycle 22 000, 20 000, 24 000, 18 000, 23 000 USD (the fixture's choice).
 */

const MUNICIPALITIES = [
  'Centar Sarajevo',
  'Novo Sarajevo',
  'Istočno Novo Sarajevo',
  'Pale',
  'Trebinje',
  'Doboj',
  'Doboj Istok',
  'Brčko',
  'Bijeljina',
  'Mostar',
  'Bugojno',
  'Trnovo (RS)',
  'Travnik',
  'Novi Travnik',
];
const SERBIAN = new Set(['Istočno Novo Sarajevo', 'Pale', 'Trebinje', 'Doboj', 'Bijeljina', 'Trnovo (RS)']);
const REQUESTS = [2_200_000n, 2_000_000n, 2_400_000n, 1_800_000n, 2_300_000n];

interface Proposal {
  k: number;
  applicationId: string;
  reference: string;
  municipality: string;
  language: string;
  requestedMinor: bigint;
  organisation: string;
  email: string;
}

const proposals: Proposal[] = Array.from({ length: 25 }, (_, i) => {
  const nn = String(i + 1).padStart(2, '0');
  const municipality = MUNICIPALITIES[i % MUNICIPALITIES.length];
  return {
    k: i + 1,
    applicationId: randomUUID(),
    reference: `MAKERS-LI-2021-0${nn}`,
    municipality,
    language: SERBIAN.has(municipality) ? 'sr' : municipality === 'Mostar' ? 'hr' : 'bs',
    requestedMinor: REQUESTS[i % REQUESTS.length],
    organisation: `Udruženje građana „Mahala ${nn}“`,
    email: `info@udruzenje-${nn}.ba`,
  };
});

/** Proposal k scores 20 − ⌊(k − 1)/2⌋ on every criterion (total 5×): 1–2 → 100, …, 17–18 → 60 (the pass mark). */
const designed = (k: number) => 20 - Math.floor((k - 1) / 2);
const sheetFor = (k: number, low = false) => ({
  scores: low ? { relevance: 9, feasibility: 5, cofunding: 5 } : { relevance: designed(k), feasibility: designed(k), cofunding: designed(k) },
});

describe('MAKERS co-funding: 25 proposals, 14 municipalities, a pool that fits 9, a reserve', () => {
  const h = new EvaluationHarness('makers', 4610);
  const callId = randomUUID();
  const call = makersSnapshot({ callId });
  const byId = new Map(proposals.map((p) => [p.applicationId, p]));
  const byK = (k: number) => proposals[k - 1];
  let officer: Actor;
  let finance: Actor;
  const ev: EvaluatorSession[] = [];
  const officerCall = <T = any>(method: string, path: string, status: number, body?: unknown) => h.client.expect<T>(method, path, status, body, officer.auth);
  const assignmentsOf = async () => (await officerCall('GET', `/evaluation/calls/${callId}/assignments`, 200)).assignments as any[];

  beforeAll(async () => {
    await h.start();
    const admin = await h.client.admin();
    officer = await h.client.staff(admin, ['PROGRAMME_OFFICER']);
    finance = await h.client.staff(admin, ['FINANCE_OFFICER']);
    const profiles = [
      { displayName: 'Amra Begić', email: 'amra@undp.org', organisation: 'UNDP BiH', languages: ['bs', 'hr', 'sr', 'en'] },
      { displayName: 'Dragan Kovačević', email: 'dragan@pale.ba', organisation: 'Pale', languages: ['sr', 'bs'] },
      { displayName: 'Ivana Marić', email: 'ivana@mostar.ba', organisation: 'Grad Mostar', languages: ['hr', 'bs'] },
      { displayName: 'Selma Hodžić', email: 'selma@gmail.com', organisation: 'Fondacija Mozaik', languages: ['bs', 'sr', 'hr'] },
      { displayName: 'Nenad Simić', email: 'nenad@udruzenje-07.ba', organisation: 'Univerzitet u Banjoj Luci', languages: ['sr', 'bs'] },
      { displayName: 'Lejla Mehmedović', email: 'lejla@cpcd.ba', organisation: 'CPCD', languages: ['bs', 'hr', 'sr'], declaredConflicts: { municipalities: ['Travnik'] } },
    ];
    for (const p of profiles) {
      const actor = await h.client.staff(admin, ['EVALUATOR'], p.displayName);
      const s = new EvaluatorSession(h.client, actor);
      await s.expect('PUT', '/evaluation/evaluators/me', 200, { ...p, expertise: ['lokalna zajednica'], maxLoadPerCall: 10 });
      ev.push(s);
    }
  });

  afterAll(async () => {
    await h.stop();
  });

  it('screens 25 proposals from the 14 municipalities in, and staffs each with 2 evaluators free of conflicts', async () => {
    expect(new Set(proposals.map((p) => p.municipality)).size).toBe(14);
    await h.publish(Topics.CallPublishedV1, callId, call);
    for (const p of proposals) {
      const reviewContent = {
        title: `Lokalna inicijativa ${p.k}`,
        problem: 'Nedostatak sigurnih igrališta i javne rasvjete u naselju.',
        activities: 'Uređenje igrališta, javna rasvjeta, volonterske akcije.',
        partnerMunicipality: p.municipality,
        budgetLines: [{ item: 'Materijal', amountMinor: p.requestedMinor.toString() }],
      };
      await h.publish(Topics.ApplicationSubmittedV1, p.applicationId, {
        applicationId: p.applicationId,
        callId,
        reference: p.reference,
        submittedAt: new Date(Date.UTC(2021, 2, p.k, 11)).toISOString(),
        contentSha256: sha256(JSON.stringify(reviewContent)),
        language: p.language,
        reviewContent,
      });
      await h.publish(Topics.EligibilityDecidedV1, p.applicationId, {
        applicationId: p.applicationId,
        callId,
        reference: p.reference,
        eligible: true,
        language: p.language,
        submittedAt: new Date(Date.UTC(2021, 2, p.k, 11)).toISOString(),
        requestedAmountMinor: p.requestedMinor.toString(),
        conflictParties: { applicantOrganisation: p.organisation, applicantEmail: p.email, partnerMunicipality: p.municipality },
        decidedAt: '2021-04-10T09:00:00.000Z',
      });
    }
    await waitFor('25 screened proposals in evaluation', async () => {
      const r = await h.client.call('GET', `/evaluation/calls/${callId}/entries`, undefined, officer.auth);
      return r.body.entries?.length === 25 && r.body.entries.every((e: { eligible: boolean | null }) => e.eligible === true);
    });
    // Nobody on the panel yet: the officer is told so.
    const noPanel = await h.client.call('POST', `/evaluation/calls/${callId}/assignments`, {}, officer.auth);
    expect([noPanel.status, noPanel.body.error]).toEqual([409, 'EVALUATION.NO_PANEL']);
    const pool = await officerCall('GET', '/evaluation/evaluators?language=hr', 200);
    expect(pool.evaluators.map((p: { userId: string }) => p.userId).sort()).toEqual([ev[0].id, ev[2].id, ev[3].id, ev[5].id].sort());
    for (const e of ev) await officerCall('POST', `/evaluation/calls/${callId}/panel`, 201, { evaluatorId: e.id, maxLoad: 12 });
    // Only Amra has answered when the officer starts: she takes 12 (her cap), every entry is explained.
    await ev[0].expect('POST', `/evaluation/invitations/${callId}/accept`, 200, {});
    const short = await officerCall('POST', `/evaluation/calls/${callId}/assignments`, 200, {});
    expect(short).toMatchObject({ firstRun: true, eligible: 25, assignedNow: 12, staffed: 0 });
    expect(short.shortfalls).toHaveLength(25);
    const explained = short.shortfalls.find((f: { assigned: number }) => f.assigned === 1);
    expect(explained).toMatchObject({ required: 2, assigned: 1, panelSize: 1 });
    expect(explained.message).toMatch(/needs 2 evaluators and has 1\. Panel of 1, .*assigned: 1/);
    expect(short.shortfalls.find((f: { assigned: number }) => f.assigned === 0).message).toMatch(/at load cap: 1/);
    // The others accept; running it again fills only the empty places.
    for (const e of ev.slice(1)) await e.expect('POST', `/evaluation/invitations/${callId}/accept`, 200, {});
    const started = await officerCall('POST', `/evaluation/calls/${callId}/assignments`, 200, {});
    expect(started).toMatchObject({ firstRun: false, eligible: 25, assignedNow: 38, staffed: 25, shortfalls: [] });

    const { conflicts } = await officerCall('GET', `/evaluation/calls/${callId}/conflicts`, 200);
    const pairs = conflicts.flatMap((c: any) => c.evaluators.map((x: any) => [byId.get(c.applicationId)!.k, x.evaluatorId, x.reasons[0].code]));
    const expected = [
      ...proposals.filter((p) => p.municipality === 'Pale').map((p) => [p.k, ev[1].id, 'MUNICIPALITY_STAFF']),
      [7, ev[4].id, 'SAME_EMAIL_DOMAIN'],
      ...proposals.filter((p) => p.municipality === 'Travnik').map((p) => [p.k, ev[5].id, 'DECLARED_MUNICIPALITY']),
    ];
    expect(pairs.sort()).toEqual(expected.sort());
    const assignments = await assignmentsOf();
    for (const [k, evaluatorId] of expected) {
      expect(assignments.some((a) => a.applicationId === byK(k as number).applicationId && a.evaluatorId === evaluatorId)).toBe(false);
    }
  });

  it('refuses every evaluation route without a token (401) and to every role it does not name (403)', async () => {
    // The service's own document: every route it serves, each with its policy (x-roles).
    const own = (await fetch(`${h.platform.services.evaluation.url}/openapi.json`).then((r) => r.json())) as { paths: Record<string, Record<string, any>> };
    const admin = await h.client.admin();
    const tokens: Record<string, Record<string, string>> = {
      APPLICANT: (await h.client.applicant('Policy Tester')).auth,
      PROGRAMME_OFFICER: officer.auth,
      EVALUATOR: ev[0].actor.auth,
      FINANCE_OFFICER: finance.auth,
      FINANCE_APPROVER: (await h.client.staff(admin, ['FINANCE_APPROVER'])).auth,
      ADMIN: admin.auth,
    };
    const failures: string[] = [];
    let routes = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(own.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item[method];
        if (!op || op['x-public']) continue;
        routes++;
        const roles: string[] | undefined = op['x-roles'];
        if (!roles?.length) failures.push(`${method} ${path} has no policy`);
        const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
        const body = method === 'get' ? undefined : {};
        const anonymous = await h.client.call(method.toUpperCase(), url, body);
        if (anonymous.status !== 401) failures.push(`${method} ${path} anonymous: ${anonymous.status}`);
        for (const [role, auth] of Object.entries(tokens)) {
          if (roles?.includes(role)) continue;
          const r = await h.client.call(method.toUpperCase(), url, body, auth);
          if (r.status !== 403) failures.push(`${method} ${path} as ${role}: ${r.status}`);
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(30);
    expect(failures).toEqual([]);
  });

  it('restaffs when an evaluator leaves the panel, declares a conflict on an assigned proposal, or declines one', async () => {
    // Ivana leaves the panel: her open proposals go to others.
    const hers = (await assignmentsOf()).filter((a) => a.evaluatorId === ev[2].id).length;
    expect(hers).toBeGreaterThan(0);
    const left = await ev[2].expect('POST', `/evaluation/invitations/${callId}/withdraw`, 200, { reason: 'Preuzela sam novu funkciju u gradskoj upravi.' });
    expect(left).toEqual({ callId, status: 'DROPPED_OUT', released: hers });
    let all = await assignmentsOf();
    expect(all.filter((a) => a.status === 'ACTIVE' && a.evaluatorId === ev[2].id)).toEqual([]);
    expect(all.filter((a) => a.reason === 'REASSIGNMENT')).toHaveLength(hers);

    // Amra recognises the people behind one of her proposals: conflict declared, reassigned.
    const amraFirst = (await ev[0].expect('GET', '/evaluation/reviews', 200)).reviews[0].applicationId;
    expect(await ev[0].expect('POST', `/evaluation/reviews/${amraFirst}/conflict`, 200, { description: 'Predsjednica udruženja je moja sestra.' })).toEqual({
      applicationId: amraFirst,
      released: true,
    });
    expect((await ev[0].call('GET', `/evaluation/reviews/${amraFirst}`)).status).toBe(404);
    // Selma declines one for lack of time.
    const selmaFirst = (await ev[3].expect('GET', '/evaluation/reviews', 200)).reviews[0].applicationId;
    await ev[3].expect('POST', `/evaluation/reviews/${selmaFirst}/decline`, 200, { reason: 'Nemam vremena za ovaj prijedlog.' });

    all = await assignmentsOf();
    const onAmras = all.filter((a) => a.applicationId === amraFirst);
    expect(onAmras.find((a) => a.evaluatorId === ev[0].id)).toMatchObject({ status: 'RELEASED', releasedReason: 'CONFLICT_DECLARED' });
    expect(onAmras.filter((a) => a.status === 'ACTIVE')).toHaveLength(2);
    expect(all.find((a) => a.applicationId === selmaFirst && a.evaluatorId === ev[3].id)).toMatchObject({ status: 'RELEASED', releasedReason: 'DECLINED' });
    expect(all.filter((a) => a.applicationId === selmaFirst && a.status === 'ACTIVE')).toHaveLength(2);
    const { conflicts, declaredOnAssignedEntries } = await officerCall('GET', `/evaluation/calls/${callId}/conflicts`, 200);
    expect(declaredOnAssignedEntries).toEqual([expect.objectContaining({ applicationId: amraFirst, evaluatorId: ev[0].id })]);
    expect(conflicts.find((c: any) => c.applicationId === amraFirst).evaluators).toEqual(
      expect.arrayContaining([expect.objectContaining({ evaluatorId: ev[0].id, reasons: [{ code: 'DECLARED_ENTRY', party: 'ENTRY', value: amraFirst }] })]),
    );
    // Every proposal still has its two evaluators; nobody is over the cap.
    const active = all.filter((a) => a.status === 'ACTIVE');
    expect(active).toHaveLength(50);
    const panel = await officerCall('GET', `/evaluation/calls/${callId}/panel`, 200);
    expect(panel.members.every((m: { assigned: number }) => m.assigned <= 12)).toBe(true);
    const audit = await h.query(`SELECT action FROM audit_log WHERE action IN ('panel.dropped-out', 'assignment.conflict-declared', 'assignment.declined')`);
    expect(audit.map((a) => a.action).sort()).toEqual(['assignment.conflict-declared', 'assignment.declined', 'panel.dropped-out']);
  });

  it('keeps evaluators out of proposals not theirs (404) and finance out of scoring (403)', async () => {
    const mine = new Set((await ev[1].expect('GET', '/evaluation/reviews', 200)).reviews.map((r: { applicationId: string }) => r.applicationId));
    const other = proposals.find((p) => !mine.has(p.applicationId))!;
    expect((await ev[1].call('GET', `/evaluation/reviews/${other.applicationId}`)).status).toBe(404);
    expect((await ev[1].call('POST', `/evaluation/reviews/${other.applicationId}/score-sheet/submit`, sheetFor(other.k))).status).toBe(404);
    expect((await h.client.call('POST', `/evaluation/reviews/${[...mine][0]}/score-sheet/submit`, sheetFor(1), finance.auth)).status).toBe(403);
    expect((await ev[1].call('POST', `/evaluation/entries/${other.applicationId}/consensus`, { score: 90, note: 'not mine to give' })).status).toBe(403);
  });

  it('scores every proposal; a divergent pair waits for the officer’s consensus note before ranking', async () => {
    const p4 = byK(4);
    const onP4 = (await assignmentsOf()).filter((a) => a.applicationId === p4.applicationId && a.status === 'ACTIVE').map((a) => a.evaluatorId).sort();
    for (const e of ev.filter((x) => x !== ev[2])) {
      for (const r of (await e.expect('GET', '/evaluation/reviews', 200)).reviews) {
        const p = byId.get(r.applicationId)!;
        await e.expect('POST', `/evaluation/reviews/${r.applicationId}/score-sheet/submit`, 200, sheetFor(p.k, p === p4 && e.id === onP4[1]));
      }
    }
    const progress = await officerCall('GET', `/evaluation/calls/${callId}/progress`, 200);
    expect(progress.summary).toMatchObject({ entries: 25, final: 24, needsConsensus: 1 });
    // No third evaluator under the consensus rule: the entry waits, ranking is refused and says why.
    expect((await assignmentsOf()).filter((a) => a.reason === 'ADDITIONAL_EVALUATOR')).toEqual([]);
    const early = await h.client.call('POST', `/evaluation/calls/${callId}/proposal`, {}, officer.auth);
    expect(early.status).toBe(409);
    expect(early.body.problems).toEqual([{ field: `entries.${p4.reference}`, code: 'NOT_ALLOWED_NOW', params: { state: 'NEEDS_CONSENSUS' }, reason: expect.stringMatching(/^NEEDS_CONSENSUS: totals differ by 62.00 points/) }]);
    const notDivergent = await h.client.call('POST', `/evaluation/entries/${byK(1).applicationId}/consensus`, { score: 99, note: 'Nije potrebno, ali pokušavam.' }, officer.auth);
    expect([notDivergent.status, notDivergent.body.error]).toEqual([409, 'EVALUATION.CONSENSUS_NOT_NEEDED']);
    const consensus = await officerCall('POST', `/evaluation/entries/${p4.applicationId}/consensus`, 200, {
      score: 95,
      note: 'Komisija je uskladila ocjene: drugi ocjenjivač je pogrešno pročitao budžet sufinansiranja.',
    });
    expect(consensus).toMatchObject({ consensusHundredths: 9500, status: 'FINAL' });
  });

  let proposal: any;
  it('funds in rank order within the pool: 9 of 25, the minimum of 8 met, the next four on the reserve', async () => {
    proposal = await officerCall('POST', `/evaluation/calls/${callId}/proposal`, 200, {});
    expect(proposal.ranking.map((r: { applicationId: string }) => byId.get(r.applicationId)!.k)).toEqual(proposals.map((p) => p.k));
    const s = proposal.selection;
    expect(s.awards.map((a: { applicationId: string; amountMinor: string }) => [byId.get(a.applicationId)!.k, a.amountMinor])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [k, byK(k).requestedMinor.toString()]),
    );
    expect(s.remainingMinor).toBe('900000');
    expect(s.minimumAwards).toMatchObject({ required: 8, awarded: 9, met: true });
    expect(s.reserve.map((r: { applicationId: string }) => byId.get(r.applicationId)!.k)).toEqual([10, 11, 12, 13]);
    expect(s.skipped.every((x: { reason: string }) => x.reason === 'DOES_NOT_FIT_POOL')).toBe(true);
    expect(s.skipped.map((x: { applicationId: string }) => byId.get(x.applicationId)!.k)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    // Proposals 19–25 fall below the pass mark of 60.
    expect(proposal.ranking.filter((r: { passed: boolean }) => !r.passed)).toHaveLength(7);
  });

  it('takes an override only with a written justification, and keeps it in the audit log', async () => {
    const ids = (ks: number[]) => ks.map((k) => byK(k).applicationId);
    const none = await h.client.call('POST', `/evaluation/calls/${callId}/proposal/override`, { awardedApplicationIds: ids([1, 2]) }, officer.auth);
    expect(none.status).toBe(400);
    expect([...new Set(none.body.problems.map((p: { field: string }) => p.field))]).toEqual(['justification']);
    const short = await h.client.call('POST', `/evaluation/calls/${callId}/proposal/override`, { awardedApplicationIds: ids([1, 2]), justification: 'Zato.' }, officer.auth);
    expect(short.status).toBe(400);
    const justification = 'Upravni odbor traži da se prednost da inicijativi iz Bugojna zbog poplava u aprilu 2021.';
    const overPool = await h.client.call('POST', `/evaluation/calls/${callId}/proposal/override`, { awardedApplicationIds: ids([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), justification }, officer.auth);
    expect([overPool.status, overPool.body.error]).toEqual([422, 'EVALUATION.OVERRIDE_INVALID']);
    const failed = await h.client.call('POST', `/evaluation/calls/${callId}/proposal/override`, { awardedApplicationIds: ids([25]), justification }, officer.auth);
    expect(failed.body.problems[0].reason).toMatch(/did not pass/);
    const ok = await officerCall('POST', `/evaluation/calls/${callId}/proposal/override`, 200, { awardedApplicationIds: ids([1, 2, 3, 4, 5, 6, 7, 8, 11]), justification });
    expect(ok.override).toMatchObject({ justification, by: officer.id });
    expect(ok.selection.awards.map((a: { applicationId: string }) => byId.get(a.applicationId)!.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 11]);
    expect(ok.proposed.awards.map((a: { applicationId: string }) => byId.get(a.applicationId)!.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [row] = await h.query(`SELECT actor_id, before, after FROM audit_log WHERE action = 'selection.overridden'`);
    expect(row.actor_id).toBe(officer.id);
    expect(row.after.justification).toBe(justification);
    expect(row.before.awards).toHaveLength(9);
    // The officer thinks again: a fresh proposal by the rules replaces the override.
    const back = await officerCall('POST', `/evaluation/calls/${callId}/proposal`, 200, {});
    expect(back.override).toBeNull();
    expect(back.selection).toEqual(proposal.selection);
  });

  it('publishes: one award event per funded proposal; declining one promotes the first reserve proposal the money allows', async () => {
    const published = await officerCall('POST', `/evaluation/calls/${callId}/results/publish`, 200, {});
    expect(published.awards).toHaveLength(9);
    const granted = await h.waitForEvents(Topics.AwardGrantedV1, 9);
    expect(granted.map((e) => [byId.get(e.payload.applicationId)!.k, e.payload.amountMinor, e.payload.currency, e.payload.rank]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [k, byK(k).requestedMinor.toString(), 'USD', undefined]),
    );
    const [results] = await h.waitForEvents(Topics.ResultsPublishedV1, 1);
    expect(results.payload).toMatchObject({ counts: { applications: 25, eligible: 25, ranked: 25, awards: 9, reserve: 4 }, amountAwardedMinor: '19100000', revision: 1 });

    // Proposal 5 (23 000 USD) declines: 9 000 + 23 000 left, so proposal 10 (23 000) is funded; 11 (22 000) no longer fits.
    const award5 = published.awards.find((a: { applicationId: string }) => a.applicationId === byK(5).applicationId);
    const declined = await officerCall('POST', `/evaluation/awards/${award5.awardId}/decline`, 200, { reason: 'Udruženje nije obezbijedilo sufinansiranje općine.' });
    expect(declined.promoted.map((p: { applicationId: string; amountMinor: string }) => [byId.get(p.applicationId)!.k, p.amountMinor])).toEqual([[10, '2300000']]);
    expect(declined.remainingMinor).toBe('900000');
    const [release] = await h.waitForEvents(Topics.AwardDeclinedV1, 1);
    expect(release.payload).toMatchObject({ awardId: award5.awardId, applicationId: byK(5).applicationId, amountMinor: '2300000', recoveredMinor: '2300000', currency: 'USD' });
    const [promoted] = await h.waitForEvents(Topics.ReservePromotedV1, 1);
    expect(promoted.payload).toMatchObject({ applicationId: byK(10).applicationId, replacesAwardId: award5.awardId, position: 10, amountMinor: '2300000' });
    const grants = await h.waitForEvents(Topics.AwardGrantedV1, 10);
    expect(grants.at(-1)!.payload).toMatchObject({ awardId: promoted.payload.awardId, applicationId: byK(10).applicationId, amountMinor: '2300000' });
    const revisions = await h.waitForEvents(Topics.ResultsPublishedV1, 2);
    const rev2 = revisions.find((e) => e.payload.revision === 2)!.payload;
    expect(rev2).toMatchObject({ amountAwardedMinor: '19100000', counts: { awards: 9, reserve: 3 } });
    const outcome = (k: number) => rev2.ranking.find((r: { applicationId: string }) => r.applicationId === byK(k).applicationId).outcome;
    expect([outcome(5), outcome(10), outcome(11)]).toEqual(['NOT_SELECTED', 'AWARDED', 'RESERVE']);

    const again = await h.client.call('POST', `/evaluation/awards/${award5.awardId}/decline`, { reason: 'twice' }, officer.auth);
    expect([again.status, again.body.error]).toEqual([409, 'EVALUATION.AWARD_NOT_ACTIVE']);
    const manual = await h.client.call('POST', `/evaluation/entries/${byK(12).applicationId}/award`, { amountMinor: '100' }, officer.auth);
    expect([manual.status, manual.body.error]).toEqual([409, 'EVALUATION.CALL_EVALUATED']);
    const view = await officerCall('GET', `/evaluation/calls/${callId}/results`, 200);
    expect(view).toMatchObject({ status: 'RESULTS_PUBLISHED', revision: 2 });
    expect(view.awards.filter((a: { status: string }) => a.status === 'ACTIVE')).toHaveLength(9);
    expect(view.awards.find((a: { awardId: string }) => a.awardId === award5.awardId)).toMatchObject({ status: 'DECLINED', releasedReason: expect.any(String) });
    const audit = await h.query(`SELECT action FROM audit_log WHERE action LIKE 'award.%' OR action LIKE 'results.%'`);
    expect(audit.filter((a) => a.action === 'award.granted')).toHaveLength(10);
    expect(audit.filter((a) => a.action === 'award.declined')).toHaveLength(1);
  });
});
