import { isCurrencyCode } from '@grants/money';
import { isValidIBAN } from 'ibantools';
import { createHash } from 'node:crypto';
import {
  BankConfirmation,
  BankEntryStatus,
  ConfirmationListener,
  PaymentInstruction,
  PaymentProvider,
  SendAck,
} from './payment-provider';

/** What the simulated bank does with one execution of a payment. */
export type SimulatedBehaviour =
  | { readonly kind: 'CONFIRM' }
  | { readonly kind: 'REJECT'; readonly reason: string }
  /**
   * Never answers. With `booksSilently` the money still moves (the answer is what gets lost):
   * the hardest case for the platform, which must then neither cancel nor pay again.
   */
  | { readonly kind: 'TIME_OUT'; readonly booksSilently?: boolean }
  /** Books once and sends the very same confirmation twice. */
  | { readonly kind: 'ANSWER_TWICE' };

/**
 * One row per end-to-end id — the future `simulated_bank_entry` table's primary key. All fields
 * are JSON-safe (amounts as decimal strings of minor units, instants as ISO strings).
 */
export interface SimulatedBankEntry {
  readonly endToEndId: string;
  /** The execution held: a higher one replaces it only after a rejection (see `receive`). */
  readonly execution: number;
  readonly bankReference: string;
  readonly paymentId: string;
  readonly amountMinor: string;
  readonly currency: string;
  readonly creditorIban: string;
  readonly creditorName: string;
  /** Content hash of the instruction (execution excluded), to tell a true repeat from a clash. */
  readonly fingerprint: string;
  readonly firstReceivedAt: string;
  readonly lastReceivedAt: string;
  /** Every send seen under this id, duplicates included. */
  readonly sendsReceived: number;
  readonly behaviour: SimulatedBehaviour;
  readonly status: BankEntryStatus;
  /** When the decision falls due; null once decided, or never for a plain TIME_OUT. */
  readonly answerDueAt: string | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  /** 0 or 1, by construction: the exactly-once property the tests check. */
  readonly bookings: number;
}

/** An answer waiting to be delivered; removed only once delivered (at-least-once delivery). */
export interface QueuedAnswer {
  readonly answerId: string;
  readonly confirmation: BankConfirmation;
}

export interface SimulatedBankSnapshot {
  readonly version: 1;
  readonly defaultBehaviour: SimulatedBehaviour;
  readonly answerDelayMs: number;
  readonly nextReference: number;
  readonly scripts: Readonly<Record<string, readonly SimulatedBehaviour[]>>;
  readonly entries: readonly SimulatedBankEntry[];
  readonly outbox: readonly QueuedAnswer[];
}

export interface SimulatedBankStats {
  /** Distinct end-to-end ids received. */
  readonly instructions: number;
  readonly sendsReceived: number;
  /** Sends answered DUPLICATE. */
  readonly duplicates: number;
  readonly pending: number;
  readonly booked: number;
  readonly rejected: number;
  readonly bookedMinorByCurrency: Readonly<Record<string, bigint>>;
}

export interface SimulatedBankOptions {
  /** What an unscripted execution does (CONFIRM unless told otherwise). */
  readonly defaultBehaviour?: SimulatedBehaviour;
  /** How long after receipt the bank decides; answers are produced by `advance`. */
  readonly answerDelayMs?: number;
}

type MutableEntry = { -readonly [K in keyof SimulatedBankEntry]: SimulatedBankEntry[K] };

/**
 * The simulated bank's core: pure, synchronous, in memory, serialisable. It holds no timers and
 * reads no clock: the caller passes `now`, so tests are deterministic and a hosting process (or a
 * PostgreSQL-backed version later) decides when time passes. Each method maps to one statement on
 * a table keyed by end-to-end id:
 * - `receive` → `INSERT … ON CONFLICT (end_to_end_id) DO NOTHING`, then on conflict a read, or an
 *   `UPDATE … WHERE status = 'REJECTED' AND execution < $n` for a new attempt;
 * - `advance` → `UPDATE … WHERE status = 'PENDING' AND answer_due_at <= $now RETURNING …` plus
 *   inserts into an answer outbox;
 * - `markDelivered` → `DELETE FROM outbox WHERE answer_id = $1`.
 */
export class SimulatedBankLedger {
  private readonly entriesById = new Map<string, MutableEntry>();
  private readonly scripts = new Map<string, SimulatedBehaviour[]>();
  private outbox: QueuedAnswer[] = [];
  private nextReference = 1;
  private readonly defaultBehaviour: SimulatedBehaviour;
  private readonly answerDelayMs: number;

  constructor(options: SimulatedBankOptions = {}) {
    this.defaultBehaviour = options.defaultBehaviour ?? { kind: 'CONFIRM' };
    this.answerDelayMs = options.answerDelayMs ?? 0;
    if (!Number.isInteger(this.answerDelayMs) || this.answerDelayMs < 0) {
      throw new RangeError(`answerDelayMs must be a non-negative integer, got ${options.answerDelayMs}`);
    }
  }

  /**
   * Tells the bank what to do with the next executions of one payment, in order (e.g. REJECT then
   * CONFIRM for "rejected, then paid after a person's retry"). Unscripted executions use the default.
   */
  script(endToEndId: string, ...behaviours: SimulatedBehaviour[]): void {
    this.scripts.set(endToEndId, [...(this.scripts.get(endToEndId) ?? []), ...behaviours]);
  }

  /**
   * Records an instruction exactly once per end-to-end id. A repeat is acknowledged DUPLICATE and
   * never booked again — except a higher execution after a REJECTED one, which is a new attempt
   * (the rejection executed nothing, so booking the new attempt still books the payment once).
   */
  receive(instruction: PaymentInstruction, now: Date): SendAck {
    const at = now.toISOString();
    const fingerprint = fingerprintOf(instruction);
    const existing = this.entriesById.get(instruction.endToEndId);
    const execution = instruction.execution ?? 1;

    if (existing && !(existing.status === 'REJECTED' && execution > existing.execution)) {
      existing.sendsReceived += 1;
      existing.lastReceivedAt = at;
      return {
        kind: 'DUPLICATE',
        endToEndId: existing.endToEndId,
        execution: existing.execution,
        bankReference: existing.bankReference,
        firstReceivedAt: existing.firstReceivedAt,
        bankStatus: existing.status,
        sameContent: existing.fingerprint === fingerprint,
      };
    }

    const invalid = invalidity(instruction);
    const behaviour: SimulatedBehaviour = invalid ? { kind: 'REJECT', reason: invalid } : this.nextBehaviour(instruction.endToEndId);
    const entry: MutableEntry = {
      endToEndId: instruction.endToEndId,
      execution,
      bankReference: `SIM${String(this.nextReference++).padStart(12, '0')}`,
      paymentId: instruction.paymentId,
      amountMinor: String(instruction.amountMinor),
      currency: instruction.currency,
      creditorIban: instruction.creditor.iban,
      creditorName: instruction.creditor.name,
      fingerprint,
      firstReceivedAt: existing?.firstReceivedAt ?? at,
      lastReceivedAt: at,
      sendsReceived: (existing?.sendsReceived ?? 0) + 1,
      behaviour,
      status: 'PENDING',
      answerDueAt:
        behaviour.kind === 'TIME_OUT' && !behaviour.booksSilently ? null : new Date(now.getTime() + this.answerDelayMs).toISOString(),
      decidedAt: null,
      reason: null,
      bookings: existing?.bookings ?? 0,
    };
    this.entriesById.set(entry.endToEndId, entry);
    return { kind: 'ACCEPTED', endToEndId: entry.endToEndId, execution, bankReference: entry.bankReference, receivedAt: at };
  }

  /** Decides every execution whose answer fell due by `now`; returns how many were decided. */
  advance(now: Date): number {
    let decided = 0;
    for (const entry of this.entriesById.values()) {
      if (entry.status !== 'PENDING' || entry.answerDueAt === null || Date.parse(entry.answerDueAt) > now.getTime()) continue;
      const at = now.toISOString();
      const b = entry.behaviour;
      if (b.kind === 'REJECT') {
        entry.status = 'REJECTED';
        entry.reason = b.reason;
      } else {
        if (entry.bookings !== 0) throw new Error(`Invariant broken: ${entry.endToEndId} would be booked twice`);
        entry.status = 'BOOKED';
        entry.bookings = 1;
      }
      entry.decidedAt = at;
      entry.answerDueAt = null;
      decided++;
      if (b.kind === 'TIME_OUT') continue;
      const confirmation: BankConfirmation = {
        endToEndId: entry.endToEndId,
        execution: entry.execution,
        bankReference: entry.bankReference,
        outcome: entry.status === 'BOOKED' ? 'BOOKED' : 'REJECTED',
        reason: entry.reason,
        answeredAt: at,
      };
      const copies = b.kind === 'ANSWER_TWICE' ? 2 : 1;
      for (let n = 1; n <= copies; n++) {
        this.outbox.push({ answerId: `${entry.bankReference}-${n}`, confirmation: { ...confirmation } });
      }
    }
    return decided;
  }

  /** Answers decided but not yet delivered, oldest first. */
  undeliveredAnswers(): readonly QueuedAnswer[] {
    return this.outbox.map((a) => ({ ...a, confirmation: { ...a.confirmation } }));
  }

  /** Call after the answer reached its listener; false when it was already delivered. */
  markDelivered(answerId: string): boolean {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((a) => a.answerId !== answerId);
    return this.outbox.length < before;
  }

  entry(endToEndId: string): SimulatedBankEntry | undefined {
    const e = this.entriesById.get(endToEndId);
    return e ? { ...e } : undefined;
  }

  entries(): SimulatedBankEntry[] {
    return [...this.entriesById.values()].map((e) => ({ ...e }));
  }

  stats(): SimulatedBankStats {
    const all = [...this.entriesById.values()];
    const bookedMinorByCurrency: Record<string, bigint> = {};
    for (const e of all) {
      if (e.status === 'BOOKED') bookedMinorByCurrency[e.currency] = (bookedMinorByCurrency[e.currency] ?? 0n) + BigInt(e.amountMinor);
    }
    const sendsReceived = all.reduce((n, e) => n + e.sendsReceived, 0);
    const accepted = this.nextReference - 1;
    return {
      instructions: all.length,
      sendsReceived,
      duplicates: sendsReceived - accepted,
      pending: all.filter((e) => e.status === 'PENDING').length,
      booked: all.filter((e) => e.status === 'BOOKED').length,
      rejected: all.filter((e) => e.status === 'REJECTED').length,
      bookedMinorByCurrency,
    };
  }

  /** A JSON-safe copy of the whole state: `JSON.stringify` it, and `fromSnapshot` it back. */
  toSnapshot(): SimulatedBankSnapshot {
    return JSON.parse(
      JSON.stringify({
        version: 1,
        defaultBehaviour: this.defaultBehaviour,
        answerDelayMs: this.answerDelayMs,
        nextReference: this.nextReference,
        scripts: Object.fromEntries(this.scripts),
        entries: [...this.entriesById.values()],
        outbox: this.outbox,
      }),
    ) as SimulatedBankSnapshot;
  }

  static fromSnapshot(snapshot: SimulatedBankSnapshot): SimulatedBankLedger {
    if (snapshot?.version !== 1) throw new Error(`Unsupported simulated bank snapshot version: ${String(snapshot?.version)}`);
    const copy = JSON.parse(JSON.stringify(snapshot)) as SimulatedBankSnapshot;
    const ledger = new SimulatedBankLedger({ defaultBehaviour: copy.defaultBehaviour, answerDelayMs: copy.answerDelayMs });
    ledger.nextReference = copy.nextReference;
    for (const [id, queue] of Object.entries(copy.scripts)) ledger.scripts.set(id, [...queue]);
    for (const e of copy.entries) ledger.entriesById.set(e.endToEndId, { ...e });
    ledger.outbox = [...copy.outbox];
    return ledger;
  }

  private nextBehaviour(endToEndId: string): SimulatedBehaviour {
    const queue = this.scripts.get(endToEndId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.scripts.delete(endToEndId);
    return next ?? this.defaultBehaviour;
  }
}

/**
 * The simulated bank as a `PaymentProvider` inside one process, for use-case tests and the demo.
 * No timers either: call `deliverDue()` (from a test, or an interval in the host). An answer is
 * marked delivered only after every listener returned, so a listener that throws sees it again.
 */
export class InProcessSimulatedBank implements PaymentProvider {
  readonly name = 'simulated-bank';
  private readonly listeners = new Set<ConfirmationListener>();

  constructor(
    readonly ledger: SimulatedBankLedger = new SimulatedBankLedger(),
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every ISO 4217 currency: it stands in for the banks of MKD, BAM, RSD, USD… payees. */
  supports(currency: string): boolean {
    return isCurrencyCode(currency);
  }

  async send(instruction: PaymentInstruction): Promise<SendAck> {
    return this.ledger.receive(instruction, this.clock());
  }

  onConfirmation(listener: ConfirmationListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Decides what is due and delivers every undelivered answer; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    this.ledger.advance(this.clock());
    if (this.listeners.size === 0) return 0;
    let delivered = 0;
    for (const answer of this.ledger.undeliveredAnswers()) {
      for (const listener of [...this.listeners]) await listener(answer.confirmation);
      if (this.ledger.markDelivered(answer.answerId)) delivered++;
    }
    return delivered;
  }
}

/** A bank checks what it can before booking; it answers with ISO 20022 reason codes. */
function invalidity(instruction: PaymentInstruction): string | null {
  if (!isCurrencyCode(instruction.currency)) return 'AM03 Currency not processable';
  if (typeof instruction.amountMinor !== 'bigint' || instruction.amountMinor <= 0n) return 'AM01 Zero or negative amount';
  if (!isValidIBAN(instruction.creditor?.iban ?? '')) return 'AC01 Incorrect account number';
  return null;
}

function fingerprintOf(instruction: PaymentInstruction): string {
  const content = [
    instruction.paymentId,
    String(instruction.amountMinor),
    instruction.currency,
    instruction.creditor?.iban,
    instruction.creditor?.name,
    instruction.creditor?.bic ?? '',
    instruction.remittanceInformation ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
