import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { createServiceDataSource } from '@grants/database';

export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Refuses to touch a database whose name does not say it is for tests. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/.test(name)) throw new Error(`Refusing to use database "${name}" in a test: its name lacks "test"`);
}

export function databaseUrl(name: string, base = ADMIN_DATABASE_URL): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function handle(name: string): TestDatabase {
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/**
 * A fresh database for one suite, cloned from a template migrated once per migration set
 * (CREATE DATABASE … TEMPLATE is much faster than migrating every time).
 */
export async function createTestDatabase(o: {
  service: string;
  migrations: Function[];
  entities?: MixedList<Function | string | EntitySchema>;
}): Promise<TestDatabase> {
  const fingerprint = createHash('sha256')
    .update(o.service + o.migrations.map((m) => m.name).join(','))
    .digest('hex')
    .slice(0, 10);
  const template = `grants_test_tmpl_${o.service}_${fingerprint}`.toLowerCase();
  const name = `grants_test_${o.service}_${randomBytes(5).toString('hex')}`.toLowerCase();
  assertTestDatabaseName(template);
  assertTestDatabaseName(name);

  await admin(async (c) => {
    // Serialise template creation across parallel jest workers.
    await c.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
    try {
      const exists = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
      if (!exists.rowCount) {
        await c.query(`CREATE DATABASE "${template}"`);
        const ds = createServiceDataSource({
          service: o.service,
          url: databaseUrl(template),
          entities: o.entities ?? [],
          migrations: o.migrations,
        });
        try {
          await ds.initialize();
          await ds.runMigrations({ transaction: 'each' });
        } catch (err) {
          await ds.destroy().catch(() => undefined);
          await c.query(`DROP DATABASE IF EXISTS "${template}"`);
          throw err;
        }
        await ds.destroy();
      }
      await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]);
    }
  });
  return handle(name);
}

export async function openDataSource(db: TestDatabase, service: string, entities: MixedList<Function | string | EntitySchema> = []): Promise<DataSource> {
  const ds = createServiceDataSource({ service, url: db.url, entities, migrations: [] });
  await ds.initialize();
  return ds;
}

/** An empty test database; the service migrates it at boot (MIGRATE_ON_BOOT). */
export async function createEmptyTestDatabase(label: string): Promise<TestDatabase> {
  const name = `grants_test_${label}_${randomBytes(4).toString('hex')}`.toLowerCase();
  assertTestDatabaseName(name);
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return handle(name);
}
