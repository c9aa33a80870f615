import { CONTRACTS, EventEnvelope, Topic } from '@grants/contracts';
import { runInContext, toFieldProblems } from '@grants/common';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { EventHandler, PermanentEventError } from './event-handler';
import { IncomingMessage, MessageBus, Subscription } from './message-bus';

export interface EventConsumerOptions {
  /** Consumer group and inbox name, e.g. `evaluation`. */
  group: string;
  handlers: EventHandler[];
  /** Attempts before a message goes to `<topic>.dlq`. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  concurrency?: number;
  onFatal?: (err: Error) => void;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;

/**
 * The idempotent consumer: validate the envelope and payload, then, in one transaction, record
 * `(consumer, eventId)` in the inbox and apply the handler's effect. A duplicate finds its inbox
 * row and does nothing. A failing handler is retried a bounded number of times, then the message
 * goes to the DLQ with the error and the partition moves on: a poison message never blocks it.
 */
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');
  private readonly byTopic = new Map<string, EventHandler>();
  private subscription?: Subscription;
  /** Counters for metrics and tests. */
  readonly stats = { processed: 0, duplicates: 0, deadLettered: 0, retries: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly opts: EventConsumerOptions,
  ) {
    for (const h of opts.handlers) {
      if (this.byTopic.has(h.topic)) throw new Error(`Two handlers for ${h.topic} in ${opts.group}`);
      if (!h.contract && !CONTRACTS[h.topic as Topic]) throw new Error(`No contract for topic ${h.topic}`);
      this.byTopic.set(h.topic, h);
    }
  }

  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  async start(): Promise<Subscription> {
    await this.bus.ensureTopics([...this.topics, ...this.topics.map(dlqTopic)]);
    this.subscription = await this.bus.subscribe({
      groupId: this.opts.group,
      topics: this.topics,
      concurrency: this.opts.concurrency,
      onFatal: this.opts.onFatal,
      onMessage: (m) => this.process(m),
    });
    return this.subscription;
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async process(m: IncomingMessage): Promise<void> {
    const handler = this.byTopic.get(m.topic);
    if (!handler) return;
    let envelope: EventEnvelope;
    try {
      envelope = this.parse(m, handler);
    } catch (err) {
      await this.deadLetter(m, err as Error, 0);
      return;
    }
    const maxAttempts = this.opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await runInContext(
          { correlationId: envelope.correlationId, causationId: envelope.eventId, actorId: envelope.actorId ?? undefined },
          () => this.applyOnce(envelope, handler),
        );
        return;
      } catch (err) {
        const permanent = err instanceof PermanentEventError;
        if (permanent || attempt >= maxAttempts) {
          await this.deadLetter(m, err as Error, attempt);
          return;
        }
        this.stats.retries++;
        const backoff = (this.opts.retryBackoffMs ?? 200) * 2 ** (attempt - 1);
        this.logger.warn(
          `${this.opts.group} failed on ${m.topic} event ${envelope.eventId} (attempt ${attempt}/${maxAttempts}), retrying in ${backoff} ms: ${(err as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async applyOnce(envelope: EventEnvelope, handler: EventHandler): Promise<void> {
    await this.ds.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox_message (consumer, event_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [this.opts.group, envelope.eventId, handler.topic],
      );
      if (!inserted.length) {
        this.stats.duplicates++;
        return;
      }
      await handler.handle(envelope, manager);
    });
    this.stats.processed++;
  }

  private parse(m: IncomingMessage, handler: EventHandler): EventEnvelope {
    if (!m.value) throw new PermanentEventError('empty message');
    let raw: EventEnvelope;
    try {
      raw = JSON.parse(m.value) as EventEnvelope;
    } catch {
      throw new PermanentEventError('message is not JSON');
    }
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (typeof raw !== 'object' || raw === null || !uuid.test(String(raw.eventId)) || typeof raw.payload !== 'object') {
      throw new PermanentEventError('not an event envelope (eventId, payload)');
    }
    const contract = handler.contract ?? CONTRACTS[handler.topic as Topic];
    const payload = plainToInstance(contract, raw.payload);
    const errors = validateSync(payload, { whitelist: true });
    if (errors.length) {
      const problems = toFieldProblems(errors).map((p) => `${p.field}: ${p.reason}`);
      throw new PermanentEventError(`payload breaks the ${handler.topic} contract: ${problems.join('; ')}`);
    }
    return { ...raw, payload };
  }

  private async deadLetter(m: IncomingMessage, err: Error, attempts: number): Promise<void> {
    this.logger.error(`${this.opts.group}: ${m.topic}@${m.partition}/${m.offset} dead-lettered after ${attempts} attempt(s): ${err.message}`);
    // If this publish fails the error propagates: the offset stays uncommitted and kafkajs
    // redelivers, so the message is never silently dropped.
    await this.bus.publish([
      {
        topic: dlqTopic(m.topic),
        key: m.key ?? '',
        value: m.value ?? '',
        headers: {
          ...m.headers,
          'dlq-error': err.message.slice(0, 2000),
          'dlq-consumer': this.opts.group,
          'dlq-attempts': String(attempts),
          'dlq-original-topic': m.topic,
          'dlq-original-partition': String(m.partition),
          'dlq-original-offset': m.offset,
          'dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
    this.stats.deadLettered++;
  }
}
