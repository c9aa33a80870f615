import { EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { dlqTopic, KafkaBus } from '@grants/messaging';
import { REDIS_URL, sleep, startTestPlatform, TestPlatform, waitFor } from '@grants/testing';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Issue 22: a graceful stop loses no wake-up. Notifications gets SIGTERM while a burst of
 * registrations is being turned into welcome mails: the consumer must stop first and its last
 * commits still add their wake-ups (no "could not add wake-up … Unknown queue mail"), and after
 * the restart every mail goes out once.
 */
describe('a graceful stop loses no wake-up (notifications, SIGTERM during a burst)', () => {
  let t: TestPlatform;
  let bus: KafkaBus;
  const TOPIC = Topics.UserRegisteredV1;
  const N = 600;

  const registration = (): EventEnvelope => {
    const { type, version } = parseTopic(TOPIC);
    const userId = randomUUID();
    return {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      aggregateId: userId,
      correlationId: `stop-${userId}`,
      causationId: null,
      actorId: null,
      payload: {
        userId,
        email: `stop-${userId.slice(0, 8)}@example.org`,
        displayName: `Person ${userId.slice(0, 8)}`,
        roles: ['APPLICANT'],
        preferredLanguage: 'en',
        registeredAt: new Date().toISOString(),
      },
    };
  };
  const count = async (sql: string) => (await t.query('notifications', sql))[0].n as number;

  beforeAll(async () => {
    t = await startTestPlatform({
      label: 'gracestop',
      basePort: 5340,
      only: ['notifications'],
      env: { KAFKA_TOPIC_PARTITIONS: '3', LOG_LEVEL: 'info' },
    });
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

  it('SIGTERM mid-burst: no wake-up is dropped, and after the restart every mail is sent once', async () => {
    const svc = t.platform.services.notifications;
    const events = Array.from({ length: N }, registration);
    for (let i = 0; i < N; i += 100) {
      await bus.publish(events.slice(i, i + 100).map((e) => ({ topic: TOPIC, key: e.aggregateId, value: JSON.stringify(e) })));
    }
    // Stop in the middle of it: some mails scheduled, the consumer still busy.
    await waitFor('the burst under way', async () => (await count(`SELECT count(*)::int AS n FROM delivery`)) >= 40, {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    const stopStarted = Date.now();
    await svc.stop();
    const stopMs = Date.now() - stopStarted;
    expect(svc.exits.at(-1)).not.toBe(1);

    const logAtStop = readFileSync(svc.logFile, 'utf8');
    expect(logAtStop).not.toMatch(/could not add wake-up/);
    expect(logAtStop).not.toMatch(/Unknown queue/);
    const deliveredAtStop = await count(`SELECT count(*)::int AS n FROM delivery`);
    const sentAtStop = await count(`SELECT count(*)::int AS n FROM delivery WHERE status = 'SENT'`);

    await svc.start();
    await waitFor('every welcome mail sent', async () => (await count(`SELECT count(*)::int AS n FROM delivery WHERE status = 'SENT'`)) === N, {
      timeoutMs: 180_000,
      intervalMs: 250,
    });
    await sleep(2000);
    expect(await count(`SELECT count(*)::int AS n FROM delivery`)).toBe(N);
    expect(await count(`SELECT count(*)::int AS n FROM recipient`)).toBe(N);
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT recipient_user_id FROM delivery GROUP BY 1 HAVING count(*) > 1) d`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM scheduled_job WHERE status <> 'DONE'`)).toBe(0);
    const mailDir = resolve(t.logDir, 'mail');
    expect(existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length : 0).toBe(N);
    expect(await bus.topicSize(dlqTopic(TOPIC))).toBe(0);
    expect(readFileSync(svc.logFile, 'utf8')).not.toMatch(/could not add wake-up|Unknown queue/);
    process.stdout.write(
      `graceful stop: SIGTERM took ${stopMs} ms with ${deliveredAtStop} deliveries recorded (${sentAtStop} sent); all ${N} sent once after the restart\n`,
    );
  }, 300_000);
});
