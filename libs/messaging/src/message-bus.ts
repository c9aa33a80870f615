import { Logger } from '@nestjs/common';
import { Admin, Consumer, Kafka, logLevel, LogEntry, Producer, CompressionTypes } from 'kafkajs';

/** What the rest of the code knows of Kafka: our own small interface, kafkajs behind it. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** What a batch handler may use while it waits: keep the member alive, notice a stop. */
export interface BatchContext {
  /** Tells the group coordinator this member is alive (call it during long waits). */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch went stale (a rebalance): give up waiting. */
  isRunning(): boolean;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /**
   * Called with consecutive messages of one partition, in order (or use `onMessage`). When it
   * resolves, their offsets may be committed; if it throws, they are delivered again.
   */
  onBatch?: (msgs: IncomingMessage[], ctx: BatchContext) => Promise<void>;
  onMessage?: (msg: IncomingMessage) => Promise<void>;
  /** Largest chunk handed to `onBatch`. */
  maxBatch?: number;
  /** Partitions processed at once (order is kept within a partition). */
  concurrency?: number;
  /** Called when the consumer dies for good; the default exits the process so a supervisor restarts it. */
  onFatal?: (err: Error) => void;
}

export interface Subscription {
  /** Resolves when the consumer has joined its group and been assigned partitions. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface MessageBus {
  ensureTopics(topics: string[], partitions?: number): Promise<void>;
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(opts: SubscribeOptions): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaBusOptions {
  clientId: string;
  brokers: string[];
  /** Prepended to every topic and group: isolates test runs on one broker. */
  namespace?: string;
  defaultPartitions?: number;
  sessionTimeoutMs?: number;
}

export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private admin?: Admin;
  private readonly consumers = new Set<Consumer>();
  private readonly ns: string;

  constructor(private readonly opts: KafkaBusOptions) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    this.ns = opts.namespace ?? '';
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: opts.brokers,
      logLevel: logLevel.ERROR,
      logCreator: kafkaLogCreator,
      retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 5000 },
    });
  }

  physical(topic: string): string {
    return this.ns + topic;
  }

  logical(topic: string): string {
    return this.ns && topic.startsWith(this.ns) ? topic.slice(this.ns.length) : topic;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async ensureTopics(topics: string[], partitions = this.opts.defaultPartitions ?? 3): Promise<void> {
    const admin = await this.getAdmin();
    const wanted = [...new Set(topics.map((t) => this.physical(t)))];
    // Several services create shared topics at boot at once, and a new topic's leaders take a
    // moment to be elected: the broker may answer "does not host this topic-partition" in
    // between. Retry until every topic exists and has a leader for each partition.
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t));
        if (missing.length) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
          });
        }
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: wanted });
        const leaderless = meta.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
        if (!leaderless.length) return;
        throw new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`);
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 1000)));
      }
    }
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      // Idempotent producer, acks from all in-sync replicas, one request in flight: no duplicates
      // or reordering caused by the producer's own retries.
      const p = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await p.connect();
      this.producer = p;
      return p;
    })();
    try {
      return await this.producerConnecting;
    } finally {
      this.producerConnecting = undefined;
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (!messages.length) return;
    const producer = await this.getProducer();
    const byTopic = new Map<string, { key: string; value: string; headers?: Record<string, string> }[]>();
    for (const m of messages) {
      const t = this.physical(m.topic);
      if (!byTopic.has(t)) byTopic.set(t, []);
      byTopic.get(t)!.push({ key: m.key, value: m.value, headers: m.headers });
    }
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
  }

  async subscribe(o: SubscribeOptions): Promise<Subscription> {
    if (!o.onBatch && !o.onMessage) throw new Error('subscribe needs onBatch or onMessage');
    const consumer = this.kafka.consumer({
      groupId: this.physical(o.groupId),
      sessionTimeout: this.opts.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
    });
    this.consumers.add(consumer);
    let joined!: () => void;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable errors; anything else leaves a dead consumer that
      // Nest would only report as "crashed". Exit instead, so the supervisor restarts us.
      if (!payload.restart) {
        const fatal = o.onFatal ?? defaultFatal;
        fatal(payload.error);
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics.map((t) => this.physical(t)), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.concurrency ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const handle = o.onBatch ?? (async (msgs: IncomingMessage[]) => {
          for (const m of msgs) await o.onMessage!(m);
        });
        const max = o.onBatch ? (o.maxBatch ?? 100) : 1;
        const ctx: BatchContext = { heartbeat, isRunning: () => isRunning() && !isStale() };
        for (let i = 0; i < batch.messages.length; i += max) {
          if (!ctx.isRunning()) return;
          const chunk = batch.messages.slice(i, i + max);
          const msgs: IncomingMessage[] = chunk.map((m) => ({
            topic: this.logical(batch.topic),
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? null,
            value: m.value?.toString('utf8') ?? null,
            headers: Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]),
            ),
          }));
          try {
            await handle(msgs, ctx);
          } catch (err) {
            // Stopping (or the partition was reassigned) while the handler waited: these offsets
            // stay unresolved, and whoever owns the partition next gets the messages again.
            if (!ctx.isRunning()) return;
            throw err;
          }
          // Only now, after the handler's transaction committed, may these offsets be committed.
          resolveOffset(chunk[chunk.length - 1].offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
    return {
      ready,
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  /** Messages not yet consumed by a group, per topic (committed offset to high watermark). */
  async consumerLag(groupId: string, topics: string[]): Promise<Map<string, number>> {
    const admin = await this.getAdmin();
    const lag = new Map<string, number>();
    const committed = await admin.fetchOffsets({ groupId: this.physical(groupId), topics: topics.map((t) => this.physical(t)) });
    for (const t of committed) {
      const ends = await admin.fetchTopicOffsets(t.topic);
      let sum = 0;
      for (const p of t.partitions) {
        const end = ends.find((e) => e.partition === p.partition);
        if (!end) continue;
        const from = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
        sum += Math.max(0, Number(end.high) - from);
      }
      lag.set(this.logical(t.topic), sum);
    }
    return lag;
  }

  /** Messages held by a topic (all partitions, high minus low watermark): the size of a DLQ. */
  async topicSize(topic: string): Promise<number> {
    const admin = await this.getAdmin();
    const offsets = await admin.fetchTopicOffsets(this.physical(topic));
    return offsets.reduce((sum, o) => sum + Math.max(0, Number(o.high) - Number(o.low)), 0);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const admin = await this.getAdmin();
    await admin.deleteTopics({ topics: topics.map((t) => this.physical(t)), timeout: 10000 });
  }

  /**
   * Every message a topic holds right now (up to its high watermarks), read by a throwaway
   * consumer group that is deleted afterwards: what the DLQ tool lists and replays.
   */
  async readAll(topic: string, timeoutMs = 30_000): Promise<IncomingMessage[]> {
    const admin = await this.getAdmin();
    const physical = this.physical(topic);
    const ends = await admin.fetchTopicOffsets(physical);
    const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
    if (!remaining.size) return [];
    const groupId = `${physical}.reader-${process.pid}-${Date.now().toString(36)}`;
    const consumer = this.kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000, allowAutoTopicCreation: false });
    const out: IncomingMessage[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [physical], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = remaining.get(partition);
              if (end === undefined) return;
              if (Number(message.offset) < end) {
                out.push({
                  topic: this.logical(physical),
                  partition,
                  offset: message.offset,
                  key: message.key?.toString('utf8') ?? null,
                  value: message.value?.toString('utf8') ?? null,
                  headers: Object.fromEntries(
                    Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]),
                  ),
                });
              }
              if (Number(message.offset) >= end - 1) remaining.delete(partition);
              if (!remaining.size) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  }

  /** Topics in this bus's namespace (tests clean up after themselves with this). */
  async listTopics(): Promise<string[]> {
    const admin = await this.getAdmin();
    return (await admin.listTopics()).filter((t) => t.startsWith(this.ns)).map((t) => this.logical(t));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
  }
}

/** kafkajs logs go through the service's logger (one JSON line each), not the console. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return ({ level, log }: LogEntry) => {
    const { message, ...rest } = log;
    const line = `${message} ${JSON.stringify(rest)}`;
    if (level <= logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
}

function defaultFatal(err: Error): void {
  process.stderr.write(`Kafka consumer crashed for good, exiting so the supervisor restarts: ${err.stack ?? err}\n`);
  process.exit(1);
}
