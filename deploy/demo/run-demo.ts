import 'reflect-metadata';
import { birthDateForAge, http, Platform, PlatformClient, REPO_ROOT, SERVICE_NAMES, ServiceName, uniqueEmail, waitFor } from '@grants/testing';
import { formatMoney } from '@grants/money';
import { resolve } from 'node:path';

/**
 * The seeded demo, through the public HTTP API only. For now it walks the skeleton: the essay
 * contest of the Forum of Small Communities from publication to grants. Run again at will: each
 * run publishes its own call (the reference code carries the run's timestamp).
 */
const once = process.argv.includes('--once');
const basePort = Number(process.env.DEMO_BASE_PORT ?? 3000);
const pgBase = process.env.DEMO_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const say = (msg: string) => process.stdout.write(`${msg}\n`);
const step = (n: number, msg: string) => say(`\n[${n}] ${msg}`);

// Fixture choice, stated: the programme's seed gives no prize amounts.
const PRIZES_MKD = [3_000_000n, 2_000_000n, 1_000_000n];
const STUDENTS = [
  { fullName: 'Ана Петровска', email: 'ana.petrovska@example.mk', language: 'mk', title: 'Соседи', text: 'Мојот сосед Ахмет секое утро ја полева улицата и поздравува на четири јазици.' },
  { fullName: 'Elif Yılmaz', email: 'elif.yilmaz@example.mk', language: 'mk', title: 'Комшиите', text: 'Во нашата улица секоја сабота има заеднички појадок.' },
  { fullName: 'Džemal Hodžić', email: 'dzemal.hodzic@example.mk', language: 'bs', title: 'Moja ulica', text: 'Moj komšija Goran popravlja bicikle svoj djeci u ulici.' },
  { fullName: 'Марко Јовановић', email: 'marko.jovanovic@example.rs', language: 'sr', title: 'Суседи', text: 'Бака Милица учи децу да пеку хлеб.' },
  { fullName: 'Ramadan Bajrami', email: 'ramadan.bajrami@example.mk', language: 'sq', title: 'Fqinji im', text: 'Fqinji im Stefan na ndihmon me detyrat e shtëpisë.' },
  { fullName: 'Iulia Caragiu', email: 'iulia.caragiu@example.mk', language: 'en', title: 'The baker', text: 'The Vlach baker on our street knows every child by name.' },
];

async function main(): Promise<void> {
  const platform = new Platform({
    basePort,
    databaseUrls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${pgBase}/grants_${s}`])) as Record<ServiceName, string>,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', KAFKA_NAMESPACE: process.env.KAFKA_NAMESPACE ?? '' },
    logDir: resolve(REPO_ROOT, '.cache/demo-logs'),
  });
  const shutdown = async () => {
    say('\nstopping the platform …');
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  step(0, `starting ${SERVICE_NAMES.join(', ')} (logs: .cache/demo-logs/<service>.log)`);
  await platform.start();
  const api = `${platform.gatewayUrl}/api`;
  say(`    gateway ready at ${platform.gatewayUrl}`);
  const client = new PlatformClient(api);
  const admin = await client.admin();
  const officer = await client.staff(admin, ['PROGRAMME_OFFICER'], 'Programme officer, ИнСоК');
  const finance = await client.staff(admin, ['FINANCE_OFFICER'], 'Finance officer');
  say(`    admin signed in; created accounts for a programme officer and a finance officer`);

  const run = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const now = Date.now();
  step(1, 'programme officer drafts and publishes the essay contest „Мојот сограѓанин од соседната улица“ (calls)');
  const draft = await must(
    http(
      'POST',
      `${api}/calls`,
      {
      referenceCode: `FMZ-ESSAY-${run}`,
      kind: 'ESSAY_CONTEST',
      currency: 'MKD',
      budgetMinor: PRIZES_MKD.reduce((a, b) => a + b, 0n).toString(),
      opensAt: 'ON_PUBLICATION',
      closesAt: new Date(now + 7 * 24 * 3_600_000).toISOString(),
      timeZone: 'Europe/Skopje',
      defaultLanguage: 'mk',
      texts: {
        mk: {
          title: 'Мојот сограѓанин од соседната улица',
          summary: 'Конкурс за есеј за средношколци, три награди.',
          body: 'Есеј на тема „Мојот сограѓанин од соседната улица“ за средношколци од турската, ромската, бошњачката, српската и влашката заедница.',
        },
        en: { title: 'My fellow citizen from the neighbouring street', summary: 'Essay contest for secondary-school students, three prizes.' },
      },
      funder: 'Асоцијација Иницијатива за социјална промена ИнСоК',
      submissionLanguages: ['mk', 'sq', 'tr', 'rom', 'bs', 'sr', 'rup', 'en'],
      eligibility: { applicantTypes: ['STUDENT'], ageRange: { minAge: 14, maxAge: 19 }, guardianConsentUnderAge: 18, wordLimits: { maxWords: 1500 }, onePerApplicant: false },
      form: { sections: [{ key: 'title', required: true }, { key: 'text', required: true }], attachments: [] },
      rubric: { criteria: [{ id: 'relevance', weightPercent: 50, maxScore: 10, step: 1 }, { id: 'originality', weightPercent: 50, maxScore: 10, step: 1 }], passMark: 50 },
      evaluation: { evaluatorsPerEntry: 1, blind: true, divergence: { mode: 'NONE' }, tieBreak: [{ by: 'EARLIER_SUBMISSION' }] },
      awardRules: { mode: 'RANKED_PRIZES', prizesMinor: PRIZES_MKD.map(String), reserveListLength: 0 },
      paymentPolicy: { tranches: [{ percent: 100, trigger: 'ON_AGREEMENT_SIGNED' }] },
      appealWindowDays: 8,
      },
      officer.auth,
    ),
    201,
  );
  const published = await must(http('POST', `${api}/calls/${draft.id}/publish`, undefined, officer.auth), 200);
  say(`    call ${published.referenceCode} is ${published.status}; budget ${formatMoney({ amountMinor: BigInt(published.budgetMinor), currency: 'MKD' })}`);
  say(`    look: GET ${api}/calls/${draft.id}`);

  step(2, `${STUDENTS.length} students submit their essays through the call (applications, after the call reached it over Kafka)`);
  const receipts: { applicationId: string; reference: string }[] = [];
  for (const s of STUDENTS) {
    const student = await client.applicant(s.fullName, { email: uniqueEmail(s.email.split('@')[0]), language: s.language });
    // Secondary-school students of 18: no guardian consent needed (the call asks for one under 18).
    const body = { applicant: { fullName: s.fullName, email: s.email, dateOfBirth: birthDateForAge(18), applicantType: 'STUDENT' }, title: s.title, text: s.text, language: s.language };
    const receipt = await waitFor(`the call to reach applications`, async () => {
      const r = await http('POST', `${api}/calls/${draft.id}/applications`, body, student.auth);
      return r.status === 201 && r.body;
    });
    receipts.push(receipt);
    say(`    ${s.fullName.padEnd(18)} → receipt ${receipt.reference}  sha256 ${receipt.contentSha256.slice(0, 16)}…`);
  }

  step(3, 'evaluation holds every entry — review content only, no names (over Kafka)');
  const entries = await waitFor('all entries in evaluation', async () => {
    const r = await http('GET', `${api}/evaluation/calls/${draft.id}/entries`, undefined, officer.auth);
    return r.body.entries?.length === STUDENTS.length && r.body.entries;
  });
  say(`    ${entries.length} entries; look: GET ${api}/evaluation/calls/${draft.id}/entries`);

  step(4, 'the jury’s top three receive the three prizes (evaluation → evaluation.award.granted.v1)');
  const awards = [];
  for (const [i, amount] of PRIZES_MKD.entries()) {
    const a = await must(
      http('POST', `${api}/evaluation/entries/${receipts[i].applicationId}/award`, { amountMinor: amount.toString(), rank: i + 1 }, officer.auth),
      201,
    );
    awards.push(a);
    say(`    prize ${i + 1}: ${receipts[i].reference} ${formatMoney({ amountMinor: amount, currency: 'MKD' })}`);
  }

  step(5, 'disbursement opens one grant per award (over Kafka)');
  const grants = await waitFor('the grants in disbursement', async () => {
    const r = await http('GET', `${api}/disbursement/grants?callId=${draft.id}`, undefined, finance.auth);
    return r.body.grants?.length === awards.length && r.body.grants;
  });
  grants.sort((a: { prizeRank: number }, b: { prizeRank: number }) => a.prizeRank - b.prizeRank);
  for (const g of grants) say(`    grant ${g.id} prize ${g.prizeRank}: ${formatMoney({ amountMinor: BigInt(g.amountMinor), currency: g.currency })} ${g.status}`);
  say(`    look: GET ${api}/disbursement/grants?callId=${draft.id}`);

  step(6, 'notifications logs a notice per grant');
  for (const g of grants) {
    await waitFor(
      'the notice',
      async () => (await http('GET', `${api}/notifications/deliveries?aggregateId=${g.id}`, undefined, admin.auth)).body.deliveries?.length === 1,
    );
  }
  say(`    ${grants.length} notices logged; look: GET ${api}/notifications/deliveries`);

  const total = grants.reduce((a: bigint, g: { amountMinor: string }) => a + BigInt(g.amountMinor), 0n);
  say('\n=== summary ===');
  say(`${published.referenceCode}  „${published.texts.mk.title}“`);
  say(`  applications: ${receipts.length}   awards: ${awards.length}   granted: ${formatMoney({ amountMinor: total, currency: 'MKD' })}`);
  say(`  budget remaining: ${formatMoney({ amountMinor: BigInt(published.budgetMinor) - total, currency: 'MKD' })}`);
  say(`  API docs: ${platform.gatewayUrl}/api/docs  (OpenAPI: ${api}/openapi.json)`);
  say(`  health: ${SERVICE_NAMES.map((s) => `${platform.services[s].url}/health/ready`).join('  ')}`);

  if (once) {
    await platform.stop();
    return;
  }
  say('\nthe platform stays up; press Ctrl-C to stop it.');
}

async function must(p: Promise<{ status: number; body: any }>, status: number): Promise<any> {
  const r = await p;
  if (r.status !== status) throw new Error(`expected HTTP ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
