import { defineConfig, devices } from '@playwright/test';
import { resolve } from 'node:path';

/**
 * Browser tests against the real platform: every service from dist/, the gateway serving the
 * built portal (global-setup.ts starts it on basePort 5100). Debian's Chromium, never a
 * downloaded browser. One worker: the scenarios share one platform and two cores.
 */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: resolve(__dirname, 'e2e'),
  testMatch: '**/*.pw.ts',
  globalSetup: resolve(__dirname, 'e2e/global-setup.ts'),
  outputDir: process.env.PORTAL_E2E_OUTPUT_DIR ?? resolve(__dirname, '../../.cache/portal-test-results'),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: process.env.PORTAL_E2E_BASE_URL ?? 'http://127.0.0.1:5100',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
