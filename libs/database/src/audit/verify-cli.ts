import 'reflect-metadata';
import { createServiceDataSource } from '../data-source';
import { sealAuditLog, verifyAuditChain } from './audit-log';

/**
 * `npm run audit:verify -- <service>` (or a DATABASE_URL): recomputes a service's audit chain and
 * reports the first broken link. Exit 0 when the chain holds, 2 when it is broken.
 */
async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: audit:verify <service | postgres://…>');
  const url = arg.startsWith('postgres') ? arg : `${process.env.DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432'}/grants_${arg}`;
  const ds = createServiceDataSource({ service: 'audit-verify', url, entities: [], migrations: [] });
  await ds.initialize();
  try {
    if (process.argv.includes('--seal')) await sealAuditLog(ds);
    const v = await verifyAuditChain(ds);
    if (v.ok) {
      process.stdout.write(`audit chain holds: ${v.checked} sealed entries checked, ${v.unsealed} not yet sealed\n`);
    } else {
      const b = v.firstBroken!;
      process.stdout.write(`audit chain BROKEN at chain entry ${b.chainSeq} (audit_log.id ${b.id}): ${b.reason}\n`);
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`audit verify failed: ${(err as Error).message}\n`);
  process.exit(1);
});
