import { CreateMessagingTables1763800000000, EventConsumer, EventHandler, KafkaBus, OutboxRelay, OutboxWriter, dlqTopic, IncomingMessage, Subscription } from '@grants/messaging';
import { createTestDatabase, KAFKA_BROKERS, openDataSource, sleep, TestDatabase, testNamespace, waitFor } from '@grants/testing';
import { EventEnvelope } from '@grants/contracts';
import { IsInt, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

class CreateEffectTable1763800009999 implements MigrationInterface {
  name = 'CreateEffectTable1763800009999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE effect (id serial PRIMARY KEY, event_id uuid NOT NULL, n int NOT NULL, label text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE effect`);
  }
}

class ThingHappened {
  @IsInt() n!: number;
  @IsString() label!: string;
}

const TOPIC = 'test.thing.happened.v1';

/** Applies one row per event; throws for n = 13 (a poison message). */
class ThingHandler implements EventHandler<ThingHappened> {
  readonly topic = TOPIC;
  readonly contract = ThingHappened;
  calls = 0;
  callsByEvent = new Map<string, number>();
  async handle(e: EventEnvelope<ThingHappened>, m: EntityManager): Promise<void> {
    this.calls++;
    this.callsByEvent.set(e.eventId, (this.callsByEvent.get(e.eventId) ?? 0) + 1);
    if (e.payload.n === 13) throw new Error('thirteen is unlucky');
    await m.query(`INSERT INTO effect (event_id, n, label) VALUES ($1, $2, $3)`, [e.eventId, e.payload.n, e.payload.label]);
  }
}

describe('messaging on real Kafka and PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let bus: KafkaBus;
  let consumer: EventConsumer;
  let handler: ThingHandler;
  let relay: OutboxRelay;
  const writer = new OutboxWriter();
  const dlq: IncomingMessage[] = [];
  const ns = testNamespace('msg');
  let dlqSub: Subscription | undefined;

  const effects = async (label: string): Promise<{ event_id: string; n: number }[]> =>
    ds.query(`SELECT event_id, n FROM effect WHERE label = $1 ORDER BY id`, [label]);

  const emit = (label: string, n: number, key = 'agg-1') =>
    ds.transaction((m) => writer.append(m, { topic: TOPIC, contract: ThingHappened, aggregateId: key, payload: { n, label } }));

  beforeAll(async () => {
    db = await createTestDatabase({ service: 'messaging', migrations: [CreateMessagingTables1763800000000, CreateEffectTable1763800009999] });
    ds = await openDataSource(db, 'messaging');
    bus = new KafkaBus({ clientId: 'messaging-test', brokers: KAFKA_BROKERS, namespace: ns, defaultPartitions: 3 });
    await bus.ensureTopics([TOPIC, dlqTopic(TOPIC)]);
    handler = new ThingHandler();
    consumer = new EventConsumer(ds, bus, { group: 'thing-consumer', handlers: [handler], maxAttempts: 3, retryBackoffMs: 20 });
    const sub = await consumer.start();
    dlqSub = await bus.subscribe({ groupId: 'dlq-reader', topics: [dlqTopic(TOPIC)], onMessage: async (m) => void dlq.push(m) });
    await Promise.all([sub.ready, dlqSub.ready]);
    relay = new OutboxRelay(ds, bus, { busyPollMs: 5, idlePollMs: 100 });
    writer.onAppend(() => relay.hint());
    await relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await consumer?.stop();
    await dlqSub?.close();
    const topics = (await bus.listTopics().catch(() => [])) as string[];
    if (topics.length) await bus.deleteTopics(topics).catch(() => undefined);
    await bus?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('publishes an outbox event written in a committed transaction, with a full envelope', async () => {
    const env = await emit('happy', 1);
    const rows = await waitFor('effect of the event', async () => (await effects('happy')).length === 1 && effects('happy'));
    expect(rows).toEqual([{ event_id: env.eventId, n: 1 }]);
    expect(env).toMatchObject({ type: 'test.thing.happened', version: 1, aggregateId: 'agg-1' });
    expect(env.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await ds.query(`SELECT published_at FROM outbox_message WHERE event_id = $1`, [env.eventId]);
    expect(row.published_at).toBeInstanceOf(Date);
  });

  it('(a) applies an event delivered twice only once', async () => {
    const envelope: EventEnvelope<ThingHappened> = {
      eventId: randomUUID(),
      type: 'test.thing.happened',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: 'agg-dup',
      correlationId: randomUUID(),
      causationId: null,
      actorId: null,
      payload: { n: 2, label: 'dup' },
    };
    const msg = { topic: TOPIC, key: 'agg-dup', value: JSON.stringify(envelope) };
    const before = consumer.stats.duplicates;
    await bus.publish([msg]);
    await bus.publish([msg]);
    await waitFor('the second delivery to be seen', async () => consumer.stats.duplicates > before);
    expect(await effects('dup')).toEqual([{ event_id: envelope.eventId, n: 2 }]);
  });

  it('(b) a relay that dies after sending and before marking causes no double effect', async () => {
    await relay.stop(); // drive this relay by hand
    const crashing = new OutboxRelay(ds, bus, {});
    let crashes = 0;
    crashing.faults.afterSend = async (runner) => {
      crashes++;
      // What a killed process does to its session: the backend goes away mid-transaction.
      await runner.query('SELECT pg_terminate_backend(pg_backend_pid())');
    };
    const before = consumer.stats.duplicates;
    const env = await emit('crash', 3, 'agg-crash');
    await expect(crashing.relayOnce()).rejects.toThrow();
    expect(crashes).toBe(1);
    const [unmarked] = await ds.query(`SELECT published_at FROM outbox_message WHERE event_id = $1`, [env.eventId]);
    expect(unmarked.published_at).toBeNull(); // sent to Kafka, but never marked

    await relay.start(); // a healthy relay sends it again
    await waitFor('the row to be marked', async () => {
      const [r] = await ds.query(`SELECT published_at FROM outbox_message WHERE event_id = $1`, [env.eventId]);
      return r.published_at !== null;
    });
    await waitFor('the re-sent copy to reach the consumer', async () => consumer.stats.duplicates > before);
    expect(await effects('crash')).toEqual([{ event_id: env.eventId, n: 3 }]);
  });

  it('(c) a handler that always throws dead-letters after the configured attempts; the partition moves on', async () => {
    const poison = await emit('poison', 13, 'agg-poison');
    const next = await emit('after-poison', 14, 'agg-poison'); // same key → same partition, behind it
    await waitFor('the next message to be processed', async () => (await effects('after-poison')).length === 1);
    const dead = await waitFor('the poison message in the DLQ', async () =>
      dlq.find((m) => JSON.parse(m.value ?? '{}').eventId === poison.eventId),
    );
    expect(dead.headers['dlq-attempts']).toBe('3');
    expect(dead.headers['dlq-error']).toContain('thirteen is unlucky');
    expect(dead.headers['dlq-original-topic']).toBe(TOPIC);
    expect(dead.key).toBe('agg-poison');
    // 3 attempts of its own (plus, at most, the failed attempt of the chunk it arrived in).
    expect(handler.callsByEvent.get(poison.eventId)).toBeGreaterThanOrEqual(3);
    expect(handler.callsByEvent.get(poison.eventId)).toBeLessThanOrEqual(4);
    expect(await effects('poison')).toEqual([]);
    expect((await effects('after-poison'))[0].event_id).toBe(next.eventId);
  });

  it('dead-letters a message that breaks its contract without retrying it', async () => {
    const eventId = randomUUID();
    const callsBefore = handler.calls;
    await bus.publish([{ topic: TOPIC, key: 'agg-bad', value: JSON.stringify({ eventId, payload: { n: 'five' } }) }]);
    const dead = await waitFor('the invalid message in the DLQ', async () =>
      dlq.find((m) => JSON.parse(m.value ?? '{}').eventId === eventId),
    );
    expect(dead.headers['dlq-error']).toMatch(/n: n must be an integer number/);
    expect(dead.headers['dlq-attempts']).toBe('0');
    expect(handler.calls).toBe(callsBefore);
  });

  it('(d) an outbox row written in a transaction that rolls back is never published', async () => {
    let ghost: EventEnvelope | undefined;
    await expect(
      ds.transaction(async (m) => {
        ghost = await writer.append(m, { topic: TOPIC, contract: ThingHappened, aggregateId: 'agg-rb', payload: { n: 4, label: 'ghost' } });
        throw new Error('use case failed after writing its event');
      }),
    ).rejects.toThrow('use case failed');
    // A later committed event on the same key is delivered; the ghost never is.
    await emit('after-ghost', 5, 'agg-rb');
    await waitFor('the later event', async () => (await effects('after-ghost')).length === 1);
    await sleep(500);
    expect(await effects('ghost')).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM outbox_message WHERE event_id = $1`, [ghost!.eventId])).toEqual([]);
  });

  it('refuses to append outside a transaction and refuses a payload that breaks the contract', async () => {
    await expect(
      writer.append(ds.manager, { topic: TOPIC, contract: ThingHappened, aggregateId: 'x', payload: { n: 1, label: 'x' } }),
    ).rejects.toThrow(/outside a transaction/);
    await expect(
      ds.transaction((m) => writer.append(m, { topic: TOPIC, contract: ThingHappened, aggregateId: 'x', payload: { n: 1.5, label: 'x' } })),
    ).rejects.toThrow(/breaks its contract/);
  });

  it('reports a consumer that dies for good (non-retriable error) instead of hanging', async () => {
    const fatal = new Promise<Error>((resolve) => {
      void bus
        .subscribe({
          groupId: 'doomed-consumer',
          topics: [TOPIC],
          onBatch: async () => {
            throw Object.assign(new Error('cannot go on'), { retriable: false });
          },
          // The services' default exits the process here, so the supervisor restarts it.
          onFatal: resolve,
        })
        .then((sub) => (doomed = sub));
    });
    let doomed: Subscription | undefined;
    await emit('doom', 99, 'agg-doom');
    const err = await fatal;
    expect(err.message).toContain('cannot go on');
    await doomed?.close();
  });
});
