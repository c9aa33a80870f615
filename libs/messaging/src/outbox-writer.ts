import { CONTRACTS, EventEnvelope, parseTopic, Topic } from '@grants/contracts';
import { currentContext, DomainError, toFieldProblems } from '@grants/common';
import { ClassConstructor, instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

export interface OutboxEvent<P> {
  topic: string;
  aggregateId: string;
  payload: P;
  /** For topics outside libs/contracts (tests); contract topics are looked up. */
  contract?: ClassConstructor<object>;
  occurredAt?: Date;
}

/**
 * Writes an event into the outbox *inside the caller's transaction*: the event exists if and only
 * if the use case's rows were committed. Nothing here talks to Kafka.
 */
export class OutboxWriter {
  private readonly listeners: (() => void)[] = [];

  /** The local relay listens: a write here means rows are about to be committed. */
  onAppend(listener: () => void): void {
    this.listeners.push(listener);
  }

  async append<P extends object>(manager: EntityManager, e: OutboxEvent<P>): Promise<EventEnvelope<P>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox append for ${e.topic} outside a transaction: pass the use case's transaction manager`);
    }
    const row = this.prepare(e);
    await manager.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, envelope) VALUES ($1, $2, $3, $4)`,
      [row.eventId, row.topic, row.messageKey, row.envelopeJson],
    );
    // No NOTIFY here: PostgreSQL serialises notifying commits on one global lock (measured on
    // this machine: 6,868 → 2,550 TPS for this very write). The relay polls instead, fast
    // right after a local write.
    this.appended();
    return row.envelope;
  }

  /**
   * The outbox row of an event (envelope built, payload checked against its contract) without
   * writing it: for a use case that writes its change and its events in *one statement*, which is
   * as atomic as a transaction (`INSERT INTO outbox_message (event_id, topic, message_key,
   * envelope)` with these values, in a CTE of that statement). Call `appended()` once it ran.
   */
  prepare<P extends object>(e: OutboxEvent<P>): PreparedOutboxRow<P> {
    const contract = e.contract ?? CONTRACTS[e.topic as Topic];
    if (!contract) throw new Error(`No contract class for topic ${e.topic}`);
    const instance = plainToInstance(contract, instanceToPlain(e.payload));
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      // A bug in our own code: the event would be refused by every consumer.
      throw new DomainError(
        'EVENT.CONTRACT_VIOLATION',
        `Event ${e.topic} breaks its contract`,
        'UNPROCESSABLE',
        toFieldProblems(errors),
      );
    }
    const ctx = currentContext();
    const { type, version } = parseTopic(e.topic);
    const envelope: EventEnvelope<P> = {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: (e.occurredAt ?? new Date()).toISOString(),
      aggregateId: e.aggregateId,
      correlationId: ctx?.correlationId ?? randomUUID(),
      causationId: ctx?.causationId ?? null,
      actorId: ctx?.actorId ?? null,
      payload: instanceToPlain(instance) as P,
    };
    return { eventId: envelope.eventId, topic: e.topic, messageKey: e.aggregateId, envelope, envelopeJson: JSON.stringify(envelope) };
  }

  /** Rows were written to the outbox (about to be committed): the local relay polls soon. */
  appended(): void {
    for (const l of this.listeners) l();
  }
}

/** The values of one `outbox_message` row. */
export interface PreparedOutboxRow<P> {
  eventId: string;
  topic: string;
  messageKey: string;
  envelope: EventEnvelope<P>;
  envelopeJson: string;
}
