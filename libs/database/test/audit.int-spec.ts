import { appendAudit, CreateAuditLog1763800000002, sealAuditLog, verifyAuditChain } from '@grants/database';
import { runInContext } from '@grants/common';
import { createTestDatabase, openDataSource, TestDatabase } from '@grants/testing';
import { DataSource } from 'typeorm';

describe('audit log: append-only, hash-chained, verifiable (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ service: 'audit', migrations: [CreateAuditLog1763800000002] });
    ds = await openDataSource(db, 'audit');
    // 40 concurrent use cases, each appending in its own transaction, as at the deadline rush.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runInContext({ correlationId: `c-${i}`, actorId: `user-${i % 4}` }, () =>
          ds.transaction((m) =>
            appendAudit(m, {
              action: 'application.submitted',
              entityType: 'application',
              entityId: `app-${i}`,
              before: null,
              after: { status: 'SUBMITTED', title: i % 2 ? 'Мојот сограѓанин' : 'Komšija', n: i },
            }),
          ),
        ),
      ),
    );
    await ds.transaction(async (m) => {
      await appendAudit(m, { action: 'rolled.back', entityType: 'x', entityId: 'x' });
      await m.query('SELECT 1/0'); // the change fails: its audit entry must vanish with it
    }).catch(() => undefined);
    expect(await sealAuditLog(ds)).toBe(40);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('records who, what, when and before/after, and the chain holds', async () => {
    const [row] = await ds.query(`SELECT * FROM audit_log WHERE entity_id = 'app-7'`);
    expect(row).toMatchObject({ actor_id: 'user-3', action: 'application.submitted', correlation_id: 'c-7', before: null });
    expect(row.after).toEqual({ status: 'SUBMITTED', title: 'Мојот сограѓанин', n: 7 });
    expect(row.occurred_at).toBeInstanceOf(Date);
    expect(await ds.query(`SELECT 1 FROM audit_log WHERE action = 'rolled.back'`)).toEqual([]);
    expect(await verifyAuditChain(ds)).toEqual({ ok: true, checked: 40, unsealed: 0 });
  });

  it('cannot be edited or deleted through the application', async () => {
    await expect(ds.query(`UPDATE audit_log SET after = '{"status":"FORGED"}' WHERE entity_id = 'app-3'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_log WHERE entity_id = 'app-3'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`UPDATE audit_log SET hash = repeat('0', 64) WHERE entity_id = 'app-3'`)).rejects.toThrow(/append-only/);
  });

  it('detects an entry edited directly in the database, and names the first broken link', async () => {
    const [target] = await ds.query(`SELECT id, chain_seq FROM audit_log WHERE entity_id = 'app-12'`);
    // A superuser bypassing the trigger, as someone with database access could.
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"WITHDRAWN"') WHERE id = $1`, [target.id]);
    });
    const verdict = await verifyAuditChain(ds);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toEqual({ chainSeq: target.chain_seq, id: target.id, reason: 'its content no longer matches its hash' });
  });

  it('detects a deleted entry and a re-hashed forgery', async () => {
    const db2 = await createTestDatabase({ service: 'audit', migrations: [CreateAuditLog1763800000002] });
    const ds2 = await openDataSource(db2, 'audit');
    try {
      for (let i = 0; i < 5; i++) await ds2.transaction((m) => appendAudit(m, { action: 'a', entityType: 't', entityId: String(i) }));
      await sealAuditLog(ds2);
      await ds2.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`DELETE FROM audit_log WHERE chain_seq = 3`);
      });
      expect((await verifyAuditChain(ds2)).firstBroken).toMatchObject({ chainSeq: '4', reason: 'entry 3 of the chain is missing' });
      await ds2.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        // Forge entry 1 and recompute its own hash: the next link no longer matches.
        await m.query(`UPDATE audit_log SET entity_id = 'forged' WHERE chain_seq = 1`);
        const [r] = await m.query(`SELECT jsonb_build_object('id', id, 'occurredAt', occurred_at, 'actorId', actor_id, 'action', action,
          'entityType', entity_type, 'entityId', entity_id, 'before', before, 'after', after, 'correlationId', correlation_id)::text AS c
          FROM audit_log WHERE chain_seq = 1`);
        const { chainHash } = await import('@grants/database');
        await m.query(`UPDATE audit_log SET hash = $1 WHERE chain_seq = 1`, [chainHash(null, r.c)]);
      });
      expect((await verifyAuditChain(ds2)).firstBroken).toMatchObject({ chainSeq: '2', reason: 'its link to the previous entry does not match' });
    } finally {
      await ds2.destroy();
      await db2.drop();
    }
  });
});
