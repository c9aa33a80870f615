import { PoolClient as ListenedClient } from '@grants/database';
import { isCurrencyCode } from '@grants/money';
import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import {
  BankConfirmation,
  ConfirmationListener,
  PaymentInstruction,
  PaymentProvider,
  PaymentProviderError,
  SendAck,
} from './payment-provider';
import { SimulatedBankEntry, SimulatedBankLedger, SimulatedBehaviour } from './simulated-bank';

export interface PgSimulatedBankOptions {
  /** The bank's own database: its records live outside any worker process. */
  url: string;
  answerDelayMs: number;
  defaultBehaviour: SimulatedBehaviour;
  poolSize?: number;
}

/** How a transfer reached the bank: its API, or a line of a pain.001 file (by MsgId). */
export interface SendChannel {
  readonly channel: 'API' | 'SEPA_FILE';
  readonly messageId?: string;
}

/** One row of `simulated_bank_send`: every send the bank ever saw, duplicates included. */
export interface SimulatedBankSend {
  readonly endToEndId: string;
  readonly execution: number;
  readonly outcome: 'ACCEPTED' | 'DUPLICATE';
  readonly channel: string;
  readonly messageId: string | null;
  readonly receivedAt: Date;
}

const ENTRY_COLUMNS = `end_to_end_id AS "endToEndId", execution, bank_reference AS "bankReference", payment_id AS "paymentId",
  amount_minor::text AS "amountMinor", currency, creditor_iban AS "creditorIban", creditor_name AS "creditorName",
  fingerprint, first_received_at AS "firstReceivedAt", last_received_at AS "lastReceivedAt", sends_received AS "sendsReceived",
  behaviour, status, answer_due_at AS "answerDueAt", decided_at AS "decidedAt", reason, bookings`;

/**
 * The simulated bank as a PostgreSQL-backed `PaymentProvider`. Every decision is the pure
 * `SimulatedBankLedger`'s, loaded with the one entry it concerns and written back in the same
 * transaction of the bank's own database, keyed by end-to-end id:
 * - `send` locks the entry (or inserts it, `ON CONFLICT DO NOTHING`, and starts over if another
 *   send won the race), so a repeat is always answered DUPLICATE and never booked twice;
 * - `advance` decides due entries with a conditional `UPDATE … WHERE status = 'PENDING'`, and a
 *   `CHECK (bookings <= 1)` makes a second booking impossible even for a buggy caller;
 * - answers wait in `simulated_bank_answer` until every listener returned, then are deleted
 *   (at-least-once delivery; the payment state machine makes a repeat harmless).
 * A process killed anywhere leaves either the whole statement or nothing: the bank's records
 * outlive every worker. The "desk" (`tick`) that stands in for the bank's back office runs in the
 * worker processes, but holds no state of its own.
 */
export class PgSimulatedBank implements PaymentProvider {
  readonly name = 'simulated-bank';
  private readonly logger = new Logger('SimulatedBank');
  private readonly pool: Pool;
  private readonly listeners = new Set<ConfirmationListener>();
  private batchListener?: (confirmations: BankConfirmation[]) => Promise<void>;

  constructor(private readonly opts: PgSimulatedBankOptions) {
    // ListenedClient: a client whose connection drops (a PostgreSQL restart) emits 'error' even when
    // checked out; without a listener that is an uncaught exception that kills the whole service.
    this.pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 8, application_name: 'simulated-bank', Client: ListenedClient });
    this.pool.on('error', (err) => this.logger.warn(`bank pool: ${err.message}`));
  }

  /** Creates the bank's tables if they are missing: the bank is an outside system, not our schema. */
  async start(): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('simulated-bank-schema'))`);
      await c.query(`
        CREATE TABLE IF NOT EXISTS simulated_bank_entry (
          end_to_end_id     text PRIMARY KEY,
          execution         integer NOT NULL,
          bank_reference    text NOT NULL UNIQUE,
          payment_id        uuid NOT NULL,
          amount_minor      bigint NOT NULL,
          currency          char(3) NOT NULL,
          creditor_iban     text NOT NULL,
          creditor_name     text NOT NULL,
          fingerprint       char(64) NOT NULL,
          channel           text NOT NULL,
          message_id        text,
          first_received_at timestamptz NOT NULL,
          last_received_at  timestamptz NOT NULL,
          sends_received    integer NOT NULL,
          behaviour         jsonb NOT NULL,
          status            text NOT NULL CHECK (status IN ('PENDING', 'BOOKED', 'REJECTED')),
          answer_due_at     timestamptz,
          decided_at        timestamptz,
          reason            text,
          bookings          integer NOT NULL CHECK (bookings BETWEEN 0 AND 1)
        )`);
      await c.query(`CREATE INDEX IF NOT EXISTS simulated_bank_entry_due ON simulated_bank_entry (answer_due_at) WHERE status = 'PENDING'`);
      await c.query(`CREATE INDEX IF NOT EXISTS simulated_bank_entry_payment ON simulated_bank_entry (payment_id)`);
      await c.query(`
        CREATE TABLE IF NOT EXISTS simulated_bank_send (
          id            bigserial PRIMARY KEY,
          end_to_end_id text NOT NULL,
          execution     integer NOT NULL,
          outcome       text NOT NULL CHECK (outcome IN ('ACCEPTED', 'DUPLICATE')),
          channel       text NOT NULL,
          message_id    text,
          received_at   timestamptz NOT NULL DEFAULT clock_timestamp()
        )`);
      await c.query(`CREATE INDEX IF NOT EXISTS simulated_bank_send_e2e ON simulated_bank_send (end_to_end_id)`);
      await c.query(`
        CREATE TABLE IF NOT EXISTS simulated_bank_answer (
          seq          bigserial PRIMARY KEY,
          answer_id    text NOT NULL UNIQUE,
          confirmation jsonb NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now()
        )`);
      await c.query(`
        CREATE TABLE IF NOT EXISTS simulated_bank_script (
          id            bigserial PRIMARY KEY,
          end_to_end_id text NOT NULL,
          behaviour     jsonb NOT NULL
        )`);
      await c.query(`CREATE INDEX IF NOT EXISTS simulated_bank_script_e2e ON simulated_bank_script (end_to_end_id, id)`);
      // "The bank is unreachable" for the next n sends of an id: the send fails before recording anything.
      await c.query(`
        CREATE TABLE IF NOT EXISTS simulated_bank_outage (
          end_to_end_id text PRIMARY KEY,
          remaining     integer NOT NULL CHECK (remaining >= 0),
          message       text NOT NULL
        )`);
      await c.query(`CREATE SEQUENCE IF NOT EXISTS simulated_bank_reference_seq`);
    });
  }

  async stop(): Promise<void> {
    await this.pool.end();
  }

  /** Every ISO 4217 currency: it stands in for the banks of MKD, BAM, RSD, USD… payees, and for EUR files. */
  supports(currency: string): boolean {
    return isCurrencyCode(currency);
  }

  onConfirmation(listener: ConfirmationListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Receives a delivered batch at once (one transaction on the receiving side instead of one per
   * answer). If it throws, the batch's answers are handed over one at a time, so one bad answer
   * cannot hold back the others; each is deleted only once it was taken.
   */
  onConfirmations(listener: (confirmations: BankConfirmation[]) => Promise<void>): () => void {
    this.batchListener = listener;
    return () => {
      if (this.batchListener === listener) this.batchListener = undefined;
    };
  }

  async send(instruction: PaymentInstruction, via: SendChannel = { channel: 'API' }): Promise<SendAck> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new PaymentProviderError(`the bank cannot be reached: ${(err as Error).message}`, true);
    }
    try {
      const first = await this.receiveFirst(client, instruction, via);
      if (first) return first;
      for (let round = 0; round < 3; round++) {
        const ack = await this.receiveOnce(client, instruction, via);
        if (ack) return ack;
      }
      throw new PaymentProviderError(`the bank could not record ${instruction.endToEndId}: too many concurrent sends`, true);
    } catch (err) {
      if (err instanceof PaymentProviderError) throw err;
      // A failure of the bank's own database: the instruction may or may not be recorded.
      throw new PaymentProviderError(`the bank failed while receiving: ${(err as Error).message}`, true);
    } finally {
      client.release();
    }
  }

  /**
   * The common case in two statements: an id the bank has never seen is inserted together with its
   * send record and the consumption of its script, all in one atomic statement
   * (`INSERT … ON CONFLICT DO NOTHING`). Null when the id exists: the locked path decides then.
   */
  private async receiveFirst(c: PoolClient, instruction: PaymentInstruction, via: SendChannel): Promise<SendAck | null> {
    const e2e = instruction.endToEndId;
    const [head] = (
      await c.query(
        `WITH o AS (UPDATE simulated_bank_outage SET remaining = remaining - 1 WHERE end_to_end_id = $1 AND remaining > 0 RETURNING message)
         SELECT (SELECT message FROM o) AS outage,
                EXISTS (SELECT 1 FROM simulated_bank_entry WHERE end_to_end_id = $1) AS known,
                (SELECT json_agg(json_build_object('id', id, 'behaviour', behaviour) ORDER BY id) FROM simulated_bank_script WHERE end_to_end_id = $1) AS scripts,
                nextval('simulated_bank_reference_seq')::int AS ref`,
        [e2e],
      )
    ).rows;
    if (head.outage) throw new PaymentProviderError(head.outage, true);
    if (head.known) return null;
    const scripts: { id: string; behaviour: SimulatedBehaviour }[] = head.scripts ?? [];
    const ledger = SimulatedBankLedger.fromSnapshot({
      version: 1,
      defaultBehaviour: this.opts.defaultBehaviour,
      answerDelayMs: this.opts.answerDelayMs,
      nextReference: head.ref,
      scripts: scripts.length ? { [e2e]: scripts.map((s) => s.behaviour) } : {},
      entries: [],
      outbox: [],
    });
    const ack = ledger.receive(instruction, new Date());
    const entry = ledger.entry(e2e)!;
    const used = scripts.length ? scripts.slice(0, scripts.length - (ledger.toSnapshot().scripts[e2e]?.length ?? 0)).map((s) => s.id) : [];
    const inserted = await c.query(
      `WITH e AS (
         INSERT INTO simulated_bank_entry (end_to_end_id, execution, bank_reference, payment_id, amount_minor, currency, creditor_iban,
           creditor_name, fingerprint, channel, message_id, first_received_at, last_received_at, sends_received, behaviour, status,
           answer_due_at, decided_at, reason, bookings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT (end_to_end_id) DO NOTHING RETURNING end_to_end_id),
       s AS (INSERT INTO simulated_bank_send (end_to_end_id, execution, outcome, channel, message_id)
             SELECT end_to_end_id, $2, 'ACCEPTED', $10, $11 FROM e),
       d AS (DELETE FROM simulated_bank_script WHERE id = ANY($21::bigint[]) AND EXISTS (SELECT 1 FROM e))
       SELECT count(*)::int AS n FROM e`,
      [
        ...entryRow(e2e, entry, via),
        used,
      ],
    );
    return inserted.rows[0].n === 1 ? ack : null;
  }

  /** A repeat (or a race with one): decided on the locked entry, in one bank transaction; null to start over. */
  private async receiveOnce(c: PoolClient, instruction: PaymentInstruction, via: SendChannel): Promise<SendAck | null> {
    const e2e = instruction.endToEndId;
    await c.query('BEGIN');
    try {
      const existing = (await c.query(`SELECT ${ENTRY_COLUMNS} FROM simulated_bank_entry WHERE end_to_end_id = $1 FOR UPDATE`, [e2e])).rows;
      const scripts = (await c.query(`SELECT id, behaviour FROM simulated_bank_script WHERE end_to_end_id = $1 ORDER BY id FOR UPDATE`, [e2e])).rows;
      const [{ ref }] = (await c.query(`SELECT nextval('simulated_bank_reference_seq')::int AS ref`)).rows;
      const now = new Date();
      const ledger = SimulatedBankLedger.fromSnapshot({
        version: 1,
        defaultBehaviour: this.opts.defaultBehaviour,
        answerDelayMs: this.opts.answerDelayMs,
        nextReference: ref,
        scripts: scripts.length ? { [e2e]: scripts.map((s) => s.behaviour) } : {},
        entries: existing.map(toEntry),
        outbox: [],
      });
      const ack = ledger.receive(instruction, now);
      const entry = ledger.entry(e2e)!;
      if (!existing.length) {
        const inserted = await c.query(
          `INSERT INTO simulated_bank_entry (end_to_end_id, execution, bank_reference, payment_id, amount_minor, currency, creditor_iban,
             creditor_name, fingerprint, channel, message_id, first_received_at, last_received_at, sends_received, behaviour, status,
             answer_due_at, decided_at, reason, bookings)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
           ON CONFLICT (end_to_end_id) DO NOTHING`,
          [
            ...entryRow(e2e, entry, via),
          ],
        );
        if (!inserted.rowCount) {
          await c.query('ROLLBACK');
          return null;
        }
      } else {
        await c.query(
          `UPDATE simulated_bank_entry SET execution = $2, bank_reference = $3, fingerprint = $4, last_received_at = $5,
             sends_received = $6, behaviour = $7, status = $8, answer_due_at = $9, decided_at = $10, reason = $11,
             channel = $12, message_id = COALESCE($13, message_id)
           WHERE end_to_end_id = $1`,
          [
            e2e,
            entry.execution,
            entry.bankReference,
            entry.fingerprint,
            entry.lastReceivedAt,
            entry.sendsReceived,
            JSON.stringify(entry.behaviour),
            entry.status,
            entry.answerDueAt,
            entry.decidedAt,
            entry.reason,
            via.channel,
            via.messageId ?? null,
          ],
        );
      }
      const left = ledger.toSnapshot().scripts[e2e]?.length ?? 0;
      const used = scripts.slice(0, scripts.length - left).map((s) => s.id);
      if (used.length) await c.query(`DELETE FROM simulated_bank_script WHERE id = ANY($1::bigint[])`, [used]);
      await c.query(
        `INSERT INTO simulated_bank_send (end_to_end_id, execution, outcome, channel, message_id) VALUES ($1, $2, $3, $4, $5)`,
        [e2e, instruction.execution ?? 1, ack.kind, via.channel, via.messageId ?? null],
      );
      await c.query('COMMIT');
      return ack;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Decides every entry whose answer fell due (one batch, one transaction) and queues the answers.
   * Returns how many were decided.
   */
  async advance(now = new Date(), batch = 1000): Promise<number> {
    return this.tx(async (c) => {
      const rows = (
        await c.query(
          `SELECT ${ENTRY_COLUMNS} FROM simulated_bank_entry
            WHERE status = 'PENDING' AND answer_due_at <= $1 ORDER BY answer_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, batch],
        )
      ).rows;
      if (!rows.length) return 0;
      const ledger = SimulatedBankLedger.fromSnapshot({
        version: 1,
        defaultBehaviour: this.opts.defaultBehaviour,
        answerDelayMs: this.opts.answerDelayMs,
        nextReference: 1,
        scripts: {},
        entries: rows.map(toEntry),
        outbox: [],
      });
      const decided = ledger.advance(now);
      const entries = ledger.entries().filter((e) => e.status !== 'PENDING');
      await c.query(
        `UPDATE simulated_bank_entry e
            SET status = v.status, bookings = e.bookings + v.booked, decided_at = v.decided_at, answer_due_at = NULL, reason = v.reason
           FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[]) AS v(e2e, status, booked, decided_at, reason)
          WHERE e.end_to_end_id = v.e2e AND e.status = 'PENDING'`,
        [
          entries.map((e) => e.endToEndId),
          entries.map((e) => e.status),
          entries.map((e) => (e.status === 'BOOKED' ? 1 : 0)),
          entries.map((e) => e.decidedAt),
          entries.map((e) => e.reason),
        ],
      );
      const answers = ledger.undeliveredAnswers();
      if (answers.length) {
        await c.query(
          `INSERT INTO simulated_bank_answer (answer_id, confirmation)
           SELECT a, c FROM unnest($1::text[], $2::jsonb[]) AS x(a, c) ON CONFLICT (answer_id) DO NOTHING`,
          [answers.map((a) => a.answerId), answers.map((a) => JSON.stringify(a.confirmation))],
        );
      }
      return decided;
    });
  }

  /**
   * Delivers queued answers to the listeners, oldest first; an answer is deleted only after every
   * listener returned, so one that failed (or a process killed meanwhile) sees it again.
   */
  async deliver(batch = 200): Promise<number> {
    if (this.listeners.size === 0 && !this.batchListener) return 0;
    return this.tx(async (c) => {
      const rows: { answerId: string; confirmation: BankConfirmation }[] = (
        await c.query(
          `SELECT answer_id AS "answerId", confirmation FROM simulated_bank_answer ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch],
        )
      ).rows;
      if (!rows.length) return 0;
      const delivered: string[] = [];
      const one = async (row: (typeof rows)[number]) => {
        try {
          if (this.batchListener) await this.batchListener([row.confirmation]);
          for (const listener of [...this.listeners]) await listener(row.confirmation);
          delivered.push(row.answerId);
        } catch (err) {
          this.logger.warn(`answer ${row.answerId} for ${row.confirmation.endToEndId} not delivered, will retry: ${(err as Error).message}`);
        }
      };
      let whole = false;
      if (this.batchListener && rows.length > 1) {
        try {
          await this.batchListener(rows.map((r) => r.confirmation));
          whole = true;
        } catch (err) {
          this.logger.warn(`a batch of ${rows.length} answers failed, delivering them one by one: ${(err as Error).message}`);
        }
      }
      if (whole) {
        for (const listener of [...this.listeners]) for (const row of rows) await listener(row.confirmation);
        delivered.push(...rows.map((r) => r.answerId));
      } else {
        for (const row of rows) await one(row);
      }
      if (delivered.length) await c.query(`DELETE FROM simulated_bank_answer WHERE answer_id = ANY($1::text[])`, [delivered]);
      return delivered.length;
    });
  }

  /**
   * The bank's back office: decide what is due, then deliver answers until nothing is left, in
   * `lanes` concurrent deliveries (they take disjoint answers: `FOR UPDATE SKIP LOCKED`).
   */
  async tick(lanes = 4, batch = 100): Promise<number> {
    let work = 0;
    for (let n = await this.advance(); n > 0; n = await this.advance()) work += n;
    const lane = async () => {
      for (let n = await this.deliver(batch); n > 0; n = await this.deliver(batch)) work += n;
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    return work;
  }

  /** Tells the bank what to do with the next executions of one payment (demo and tests). */
  async script(endToEndId: string, ...behaviours: SimulatedBehaviour[]): Promise<void> {
    for (const b of behaviours) {
      await this.pool.query(`INSERT INTO simulated_bank_script (end_to_end_id, behaviour) VALUES ($1, $2)`, [endToEndId, JSON.stringify(b)]);
    }
  }

  /** The next `times` sends of this id fail as if the bank could not be reached (nothing recorded). */
  async outage(endToEndId: string, times: number, message = 'the bank did not answer the connection (simulated outage)'): Promise<void> {
    await this.pool.query(
      `INSERT INTO simulated_bank_outage (end_to_end_id, remaining, message) VALUES ($1, $2, $3)
       ON CONFLICT (end_to_end_id) DO UPDATE SET remaining = EXCLUDED.remaining, message = EXCLUDED.message`,
      [endToEndId, times, message],
    );
  }

  async entries(paymentIds: string[]): Promise<(SimulatedBankEntry & { channel: string; messageId: string | null })[]> {
    const rows = (
      await this.pool.query(
        `SELECT ${ENTRY_COLUMNS}, channel, message_id AS "messageId" FROM simulated_bank_entry WHERE payment_id = ANY($1::uuid[]) ORDER BY first_received_at`,
        [paymentIds],
      )
    ).rows;
    return rows.map((r) => ({ ...toEntry(r), channel: r.channel, messageId: r.messageId }));
  }

  async sends(endToEndIds: string[]): Promise<SimulatedBankSend[]> {
    return (
      await this.pool.query(
        `SELECT end_to_end_id AS "endToEndId", execution, outcome, channel, message_id AS "messageId", received_at AS "receivedAt"
           FROM simulated_bank_send WHERE end_to_end_id = ANY($1::text[]) ORDER BY id`,
        [endToEndIds],
      )
    ).rows;
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }
}

function iso(v: Date | string | null): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

/** A row as the pure ledger's entry (instants as ISO text, amounts as decimal text). */
function toEntry(r: Record<string, any>): SimulatedBankEntry {
  return {
    endToEndId: r.endToEndId,
    execution: r.execution,
    bankReference: r.bankReference,
    paymentId: r.paymentId,
    amountMinor: String(r.amountMinor),
    currency: String(r.currency).trim(),
    creditorIban: r.creditorIban,
    creditorName: r.creditorName,
    fingerprint: String(r.fingerprint).trim(),
    firstReceivedAt: iso(r.firstReceivedAt)!,
    lastReceivedAt: iso(r.lastReceivedAt)!,
    sendsReceived: r.sendsReceived,
    behaviour: r.behaviour,
    status: r.status,
    answerDueAt: iso(r.answerDueAt),
    decidedAt: iso(r.decidedAt),
    reason: r.reason,
    bookings: r.bookings,
  };
}

/** The 20 values of a simulated_bank_entry row, in column order ($1…$20 of both inserts). */
function entryRow(e2e: string, entry: SimulatedBankEntry, via: SendChannel): unknown[] {
  return [
    e2e,
    entry.execution,
    entry.bankReference,
    entry.paymentId,
    entry.amountMinor,
    entry.currency,
    entry.creditorIban,
    entry.creditorName,
    entry.fingerprint,
    via.channel,
    via.messageId ?? null,
    entry.firstReceivedAt,
    entry.lastReceivedAt,
    entry.sendsReceived,
    JSON.stringify(entry.behaviour),
    entry.status,
    entry.answerDueAt,
    entry.decidedAt,
    entry.reason,
    entry.bookings,
  ];
}
