import { EventEnvelope } from '@grants/contracts';
import { ClassConstructor } from 'class-transformer';
import { EntityManager } from 'typeorm';

/**
 * A consumer of one topic. `handle` runs inside the transaction that also records the event id
 * in the inbox, so the effect happens once however often the event is delivered.
 */
export interface EventHandler<P = unknown> {
  readonly topic: string;
  /** Needed only for topics outside libs/contracts (tests). */
  readonly contract?: ClassConstructor<object>;
  handle(event: EventEnvelope<P>, manager: EntityManager): Promise<void>;
}

/** Thrown by a handler for input that will never succeed: dead-lettered without retries. */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}
