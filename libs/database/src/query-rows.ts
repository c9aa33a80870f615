import { EntityManager } from 'typeorm';

/**
 * The rows of a query result. TypeORM's postgres driver answers UPDATE and DELETE with
 * `[rows, rowCount]` (even with RETURNING) and every other statement with the rows.
 */
export function rowsOf<T = any>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** Runs a statement (UPDATE … RETURNING included) and gives its rows. */
export async function queryRows<T = any>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return rowsOf<T>(await m.query(sql, params));
}
