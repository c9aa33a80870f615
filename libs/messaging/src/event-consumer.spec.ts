import { DomainError } from '@grants/common';
import { IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConsumerStoppingError, EventConsumer } from './event-consumer';
import { EventHandler } from './event-handler';
import { IncomingMessage, MessageBus, OutgoingMessage } from './message-bus';

class Thing {
  @IsString() label!: string;
}

/** The database as the consumer sees it: a transaction that fails as the script says. */
function fakeDataSource(failures: (() => Error | undefined)[]): DataSource {
  const ds = {
    applied: 0,
    async transaction(fn: (m: unknown) => Promise<void>) {
      const fail = failures.shift()?.();
      if (fail) throw fail;
      await fn({ query: async (sql: string) => (sql.includes('INSERT INTO inbox_message') ? [{ event_id: 'x' }] : []) });
    },
    async query() {
      return [{ '?column?': 1 }];
    },
  };
  return ds as unknown as DataSource;
}

function fakeBus(): MessageBus & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    ensureTopics: async () => undefined,
    publish: async (ms) => void sent.push(...ms),
    subscribe: async () => ({ ready: Promise.resolve(), close: async () => undefined }),
    ping: async () => undefined,
    close: async () => undefined,
  };
}

const handler: EventHandler = { topic: 'test.thing.happened.v1', contract: Thing, handle: async () => undefined };
const message = (): IncomingMessage => ({
  topic: handler.topic,
  partition: 0,
  offset: '7',
  key: 'k',
  value: JSON.stringify({ eventId: randomUUID(), type: 'test.thing.happened', version: 1, payload: { label: 'a' } }),
  headers: {},
});
const pgDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('EventConsumer: passing faults wait, refusals go to the DLQ', () => {
  it('retries an infrastructure error past maxAttempts, heartbeating, reporting the stall, and never dead-letters it', async () => {
    const ds = fakeDataSource(Array.from({ length: 12 }, () => pgDown));
    const bus = fakeBus();
    const consumer = new EventConsumer(ds, bus, { group: 'g', handlers: [handler], maxAttempts: 3, infraBackoffMs: 1, infraBackoffMaxMs: 2 });
    let heartbeats = 0;
    let stallSeen = 0;
    const done = consumer.processBatch([message()], {
      heartbeat: async () => void heartbeats++,
      isRunning: () => {
        stallSeen = Math.max(stallSeen, consumer.stalls.length);
        return true;
      },
    });
    await done;
    expect(bus.sent).toEqual([]);
    expect(consumer.stats.infrastructureRetries).toBe(12);
    expect(consumer.stats.processed).toBe(1);
    expect(stallSeen).toBe(1);
    expect(consumer.stalls).toEqual([]);
    expect(heartbeats).toBeGreaterThan(0);
  });

  it('dead-letters an unknown error after maxAttempts, and a DomainError at once', async () => {
    const bus = fakeBus();
    const unknown = new EventConsumer(fakeDataSource(Array.from({ length: 5 }, () => () => new Error('bug'))), bus, {
      group: 'g',
      handlers: [handler],
      maxAttempts: 3,
      retryBackoffMs: 1,
    });
    await unknown.processBatch([message()]);
    expect(bus.sent).toHaveLength(1);
    expect(bus.sent[0].headers).toMatchObject({ 'dlq-attempts': '3', 'dlq-error': 'bug', 'dlq-consumer': 'g' });

    const refused = new EventConsumer(
      fakeDataSource([() => new DomainError('CALL.CLOSED', 'the call is closed', 'CONFLICT')]),
      bus,
      { group: 'g', handlers: [handler], maxAttempts: 3, retryBackoffMs: 1 },
    );
    await refused.processBatch([message()]);
    expect(bus.sent).toHaveLength(2);
    expect(bus.sent[1].headers).toMatchObject({ 'dlq-attempts': '1' });
  });

  it('gives up waiting when the consumer stops, leaving the message for the next owner', async () => {
    const bus = fakeBus();
    const consumer = new EventConsumer(fakeDataSource(Array.from({ length: 100 }, () => pgDown)), bus, {
      group: 'g',
      handlers: [handler],
      infraBackoffMs: 5,
      infraBackoffMaxMs: 5,
    });
    let running = true;
    setTimeout(() => (running = false), 50);
    await expect(consumer.processBatch([message()], { heartbeat: async () => undefined, isRunning: () => running })).rejects.toBeInstanceOf(
      ConsumerStoppingError,
    );
    expect(bus.sent).toEqual([]);
  });
});
