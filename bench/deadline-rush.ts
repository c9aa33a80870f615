import 'reflect-metadata';
import { CreateMessagingTables1763800000000 } from '@grants/messaging';
import { Actor, createTestDatabase, ServiceName, sleep, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
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
 *   CPU_PROFILE_DIR   every service writes a V8 CPU profile of the rush into this folder
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


/**
 * CPU time (user + system, ms) of every process on the machine, labelled: each service, the
 * PostgreSQL backends of each service's database, PostgreSQL's own processes, Kafka, Redis and
 * this load generator. Read before and after the rush, it says where a submission's CPU goes.
 */
function cpuByProcess(label: (pid: number, cmd: string) => string): Map<number, { label: string; ms: number }> {
  const out = new Map<number, { label: string; ms: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[/:].*$/, '');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() || `[${comm}]`;
      out.set(Number(d), { label: label(Number(d), cmd), ms: ticks * 10 });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function cpuDelta(before: Map<number, { label: string; ms: number }>, after: Map<number, { label: string; ms: number }>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const d = a.ms - (b && b.label === a.label ? b.ms : 0);
    if (d > 0) sums.set(a.label, (sums.get(a.label) ?? 0) + d);
  }
  return sums;
}

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
    // node:http with keep-alive rather than fetch: the load generator shares the two cores with
    // the platform, and fetch costs it about twice the CPU per request.
    const target = new URL(url);
    const agent = new Agent({ keepAlive: true, maxSockets: applicants + 8 });
    const post = (headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; text: string }>((resolveIt, reject) => {
        const req = request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolveIt({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const submit = async (who: number, n: number): Promise<{ status: number; ms: number }> => {
      const t0 = performance.now();
      try {
        const res = await post({ ...people[who].auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, bodyOf(who, n));
        if (res.status === 201) accepted.add(JSON.parse(res.text).applicationId);
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

    const pids = new Map(t.platform.started.map((s) => [t.platform.services[s].pid, s as string]));
    const dbOf = new Map(Object.entries(t.dbs).map(([s, d]) => [d.name, s]));
    const label = (pid: number, cmd: string): string => {
      if (pid === process.pid) return 'load generator';
      const svc = pids.get(pid);
      if (svc) return `node ${svc}`;
      const backend = /^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(cmd);
      if (backend) return `postgres ${dbOf.get(backend[1]) ?? backend[1]}`;
      if (cmd.startsWith('postgres')) return 'postgres (own processes)';
      if (cmd.includes('kafka.Kafka')) return 'kafka';
      if (cmd.startsWith('redis-server')) return 'redis';
      return `other: ${cmd.split(' ')[0].split('/').pop()}`;
    };
    log(`rush: ${applicants} applicants submitting for ${seconds} s …`);
    // CPU_PROFILE_DIR=<dir>: every service writes a CPU profile of the rush there (diagnosis).
    const profile = () => {
      if (!process.env.CPU_PROFILE_DIR) return;
      for (const [pid, s] of pids) {
        try {
          if (pid) process.kill(pid, 'SIGWINCH');
        } catch (err) {
          log(`cannot signal ${s} (${pid}): ${(err as Error).message}`);
        }
      }
    };
    profile();
    const cpuBefore = cpuByProcess(label);
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
    const cpuRush = cpuDelta(cpuBefore, cpuByProcess(label));
    profile();
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
    const cpuAll = cpuDelta(cpuBefore, cpuByProcess(label));
    const inEvaluation = new Set((await t.query('evaluation', `SELECT application_id FROM entry WHERE call_id = $1`, [call.id])).map((r) => r.application_id as string));
    const inApplications = new Set(
      (await t.query('applications', `SELECT id FROM application WHERE call_id = $1 AND status = 'SUBMITTED'`, [call.id])).map((r) => r.id as string),
    );
    const lostInApplications = [...accepted].filter((id) => !inApplications.has(id)).length;
    const lostInEvaluation = [...accepted].filter((id) => !inEvaluation.has(id)).length;
    // Messages applied in one transaction share its now(): how well the consumers batch.
    const batching = async (svc: ServiceName) => {
      if (only && !only.includes(svc)) return '';
      const [b] = await t.query(svc, `SELECT count(*)::int AS messages, count(DISTINCT (consumer, processed_at))::int AS transactions FROM inbox_message`);
      return `${svc} ${b.messages} in ${b.transactions}`;
    };
    const consumers = (await Promise.all((['evaluation', 'disbursement', 'notifications'] as ServiceName[]).map(batching))).filter(Boolean).join(', ');
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
        `  events consumed (messages in transactions): ${consumers}`,
        `  pgbench, one row + one outbox row per transaction, ${clients} clients, 10 s: ${f1(tps)} TPS`,
        `  submissions/s ÷ pgbench TPS = ${(rate / tps).toFixed(3)}`,
        `  CPU per accepted submission (ms; during the rush | rush and drain, over ${ok} submissions):`,
        ...[...cpuAll]
          .sort((a, b) => b[1] - a[1])
          .filter(([, ms]) => ms / ok >= 0.05)
          .map(([l, ms]) => `    ${l.padEnd(28)} ${((cpuRush.get(l) ?? 0) / ok).toFixed(2).padStart(6)} | ${(ms / ok).toFixed(2).padStart(6)}`),
        `    ${'total'.padEnd(28)} ${([...cpuRush.values()].reduce((a, b) => a + b, 0) / ok).toFixed(2).padStart(6)} | ${([...cpuAll.values()].reduce((a, b) => a + b, 0) / ok).toFixed(2).padStart(6)}`,
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
