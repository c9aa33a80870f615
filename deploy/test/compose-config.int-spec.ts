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

/** Runs `docker-compose --env-file <empty> -f docker-compose.yml <args>` from the repo root. */
function compose(args: string[]): CliResult {
  const key = args.join(' ');
  const cached = cache.get(key);
  if (cached) return cached;

  let result: CliResult;
  try {
    const stdout = execFileSync('docker-compose', ['--env-file', emptyEnvFile(), '-f', COMPOSE_FILE, ...args], {
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

function composeOk(args: string[]): string {
  const r = compose(args);
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
