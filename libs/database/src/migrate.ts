import { createServiceDataSource, ServiceDataSourceOptions } from './data-source';

/** The body of each service's `migrate.ts`: apply pending migrations, print them, exit. */
export async function runMigrationsAndExit(o: ServiceDataSourceOptions): Promise<void> {
  const ds = createServiceDataSource(o);
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    process.stdout.write(
      `[${o.service}] ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema up to date'}\n`,
    );
    await ds.destroy();
    process.exit(0);
  } catch (err) {
    process.stderr.write(`[${o.service}] migration failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  }
}
