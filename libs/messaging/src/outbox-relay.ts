import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { MessageBus, OutgoingMessage } from './message-bus';

export interface OutboxRelayOptions {
  batchSize?: number;
  /** Poll interval when nothing was written lately (rows from other replicas, from before start). */
  idlePollMs?: number;
  /** Poll interval for a while after a local write (`hint()`): keeps commit→publish latency low. */
  busyPollMs?: number;
}

/** Test seam: lets a test cut the relay down between its steps, as a crash would. */
export interface RelayFaults {
  afterSend?: (runner: QueryRunner) => Promise<void>;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: Record<string, unknown>;
}

/**
 * Publishes committed outbox rows to Kafka, then marks them. Selects by "unpublished" (never by an
 * id watermark: ids commit out of order). One relay at a time per service database holds the
 * advisory lock, which keeps per-key order across replicas; SKIP LOCKED keeps any other relay
 * from waiting on rows being sent. A crash between send and mark re-sends: consumers are
 * idempotent by event id, so a re-send has no second effect. Wake-ups are short polls (an
 * index-only EXISTS on the partial index of unpublished rows), fast after a local write.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private busyUntil = 0;
  /** Consecutive failed polls (the database away): polls back off and log once in a while. */
  private failures = 0;
  /** A local write since the last poll: there is something to send, no need to ask. */
  private hinted = false;
  faults: RelayFaults = {};
  /** Messages sent since start (for metrics and the benchmark). */
  sent = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly opts: OutboxRelayOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** A local use case just wrote to the outbox: poll fast for a while. */
  hint(): void {
    this.hinted = true;
    const wasIdle = Date.now() >= this.busyUntil;
    this.busyUntil = Date.now() + 1000;
    if (wasIdle && this.running && !this.draining) this.schedule(this.opts.busyPollMs ?? 5);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    try {
      const hinted = this.hinted;
      this.hinted = false;
      if (hinted) this.wake();
      else {
        const [{ pending }] = await this.ds.query(
          `SELECT EXISTS (SELECT 1 FROM outbox_message WHERE published_at IS NULL) AS pending`,
        );
        if (pending) this.wake();
      }
      await this.draining;
      if (this.failures) this.logger.log(`outbox poll works again after ${this.failures} failure(s)`);
      this.failures = 0;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`outbox poll failed (${this.failures} in a row), will retry: ${(err as Error).message}`);
      }
    }
    if (this.running) {
      const normal = Date.now() < this.busyUntil ? (this.opts.busyPollMs ?? 5) : (this.opts.idlePollMs ?? 200);
      this.schedule(this.failures ? Math.min(1000, normal * 2 ** Math.min(this.failures, 8)) : normal);
    }
  }

  /** Coalesces wake-ups: at most one drain runs; a wake during it schedules one more pass. */
  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          while (this.running && (await this.relayOnce()) === (this.opts.batchSize ?? 500));
        } catch (err) {
          this.logger.error(`outbox relay pass failed, will retry: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      } while (this.again && this.running);
      this.draining = null;
    })();
  }

  /** One batch: returns how many rows were published (0 when another relay holds the lock). */
  async relayOnce(): Promise<number> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay')) AS locked`);
      if (!locked) {
        await runner.rollbackTransaction();
        return 0;
      }
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, topic, message_key, envelope FROM outbox_message
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize ?? 500],
      );
      if (!rows.length) {
        await runner.rollbackTransaction();
        return 0;
      }
      const messages: OutgoingMessage[] = rows.map((r) => ({
        topic: r.topic,
        key: r.message_key,
        value: JSON.stringify(r.envelope),
        headers: { eventId: String(r.envelope.eventId), type: String(r.envelope.type) },
      }));
      await this.bus.publish(messages);
      if (this.faults.afterSend) await this.faults.afterSend(runner);
      await runner.query(`UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      await runner.commitTransaction();
      this.sent += rows.length;
      return rows.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Unpublished rows and the age of the oldest, for metrics. */
  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*)::int AS count, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
         FROM outbox_message WHERE published_at IS NULL`,
    );
    return { count: r.count, oldestAgeSeconds: r.age };
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }
}
