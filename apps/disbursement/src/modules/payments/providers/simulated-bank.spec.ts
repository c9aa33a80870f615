import { randomUUID } from 'node:crypto';
import { endToEndIdFor } from '../domain/end-to-end-id';
import { PaymentSnapshot, PaymentTransitionOutcome, markFailed, retryByPerson } from '../domain/payment-state';
import { BankConfirmation, PaymentInstruction, transitionForConfirmation, transitionForSendAck } from './payment-provider';
import { InProcessSimulatedBank, SimulatedBankLedger } from './simulated-bank';

const T0 = new Date('2025-11-22T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function instruction(overrides: Partial<PaymentInstruction> = {}): PaymentInstruction {
  const paymentId = overrides.paymentId ?? randomUUID();
  return {
    paymentId,
    endToEndId: endToEndIdFor(paymentId),
    execution: 1,
    amountMinor: 1419264n,
    currency: 'EUR',
    creditor: { name: 'Клуб „Отворено общество“ – Русе', iban: 'BG95UNCR70001523456789', bic: 'UNCRBGSF' },
    remittanceInformation: 'EEA grant, tranche 1 of 2',
    ...overrides,
  };
}

function answers(ledger: SimulatedBankLedger): BankConfirmation[] {
  return ledger.undeliveredAnswers().map((a) => a.confirmation);
}

describe('SimulatedBankLedger', () => {
  it('records an instruction once and acknowledges a second send as a duplicate that never books twice', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    const first = ledger.receive(instr, T0);
    expect(first).toMatchObject({ kind: 'ACCEPTED', endToEndId: instr.endToEndId, execution: 1, receivedAt: T0.toISOString() });
    ledger.advance(T0);
    const second = ledger.receive(instr, later(5));
    expect(second).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'BOOKED', sameContent: true, firstReceivedAt: T0.toISOString() });
    ledger.receive(instr, later(6));
    ledger.advance(later(10_000));
    expect(ledger.entry(instr.endToEndId)).toMatchObject({ bookings: 1, sendsReceived: 3, status: 'BOOKED' });
    expect(ledger.stats()).toMatchObject({ instructions: 1, sendsReceived: 3, duplicates: 2, booked: 1 });
    expect(answers(ledger)).toHaveLength(1);
  });

  it('flags a repeat under the same id with different content, and still books nothing new', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.receive(instr, T0);
    const clash = ledger.receive({ ...instr, amountMinor: 1n }, later(1));
    expect(clash).toMatchObject({ kind: 'DUPLICATE', sameContent: false, bankStatus: 'PENDING' });
    ledger.advance(later(2));
    expect(ledger.entry(instr.endToEndId)).toMatchObject({ amountMinor: '1419264', bookings: 1 });
  });

  it('confirms after the configured delay, not before', () => {
    const ledger = new SimulatedBankLedger({ answerDelayMs: 1000 });
    const instr = instruction();
    ledger.receive(instr, T0);
    expect(ledger.advance(later(999))).toBe(0);
    expect(answers(ledger)).toEqual([]);
    expect(ledger.advance(later(1000))).toBe(1);
    expect(answers(ledger)).toEqual([
      {
        endToEndId: instr.endToEndId,
        execution: 1,
        bankReference: 'SIM000000000001',
        outcome: 'BOOKED',
        reason: null,
        answeredAt: later(1000).toISOString(),
      },
    ]);
  });

  it('rejects with the reason it was told', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.script(instr.endToEndId, { kind: 'REJECT', reason: 'AC04 Closed account number' });
    ledger.receive(instr, T0);
    ledger.advance(T0);
    expect(answers(ledger)).toMatchObject([{ outcome: 'REJECTED', reason: 'AC04 Closed account number' }]);
    expect(ledger.entry(instr.endToEndId)).toMatchObject({ status: 'REJECTED', bookings: 0 });
  });

  it('times out: never answers, and a repeat shows the payment still pending', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.script(instr.endToEndId, { kind: 'TIME_OUT' });
    ledger.receive(instr, T0);
    ledger.advance(later(365 * 24 * 3600 * 1000));
    expect(answers(ledger)).toEqual([]);
    expect(ledger.receive(instr, later(10))).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'PENDING' });
    expect(ledger.stats()).toMatchObject({ pending: 1, booked: 0 });
  });

  it('can time out after booking (the answer is what gets lost)', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.script(instr.endToEndId, { kind: 'TIME_OUT', booksSilently: true });
    ledger.receive(instr, T0);
    ledger.advance(T0);
    expect(answers(ledger)).toEqual([]);
    expect(ledger.receive(instr, later(10))).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'BOOKED' });
    expect(ledger.entry(instr.endToEndId)?.bookings).toBe(1);
  });

  it('answers twice with the very same confirmation, booking once', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.script(instr.endToEndId, { kind: 'ANSWER_TWICE' });
    ledger.receive(instr, T0);
    ledger.advance(T0);
    const [a, b] = answers(ledger);
    expect(answers(ledger)).toHaveLength(2);
    expect(a).toEqual(b);
    expect(ledger.entry(instr.endToEndId)?.bookings).toBe(1);
  });

  it('after a rejection: a stale repeat is a duplicate, a higher execution is a new attempt', () => {
    const ledger = new SimulatedBankLedger();
    const instr = instruction();
    ledger.script(instr.endToEndId, { kind: 'REJECT', reason: 'AC06 Blocked account' }, { kind: 'CONFIRM' });
    ledger.receive(instr, T0);
    ledger.advance(T0);
    expect(ledger.receive(instr, later(1))).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'REJECTED', execution: 1 });
    const retried = ledger.receive({ ...instr, execution: 2 }, later(2));
    expect(retried).toMatchObject({ kind: 'ACCEPTED', execution: 2, bankReference: 'SIM000000000002' });
    ledger.advance(later(3));
    expect(ledger.entry(instr.endToEndId)).toMatchObject({ status: 'BOOKED', execution: 2, bookings: 1, sendsReceived: 3 });
    expect(ledger.receive({ ...instr, execution: 3 }, later(4))).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'BOOKED' });
  });

  it('rejects what a bank would refuse to book', () => {
    const ledger = new SimulatedBankLedger();
    const badIban = instruction({ creditor: { name: 'X', iban: 'BG95UNCR70001523456780' } });
    const zero = instruction({ amountMinor: 0n });
    ledger.receive(badIban, T0);
    ledger.receive(zero, T0);
    ledger.advance(T0);
    expect(answers(ledger).map((a) => a.reason)).toEqual(['AC01 Incorrect account number', 'AM01 Zero or negative amount']);
  });

  it('serialises to JSON and resumes exactly where it was', () => {
    const ledger = new SimulatedBankLedger({ answerDelayMs: 50 });
    const a = instruction({ currency: 'MKD', amountMinor: 3244900n });
    const b = instruction();
    ledger.script(b.endToEndId, { kind: 'ANSWER_TWICE' });
    ledger.script('GP-not-yet-sent', { kind: 'TIME_OUT' });
    ledger.receive(a, T0);
    ledger.advance(later(50));
    ledger.receive(b, later(60));
    const restored = SimulatedBankLedger.fromSnapshot(JSON.parse(JSON.stringify(ledger.toSnapshot())));
    expect(restored.toSnapshot()).toEqual(ledger.toSnapshot());
    expect(restored.receive(a, later(70))).toMatchObject({ kind: 'DUPLICATE', bankStatus: 'BOOKED' });
    restored.advance(later(200));
    expect(restored.undeliveredAnswers().map((x) => x.confirmation.endToEndId)).toEqual([a.endToEndId, b.endToEndId, b.endToEndId]);
    expect(restored.stats().bookedMinorByCurrency).toEqual({ MKD: 3244900n, EUR: 1419264n });
    expect(() => SimulatedBankLedger.fromSnapshot({ ...ledger.toSnapshot(), version: 2 as 1 })).toThrow(/version/);
  });

  it('keeps an answer until it is marked delivered', () => {
    const ledger = new SimulatedBankLedger();
    ledger.receive(instruction(), T0);
    ledger.advance(T0);
    const [queued] = ledger.undeliveredAnswers();
    expect(ledger.markDelivered(queued.answerId)).toBe(true);
    expect(ledger.markDelivered(queued.answerId)).toBe(false);
    expect(ledger.undeliveredAnswers()).toEqual([]);
  });
});

describe('InProcessSimulatedBank', () => {
  it('delivers due answers to listeners, again after a listener failed', async () => {
    let now = T0;
    const bank = new InProcessSimulatedBank(new SimulatedBankLedger({ answerDelayMs: 100 }), () => now);
    const seen: BankConfirmation[] = [];
    let failOnce = true;
    const stop = bank.onConfirmation(async (c) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('database went away');
      }
      seen.push(c);
    });
    expect(bank.supports('MKD')).toBe(true);
    expect(bank.supports('XYZ')).toBe(false);
    await bank.send(instruction());
    expect(await bank.deliverDue()).toBe(0);
    now = later(100);
    await expect(bank.deliverDue()).rejects.toThrow('database went away');
    expect(await bank.deliverDue()).toBe(1);
    expect(seen).toHaveLength(1);
    stop();
    expect(await bank.deliverDue()).toBe(0);
  });
});

/**
 * The design's exactly-once argument, run in memory: a worker that may die after sending and
 * before recording, a bank that answers late, twice, never, or rejects first; payments retried by a
 * person. Every payment must end booked exactly once, and PAID exactly when booked.
 */
describe('exactly once through crashes, duplicates and retries', () => {
  it('books every payment once', async () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let now = T0;
    const bank = new InProcessSimulatedBank(new SimulatedBankLedger({ answerDelayMs: 30 }), () => now);
    const payments = new Map<string, PaymentSnapshot & { e2e: string; paymentId: string }>();
    const apply = (id: string, outcome: PaymentTransitionOutcome | { ok: false }) => {
      const p = payments.get(id)!;
      if (!outcome.ok) return;
      const v = (outcome as Extract<PaymentTransitionOutcome, { ok: true }>).value;
      payments.set(id, { ...p, status: v.to, failureKind: v.failure?.kind ?? p.failureKind, execution: v.execution ?? p.execution });
    };
    bank.onConfirmation((c) => apply(c.endToEndId, transitionForConfirmation(payments.get(c.endToEndId)!, c)));

    for (let i = 0; i < 300; i++) {
      const paymentId = randomUUID();
      const e2e = endToEndIdFor(paymentId);
      payments.set(e2e, { status: 'APPROVED', execution: 1, e2e, paymentId });
      const script = rnd(5);
      if (script === 1) bank.ledger.script(e2e, { kind: 'ANSWER_TWICE' });
      if (script === 2) bank.ledger.script(e2e, { kind: 'REJECT', reason: 'AC06 Blocked account' }, { kind: 'CONFIRM' });
      if (script === 3) bank.ledger.script(e2e, { kind: 'TIME_OUT', booksSilently: true });
    }

    const sentInRound = new Map<string, number>();
    for (let round = 0; round < 40; round++) {
      for (const p of payments.values()) {
        if (p.status === 'APPROVED') {
          const ack = await bank.send(instruction({ paymentId: p.paymentId, endToEndId: p.e2e, execution: p.execution ?? 1 }));
          const crashBeforeRecording = rnd(3) === 0;
          if (!crashBeforeRecording) apply(p.e2e, transitionForSendAck(payments.get(p.e2e)!, ack));
          sentInRound.set(p.e2e, round);
        } else if (p.status === 'SENT' && round - (sentInRound.get(p.e2e) ?? round) > 3) {
          // No answer for too long: the worker gives up, visibly, without knowing the outcome.
          apply(p.e2e, markFailed(p, { kind: 'OUTCOME_UNKNOWN', reason: 'no answer from the bank' }));
        } else if (p.status === 'FAILED') {
          apply(p.e2e, retryByPerson(p, { kind: 'PERSON', userId: 'finance-dimitar' }));
        }
      }
      now = new Date(now.getTime() + 50);
      await bank.deliverDue();
    }

    const entries = bank.ledger.entries();
    expect(entries).toHaveLength(300);
    expect(entries.every((e) => e.bookings === 1 && e.status === 'BOOKED')).toBe(true);
    // Silent bookings have no answer; the duplicate acknowledgement of the next send recovered them.
    expect([...payments.values()].every((p) => p.status === 'PAID')).toBe(true);
    // The run did exercise the hard paths: repeats, retried rejections, silent bookings.
    expect(bank.ledger.stats().duplicates).toBeGreaterThan(0);
    expect(entries.filter((e) => e.execution === 2).length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.behaviour.kind === 'TIME_OUT').length).toBeGreaterThan(0);
  });
});
