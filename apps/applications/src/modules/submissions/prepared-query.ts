import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';

/**
 * Runs a named (prepared) statement on the manager's own connection (a transaction's, or a
 * query runner's): PostgreSQL parses and plans it once per connection instead of on every
 * request. Only for the deadline rush's few hot statements, whose text never changes. A manager
 * without a connection of its own (the DataSource's) runs the text as a plain query.
 */
export async function preparedQuery<T = Record<string, unknown>>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = (m.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client) return m.query(text, values);
  const result = await client.query({ name, text, values });
  return result.rows as T[];
}
