import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthRegistry } from '@grants/common';
import { DataSource } from 'typeorm';
import { JobHandler, JobScheduler, QueueSettings } from './job-scheduler';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsModuleOptions {
  redisUrl: string;
  prefix: string;
  queues: QueueSettings[];
  /** Handler classes; each must also be a provider of the service. */
  handlers: Type<JobHandler>[];
  reconcileIntervalMs?: number;
}


@Injectable()
class JobsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly moduleRef: ModuleRef,
    @Inject(JOBS_OPTIONS) private readonly opts: JobsModuleOptions,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    for (const h of this.opts.handlers) this.scheduler.addHandler(this.moduleRef.get(h, { strict: false }));
    await this.scheduler.start();
  }
  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

@Global()
@Module({})
export class JobsModule {
  static forService(opts: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOBS_OPTIONS, useValue: opts },
        {
          provide: JobScheduler,
          inject: [DataSource, HealthRegistry],
          useFactory: (ds: DataSource, health: HealthRegistry) => {
            const scheduler = new JobScheduler(ds, { ...opts, handlers: [] });
            health.register({ name: 'redis', check: () => scheduler.ping() });
            return scheduler;
          },
        },
        JobsLifecycle,
      ],
      exports: [JobScheduler],
    };
  }
}
