import { currentContext, runInContext } from '@grants/common';
import { OutboxEvent, OutboxWriter } from '@grants/messaging';
import { EntityManager } from 'typeorm';

/**
 * Appends an event that evaluation consumes without the requesting user's id in its envelope
 * (`actorId`): for a blind entry, the applicant's account id is as identifying as a name.
 * The audit log still records who acted.
 */
export function appendWithoutActor<P extends object>(outbox: OutboxWriter, m: EntityManager, e: OutboxEvent<P>) {
  const ctx = currentContext();
  return runInContext({ correlationId: ctx?.correlationId, causationId: ctx?.causationId }, () => outbox.append(m, e));
}

/** The same, for an outbox row written by the use case's own statement (`OutboxWriter.prepare`). */
export function prepareWithoutActor<P extends object>(outbox: OutboxWriter, e: OutboxEvent<P>) {
  const ctx = currentContext();
  return runInContext({ correlationId: ctx?.correlationId, causationId: ctx?.causationId }, () => outbox.prepare(e));
}
