import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { sleep } from './wait';

export const REPO_ROOT = resolve(__dirname, '../../..').replace(/\/dist$/, '');
export const SERVICE_NAMES = ['calls', 'applications', 'evaluation', 'disbursement', 'notifications', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** Port offsets from the base port: the same layout as the defaults and docker-compose (gateway 3000 …). */
export const PORT_OFFSET: Record<ServiceName, number> = {
  gateway: 0,
  calls: 1,
  applications: 2,
  evaluation: 3,
  disbursement: 4,
  notifications: 5,
};

/** The bootstrap admin of local and test platforms (never used outside this machine). */
export const PLATFORM_ADMIN = { email: 'admin@grants.local', password: 'local-admin-password-1' };

/** One service running as its own OS process from the built `dist/` tree. */
export class ServiceProcess {
  private proc?: ChildProcess;
  private log?: WriteStream;
  exits: (number | null)[] = [];

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    // GRANTS_DIST: another build folder, so a second working copy of the build can run tests
    // without touching the one other tests are running from.
    const main = resolve(process.env.GRANTS_DIST ?? resolve(REPO_ROOT, 'dist'), 'apps', this.name, 'src/main.js');
    mkdirSync(resolve(this.logFile, '..'), { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const proc = spawn(process.execPath, [main], {
      cwd: REPO_ROOT,
      // NODE_PATH: a build outside the repo (GRANTS_DIST) still finds the repo's packages.
      env: { ...process.env, NODE_PATH: resolve(REPO_ROOT, 'node_modules'), ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout?.pipe(this.log, { end: false });
    proc.stderr?.pipe(this.log, { end: false });
    proc.on('exit', (code) => this.exits.push(code));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`${this.name} exited with ${proc.exitCode} while starting:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/health/ready`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** SIGTERM: graceful shutdown (in-flight work finishes). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM', 30_000);
  }

  /** SIGKILL: the process dies wherever it is, as in a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 10_000);
  }

  private async signal(sig: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(sig);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    this.log?.end();
  }

  tail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

export interface PlatformOptions {
  /** The gateway's port; the others follow PORT_OFFSET. */
  basePort: number;
  /** Database URL per service. */
  databaseUrls: Record<ServiceName, string>;
  /** Shared environment: KAFKA_NAMESPACE, LOG_LEVEL, … */
  env?: Record<string, string>;
  logDir: string;
  /** Start only these (e.g. ['gateway', 'calls'] for one service's tests). Default: all. */
  only?: ServiceName[];
}

/** All six services, each its own process, wired to each other through the gateway's env. */
export class Platform {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(readonly opts: PlatformOptions) {
    const port = (s: ServiceName) => opts.basePort + PORT_OFFSET[s];
    const upstreamEnv = Object.fromEntries(
      SERVICE_NAMES.filter((s) => s !== 'gateway').map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${port(s)}`]),
    );
    const shared = {
      AUTH_JWKS_URL: `http://127.0.0.1:${port('gateway')}/api/auth/.well-known/jwks.json`,
      BOOTSTRAP_ADMIN_EMAIL: PLATFORM_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
      ...opts.env,
    };
    this.services = Object.fromEntries(
      SERVICE_NAMES.map((s) => [
        s,
        new ServiceProcess(
          s,
          port(s),
          { ...shared, ...(s === 'gateway' ? upstreamEnv : {}), DATABASE_URL: opts.databaseUrls[s] },
          resolve(opts.logDir, `${s}.log`),
        ),
      ]),
    ) as Record<ServiceName, ServiceProcess>;
  }

  get gatewayUrl(): string {
    return this.services.gateway.url;
  }

  get started(): ServiceName[] {
    return SERVICE_NAMES.filter((s) => !this.opts.only || this.opts.only.includes(s));
  }

  async start(): Promise<void> {
    // Two at a time: six Node processes booting at once on two cores only slow each other down.
    const order = [...this.started];
    while (order.length) await Promise.all(order.splice(0, 2).map((s) => this.services[s].start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.started.map((s) => this.services[s].stop()));
  }
}
