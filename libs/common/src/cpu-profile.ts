import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { resolve } from 'node:path';

/**
 * Diagnosis only: with `CPU_PROFILE_DIR` set, SIGWINCH (ignored by default, and not one of Nest's
 * shutdown signals, unlike SIGUSR2) starts V8's CPU profiler and the next
 * SIGWINCH writes `<dir>/<service>-<pid>-<n>.cpuprofile` (open it in Chrome DevTools or speedscope).
 * A benchmark brackets exactly the window it measures. Without the variable nothing is installed.
 */
export function installCpuProfileSignal(service: string, dir = process.env.CPU_PROFILE_DIR): void {
  if (!dir) return;
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(resolve(dir, `${service}-${process.pid}-${++n}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
