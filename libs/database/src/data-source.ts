import { DataSource, DataSourceOptions, EntitySchema, MixedList, ValueTransformer } from 'typeorm';

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
    extra: { max: o.poolSize ?? 10, application_name: o.service },
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
