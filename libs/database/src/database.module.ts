import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@grants/common';
import { DataSource } from 'typeorm';
import { AuditSealer } from './audit/audit-log';
import { createServiceDataSource, ServiceDataSourceOptions } from './data-source';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseModuleOptions extends ServiceDataSourceOptions {
  /** Run pending migrations at boot (development); compose runs a one-shot migrate step instead. */
  migrateOnBoot: boolean;
  /** Seal this service's audit log on a timer (the service lists CreateAuditLog among its migrations). */
  auditSealer?: boolean;
}

class DataSourceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private sealer?: AuditSealer;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.auditSealer) {
      this.sealer = new AuditSealer(this.ds);
      this.sealer.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** One DataSource per service, on the service's own database. */
@Global()
@Module({})
export class DatabaseModule {
  static forService(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        {
          provide: DataSource,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const ds = createServiceDataSource(options);
            await ds.initialize();
            if (options.migrateOnBoot) await ds.runMigrations({ transaction: 'each' });
            health.register({ name: 'postgres', check: async () => void (await ds.query('SELECT 1')) });
            return ds;
          },
        },
        DataSourceLifecycle,
      ],
      exports: [DataSource, DATABASE_OPTIONS],
    };
  }
}
