import { KafkaBus } from '@grants/messaging';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { PlatformClient } from './platform-client';
import { Platform, REPO_ROOT, SERVICE_NAMES, ServiceName } from './service-process';
import { createEmptyTestDatabase, TestDatabase } from './test-database';
import { KAFKA_BROKERS, testNamespace } from './wait';

export interface TestPlatform {
  platform: Platform;
  /** `http://127.0.0.1:<gateway>/api` */
  api: string;
  client: PlatformClient;
  /** The Kafka topic/group and BullMQ prefix of this run. */
  namespace: string;
  logDir: string;
  dbs: Record<ServiceName, TestDatabase>;
  /** Reads a service's own database (assertions only; the platform is driven through HTTP). */
  query<T = any>(service: ServiceName, sql: string, params?: unknown[]): Promise<T[]>;
  /** A bus in this run's namespace, to feed or replay events. */
  bus(): KafkaBus;
  stop(): Promise<void>;
}

/**
 * Services as real processes on fresh databases, an isolated Kafka namespace and BullMQ prefix,
 * and a cleanup that removes all of it. The set-up every platform test shares.
 */
export async function startTestPlatform(o: {
  label: string;
  basePort: number;
  only?: ServiceName[];
  env?: Record<string, string>;
}): Promise<TestPlatform> {
  const namespace = testNamespace(o.label);
  const logDir = resolve(REPO_ROOT, '.cache/test-logs', namespace);
  const wanted = SERVICE_NAMES.filter((s) => !o.only || o.only.includes(s));
  const dbs = {} as Record<ServiceName, TestDatabase>;
  for (const s of wanted) dbs[s] = await createEmptyTestDatabase(`${o.label}_${s}`);
  const platform = new Platform({
    basePort: o.basePort,
    only: o.only,
    databaseUrls: Object.fromEntries(wanted.map((s) => [s, dbs[s].url])) as Record<ServiceName, string>,
    env: { KAFKA_NAMESPACE: namespace, LOG_LEVEL: 'warn', MAIL_DIR: resolve(logDir, 'mail'), ...o.env },
    logDir,
  });
  const buses: KafkaBus[] = [];
  const stop = async () => {
    await platform.stop();
    await Promise.all(buses.map((b) => b.close()));
    const cleaner = new KafkaBus({ clientId: `${o.label}-cleanup`, brokers: KAFKA_BROKERS, namespace });
    const topics = await cleaner.listTopics().catch(() => []);
    if (topics.length) await cleaner.deleteTopics(topics).catch(() => undefined);
    await cleaner.close();
    for (const s of wanted) await dbs[s].drop();
  };
  try {
    await platform.start();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const api = `${platform.gatewayUrl}/api`;
  return {
    platform,
    api,
    client: new PlatformClient(api),
    namespace,
    logDir,
    dbs,
    async query(service, sql, params = []) {
      const c = new Client({ connectionString: dbs[service].url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
    bus() {
      const b = new KafkaBus({ clientId: `${o.label}-test`, brokers: KAFKA_BROKERS, namespace });
      buses.push(b);
      return b;
    },
    stop,
  };
}
