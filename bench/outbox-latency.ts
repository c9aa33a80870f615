import 'reflect-metadata';
import { EventEnvelope } from '@grants/contracts';
import { CreateMessagingTables1763800000000, EventConsumer, EventHandler, KafkaBus, OutboxRelay, OutboxWriter } from '@grants/messaging';
import { createTestDatabase, KAFKA_BROKERS, openDataSource, sleep, testNamespace } from '@grants/testing';
import { IsInt } from 'class-validator';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox commit → consumer effect, on the real servers of this machine:
 *   1. latency (p50/p95/p99) at a steady rate well below saturation;
 *   2. throughput: events/s from the first commit to the last consumer effect, many writers;
 *   3. pgbench: TPS of the same write (one domain row + one outbox row per transaction), the raw
 *      limit of PostgreSQL here, for comparison.
 * Producer, relay and consumer run in this one Node process on a 2-core machine that also runs
 * PostgreSQL and Kafka, so every figure shares the same two cores.
 */
class CreateBenchTables1763800009997 implements MigrationInterface {
  name = 'CreateBenchTables1763800009997';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bench_domain (id bigserial PRIMARY KEY, n int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE bench_effect (event_id uuid PRIMARY KEY, n int NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bench_effect; DROP TABLE bench_domain`);
  }
}

class Ping {
  @IsInt() n!: number;
}
const TOPIC = 'bench.ping.sent.v1';

const committedAt = new Map<string, number>();
const latencies: number[] = [];
let effects = 0;

class PingHandler implements EventHandler<Ping> {
  readonly topic = TOPIC;
  readonly contract = Ping;
  async handle(e: EventEnvelope<Ping>, m: import('typeorm').EntityManager): Promise<void> {
    await m.query(`INSERT INTO bench_effect (event_id, n) VALUES ($1, $2)`, [e.eventId, e.payload.n]);
    const t0 = committedAt.get(e.eventId);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
    effects++;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const burst = Number(process.env.BENCH_EVENTS ?? 20000);
  const writers = Number(process.env.BENCH_WRITERS ?? 16);

  const db = await createTestDatabase({ service: 'bench', migrations: [CreateMessagingTables1763800000000, CreateBenchTables1763800009997] });
  const ds = await openDataSource(db, 'bench');
  const bus = new KafkaBus({ clientId: 'bench', brokers: KAFKA_BROKERS, namespace: testNamespace('bench'), defaultPartitions: 3 });
  const consumer = new EventConsumer(ds, bus, { group: 'bench', handlers: [new PingHandler()], concurrency: 3 });
  const relay = new OutboxRelay(ds, bus, { batchSize: 500 });
  const writer = new OutboxWriter();
  writer.onAppend(() => relay.hint());
  const emit = async (n: number) => {
    const env = await ds.transaction(async (m) => {
      await m.query(`INSERT INTO bench_domain (n) VALUES ($1)`, [n]);
      return writer.append(m, { topic: TOPIC, contract: Ping, aggregateId: `agg-${n % 64}`, payload: { n } });
    });
    committedAt.set(env.eventId, performance.now());
  };

  try {
    await (await consumer.start()).ready;
    await relay.start();
    await emit(-1); // warm-up: connections, metadata, first fetch
    while (effects < 1) await sleep(20);
    latencies.length = 0;

    // 1. Latency at a steady rate.
    const total = seconds * rate;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      void emit(i);
    }
    while (effects < total + 1) await sleep(20);
    const steady = [...latencies];

    // 2. Throughput: `writers` concurrent writers emit `burst` events as fast as they can.
    latencies.length = 0;
    const before = effects;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < burst) await emit(1_000_000 + next++);
      }),
    );
    const committedMs = performance.now() - t0;
    while (effects < before + burst) await sleep(10);
    const drainedMs = performance.now() - t0;

    // 3. pgbench: the raw cost of the same write on this machine, now.
    const script = join(tmpdir(), 'bench-outbox.sql');
    writeFileSync(
      script,
      `BEGIN;
INSERT INTO bench_domain (n) VALUES (1);
INSERT INTO outbox_message (event_id, topic, message_key, envelope) VALUES (gen_random_uuid(), 'pgbench', 'k', '{"payload":{"n":1}}');
COMMIT;
`,
    );
    const pgOut = execFileSync('pgbench', ['-n', '-c', String(writers), '-j', '2', '-T', '10', '-f', script, '-h', '127.0.0.1', '-U', 'postgres', db.name], {
      encoding: 'utf8',
    });
    const tps = Number(/tps = ([\d.]+)/.exec(pgOut)?.[1] ?? NaN);
    const eps = burst / (drainedMs / 1000);

    const f = (x: number) => x.toFixed(1);
    process.stdout.write(
      [
        '',
        'outbox → Kafka → idempotent consumer (one process; PostgreSQL and Kafka on the same 2 cores)',
        `  steady ${rate} events/s for ${seconds} s: commit→effect p50 ${f(pct(steady, 50))} ms, p95 ${f(pct(steady, 95))} ms, p99 ${f(pct(steady, 99))} ms, max ${f(Math.max(...steady))} ms (n=${steady.length})`,
        `  burst ${burst} events, ${writers} writers: committed in ${f(committedMs / 1000)} s (${f(burst / (committedMs / 1000))} tx/s), all effects in ${f(drainedMs / 1000)} s → ${f(eps)} events/s end to end`,
        `    latency under burst: p50 ${f(pct(latencies, 50))} ms, p99 ${f(pct(latencies, 99))} ms`,
        `  pgbench, same write (domain row + outbox row per tx), ${writers} clients, 10 s: ${f(tps)} TPS`,
        `  end-to-end events/s ÷ pgbench TPS = ${(eps / tps).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await relay.stop();
    await consumer.stop();
    const topics = await bus.listTopics().catch(() => []);
    if (topics.length) await bus.deleteTopics(topics).catch(() => undefined);
    await bus.close();
    await ds.destroy();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
