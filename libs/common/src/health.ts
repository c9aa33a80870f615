import { Controller, Get, Global, HttpCode, Injectable, Module, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsModule } from './metrics';
import { Public } from './public';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/** Libraries (database, messaging, jobs) register what readiness depends on. */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];
  register(check: HealthCheck): void {
    this.checks.push(check);
  }
  async run(): Promise<{ ok: boolean; checks: Record<string, string> }> {
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
  providers: [HealthRegistry],
  exports: [HealthRegistry, MetricsModule],
})
export class HealthModule {}
