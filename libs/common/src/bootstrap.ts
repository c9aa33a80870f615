import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ConfigError } from './config';
import { installCpuProfileSignal } from './cpu-profile';
import { configureHttp } from './http';
import { ShutdownSequence } from './health';
import { Metrics } from './metrics';
import { createRootLogger, PinoNestLogger } from './logger';

export interface ServiceBootOptions {
  name: string;
  defaultPort: number;
  /** Largest accepted request body; bigger ones get 413 before any handler runs. */
  bodyLimitBytes?: number;
  /** Extra wiring on the HTTP server before it listens (the gateway's proxy). */
  beforeListen?: (app: NestFastifyApplication, openApi: OpenAPIObject) => Promise<void>;
}

/** Builds a service's HTTP app the same way in main.ts and in tests. */
export async function createServiceApp(module: Type<unknown>, opts: ServiceBootOptions): Promise<NestFastifyApplication> {
  const logger = createRootLogger(opts.name);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024, trustProxy: true }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  configureHttp(app);
  // SIGTERM/SIGINT: Nest runs the hooks, where ShutdownSequence (health.ts) stops the service in
  // order — consumers, in-flight jobs, the outbox, then queues and connections. Should a step hang
  // (a broker that never answers), the process still exits: the supervisor restarts it and
  // PostgreSQL (inbox, outbox, scheduled jobs) holds everything that was not finished.
  app.enableShutdownHooks();
  installShutdownDeadline(opts.name, logger);
  latestApp = app;
  app.get(Metrics).install(app.getHttpAdapter().getInstance());
  return app;
}

let shutdownDeadlineInstalled = false;
let latestApp: NestFastifyApplication | undefined;

function installShutdownDeadline(name: string, logger: ReturnType<typeof createRootLogger>): void {
  if (shutdownDeadlineInstalled) return;
  shutdownDeadlineInstalled = true;
  const deadlineMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      try {
        void latestApp?.get(ShutdownSequence).beginStop();
      } catch {
        // an app without the health module: Nest's hooks alone stop it
      }
      setTimeout(() => {
        logger.error({ signal, deadlineMs }, `${name} did not stop within ${deadlineMs} ms, exiting`);
        process.exit(1);
      }, deadlineMs).unref();
    });
  }
}

/**
 * The service's own OpenAPI document, served at `/openapi.json` (the gateway merges them all).
 * Routes carry their access policy as `x-public` / `x-roles`, which the policy test reads.
 */
export function serviceOpenApi(app: NestFastifyApplication, name: string): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`${name} service`).setVersion('1').addBearerAuth().build(),
  );
  app.getHttpAdapter().getInstance().get('/openapi.json', (_req, reply) => {
    void reply.send(doc);
  });
  return doc;
}

/**
 * main.ts of every service: load the module (which validates the environment), build, listen;
 * exit non-zero with a clear message if any of it fails.
 */
export async function bootstrapService(
  loadModule: () => Promise<Type<unknown>>,
  opts: ServiceBootOptions,
): Promise<INestApplication> {
  installCpuProfileSignal(opts.name);
  try {
    const app = await createServiceApp(await loadModule(), opts);
    const openApi = serviceOpenApi(app, opts.name);
    await opts.beforeListen?.(app, openApi);
    const port = Number(process.env.PORT ?? opts.defaultPort);
    await app.listen(port, process.env.HOST ?? '127.0.0.1');
    createRootLogger(opts.name).info({ port }, `${opts.name} listening`);
    return app;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${opts.name} cannot start. ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    process.stderr.write(`${opts.name} failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  }
}
