import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthRegistry, Metrics, ShutdownSequence } from '@grants/common';
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
  /** Jobs due within this window are also armed on a local timer (see JobScheduler). */
  localHorizonMs?: number;
}


@Injectable()
class JobsLifecycle implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly moduleRef: ModuleRef,
    @Inject(JOBS_OPTIONS) private readonly opts: JobsModuleOptions,
    shutdown: ShutdownSequence,
  ) {
    // Nothing new starts, at once (on the signal); after the consumers stopped (their commits
    // may still add wake-ups), in-flight jobs finish; the queues close only at the very end, after
    // the HTTP server.
    shutdown.on('intake', 'job intake', () => this.scheduler.stopIntake());
    shutdown.on('workers', 'job workers', () => this.scheduler.drain());
    shutdown.on('connections', 'job queues', () => this.scheduler.close());
  }
  async onApplicationBootstrap(): Promise<void> {
    for (const h of this.opts.handlers) this.scheduler.addHandler(this.moduleRef.get(h, { strict: false }));
    await this.scheduler.start();
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
          inject: [DataSource, HealthRegistry, Metrics],
          useFactory: (ds: DataSource, health: HealthRegistry, metrics: Metrics) => {
            const scheduler = new JobScheduler(ds, { ...opts, handlers: [] });
            health.register({ name: 'redis', check: () => scheduler.ping() });
            metrics.gauge('scheduled_jobs', 'Scheduled jobs in PostgreSQL by queue and status', ['queue', 'status'], async (set) => {
              const rows: { queue: string; status: string; n: number }[] = await ds.query(
                `SELECT queue, status, count(*)::int AS n FROM scheduled_job GROUP BY queue, status`,
              );
              for (const r of rows) set({ queue: r.queue, status: r.status }, r.n);
            });
            metrics.gauge('job_runs', 'Job wake-ups handled by this process, by outcome', ['outcome'], async (set) => {
              for (const [outcome, n] of Object.entries(scheduler.stats)) set({ outcome }, n);
            });
            return scheduler;
          },
        },
        JobsLifecycle,
      ],
      exports: [JobScheduler],
    };
  }
}
