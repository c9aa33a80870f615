import { EventEnvelope, parseTopic, Topics } from '@grants/contracts';
import { dlqTopic, KafkaBus } from '@grants/messaging';
import { KAFKA_BROKERS, REDIS_URL, REPO_ROOT, ServiceProcess, sleep, testNamespace, waitFor } from '@grants/testing';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrivatePostgres } from './support/private-servers';

/**
 * Issue 22: a PostgreSQL restart is a passing fault, not a poison message. The notifications
 * service runs on a PostgreSQL of this test's own, which is stopped for 15 s while people register
 * (identity's events flow into it, each one a welcome mail). Every registration must give exactly
 * one delivery, sent, and nothing may reach the DLQ.
 */
describe('a passing fault is not a poison message (notifications, its PostgreSQL stopped for 15 s)', () => {
  const pg = new PrivatePostgres(15440);
  const ns = testNamespace('passfault');
  const logDir = resolve(REPO_ROOT, '.cache/test-logs', ns);
  const logFile = resolve(logDir, 'notifications.log');
  const mailDir = resolve(logDir, 'mail');
  let bus: KafkaBus;
  let svc: ServiceProcess;
  const db = 'grants_test_passfault_notifications';
  const TOPIC = Topics.UserRegisteredV1;

  const registration = (): EventEnvelope => {
    const { type, version } = parseTopic(TOPIC);
    const userId = randomUUID();
    return {
      eventId: randomUUID(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      aggregateId: userId,
      correlationId: `passfault-${userId}`,
      causationId: null,
      actorId: null,
      payload: {
        userId,
        email: `passfault-${userId.slice(0, 8)}@example.org`,
        displayName: `Person ${userId.slice(0, 8)}`,
        roles: ['APPLICANT'],
        preferredLanguage: 'en',
        registeredAt: new Date().toISOString(),
      },
    };
  };
  const sent: EventEnvelope[] = [];
  const publish = async (n: number) => {
    const batch = Array.from({ length: n }, registration);
    sent.push(...batch);
    await bus.publish(batch.map((e) => ({ topic: TOPIC, key: e.aggregateId, value: JSON.stringify(e) })));
  };
  const count = async (sql: string, params: unknown[] = []) => (await pg.query(db, sql, params))[0].n as number;

  beforeAll(async () => {
    await pg.init();
    const url = await pg.createDatabase(db);
    bus = new KafkaBus({ clientId: 'passfault-test', brokers: KAFKA_BROKERS, namespace: ns });
    svc = new ServiceProcess(
      'notifications',
      5305,
      {
        DATABASE_URL: url,
        KAFKA_NAMESPACE: ns,
        KAFKA_TOPIC_PARTITIONS: '3',
        LOG_LEVEL: 'warn',
        AUTH_JWKS_URL: 'http://127.0.0.1:5300/api/auth/.well-known/jwks.json',
        REDIS_URL,
        JOB_RECONCILE_INTERVAL_MS: '2000',
        MAIL_DIR: mailDir,
      },
      logFile,
    );
    await svc.start();
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
    const topics = (await bus?.listTopics().catch(() => [])) ?? [];
    if (topics.length) await bus.deleteTopics(topics).catch(() => undefined);
    await bus?.close();
    await pg.destroy();
  });

  it('retries through the outage, applies every event exactly once and dead-letters nothing', async () => {
    await publish(20);
    await waitFor('the first registrations applied', async () => (await count(`SELECT count(*)::int AS n FROM recipient`)) === 20, {
      timeoutMs: 60_000,
    });

    const outageStarted = Date.now();
    await pg.stop();
    let stalledSeen: string | undefined;
    // People keep registering while the database is away.
    for (let i = 0; i < 15; i++) {
      await publish(4);
      await sleep(1000);
      const ready = await fetch(`${svc.url}/health/ready`).then(async (r) => ({ status: r.status, body: await r.text() }));
      if (ready.status === 503 && /stalled/i.test(ready.body)) stalledSeen ??= ready.body;
    }
    await pg.start();
    const outageMs = Date.now() - outageStarted;
    await publish(20);

    const total = sent.length; // 20 + 60 + 20
    await waitFor(
      'every welcome mail sent',
      async () => (await count(`SELECT count(*)::int AS n FROM delivery WHERE kind = 'WELCOME' AND status = 'SENT'`)) === total,
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    const recoveredMs = Date.now() - outageStarted - outageMs;
    await sleep(2000); // a second effect would have had time to appear

    const deliveries = await pg.query(db, `SELECT recipient_user_id AS "userId", status FROM delivery WHERE kind = 'WELCOME'`);
    expect(deliveries).toHaveLength(total);
    expect(new Set(deliveries.map((d) => d.userId))).toEqual(new Set(sent.map((e) => e.aggregateId)));
    expect(deliveries.every((d) => d.status === 'SENT')).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM recipient`)).toBe(total);
    expect(await count(`SELECT count(*)::int AS n FROM inbox_message WHERE topic = $1`, [TOPIC])).toBe(total);
    expect(await count(`SELECT count(*)::int AS n FROM scheduled_job WHERE status <> 'DONE'`)).toBe(0);
    const mails = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')) : [];
    expect(mails).toHaveLength(total);
    expect(await bus.topicSize(dlqTopic(TOPIC))).toBe(0);

    // While the database was away, readiness said why: the consumer is stalled, not crashed.
    expect(stalledSeen).toMatch(/infrastructure/i);
    expect(svc.exits).toEqual([]);
    expect((await fetch(`${svc.url}/health/ready`)).status).toBe(200);
    expect(readFileSync(logFile, 'utf8')).not.toMatch(/dead-lettered/);
    process.stdout.write(`passing fault: outage ${outageMs} ms; all ${total} mails sent ${recoveredMs} ms after PostgreSQL was back\n`);
  }, 240_000);
});
