// A whole platform for working on the portal: every service from dist/ on fresh test databases,
// the gateway serving dist/portal. `node apps/portal/scripts/dev-platform.cjs [basePort]`;
// Ctrl-C stops it and drops its databases. Needs `npm run build` first.
const { resolve } = require('node:path');
const { startTestPlatform } = require(resolve(__dirname, '../../../dist/libs/testing/src'));

(async () => {
  const basePort = Number(process.argv[2] ?? 5150);
  const p = await startTestPlatform({ label: `portal_dev_${basePort}`, basePort, env: { LOGINS_PER_MINUTE_PER_ADDRESS: '1000' } });
  console.log(`platform up: ${p.platform.gatewayUrl}/ (api ${p.api}, mail ${p.logDir}/mail)`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await p.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
