#!/usr/bin/env node
/*
 * Waits until a Kafka cluster answers admin.describeCluster().
 * Used by deploy/kafka.sh (start/status) and deploy/up.sh.
 *
 *   node deploy/kafka-ready.js [--brokers 127.0.0.1:9092] [--timeout 90]
 *                              [--pid <broker pid>] [--log <file>] [--quiet]
 *
 * --brokers  comma separated list, default $KAFKA_BROKERS or 127.0.0.1:9092
 * --timeout  seconds to keep trying (0 = a single attempt), default 90
 * --pid      give up early when this process (the broker we started) exits
 * --log      file whose last 40 lines are printed when waiting fails
 *            (may be repeated; missing or empty files are skipped)
 * --quiet    print nothing on success
 * --warm-group-coordinator
 *            also wait until the group coordinator answers (FindCoordinator
 *            makes the broker create __consumer_offsets), so that the first
 *            consumer of a test does not hit GROUP_COORDINATOR_NOT_AVAILABLE
 *
 * Exit codes: 0 ready, 1 not ready (timeout / broker died), 2 usage or
 * kafkajs not installed.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const PREFIX = '[kafka-ready]';
const REPO_ROOT = path.resolve(__dirname, '..');

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

function fail(code, msg) {
  process.stderr.write(`${PREFIX} ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    brokers: process.env.KAFKA_BROKERS || '127.0.0.1:9092',
    timeout: 90,
    pid: undefined,
    logs: [],
    quiet: false,
    warmGroupCoordinator: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(2, `missing value for ${arg}`);
      i += 1;
      return argv[i];
    };
    switch (arg) {
      case '--brokers':
        opts.brokers = value();
        break;
      case '--timeout':
        opts.timeout = Number(value());
        if (!Number.isFinite(opts.timeout) || opts.timeout < 0) fail(2, '--timeout must be a number >= 0');
        break;
      case '--pid':
        opts.pid = Number(value());
        if (!Number.isInteger(opts.pid) || opts.pid <= 0) fail(2, '--pid must be a positive integer');
        break;
      case '--log':
        opts.logs.push(value());
        break;
      case '--quiet':
        opts.quiet = true;
        break;
      case '--warm-group-coordinator':
        opts.warmGroupCoordinator = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
        process.exit(0);
        break;
      default:
        fail(2, `unknown argument: ${arg}`);
    }
  }
  opts.brokers = opts.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (opts.brokers.length === 0) fail(2, 'no brokers given');
  return opts;
}

function loadKafkajs() {
  let resolved;
  try {
    resolved = require.resolve('kafkajs', { paths: [REPO_ROOT] });
  } catch (err) {
    fail(
      2,
      `the 'kafkajs' package is not installed in ${path.join(REPO_ROOT, 'node_modules')} ` +
        `- run 'npm ci' in ${REPO_ROOT} first (deploy/up.sh does this for you).`,
    );
  }
  return require(resolved);
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function tail(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n');
  } catch (err) {
    return `(could not read ${file}: ${err.message})`;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(Kafka, logLevel, brokers, warmGroupCoordinator) {
  const kafka = new Kafka({
    clientId: 'deploy-kafka-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const info = await admin.describeCluster();
    if (warmGroupCoordinator) {
      await admin.describeGroups(['deploy-kafka-ready-warmup']);
    }
    return info;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { Kafka, logLevel } = loadKafkajs();
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  let lastError = 'no attempt made';

  for (;;) {
    try {
      const info = await attempt(Kafka, logLevel, opts.brokers, opts.warmGroupCoordinator);
      if (!opts.quiet) {
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `${PREFIX} Kafka is ready at ${opts.brokers.join(',')} ` +
            `(cluster ${info.clusterId}, ${info.brokers.length} broker(s), controller ${info.controller}) after ${secs}s\n`,
        );
      }
      return 0;
    } catch (err) {
      lastError = (err && (err.message || String(err))) || 'unknown error';
    }
    if (opts.pid !== undefined && !processAlive(opts.pid)) {
      process.stderr.write(`${PREFIX} the Kafka process (pid ${opts.pid}) exited before it became ready.\n`);
      break;
    }
    if (Date.now() + 500 > deadline) {
      if (opts.timeout > 0) {
        process.stderr.write(
          `${PREFIX} Kafka at ${opts.brokers.join(',')} did not answer within ${opts.timeout}s (last error: ${lastError}).\n`,
        );
      } else if (!opts.quiet) {
        process.stderr.write(`${PREFIX} Kafka at ${opts.brokers.join(',')} is not answering (${lastError}).\n`);
      }
      break;
    }
    await sleep(500);
  }

  for (const file of opts.logs) {
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      process.stderr.write(`${PREFIX} ---- last 40 lines of ${file} ----\n${tail(file, 40)}\n`);
    }
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => fail(1, `unexpected error: ${(err && err.stack) || err}`),
);
