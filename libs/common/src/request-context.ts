import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one unit of work (an HTTP request, a consumed event, a job). */
export interface RequestContext {
  correlationId: string;
  /** The event that caused this work, when the work is an event handler. */
  causationId?: string;
  /** The user whose request caused this work; travels in every event envelope. */
  actorId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  return storage.run({ correlationId: ctx.correlationId ?? randomUUID(), ...ctx }, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
