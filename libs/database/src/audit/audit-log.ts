import { currentContext } from '@grants/common';
import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** Defaults to the request's user. */
  actorId?: string | null;
}

/**
 * The canonical text of an entry, as PostgreSQL renders it: jsonb output orders keys
 * deterministically, so sealing (here) and verifying (in SQL) hash the very same bytes.
 */
const CANONICAL = `jsonb_build_object(
  'id', id, 'occurredAt', occurred_at, 'actorId', actor_id, 'action', action,
  'entityType', entity_type, 'entityId', entity_id, 'before', before, 'after', after,
  'correlationId', correlation_id)::text`;

export function chainHash(prevHash: string | null, canonical: string): string {
  return createHash('sha256').update(`${prevHash ?? ''}${canonical}`, 'utf8').digest('hex');
}

/** Appends inside the caller's transaction: the entry exists if and only if the change does. */
export async function appendAudit(manager: EntityManager, e: AuditEntry): Promise<void> {
  const ctx = currentContext();
  await manager.query(
    `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      e.actorId !== undefined ? e.actorId : (ctx?.actorId ?? null),
      e.action,
      e.entityType,
      e.entityId,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      ctx?.correlationId ?? null,
    ],
  );
}

/** Chains unsealed entries in the order they committed. One sealer at a time per database. */
export async function sealAuditLog(ds: DataSource, batch = 1000): Promise<number> {
  return ds.transaction(async (m) => {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('audit-sealer')) AS locked`);
    if (!locked) return 0;
    const [tail] = await m.query(`SELECT chain_seq, hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`);
    const rows: { id: string; canonical: string }[] = await m.query(
      `SELECT id, ${CANONICAL} AS canonical FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
      [batch],
    );
    let seq = BigInt(tail?.chain_seq ?? 0);
    let prev: string | null = tail?.hash ?? null;
    for (const r of rows) {
      seq += 1n;
      const hash = chainHash(prev, r.canonical);
      await m.query(`UPDATE audit_log SET chain_seq = $2, prev_hash = $3, hash = $4, sealed_at = now() WHERE id = $1`, [
        r.id,
        seq.toString(),
        prev,
        hash,
      ]);
      prev = hash;
    }
    return rows.length;
  });
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { chainSeq: string; id: string; reason: string };
}

/** Recomputes the whole chain and reports the first link that does not hold. */
export async function verifyAuditChain(ds: DataSource): Promise<ChainVerdict> {
  const rows: { chain_seq: string; id: string; prev_hash: string | null; hash: string; canonical: string }[] = await ds.query(
    `SELECT chain_seq, id, prev_hash, hash, ${CANONICAL} AS canonical FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq`,
  );
  const [{ unsealed }] = await ds.query(`SELECT count(*)::int AS unsealed FROM audit_log WHERE chain_seq IS NULL`);
  let prev: string | null = null;
  let expectedSeq = 1n;
  for (const r of rows) {
    const broken = (reason: string): ChainVerdict => ({
      ok: false,
      checked: rows.length,
      unsealed,
      firstBroken: { chainSeq: r.chain_seq, id: r.id, reason },
    });
    if (BigInt(r.chain_seq) !== expectedSeq) return broken(`entry ${expectedSeq} of the chain is missing`);
    if ((r.prev_hash ?? null) !== prev) return broken('its link to the previous entry does not match');
    if (chainHash(prev, r.canonical) !== r.hash) return broken('its content no longer matches its hash');
    prev = r.hash;
    expectedSeq += 1n;
  }
  return { ok: true, checked: rows.length, unsealed };
}

/** Seals on a timer (and soon after appends, when hinted). */
export class AuditSealer {
  private readonly logger = new Logger('AuditSealer');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.running = true;
    const tick = async () => {
      try {
        while (this.running && (await sealAuditLog(this.ds)) === 1000);
      } catch (err) {
        this.logger.warn(`sealing failed, will retry: ${(err as Error).message}`);
      }
      if (this.running) this.timer = setTimeout(() => void tick(), this.intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.ds.isInitialized) await sealAuditLog(this.ds).catch(() => 0);
  }
}
