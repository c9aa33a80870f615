/**
 * Static checks of docker-compose.yml with the real `docker-compose` CLI
 * (Debian's docker-compose 1.29.x). No Docker engine is needed: `config` only
 * parses, validates, interpolates and normalizes the file.
 *
 * The CLI runs hermetically: a minimal environment and an empty `--env-file`,
 * so a developer's shell variables or ./.env cannot change the outcome; what is
 * tested is the committed file with its committed defaults (.env.example).
 *
 * If docker-compose is missing the tests FAIL (never skip): install it with
 * `apt-get install -y docker-compose`.
 *
 * The smoke variant that deploy/compose/smoke.sh runs for real is derived from the same output
 * (deploy/compose/smoke-compose.py); its rules are checked here too, without an engine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILE = 'docker-compose.yml';
const INFRA = ['postgres', 'redis', 'kafka'] as const;
const APPS = ['gateway', 'calls', 'applications', 'evaluation', 'disbursement', 'notifications'] as const;
const EXPECTED_SERVICES = [...INFRA, 'migrate', ...APPS];
const GATEWAY_HOST_PORT = 3000;
const TEST_TIMEOUT_MS = 10_000;
const OFFICIAL_IMAGES = { postgres: 'postgres:16', redis: 'redis:7', kafka: 'apache/kafka:3.9.1' } as const;
const DEFAULT_BASE_IMAGE = 'node:20-bookworm-slim';
/** Deriving the smoke variant runs `config` once more and a Python script: on a busy machine, seconds. */
const SMOKE_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 8_000;

const INSTALL_HINT =
  'docker-compose is not installed or not on PATH. These tests need the Compose v1 CLI ' +
  '(no Docker engine required). Install it with: apt-get install -y docker-compose';

interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

let envFile: string | undefined;
function emptyEnvFile(): string {
  if (envFile === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-config-'));
    envFile = path.join(dir, 'empty.env');
    fs.writeFileSync(envFile, '');
  }
  return envFile;
}

function hermeticEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

const cache = new Map<string, CliResult>();

/** Runs `docker-compose --env-file <file> -f docker-compose.yml <args>` from the repo root. */
function compose(args: string[], withEnvFile = emptyEnvFile()): CliResult {
  const key = `${withEnvFile} ${args.join(' ')}`;
  const cached = cache.get(key);
  if (cached) return cached;

  let result: CliResult;
  try {
    const stdout = execFileSync('docker-compose', ['--env-file', withEnvFile, '-f', COMPOSE_FILE, ...args], {
      cwd: ROOT,
      env: hermeticEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    });
    result = { status: 0, stdout, stderr: '' };
  } catch (err: unknown) {
    const e = err as NodeJS.ErrnoException & { status?: number | null; stdout?: unknown; stderr?: unknown };
    if (e.code === 'ENOENT') {
      throw new Error(INSTALL_HINT);
    }
    result = {
      status: typeof e.status === 'number' ? e.status : -1,
      stdout: String(e.stdout ?? ''),
      stderr: `${String(e.stderr ?? '')}${e.code ? ` [${e.code}]` : ''}`,
    };
  }
  cache.set(key, result);
  return result;
}

function composeOk(args: string[], withEnvFile?: string): string {
  const r = compose(args, withEnvFile);
  if (r.status !== 0) {
    throw new Error(
      `docker-compose -f ${COMPOSE_FILE} ${args.join(' ')} exited with ${r.status}\n${r.stderr}${r.stdout}`,
    );
  }
  return r.stdout;
}

/** Service name -> top-level key of the service -> the raw lines of that key. */
type ServiceBlocks = Map<string, Map<string, string[]>>;

/**
 * Minimal reader for the normalized YAML printed by `docker-compose config`
 * (block style, 2-space indentation, sorted keys). It only needs the top-level
 * keys of each service and the raw lines under them; no YAML library needed.
 */
function parseServices(yaml: string): ServiceBlocks {
  const services: ServiceBlocks = new Map();
  let inServices = false;
  let service: Map<string, string[]> | undefined;
  let keyLines: string[] | undefined;

  for (const line of yaml.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const text = line.trim();

    if (indent === 0) {
      inServices = text === 'services:';
      service = undefined;
      keyLines = undefined;
      continue;
    }
    if (!inServices) continue;

    if (indent === 2) {
      const name = /^([^\s:]+):\s*$/.exec(text)?.[1];
      if (!name) throw new Error(`Unexpected line in services section: ${line}`);
      service = new Map();
      services.set(name, service);
      keyLines = undefined;
      continue;
    }
    if (!service) continue;

    const keyMatch = indent === 4 && !text.startsWith('- ') ? /^([A-Za-z0-9_.-]+):(.*)$/.exec(text) : null;
    if (keyMatch) {
      keyLines = [];
      const rest = keyMatch[2].trim();
      if (rest !== '') keyLines.push(rest);
      service.set(keyMatch[1], keyLines);
    } else if (keyLines) {
      keyLines.push(text);
    }
  }
  return services;
}

/** Host ports published by a `ports:` block (long syntax `published: N` or short `H:C`). */
function publishedPorts(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const text = raw.replace(/^-\s*/, '').replace(/['"]/g, '');
    const long = /^published:\s*(\S+)/.exec(text);
    if (long) {
      out.push(long[1]);
      continue;
    }
    if (/^(target|protocol|mode|host_ip|published):/.test(text)) continue;
    // Short syntax: [ip:]host:container[/proto] or just container (random host port).
    const parts = text.split('/')[0].split(':');
    out.push(parts.length >= 2 ? parts[parts.length - 2] : '(random)');
  }
  return out;
}

let parsed: ServiceBlocks | undefined;
function normalizedServices(): ServiceBlocks {
  if (!parsed) parsed = parseServices(composeOk(['config']));
  return parsed;
}

function serviceBlock(name: string): Map<string, string[]> {
  const block = normalizedServices().get(name);
  if (!block) throw new Error(`service "${name}" missing from normalized docker-compose config`);
  return block;
}

describe('docker-compose.yml (docker-compose config)', () => {
  afterAll(() => {
    if (envFile) fs.rmSync(path.dirname(envFile), { recursive: true, force: true });
  });

  it(
    'docker-compose is installed',
    () => {
      let version: string;
      try {
        version = execFileSync('docker-compose', ['version', '--short'], {
          encoding: 'utf8',
          env: hermeticEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: CLI_TIMEOUT_MS,
        });
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_HINT);
        throw err;
      }
      expect(version.trim()).toMatch(/^\d+\.\d+/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '`config -q` validates the file (exit code 0)',
    () => {
      const r = compose(['config', '-q']);
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lists postgres, redis, kafka, migrate and all six apps',
    () => {
      const listed = composeOk(['config', '--services'])
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      expect([...listed].sort()).toEqual(expect.arrayContaining([...EXPECTED_SERVICES].sort()));
      // The hand-rolled parser must see exactly the services the CLI lists.
      expect([...normalizedServices().keys()].sort()).toEqual([...listed].sort());
    },
    TEST_TIMEOUT_MS,
  );

  it.each([...INFRA, ...APPS])(
    '%s has an enabled healthcheck',
    (name) => {
      const healthcheck = serviceBlock(name).get('healthcheck');
      expect(healthcheck).toBeDefined();
      const lines = healthcheck ?? [];
      expect(lines.some((l) => l.startsWith('test:'))).toBe(true);
      expect(lines).not.toContain('- NONE');
      expect(lines).not.toContain('disable: true');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'only the gateway publishes a host port (3000)',
    () => {
      const publishing = [...normalizedServices().entries()]
        .filter(([, block]) => (block.get('ports') ?? []).length > 0)
        .map(([name]) => name);
      expect(publishing).toEqual(['gateway']);
      expect(publishedPorts(serviceBlock('gateway').get('ports') ?? [])).toEqual([String(GATEWAY_HOST_PORT)]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'apps start only after infra is healthy and migrate completed successfully',
    () => {
      for (const app of APPS) {
        const deps = (serviceBlock(app).get('depends_on') ?? []).join('\n');
        for (const infra of INFRA) {
          expect(deps).toMatch(new RegExp(`${infra}:\\ncondition: service_healthy`));
        }
        expect(deps).toMatch(/migrate:\ncondition: service_completed_successfully/);
      }
      const migrateDeps = (serviceBlock('migrate').get('depends_on') ?? []).join('\n');
      expect(migrateDeps).toMatch(/postgres:\ncondition: service_healthy/);
    },
    TEST_TIMEOUT_MS,
  );
});

/** The smoke variant as deploy/compose/smoke.sh derives it, from an env file naming other images. */
interface SmokeService {
  network_mode?: string;
  ports?: unknown;
  networks?: unknown;
  image: string;
  environment?: Record<string, string>;
  command?: string[] | string;
  healthcheck?: { test?: string[] | string };
}
type SmokeFile = { services: Record<string, SmokeService>; networks?: unknown };
let smokeFile: SmokeFile | undefined;
function smokeVariant(): SmokeFile {
  if (smokeFile) return smokeFile;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-smoke-'));
  try {
    const env = path.join(dir, 'smoke.env');
    fs.writeFileSync(
      env,
      ['POSTGRES_IMAGE=grants-base/postgres:15', 'REDIS_IMAGE=grants-base/redis:7', 'KAFKA_IMAGE=grants-base/kafka:3.9', 'BASE_IMAGE=grants-base/node:20', 'IMAGE_TAG=smoke', 'APP_ENV_FILE=.env.example', ''].join('\n'),
    );
    const normalized = composeOk(['config'], env);
    const out = execFileSync('python3', ['deploy/compose/smoke-compose.py', '--json'], {
      cwd: ROOT,
      env: { ...hermeticEnv(), SMOKE_APP_ENV: JSON.stringify({ BOOTSTRAP_ADMIN_PASSWORD: 'smoke-password-1' }) },
      input: normalized,
      encoding: 'utf8',
      timeout: SMOKE_TIMEOUT_MS,
    });
    smokeFile = JSON.parse(out) as SmokeFile;
    return smokeFile;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('docker-compose.yml images', () => {
  it(
    'infrastructure images default to the official ones and follow POSTGRES_IMAGE / REDIS_IMAGE / KAFKA_IMAGE',
    () => {
      for (const [name, image] of Object.entries(OFFICIAL_IMAGES)) {
        expect({ name, image: serviceBlock(name).get('image') }).toEqual({ name, image: [image] });
      }
      const smoke = smokeVariant();
      expect([smoke.services.postgres.image, smoke.services.redis.image, smoke.services.kafka.image]).toEqual([
        'grants-base/postgres:15',
        'grants-base/redis:7',
        'grants-base/kafka:3.9',
      ]);
    },
    SMOKE_TIMEOUT_MS,
  );

  it(
    'migrate and every service build from ./Dockerfile with its own target on BASE_IMAGE (default node:20-bookworm-slim)',
    () => {
      for (const name of ['migrate', ...APPS]) {
        const build = (serviceBlock(name).get('build') ?? []).join('\n');
        expect(build).toContain(`target: ${name}`);
        expect(build).toMatch(new RegExp(`args:\\nBASE_IMAGE: ${DEFAULT_BASE_IMAGE}`));
      }
      const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
      expect(dockerfile).toContain(`ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}`);
      expect(dockerfile.match(/^FROM \$\{BASE_IMAGE\} AS (build|runtime)$/gm)).toHaveLength(2);
      for (const name of ['migrate', ...APPS]) expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${name}$`, 'm'));
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the smoke variant (deploy/compose/smoke-compose.py)', () => {
  let smoke: SmokeFile;
  beforeAll(() => {
    smoke = smokeVariant();
  }, SMOKE_TIMEOUT_MS);

  it('puts every service on the host network, without ports or named networks', () => {
    expect(Object.keys(smoke.services).sort()).toEqual([...EXPECTED_SERVICES].sort());
    for (const [name, svc] of Object.entries(smoke.services)) {
      expect({ name, mode: svc.network_mode, ports: svc.ports, networks: svc.networks }).toEqual({ name, mode: 'host', ports: undefined, networks: undefined });
    }
    expect(smoke.networks).toBeUndefined();
  });

  it('uses loopback addresses and only its own ports (15432, 16379, 19092/19093, 13000-13005)', () => {
    const text = JSON.stringify(smoke.services);
    const hostPorts = [...text.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)/g)].map((m) => Number(m[1]));
    expect(new Set(hostPorts)).toEqual(new Set([15432, 16379, 19092, 19093, 13000, 13001, 13002, 13003, 13004, 13005]));
    expect(text).not.toMatch(/[:=\s@"](5432|6379|9092|9093|9192|6390|300[0-5]|4[1-9]\d\d)(?![0-9])/);
    expect(text).not.toMatch(/(\/\/|@)(postgres|redis|kafka|gateway|calls|applications|evaluation|disbursement|notifications):\d/);
    const ports = Object.fromEntries(APPS.map((a) => [a, smoke.services[a].environment?.PORT]));
    expect(ports).toEqual({ gateway: '13000', calls: '13001', applications: '13002', evaluation: '13003', disbursement: '13004', notifications: '13005' });
    for (const a of APPS) expect(smoke.services[a].environment?.HOST).toBe('127.0.0.1');
    expect(smoke.services.postgres.environment?.PGPORT).toBe('15432');
    expect(smoke.services.redis.command).toEqual(expect.arrayContaining(['--port', '16379', '--bind', '127.0.0.1']));
  });
});
