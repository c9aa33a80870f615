import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';

const REPO = resolve(__dirname, '../../..');

/**
 * The whole platform on fresh databases, from dist/ (services) and dist/portal (the portal the
 * gateway serves): `npm run build` first. The tests read where it is from the environment.
 * With PORTAL_E2E_BASE_URL and PORTAL_E2E_MAIL_DIR set, a platform already running is used.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  if (process.env.PORTAL_E2E_BASE_URL && process.env.PORTAL_E2E_MAIL_DIR) return;
  for (const f of ['dist/libs/testing/src/index.js', 'dist/apps/gateway/src/main.js', 'dist/portal/index.html']) {
    if (!existsSync(resolve(REPO, f))) throw new Error(`${f} is missing: run npm run build before the portal's browser tests`);
  }
  // Compiled, like the services themselves: the libraries' decorators need tsc's output.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTestPlatform } = require(resolve(REPO, 'dist/libs/testing/src')) as typeof import('./platform-types');
  const basePort = Number(process.env.PORTAL_E2E_BASE_PORT ?? 5100);
  const url = `http://127.0.0.1:${basePort}`;
  const p = await startTestPlatform({
    label: process.env.PORTAL_E2E_LABEL ?? 'portal_pw',
    basePort,
    env: { PUBLIC_BASE_URL: url, LOGINS_PER_MINUTE_PER_ADDRESS: '1000', LOGINS_PER_MINUTE_PER_ACCOUNT: '100' },
  });
  process.env.PORTAL_E2E_BASE_URL = url;
  process.env.PORTAL_E2E_MAIL_DIR = resolve(p.logDir, 'mail');
  return async () => {
    await p.stop();
  };
}
