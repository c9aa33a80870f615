import { classifyFailure, infrastructureBackoffMs } from '@grants/messaging';
import { Logger } from '@nestjs/common';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

export interface JobSpec {
  /** Deterministic id of what is scheduled, e.g. `call-close-<callId>`. No `:` in it. */
  id: string;
  queue: string;
  name: string;
  runAt: Date;
  payload?: Record<string, unknown>;
}

export interface ScheduledJob {
  id: string;
  queue: string;
  name: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Runs a due job inside the transaction that marks it DONE: the effect happens at most once. */
export interface JobHandler {
  readonly queue: string;
  readonly name: string;
  run(job: ScheduledJob, manager: EntityManager): Promise<void>;
}

export interface QueueSettings {
  name: string;
  concurrency?: number;
  /** BullMQ attempts before the job is recorded as FAILED. */
  attempts?: number;
  backoffMs?: number;
}

export interface JobSchedulerOptions {
  redisUrl: string;
  /** BullMQ key prefix: isolates test runs and environments on one Redis. */
  prefix: string;
  queues: QueueSettings[];
  handlers?: JobHandler[];
  reconcileIntervalMs?: number;
  /** How far ahead the reconciler (re)adds wake-ups. Later ones are added as they come near. */
  horizonMs?: number;
  /**
   * Jobs due within this window are also armed on a timer in this process: if Redis loses their
   * wake-up (FLUSHALL, a restart) shortly before the instant, the timer claims the row itself.
   */
  localHorizonMs?: number;
  /** How long after the instant a local timer looks whether BullMQ has run the job. */
  localGraceMs?: number;
}

interface WakeData {
  id: string;
  runAt: string;
}

type WakeSpec = Pick<JobSpec, 'id' | 'queue' | 'name' | 'runAt'>;

/** BullMQ states in which a wake-up is still to be delivered by Redis. */
const QUEUED_STATES = new Set(['delayed', 'waiting', 'wait', 'active', 'prioritized', 'waiting-children']);

const PENDING_COLUMNS = `id, queue, name, run_at AS "runAt", payload, attempts`;

/**
 * BullMQ wiring with PostgreSQL as the source of truth. The wake-up job id is derived from the
 * scheduled row's id and due instant, so re-adding it is a no-op while it exists, and a row that
 * was moved gets a new wake-up while the stale one finds nothing to do.
 */
export class JobScheduler {
  private readonly logger = new Logger('JobScheduler');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<string, JobHandler>();
  private readonly connections: Redis[] = [];
  private reconcileTimer?: NodeJS.Timeout;
  private reconciling: Promise<number> | null = null;
  /** Local timers of the jobs due soon, by wake-up id (row id and instant). */
  private readonly armed = new Map<string, NodeJS.Timeout>();
  /** Wake-up adds and local runs in progress: a graceful stop waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private localRunning = 0;
  /** Wake-ups this process's worker handled lately: their local timers need not ask anyone. */
  private readonly handled = new Set<string>();
  private lastLocalReconcile = 0;
  private readonly localWaiting: (() => void)[] = [];
  private started = false;
  private stopped = false;
  private intakeStopped = false;
  readonly stats = { ran: 0, skipped: 0, failed: 0, reAdded: 0, ranLocally: 0, deferredInfrastructure: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly opts: JobSchedulerOptions,
  ) {
    for (const h of opts.handlers ?? []) this.addHandler(h);
    // Wake-ups recorded in a transaction are sent once it commits (and dropped if it rolls back):
    // a wake-up sent earlier could find nothing committed yet and be lost until the reconciler.
    ds.subscribers.push({
      afterTransactionCommit: (e: TransactionCommitEvent) => {
        const pending = takePending(e.queryRunner);
        for (const spec of pending) this.track(this.wake(spec));
      },
      afterTransactionRollback: (e: TransactionRollbackEvent) => void takePending(e.queryRunner),
    } as EntitySubscriberInterface);
  }

  addHandler(h: JobHandler): void {
    const key = `${h.queue}/${h.name}`;
    if (this.handlers.has(key)) throw new Error(`Two job handlers for ${key}`);
    if (!this.opts.queues.some((q) => q.name === h.queue)) throw new Error(`Job handler ${key} names an unknown queue`);
    this.handlers.set(key, h);
  }

  private connection(): Redis {
    // BullMQ workers need maxRetriesPerRequest: null (blocking commands must not give up).
    const c = new IORedis(this.opts.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
    c.on('error', () => undefined); // reconnects by itself; readiness reports the outage
    this.connections.push(c);
    return c;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private queue(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`Unknown queue ${name}`);
    return q;
  }

  async start(): Promise<void> {
    const shared = this.connection();
    // Redis came back (a restart loses every key here): put the wake-ups back at once instead
    // of at the reconciler's next tick.
    let firstReady = true;
    shared.on('ready', () => {
      if (firstReady) {
        firstReady = false;
        return;
      }
      if (this.stopped) return;
      this.logger.warn('Redis reconnected: re-adding the wake-ups it may have lost');
      void this.reconcile().catch((err) => this.logger.warn(`reconcile after reconnect failed: ${(err as Error).message}`));
    });
    this.started = true;
    for (const s of this.opts.queues) {
      this.queues.set(s.name, new Queue(s.name, { connection: shared, prefix: this.opts.prefix }));
      const worker = new Worker<WakeData>(s.name, (job) => this.process(job), {
        connection: this.connection(),
        prefix: this.opts.prefix,
        concurrency: s.concurrency ?? 5,
        autorun: true,
      });
      worker.on('failed', (job, err) => void this.onFailed(s, job, err));
      worker.on('error', (err) => this.logger.warn(`worker ${s.name}: ${err.message}`));
      this.workers.push(worker);
    }
    await this.reconcile();
    const every = this.opts.reconcileIntervalMs ?? 30_000;
    const tick = () => {
      this.reconcileTimer = setTimeout(async () => {
        await this.reconcile().catch((err) => this.logger.warn(`reconcile failed: ${(err as Error).message}`));
        if (!this.stopped && !this.intakeStopped) tick();
      }, every);
    };
    tick();
  }

  private get localHorizonMs(): number {
    return this.opts.localHorizonMs ?? 90_000;
  }

  /**
   * Arms a local timer for a job due within the local horizon. At its instant (plus a short
   * grace) the timer asks Redis whether the wake-up is still queued; if it is not there (lost by
   * a flush or a restart) or Redis cannot say, this process claims the row itself, exactly as the
   * worker would (`status = 'PENDING'`, SKIP LOCKED): the job runs once whoever gets there first.
   */
  private arm(spec: WakeSpec): void {
    if (this.stopped || this.intakeStopped || !this.started || !this.queues.has(spec.queue)) return;
    const key = wakeId(spec);
    if (this.armed.has(key)) return;
    const inMs = spec.runAt.getTime() - Date.now();
    if (inMs > this.localHorizonMs) return;
    const timer = setTimeout(() => {
      this.armed.delete(key);
      this.track(this.fireLocal(spec));
    }, Math.max(0, inMs) + (this.opts.localGraceMs ?? 150));
    timer.unref();
    this.armed.set(key, timer);
  }

  private async fireLocal(spec: WakeSpec): Promise<void> {
    if (this.stopped || this.intakeStopped || this.handled.has(wakeId(spec))) return;
    let state: string;
    try {
      state = await withTimeout(this.queue(spec.queue).getJobState(wakeId(spec)), 250);
    } catch {
      state = 'unreachable';
    }
    if (QUEUED_STATES.has(state)) return; // BullMQ still has it and will deliver it
    await this.acquireLocalSlot(spec.queue);
    try {
      if (this.stopped || this.intakeStopped) return;
      const outcome = await this.runDue(spec.id, spec.runAt.toISOString());
      if (outcome === 'ran') {
        this.stats.ranLocally++;
        this.logger.warn(`job ${spec.id} ran from its local timer: its wake-up was not in Redis (${state})`);
        // Redis lost this one, so maybe others: put them back now rather than at the next tick
        // (at most once a second however many timers find the same loss).
        if (Date.now() - this.lastLocalReconcile > 1000) {
          this.lastLocalReconcile = Date.now();
          void this.reconcile().catch(() => undefined);
        }
      }
    } catch (err) {
      // Left to BullMQ's retries and the reconciler, as any failed run.
      this.logger.warn(`local run of job ${spec.id} failed, Redis and the reconciler will retry: ${(err as Error).message}`);
      await this.wake(spec);
    } finally {
      this.releaseLocalSlot();
    }
  }

  /** Local runs share the queue's concurrency so a burst of due jobs does not swamp the pool. */
  private async acquireLocalSlot(queue: string): Promise<void> {
    const limit = this.opts.queues.find((q) => q.name === queue)?.concurrency ?? 5;
    while (this.localRunning >= limit) await new Promise<void>((r) => this.localWaiting.push(r));
    this.localRunning++;
  }

  private releaseLocalSlot(): void {
    this.localRunning--;
    this.localWaiting.shift()?.();
  }

  /** Records the schedule inside the caller's transaction; the wake-up follows its commit. */
  async scheduleInTx(manager: EntityManager, spec: JobSpec): Promise<void> {
    assertJobId(spec.id);
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`scheduleInTx(${spec.id}) outside a transaction`);
    ((runner.data as PendingData)[PENDING] ??= []).push({ id: spec.id, queue: spec.queue, name: spec.name, runAt: spec.runAt });
    await manager.query(
      `INSERT INTO scheduled_job (id, queue, name, run_at, payload)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, updated_at = now()
       WHERE scheduled_job.status = 'PENDING'`,
      [spec.id, spec.queue, spec.name, spec.runAt.toISOString(), JSON.stringify(spec.payload ?? {})],
    );
  }

  async cancelInTx(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE scheduled_job SET status = 'CANCELLED', updated_at = now() WHERE id = $1 AND status = 'PENDING'`,
      [id],
    );
  }

  /**
   * Adds the BullMQ wake-up, and a local timer when the job is due soon. Best effort: if Redis is
   * down, the local timer or the reconciler does it later.
   */
  async wake(spec: WakeSpec): Promise<void> {
    if (this.stopped || !this.queues.has(spec.queue)) {
      // Stopping (or not started): the row is committed, the next start's reconciler wakes it.
      if (this.stopped) this.logger.log(`stopping: the wake-up of ${spec.id} is left to the next start's reconciler`);
      else if (this.started) this.logger.warn(`no queue ${spec.queue} for job ${spec.id}`);
      return;
    }
    this.arm(spec);
    try {
      await this.queue(spec.queue).add(spec.name, { id: spec.id, runAt: spec.runAt.toISOString() }, this.jobOpts(spec));
    } catch (err) {
      this.logger.warn(`could not add wake-up for ${spec.id}, the reconciler will: ${(err as Error).message}`);
    }
  }

  async schedule(spec: JobSpec): Promise<void> {
    await this.ds.transaction((m) => this.scheduleInTx(m, spec));
    await this.wake(spec);
  }

  private jobOpts(spec: Pick<JobSpec, 'id' | 'queue' | 'runAt'>) {
    const settings = this.opts.queues.find((q) => q.name === spec.queue)!;
    return {
      jobId: wakeId(spec),
      delay: Math.max(0, spec.runAt.getTime() - Date.now()),
      attempts: settings.attempts ?? 5,
      backoff: { type: 'exponential', delay: settings.backoffMs ?? 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    };
  }

  /** Re-adds a wake-up for every pending row due within the horizon. Returns how many it added. */
  reconcile(): Promise<number> {
    this.reconciling ??= (async () => {
      try {
        const horizon = new Date(Date.now() + (this.opts.horizonMs ?? 60 * 60 * 1000));
        const rows: ScheduledJob[] = await this.ds.query(
          `SELECT ${PENDING_COLUMNS} FROM scheduled_job WHERE status = 'PENDING' AND run_at <= $1 ORDER BY run_at LIMIT 50000`,
          [horizon.toISOString()],
        );
        // Local timers first: they hold even if Redis cannot answer below.
        for (const r of rows) this.arm(r);
        let added = 0;
        for (const [queueName, group] of groupBy(rows, (r) => r.queue)) {
          if (!this.queues.has(queueName)) continue;
          const queue = this.queue(queueName);
          for (let i = 0; i < group.length; i += 1000) {
            const slice = group.slice(i, i + 1000);
            const existing = await Promise.all(slice.map((r) => queue.getJobState(this.jobOpts(r).jobId)));
            const missing = slice.filter((_, k) => existing[k] === 'unknown');
            if (!missing.length) continue;
            await queue.addBulk(
              missing.map((r) => ({ name: r.name, data: { id: r.id, runAt: r.runAt.toISOString() }, opts: this.jobOpts(r) })),
            );
            added += missing.length;
          }
        }
        if (added) this.logger.log(`reconciler re-added ${added} wake-up(s) missing from Redis`);
        this.stats.reAdded += added;
        return added;
      } finally {
        this.reconciling = null;
      }
    })();
    return this.reconciling;
  }

  private async process(job: Job<WakeData>): Promise<void> {
    const { id, runAt } = job.data;
    if (this.intakeStopped) {
      // Stopping: a wake-up BullMQ had fetched already (pause does not recall it) is not run; the
      // row stays PENDING and the next start's reconciler wakes it.
      this.logger.log(`stopping: job ${id} is left to the next start`);
      return;
    }
    let outcome: 'ran' | 'skipped' | 'early';
    try {
      outcome = await this.runDue(id, runAt);
      if (outcome !== 'early') this.remember(job.id ?? wakeId({ id, runAt: new Date(runAt) }));
    } catch (err) {
      if (classifyFailure(err) === 'infrastructure') {
        // The database is away (or a lock timed out): not the job's fault. Wake again later
        // without spending one of its attempts.
        const n = (job.attemptsStarted ?? 1) - (job.attemptsMade ?? 0);
        const wait = infrastructureBackoffMs(n, { initialMs: 250, maxMs: 4_000 });
        this.stats.deferredInfrastructure++;
        if (n === 1 || n % 10 === 0) this.logger.warn(`job ${id} deferred ${wait} ms by an infrastructure error: ${(err as Error).message}`);
        await job.moveToDelayed(Date.now() + wait, job.token);
        throw new DelayedError();
      }
      throw err;
    }
    if (outcome === 'early') {
      // BullMQ woke us before the instant (clock skew): wake again at the right time.
      await job.moveToDelayed(new Date(runAt).getTime(), job.token);
      throw new DelayedError();
    }
  }

  private remember(key: string): void {
    this.handled.add(key);
    if (this.handled.size > 20_000) this.handled.delete(this.handled.values().next().value as string);
  }

  /** Claims a due row (`status = 'PENDING'`, SKIP LOCKED) and runs it in the transaction that marks it DONE. */
  private async runDue(id: string, runAt: string): Promise<'ran' | 'skipped' | 'early'> {
    const outcome = await this.ds.transaction(async (m) => {
      const rows: ScheduledJob[] = await m.query(
        `SELECT ${PENDING_COLUMNS} FROM scheduled_job WHERE id = $1 AND status = 'PENDING' FOR UPDATE SKIP LOCKED`,
        [id],
      );
      const row = rows[0];
      // Done, cancelled, being run elsewhere, or moved to another instant: nothing to do here.
      if (!row || row.runAt.getTime() !== new Date(runAt).getTime()) return 'skipped' as const;
      if (row.runAt.getTime() > Date.now() + 5) return 'early' as const;
      const handler = this.handlers.get(`${row.queue}/${row.name}`);
      if (!handler) throw new Error(`No handler for job ${row.queue}/${row.name}`);
      await handler.run(row, m);
      await m.query(
        `UPDATE scheduled_job SET status = 'DONE', done_at = now(), updated_at = now(), attempts = attempts + 1 WHERE id = $1`,
        [id],
      );
      return 'ran' as const;
    });
    if (outcome === 'ran') this.stats.ran++;
    else if (outcome === 'skipped') this.stats.skipped++;
    return outcome;
  }

  private async onFailed(s: QueueSettings, job: Job<WakeData> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (s.attempts ?? 5);
    await this.ds
      .query(
        `UPDATE scheduled_job SET attempts = attempts + 1, last_error = $2, updated_at = now(),
                status = CASE WHEN $3::boolean THEN 'FAILED' ELSE status END
          WHERE id = $1 AND status = 'PENDING'`,
        [job.data.id, err.message.slice(0, 2000), final],
      )
      .catch(() => undefined);
    if (final) {
      this.stats.failed++;
      this.logger.error(`job ${job.data.id} failed for good after ${job.attemptsMade} attempts: ${err.message}`);
    }
  }

  async ping(): Promise<void> {
    const [c] = this.connections;
    if (!c) throw new Error('not started');
    await c.ping();
  }

  /**
   * Graceful stop, at its very start (beside the consumers): no job starts from now on, neither
   * from Redis nor from a local timer; what runs already goes on. A job due during the stop is
   * run by the next start, which the scheduled instants' tests expect of a stopped service.
   */
  async stopIntake(): Promise<void> {
    this.intakeStopped = true;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    for (const t of this.armed.values()) clearTimeout(t);
    this.armed.clear();
    await Promise.all(this.workers.map((w) => w.pause(true)));
  }

  /**
   * Graceful stop, first half: no new runs; in-flight jobs finish (Worker.close waits for them),
   * as do the local runs and the wake-up adds that commits asked for. Queues stay open, so a
   * commit that lands meanwhile still adds its wake-up.
   */
  async drain(): Promise<void> {
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    for (const t of this.armed.values()) clearTimeout(t);
    this.armed.clear();
    await this.reconciling;
    await Promise.all(this.workers.map((w) => w.close()));
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Second half: close queues and connections (nothing may add a wake-up after this). */
  async close(): Promise<void> {
    await this.drain();
    this.stopped = true;
    while (this.localWaiting.length) this.localWaiting.shift()?.();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
    this.workers.length = 0;
    this.queues.clear();
    this.connections.length = 0;
  }

  async stop(): Promise<void> {
    await this.drain();
    await this.close();
  }
}

function wakeId(spec: Pick<JobSpec, 'id' | 'runAt'>): string {
  return `${spec.id}-${spec.runAt.getTime()}`;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

const PENDING = 'grants:pendingWakes';
type PendingData = { [PENDING]?: WakeSpec[] };

function takePending(runner: QueryRunner | undefined): WakeSpec[] {
  const data = runner?.data as PendingData | undefined;
  const pending = data?.[PENDING] ?? [];
  if (data) delete data[PENDING];
  return pending;
}

export function assertJobId(id: string): void {
  if (!id || id.includes(':') || /^\d+$/.test(id)) {
    throw new Error(`Job id "${id}" must be non-empty, contain no ':' and not be a bare integer`);
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(it);
  }
  return m;
}

