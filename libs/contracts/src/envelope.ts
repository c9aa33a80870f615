/**
 * Every event on Kafka is one of these, JSON-encoded, keyed by `aggregateId` so that the events of
 * one aggregate stay in order on one partition.
 */
export interface EventEnvelope<P = unknown> {
  eventId: string;
  /** `<service>.<entity>.<event>`, e.g. `calls.call.published`. */
  type: string;
  version: number;
  /** UTC instant, ISO 8601. */
  occurredAt: string;
  aggregateId: string;
  correlationId: string;
  /** The event that caused this one, if any. */
  causationId: string | null;
  /** The user whose request caused this event, if any. */
  actorId: string | null;
  payload: P;
}

/** `calls.call.published.v1` → { type: 'calls.call.published', version: 1 }. */
export function parseTopic(topic: string): { type: string; version: number } {
  const m = /^([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)\.v(\d+)$/.exec(topic);
  if (!m) throw new Error(`Topic "${topic}" does not follow <service>.<entity>.<event>.v<N>`);
  return { type: m[1], version: Number(m[2]) };
}
