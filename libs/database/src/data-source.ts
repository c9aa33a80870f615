import { Client, ClientConfig } from 'pg';
import { DataSource, DataSourceOptions, EntitySchema, MixedList, ValueTransformer } from 'typeorm';

/**
 * When PostgreSQL goes away (a restart: 57P01, then the closed socket), pg emits 'error' on every
 * client, a checked-out one included and sometimes twice. The query in flight fails with the
 * error and the pool drops the client either way; but an emission that finds no listener is an
 * uncaught exception that kills the whole service. This listener keeps a passing outage passing.
 */
export class PoolClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export interface ServiceDataSourceOptions {
  /** Service name: names the migrations table (`<service>_migrations`). */
  service: string;
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  /** Listed explicitly, in order: libraries' migrations first, then the service's own. */
  migrations: Function[];
  poolSize?: number;
}

export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    entities: o.entities,
    migrations: o.migrations,
    migrationsTableName: `${o.service}_migrations`,
    migrationsTransactionMode: 'each',
    // Every table comes from a migration; the schema is never derived from entities at run time.
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: o.poolSize ?? 10, application_name: o.service, Client: PoolClient },
  };
}

export function createServiceDataSource(o: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(o));
}

/** PostgreSQL bigint arrives as a string; money and counters are handled as exact bigints. */
export const bigintTransformer: ValueTransformer = {
  to: (v: bigint | null | undefined) => (v === null || v === undefined ? v : v.toString()),
  from: (v: string | null) => (v === null ? null : BigInt(v)),
};
