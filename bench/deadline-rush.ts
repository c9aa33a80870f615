import 'reflect-metadata';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { Actor, createTestDatabase, ServiceName, sleep, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline rush, on this machine's real servers: every service as its own process, Kafka,
 * PostgreSQL and Redis, all on the same cores. N applicants submit essays through the gateway
 * for a while (each request a whole submission: validation, receipt, audit, two outbox events);
 * then we wait until evaluation holds every accepted entry, and compare with what PostgreSQL
 * alone does for one row plus one outbox row (pgbench), in the same run.
 *
 *   BENCH_APPLICANTS  concurrent applicants (default 64)
 *   BENCH_SECONDS     length of the rush (default 60)
 *   BENCH_BASE_PORT   the gateway's port; the services follow (default 4540)
 *   BENCH_DB_POOL     applications' PostgreSQL connections (default 10)
 * For diagnosis only (the figure that counts runs every service through the gateway):
 *   BENCH_DIRECT=1    submit straight to applications, past the gateway
 *   BENCH_SERVICES    a subset to start, e.g. gateway,calls,applications,evaluation
 */
class CreateRushTables1763800009996 implements MigrationInterface {
  name = 'CreateRushTables1763800009996';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bench_domain (id bigserial PRIMARY KEY, n int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bench_domain`);
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const f1 = (x: number) => x.toFixed(1);

function bornYearsAgo(age: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

const ESSAY =
  'Мојот сограѓанин од соседната улица секое утро ја полева улицата пред нашата зграда, ги поздравува децата што одат на училиште ' +
  'и им помага на постарите соседи да ги однесат торбите. Тој зборува турски, македонски и малку ромски, и секогаш има време за разговор.';

async function main(): Promise<void> {
  const applicants = Number(process.env.BENCH_APPLICANTS ?? 64);
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const basePort = Number(process.env.BENCH_BASE_PORT ?? 4540);
  const direct = process.env.BENCH_DIRECT === '1';
  const only = process.env.BENCH_SERVICES ? (process.env.BENCH_SERVICES.split(',') as ServiceName[]) : undefined;
  const log = (s: string) => process.stdout.write(`${s}\n`);

  log(`deadline rush: starting every service (gateway :${basePort}) …`);
  const t: TestPlatform = await startTestPlatform({
    label: 'rush',
    basePort,
    only,
    env: {
      LOG_LEVEL: 'warn',
      KAFKA_TOPIC_PARTITIONS: '3',
      // Registering the applicants logs them all in from one address.
      LOGINS_PER_MINUTE_PER_ADDRESS: '100000',
      DATABASE_POOL_SIZE: process.env.BENCH_DB_POOL ?? '10',
    },
  });
  const pg = await createTestDatabase({ service: 'rushpg', migrations: [CreateMessagingTables1763800000000, CreateRushTables1763800009996] });
  try {
    const admin = await t.client.admin();
    const officer = await t.client.staff(admin, ['PROGRAMME_OFFICER']);
    const now = Date.now();
    const call = await t.client.expect(
      'POST',
      '/calls',
      201,
      {
        referenceCode: `FMZ-RUSH-${now.toString(36).toUpperCase()}`,
        kind: 'ESSAY_CONTEST',
        currency: 'MKD',
        budgetMinor: '6000000',
        opensAt: 'ON_PUBLICATION',
        closesAt: new Date(now + 3 * 3_600_000).toISOString(),
        timeZone: 'Europe/Skopje',
        defaultLanguage: 'mk',
        texts: { mk: { title: 'Мојот сограѓанин од соседната улица', summary: 'Есеј за средношколци', body: 'Есеј на тема „Мојот сограѓанин од соседната улица“.' } },
        funder: 'Асоцијација Иницијатива за социјална промена ИнСоК',
        submissionLanguages: ['mk', 'sq', 'tr', 'sr'],
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
    await t.client.expect('POST', `/calls/${call.id}/publish`, 200, undefined, officer.auth);

    log(`registering ${applicants} applicants …`);
    const people: Actor[] = [];
    for (let i = 0; i < applicants; i += 8) {
      people.push(...(await Promise.all(Array.from({ length: Math.min(8, applicants - i) }, (_, k) => t.client.applicant(`Ученик ${i + k + 1}`)))));
    }
    const url = direct ? `${t.platform.services.applications.url}/calls/${call.id}/applications` : `${t.api}/calls/${call.id}/applications`;
    const bodyOf = (who: number, n: number) =>
      JSON.stringify({
        language: 'mk',
        title: `Соседи ${n}`,
        text: ESSAY,
        applicant: { fullName: `Ученик ${who + 1}`, email: `ucenik${who + 1}@example.mk`, school: 'СУГС „Орце Николов“', dateOfBirth: bornYearsAgo(18), applicantType: 'STUDENT' },
      });
    const accepted = new Set<string>();
    const submit = async (who: number, n: number): Promise<{ status: number; ms: number }> => {
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...people[who].auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: bodyOf(who, n),
        });
        const text = await res.text();
        if (res.status === 201) accepted.add(JSON.parse(text).applicationId);
        return { status: res.status, ms: performance.now() - t0 };
      } catch {
        return { status: 0, ms: performance.now() - t0 };
      }
    };
    await waitFor('the call in applications', async () => (await submit(0, 0)).status === 201, { timeoutMs: 60_000, intervalMs: 200 });

    // Warm-up: JIT, connection pools, the replica's rules cache.
    const warmUntil = Date.now() + 5000;
    await Promise.all(people.map(async (_, w) => {
      for (let n = 1; Date.now() < warmUntil; n++) await submit(w, n);
    }));
    await sleep(2000);

    log(`rush: ${applicants} applicants submitting for ${seconds} s …`);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const startedAt = performance.now();
    const endAt = Date.now() + seconds * 1000;
    await Promise.all(
      people.map(async (_, w) => {
        for (let n = 1_000_000; Date.now() < endAt; n++) {
          const r = await submit(w, n);
          latencies.push(r.ms);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      }),
    );
    const rushMs = performance.now() - startedAt;
    const ok = statuses.get(201) ?? 0;
    const errors = latencies.length - ok;

    // Every accepted entry must reach evaluation (through the outbox, Kafka and its consumer).
    const drainStart = performance.now();
    let held = 0;
    const deadline = Date.now() + 15 * 60_000;
    while (Date.now() < deadline) {
      [{ n: held }] = await t.query('evaluation', `SELECT count(*)::int AS n FROM entry WHERE call_id = $1`, [call.id]);
      if (held >= accepted.size) break;
      await sleep(100);
    }
    const drainMs = performance.now() - drainStart;
    const inEvaluation = new Set((await t.query('evaluation', `SELECT application_id FROM entry WHERE call_id = $1`, [call.id])).map((r) => r.application_id as string));
    const inApplications = new Set(
      (await t.query('applications', `SELECT id FROM application WHERE call_id = $1 AND status = 'SUBMITTED'`, [call.id])).map((r) => r.id as string),
    );
    const lostInApplications = [...accepted].filter((id) => !inApplications.has(id)).length;
    const lostInEvaluation = [...accepted].filter((id) => !inEvaluation.has(id)).length;
    const [{ dup }] = await t.query('applications', `SELECT count(*) - count(DISTINCT reference) AS dup FROM application WHERE call_id = $1 AND reference IS NOT NULL`, [call.id]);

    // pgbench: PostgreSQL alone, the same machine, the same run (the services idle now).
    const script = join(tmpdir(), `bench-rush-${process.pid}.sql`);
    writeFileSync(
      script,
      `BEGIN;
INSERT INTO bench_domain (n) VALUES (1);
INSERT INTO outbox_message (event_id, topic, message_key, envelope) VALUES (gen_random_uuid(), 'pgbench', 'k', '{"payload":{"n":1}}');
COMMIT;
`,
    );
    const clients = Math.min(applicants, 16);
    const pgOut = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', '10', '-f', script, '-h', '127.0.0.1', '-U', 'postgres', pg.name], { encoding: 'utf8' });
    const tps = Number(/tps = ([\d.]+)/.exec(pgOut)?.[1] ?? NaN);

    const sorted = [...latencies].sort((a, b) => a - b);
    const rate = ok / (rushMs / 1000);
    log(
      [
        '',
        `deadline rush ${direct ? 'STRAIGHT TO applications (diagnosis)' : 'through the gateway'} (${only ? `only ${only.join(', ')}` : 'every service'}, Kafka, PostgreSQL, Redis and this load generator on ${cpus().length} cores)`,
        `  ${applicants} applicants, ${f1(rushMs / 1000)} s: ${ok} submissions accepted → ${f1(rate)} submissions/s`,
        `  latency: p50 ${f1(pct(sorted, 50))} ms, p95 ${f1(pct(sorted, 95))} ms, p99 ${f1(pct(sorted, 99))} ms, max ${f1(sorted[sorted.length - 1])} ms`,
        `  errors: ${errors}${errors ? ` (${[...statuses].filter(([s]) => s !== 201).map(([s, n]) => `${s || 'network'}: ${n}`).join(', ')})` : ''}`,
        `  evaluation held every entry ${f1(drainMs / 1000)} s after the rush (${held} of ${accepted.size} incl. warm-up)`,
        `  lost: ${lostInApplications} in applications, ${lostInEvaluation} in evaluation; duplicate references: ${dup}`,
        `  pgbench, one row + one outbox row per transaction, ${clients} clients, 10 s: ${f1(tps)} TPS`,
        `  submissions/s ÷ pgbench TPS = ${(rate / tps).toFixed(3)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await pg.drop().catch(() => undefined);
    await t.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
