import { CONTRACTS, EventEnvelope, Topic } from '@grants/contracts';
import { runInContext, toFieldProblems } from '@grants/common';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { EventHandler, PermanentEventError } from './event-handler';
import { classifyFailure, infrastructureBackoffMs } from './failure-kind';
import { BatchContext, IncomingMessage, MessageBus, Subscription } from './message-bus';

export interface EventConsumerOptions {
  /** Consumer group and inbox name, e.g. `evaluation`. */
  group: string;
  handlers: EventHandler[];
  /**
   * Attempts before a message goes to `<topic>.dlq`, for failures that are not passing faults
   * (see classifyFailure). An infrastructure error is retried for as long as it lasts.
   */
  maxAttempts?: number;
  retryBackoffMs?: number;
  /** Backoff of infrastructure retries: from this, doubling, up to `infraBackoffMaxMs`. */
  infraBackoffMs?: number;
  infraBackoffMaxMs?: number;
  concurrency?: number;
  /** Messages of one partition applied in one transaction (see processBatch). */
  maxBatch?: number;
  onFatal?: (err: Error) => void;
}

interface Parsed {
  m: IncomingMessage;
  envelope: EventEnvelope;
  handler: EventHandler;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;

/** A partition whose head message waits for the database or broker to come back. */
export interface ConsumerStall {
  topic: string;
  partition: number;
  offset: string;
  since: Date;
  attempts: number;
  error: string;
}

/** The consumer is stopping while a message waits on a passing fault: it is left unresolved. */
export class ConsumerStoppingError extends Error {
  constructor() {
    super('consumer stopping; the message is left for the next one');
    this.name = 'ConsumerStoppingError';
  }
}

const NO_CONTEXT: BatchContext = { heartbeat: async () => undefined, isRunning: () => true };

const contextOf = (e: EventEnvelope) => ({
  correlationId: e.correlationId,
  causationId: e.eventId,
  actorId: e.actorId ?? undefined,
});

/**
 * The idempotent consumer: validate the envelope and payload, then, in one transaction, record
 * `(consumer, eventId)` in the inbox and apply the handler's effect. A duplicate finds its inbox
 * row and does nothing.
 *
 * A failure is classified (classifyFailure). A passing fault — the database or broker away, a
 * deadlock, a timeout — is retried with a capped backoff for as long as it lasts: the partition
 * waits (its offset is not resolved; heartbeats keep the member in its group) and `stalls` says
 * so to readiness. Any other failure is retried a bounded number of times, then the message goes
 * to the DLQ with the error and the partition moves on: a poison message never blocks it; a
 * contract violation or a deliberate refusal (PermanentEventError, DomainError) goes at once.
 */
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');
  private readonly byTopic = new Map<string, EventHandler>();
  private subscription?: Subscription;
  /** Counters for metrics and tests. */
  readonly stats = { processed: 0, duplicates: 0, deadLettered: 0, retries: 0, infrastructureRetries: 0 };
  private readonly stallsByPartition = new Map<string, ConsumerStall>();

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
      onBatch: (msgs, ctx) => this.processBatch(msgs, ctx),
      maxBatch: this.opts.maxBatch,
    });
    return this.subscription;
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
    this.stallsByPartition.clear();
  }

  /** Partitions waiting on a passing fault right now (readiness reports them). */
  get stalls(): ConsumerStall[] {
    return [...this.stallsByPartition.values()];
  }

  /**
   * Applies consecutive messages of one partition in one transaction (one inbox insert for all):
   * far fewer round trips under load. If anything in the chunk fails, the transaction rolls back
   * and the messages are applied one at a time, with retries and the DLQ for the culprit.
   */
  async processBatch(msgs: IncomingMessage[], ctx: BatchContext = NO_CONTEXT): Promise<void> {
    const parsed: Parsed[] = [];
    for (const m of msgs) {
      const handler = this.byTopic.get(m.topic);
      if (!handler) continue;
      try {
        parsed.push({ m, handler, envelope: this.parse(m, handler) });
      } catch (err) {
        await this.deadLetter(m, err as Error, 0);
      }
    }
    if (parsed.length <= 1) {
      for (const p of parsed) await this.processParsed(p, ctx);
      return;
    }
    try {
      await this.ds.transaction(async (manager) => {
        const fresh = new Set<string>(
          (
            await manager.query(
              `INSERT INTO inbox_message (consumer, event_id, topic)
               SELECT $1, e, t FROM unnest($2::uuid[], $3::text[]) AS x(e, t)
               ON CONFLICT DO NOTHING RETURNING event_id`,
              [this.opts.group, parsed.map((p) => p.envelope.eventId), parsed.map((p) => p.handler.topic)],
            )
          ).map((r: { event_id: string }) => r.event_id),
        );
        for (const p of parsed) {
          // A duplicate (already applied, or twice in this chunk) has no second effect.
          if (!fresh.delete(p.envelope.eventId)) {
            this.stats.duplicates++;
            continue;
          }
          await runInContext(contextOf(p.envelope), () => p.handler.handle(p.envelope, manager));
          this.stats.processed++;
        }
      });
    } catch {
      for (const p of parsed) await this.processParsed(p, ctx);
    }
  }

  async process(m: IncomingMessage): Promise<void> {
    await this.processBatch([m]);
  }

  private async processParsed({ m, envelope, handler }: Parsed, ctx: BatchContext): Promise<void> {
    const maxAttempts = this.opts.maxAttempts ?? 5;
    const stallKey = `${m.topic}/${m.partition}`;
    let attempts = 0;
    let passing = 0;
    try {
      for (;;) {
        let wait: number;
        try {
          await runInContext(contextOf(envelope), () => this.applyOnce(envelope, handler));
          if (passing) {
            const stall = this.stallsByPartition.get(stallKey);
            this.logger.warn(
              `${this.opts.group} recovered on ${m.topic}@${m.partition}/${m.offset} after ${passing} infrastructure retr${passing === 1 ? 'y' : 'ies'}` +
                (stall ? ` (${Date.now() - stall.since.getTime()} ms)` : ''),
            );
          }
          return;
        } catch (err) {
          const error = err as Error;
          const kind = classifyFailure(err);
          if (kind === 'infrastructure') {
            // A passing fault: this message is fine, the world around it is not. Wait for as long
            // as it takes, the partition held at this message.
            passing++;
            this.stats.infrastructureRetries++;
            wait = infrastructureBackoffMs(passing, { initialMs: this.opts.infraBackoffMs, maxMs: this.opts.infraBackoffMaxMs });
            const stall = this.stallsByPartition.get(stallKey);
            this.stallsByPartition.set(stallKey, {
              topic: m.topic,
              partition: m.partition,
              offset: m.offset,
              since: stall?.since ?? new Date(),
              attempts: passing,
              error: error.message,
            });
            if (passing === 1 || wait >= (this.opts.infraBackoffMaxMs ?? 10_000)) {
              this.logger.warn(
                `${this.opts.group} stalled on ${m.topic}@${m.partition}/${m.offset} (event ${envelope.eventId}) by an infrastructure error, retry ${passing} in ${wait} ms: ${error.message}`,
              );
            }
          } else {
            attempts++;
            if (kind === 'permanent' || attempts >= maxAttempts) {
              await this.deadLetter(m, error, attempts);
              return;
            }
            this.stats.retries++;
            wait = (this.opts.retryBackoffMs ?? 200) * 2 ** (attempts - 1);
            this.logger.warn(
              `${this.opts.group} failed on ${m.topic} event ${envelope.eventId} (attempt ${attempts}/${maxAttempts}), retrying in ${wait} ms: ${error.message}`,
            );
          }
        }
        // Waiting on a passing fault, probe the database every second: once it answers, retry at
        // once instead of sleeping out the rest of a long backoff.
        await this.pause(wait, ctx, passing ? () => this.databaseAnswers() : undefined);
      }
    } finally {
      this.stallsByPartition.delete(stallKey);
    }
  }

  /** Waits between retries while heartbeating, so the group does not evict a patient member. */
  private async pause(ms: number, ctx: BatchContext, recovered?: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (!ctx.isRunning()) throw new ConsumerStoppingError();
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(left, 1000)));
      if (!ctx.isRunning()) throw new ConsumerStoppingError();
      await ctx.heartbeat();
      if (recovered && until - Date.now() > 0 && (await recovered())) return;
    }
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await Promise.race([
        this.ds.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 500).unref()),
      ]);
      return true;
    } catch {
      return false;
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
      this.stats.processed++;
    });
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
