import { EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { dlqTopic, KafkaBus } from '@grants/messaging';
import { KAFKA_BROKERS, REDIS_URL, REPO_ROOT, sleep, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import IORedis from 'ioredis';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Issue 22: dead letters can be listed and replayed (`npm run dlq`). A registration that
 * notifications cannot store (a constraint an operator added by mistake) lands in the DLQ; the
 * tool lists it; once the constraint is gone it is replayed and has its effect once; a second
 * replay reaches the consumer again and changes nothing.
 */
describe('the DLQ tool lists and replays dead letters, idempotently (notifications)', () => {
  let t: TestPlatform;
  let bus: KafkaBus;
  const TOPIC = Topics.UserRegisteredV1;

  const registration = (email: string): EventEnvelope => {
    const { type, version } = parseTopic(TOPIC);
    const userId = randomUUID();
    return {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      aggregateId: userId,
      correlationId: `dlq-${userId}`,
      causationId: null,
      actorId: null,
      payload: { userId, email, displayName: 'Dead Letter', roles: ['APPLICANT'], preferredLanguage: 'en', registeredAt: new Date().toISOString() },
    };
  };
  const dlq = async (...args: string[]) => {
    const cli = resolve(process.env.GRANTS_DIST ?? resolve(REPO_ROOT, 'dist'), 'libs/messaging/src/dlq-cli.js');
    try {
      const r = await run(process.execPath, [cli, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_PATH: resolve(REPO_ROOT, 'node_modules'), KAFKA_NAMESPACE: t.namespace, KAFKA_BROKERS: KAFKA_BROKERS.join(',') },
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const count = async (sql: string, params: unknown[] = []) => (await t.query('notifications', sql, params))[0].n as number;
  const duplicatesSeen = async () => {
    const text = await (await fetch(`${t.platform.services.notifications.url}/metrics`)).text();
    return Number(/^kafka_consumer_events\{outcome="duplicate"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    t = await startTestPlatform({ label: 'dlqreplay', basePort: 5320, only: ['notifications'], env: { KAFKA_TOPIC_PARTITIONS: '3' } });
    bus = t.bus();
  }, 120_000);

  afterAll(async () => {
    if (!t) return;
    await t.stop();
    const redis = new IORedis(REDIS_URL);
    try {
      const keys = await redis.keys(`${t.namespace}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
  });

  it('a poison message is listed, replayed after the fix with its effect once, and a second replay changes nothing', async () => {
    await t.query('notifications', `ALTER TABLE recipient ADD CONSTRAINT dlq_test_refuses CHECK (email NOT LIKE '%@refused.example')`);
    const poison = registration('ana@refused.example');
    const fine = registration('ben@example.org');
    // Same key: the fine one sits behind the poison one on its partition.
    await bus.publish([poison, { ...fine, aggregateId: poison.aggregateId }].map((e) => ({ topic: TOPIC, key: poison.aggregateId, value: JSON.stringify(e) })));

    await waitFor('the poison message in the DLQ', async () => (await bus.topicSize(dlqTopic(TOPIC))) === 1, { timeoutMs: 60_000 });
    await waitFor('the partition moved on', async () => (await count(`SELECT count(*)::int AS n FROM recipient WHERE user_id = $1`, [fine.aggregateId])) === 1);
    expect(await count(`SELECT count(*)::int AS n FROM recipient WHERE user_id = $1`, [poison.aggregateId])).toBe(0);

    const byService = await dlq('list', 'notifications');
    expect(byService).toMatchObject({ code: 0, stderr: '' });
    expect(byService.stdout).toContain('1 dead letter(s) for notifications');
    expect(byService.stdout).toContain(poison.eventId);
    expect(byService.stdout).toMatch(/dlq_test_refuses/);
    const byTopic = await dlq('list', TOPIC, '--json');
    expect(byTopic).toMatchObject({ code: 0, stderr: '' });
    const listed = JSON.parse(byTopic.stdout);
    expect(listed).toEqual([expect.objectContaining({ eventId: poison.eventId, consumer: 'notifications', topic: TOPIC, attempts: 5 })]);
    expect((await dlq('list', 'evaluation')).stdout).toContain('0 dead letter(s) for evaluation');

    // The operator fixes the cause, then replays that one event.
    await t.query('notifications', `ALTER TABLE recipient DROP CONSTRAINT dlq_test_refuses`);
    const first = await dlq('replay', TOPIC, '--event', poison.eventId);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`replayed ${poison.eventId}`);
    await waitFor(
      'the replayed registration applied and its welcome mail sent',
      async () =>
        (await count(`SELECT count(*)::int AS n FROM delivery WHERE recipient_user_id = $1 AND kind = 'WELCOME' AND status = 'SENT'`, [
          poison.aggregateId,
        ])) === 1,
      { timeoutMs: 60_000 },
    );

    // Replaying again (everything in the DLQ this time): delivered, recognised, no second effect.
    const duplicatesBefore = await duplicatesSeen();
    const second = await dlq('replay', TOPIC);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    await waitFor('the second replay seen as a duplicate', async () => (await duplicatesSeen()) === duplicatesBefore + 1, { timeoutMs: 60_000 });
    await sleep(1500);
    expect(await count(`SELECT count(*)::int AS n FROM recipient WHERE user_id = $1`, [poison.aggregateId])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM delivery WHERE recipient_user_id = $1`, [poison.aggregateId])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM inbox_message WHERE event_id = $1`, [poison.eventId])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM scheduled_job WHERE status <> 'DONE'`)).toBe(0);
    expect(await bus.topicSize(dlqTopic(TOPIC))).toBe(1); // nothing new failed

    const none = await dlq('replay', TOPIC, '--event', randomUUID());
    expect(none.code).toBe(2);
    expect((await dlq('frobnicate', TOPIC)).code).toBe(64);
  }, 240_000);
});
