import { EntityManager } from 'typeorm';

/**
 * A grant is assembled from three events on three topics — the award, the call, the receipt — that
 * may be handled at the same moment in different transactions; each would then miss the other's
 * uncommitted row (the award finds no call replica, the call finds no waiting grant) and the grant
 * would wait forever. Their handlers take this one transaction-scoped lock first, so the later one
 * runs after the earlier committed and sees its rows. One lock for all (not one per call or
 * application) because a consumer applies several events in one transaction: per-key locks taken
 * in arrival order could deadlock. These events are few; the serialisation costs nothing visible.
 */
export async function lockGrantAssembly(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('disbursement:grant-assembly'))`);
}
