import { REPO_ROOT, sleep } from '@grants/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * A disbursement process in the `worker` role, which the exactly-once test kills and restarts.
 * Unlike the platform's launcher it expects to die: a process that kills itself (SIGKILL, from
 * PAYMENT_CRASH_AT) is noticed at once, during start-up too — jobs can run before the HTTP server
 * listens.
 */
export class WorkerProcess {
  private proc?: ChildProcess;
  private log?: WriteStream;
  /** How each life ended: the signal (SIGKILL for a crash) or the exit code. */
  readonly deaths: string[] = [];

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  get alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Spawns it and waits until it is ready, or until it died trying (then returns false). */
  async start(timeoutMs = 60_000): Promise<boolean> {
    const main = resolve(process.env.GRANTS_DIST ?? resolve(REPO_ROOT, 'dist'), 'apps/disbursement/src/main.js');
    mkdirSync(dirname(this.logFile), { recursive: true });
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const proc = spawn(process.execPath, [main], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_PATH: resolve(REPO_ROOT, 'node_modules'), ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout?.pipe(this.log, { end: false });
    proc.stderr?.pipe(this.log, { end: false });
    proc.on('exit', (code, signal) => this.deaths.push(signal ?? `exit ${code}`));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) return false;
      const ready = await fetch(`http://127.0.0.1:${this.port}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return true;
      await sleep(100);
    }
    throw new Error(`the payment worker was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** SIGTERM: a graceful stop (in-flight jobs finish). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.alive) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  close(): void {
    this.log?.end();
  }

  tail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  crashLines(): string[] {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('PAYMENT_CRASH_AT='));
    } catch {
      return [];
    }
  }
}
