/**
 * The committed package-lock.json must be one that `npm ci` accepts on a fresh clone.
 *
 * Two ways it has broken before, each checked here without the network:
 *  - package.json changed and the lockfile was not written again (`npm ci` refuses: "not in sync");
 *  - the lockfile was written while the registry did not serve some other platforms' optional
 *    packages (e.g. @swc/core-darwin-arm64), so their entries are missing; once the registry serves
 *    them, `npm ci` refuses the lockfile ("Missing: … from lock file"). A lockfile that has an entry
 *    for every optional package it names cannot be broken that way by the registry later.
 *
 * Fix for either: `npm install` and commit the package-lock.json it writes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

function readLock(): Lockfile {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
}

/** Node's resolution inside the lockfile's tree: the nearest node_modules/<name> up from `from`. */
function resolves(packages: Record<string, LockEntry>, from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

/** Dependencies named in the lockfile that have no entry of their own in it. */
export function missingFromLock(lock: Lockfile): string[] {
  const missing: string[] = [];
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (entry.link) continue;
    const named = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(named)) {
      if (!resolves(lock.packages, at, name)) missing.push(`${name} (needed by ${at || 'the root package'})`);
    }
  }
  return missing.sort();
}

describe('package-lock.json', () => {
  it('has an entry for every package it names, other platforms’ optional packages included', () => {
    const lock = readLock();
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(missingFromLock(lock)).toEqual([]);
  });

  it('names every platform binary of @swc/core, whatever platform wrote it', () => {
    const { packages } = readLock();
    const wanted = Object.keys(packages['node_modules/@swc/core']?.optionalDependencies ?? {});
    expect(wanted.length).toBeGreaterThan(5);
    for (const name of wanted) expect(packages[`node_modules/${name}`]).toBeDefined();
  });

  it('is in sync with package.json, as `npm ci` checks it (no network, nothing installed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockfile-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) {
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
      }
      const run = spawnSync(
        'npm',
        ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'],
        { cwd: dir, encoding: 'utf8', timeout: 60_000 },
      );
      const said = `${run.stdout}\n${run.stderr}`;
      if (run.status !== 0) {
        throw new Error(
          `npm ci refuses the committed lockfile (exit ${run.status}); run npm install and commit ` +
            `package-lock.json:\n${said.split('\n').filter((l) => /error/i.test(l)).join('\n')}`,
        );
      }
      expect(said).not.toMatch(/EBADENGINE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the check catches a lockfile that lacks an optional package (the failure of 2026-12)', () => {
    const lock = readLock();
    delete lock.packages['node_modules/@swc/core-darwin-arm64'];
    expect(missingFromLock(lock)).toContain('@swc/core-darwin-arm64 (needed by node_modules/@swc/core)');
  });
});
