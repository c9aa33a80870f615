import 'reflect-metadata';
import { Platform, PLATFORM_ADMIN, REPO_ROOT, SERVICE_NAMES, ServiceName } from '@grants/testing';
import { resolve } from 'node:path';
import { DEMO_ENV, runScenario } from './scenario';
import { printSummary } from './summary';

/**
 * `npm run demo`: starts every service (each migrates its database at boot) and runs the seeded
 * demo through the public HTTP API. Every run publishes calls of its own (their reference codes
 * carry the run's stamp) and registers its own people, so it runs again without a reset.
 */
const once = process.argv.includes('--once');
const basePort = Number(process.env.DEMO_BASE_PORT ?? 3000);
const pgBase = process.env.DEMO_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const windowMs = Number(process.env.DEMO_SUBMISSION_WINDOW_S ?? 30) * 1000;
const mailDir = resolve(REPO_ROOT, '.cache/demo-mail');
const say = (msg: string) => process.stdout.write(`${msg}\n`);

async function main(): Promise<void> {
  const platform = new Platform({
    basePort,
    databaseUrls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${pgBase}/grants_${s}`])) as Record<ServiceName, string>,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', KAFKA_NAMESPACE: process.env.KAFKA_NAMESPACE ?? '', MAIL_DIR: mailDir, ...DEMO_ENV },
    logDir: resolve(REPO_ROOT, '.cache/demo-logs'),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping the platform …');
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  say(`[0] starting ${SERVICE_NAMES.join(', ')} (logs: .cache/demo-logs/<service>.log)`);
  await platform.start();
  const api = `${platform.gatewayUrl}/api`;
  say(`    gateway ready at ${platform.gatewayUrl}`);

  const runId = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const summary = await runScenario({ api, say, runId, submissionWindowMs: windowMs }).catch(async (err) => {
    say(`\nthe demo stopped: ${(err as Error).message}\nservice logs: .cache/demo-logs/<service>.log`);
    await platform.stop();
    throw err;
  });
  printSummary(summary, say);
  say(`\nThe portal: ${platform.gatewayUrl}/  (applicants: calls, drafts, receipts, timelines, in seven languages)`);
  say('Sign in as one of this run\'s people:');
  for (const p of summary.signIns) say(`  ${p.who.padEnd(58)} ${p.email}  ${p.password}  (${p.language})`);
  say(`  admin                                                      admin@grants.local  ${PLATFORM_ADMIN.password}`);
  say(`\nAPI docs: ${platform.gatewayUrl}/api/docs   (OpenAPI: ${api}/openapi.json)`);
  say(`e-mails (one .eml file each): ${mailDir}`);
  say(`health: ${SERVICE_NAMES.map((s) => `${platform.services[s].url}/health/ready`).join('  ')}`);
  say(`metrics: ${platform.services.gateway.url}/metrics (and /metrics on every service)`);

  if (once) {
    await platform.stop();
    return;
  }
  say('\nthe platform stays up; press Ctrl-C to stop it.');
}

main().catch(async (err) => {
  process.stderr.write(`demo failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
