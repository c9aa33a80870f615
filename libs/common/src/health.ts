import {
  BeforeApplicationShutdown,
  Controller,
  Get,
  Global,
  HttpCode,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsModule } from './metrics';
import { Public } from './public';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * The order in which a service stops (SIGTERM): at once no scheduled job starts any more (intake);
 * then nothing new comes in (consumers leave their
 * groups once their in-flight handlers committed), then in-flight jobs finish and the wake-ups
 * their commits asked for are added, then the outbox is flushed; queues and connections close
 * last, after the HTTP server (so no request finds a closed queue). Libraries register their
 * steps here; Nest's own hooks run in module order, which says nothing about these dependencies.
 */
export const SHUTDOWN_PHASES = ['intake', 'consumers', 'workers', 'producers', 'connections'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

@Injectable()
export class ShutdownSequence implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly steps: { phase: ShutdownPhase; name: string; run: () => Promise<void> }[] = [];
  private stoppingSince?: number;

  on(phase: ShutdownPhase, name: string, run: () => Promise<void>): void {
    this.steps.push({ phase, name, run });
  }

  get stopping(): boolean {
    return this.stoppingSince !== undefined;
  }

  private async runPhases(phases: readonly ShutdownPhase[]): Promise<void> {
    for (const phase of phases) {
      const steps = this.steps.filter((s) => s.phase === phase);
      await Promise.all(
        steps.map(async (s) => {
          try {
            await s.run();
          } catch (err) {
            this.logger.error(`shutdown step ${phase}/${s.name} failed: ${(err as Error).message}`);
          }
        }),
      );
    }
  }

  private intake?: Promise<void>;

  /**
   * On the signal itself, before Nest's hooks (which run module by module and may start late):
   * what would start new work stops at once — no scheduled job starts during the stop.
   */
  beginStop(): Promise<void> {
    this.stoppingSince ??= Date.now();
    return (this.intake ??= this.runPhases(['intake']));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.beginStop();
    await this.runPhases(['consumers', 'workers', 'producers']);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stoppingSince ??= Date.now();
    await this.runPhases(['connections']);
    this.logger.log(`stopped in ${Date.now() - this.stoppingSince} ms`);
  }
}

/** Libraries (database, messaging, jobs) register what readiness depends on. */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];
  constructor(private readonly shutdown: ShutdownSequence) {}
  register(check: HealthCheck): void {
    this.checks.push(check);
  }
  async run(): Promise<{ ok: boolean; checks: Record<string, string> }> {
    if (this.shutdown.stopping) return { ok: false, checks: { shutdown: 'down: stopping' } };
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), 2000);
          return [c.name, 'up'] as const;
        } catch (err) {
          return [c.name, `down: ${(err as Error).message}`] as const;
        }
      }),
    );
    return { ok: results.every(([, s]) => s === 'up'), checks: Object.fromEntries(results) };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'live' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const result = await this.registry.run();
    await reply.status(result.ok ? 200 : 503).send({ status: result.ok ? 'ready' : 'not-ready', ...result });
  }
}

/** Health and metrics: every service imports this once. */
@Global()
@Module({
  imports: [MetricsModule],
  controllers: [HealthController],
  providers: [HealthRegistry, ShutdownSequence],
  exports: [HealthRegistry, ShutdownSequence, MetricsModule],
})
export class HealthModule {}
