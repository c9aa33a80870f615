import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from './canonical-content';
import { idempotencyKeyInvalid, idempotencyKeyReused } from './submissions.errors';

export interface HttpOutcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed?: boolean;
}

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw idempotencyKeyInvalid();
  return key;
}

export const requestFingerprint = (method: string, path: string, body: unknown) => sha256Hex(`${method} ${path}\n${canonicalJson(body ?? null)}`);

/**
 * Runs `work` in one transaction, at most once per (user, Idempotency-Key). The key's row is
 * claimed first, in the same transaction: a concurrent request with the same key waits on the
 * primary key until this one commits, then finds the row and returns the stored answer. If `work`
 * fails, the claim rolls back with it and a retry runs afresh. Without a key, just a transaction.
 */
export async function runIdempotent<T>(
  ds: DataSource,
  userId: string,
  key: string | undefined,
  fingerprint: string,
  work: (m: EntityManager) => Promise<HttpOutcome<T>>,
): Promise<HttpOutcome<T>> {
  if (!key) return ds.transaction(work);
  return ds.transaction(async (m) => {
    const claimed: unknown[] = await m.query(
      `INSERT INTO idempotency_key (user_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [userId, key, fingerprint],
    );
    if (!claimed.length) return (await storedAnswer<T>(m, userId, key, fingerprint))!;
    const outcome = await work(m);
    await m.query(`UPDATE idempotency_key SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
      userId,
      key,
      outcome.status,
      JSON.stringify(outcome.body),
    ]);
    return outcome;
  });
}

/**
 * The answer stored under a key (null when none), or 422 when the key came with another request.
 * Stored as text: the replay is byte for byte the first answer.
 */
export async function storedAnswer<T>(m: EntityManager, userId: string, key: string, fingerprint: string): Promise<HttpOutcome<T> | null> {
  const [row] = await m.query(`SELECT fingerprint, status_code, response FROM idempotency_key WHERE user_id = $1 AND key = $2`, [userId, key]);
  if (!row || row.response === null) return null;
  if (row.fingerprint !== fingerprint) throw idempotencyKeyReused();
  return { status: row.status_code, body: JSON.parse(row.response) as T, replayed: true };
}
