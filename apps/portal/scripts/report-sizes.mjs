// After `vite build`: the gzipped JavaScript each page loads (entry + its chunks + the page's
// chunk + its chunks + the messages of two languages), against the applicant pages' budget.
// Exits 1 over budget. Moves Vite's manifest out of dist/portal (it is not for the public).
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../../dist/portal');
const manifestPath = resolve(out, '.vite/manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const BUDGET_KB = Number(process.env.PORTAL_JS_BUDGET_KB ?? 250);

const gz = new Map();
const sizeOf = (file) => {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(resolve(out, file)), { level: 9 }).length);
  return gz.get(file);
};
/** The chunk's file and every chunk it imports statically, transitively. */
function closure(key, seen = new Set()) {
  const c = manifest[key];
  if (!c || seen.has(c.file)) return seen;
  seen.add(c.file);
  for (const i of c.imports ?? []) closure(i, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const base = closure(entryKey);
const messages = (l) => Object.keys(manifest).find((k) => k.endsWith(`i18n/${l}.json`));
// English (the fallback) plus the largest other language.
const locales = Object.keys(manifest).filter((k) => /i18n\/\w+\.json$/.test(k));
const largest = locales.filter((k) => !k.endsWith('en.json')).sort((a, b) => sizeOf(manifest[b].file) - sizeOf(manifest[a].file))[0];
const messageFiles = [messages('en'), largest].filter(Boolean).map((k) => manifest[k].file);

const rows = Object.keys(manifest)
  .filter((k) => /src\/pages\/\w+\.tsx$/.test(k))
  .map((k) => {
    const files = new Set([...base, ...closure(k), ...messageFiles]);
    const bytes = [...files].reduce((n, f) => n + sizeOf(f), 0);
    return { page: k.replace(/^.*pages\//, '').replace(/\.tsx$/, ''), kb: bytes / 1024 };
  })
  .sort((a, b) => b.kb - a.kb);

console.log(`[portal] gzipped JavaScript per page (entry + page chunk + messages en & ${largest?.match(/(\w+)\.json$/)?.[1]}), budget ${BUDGET_KB} KB:`);
for (const r of rows) console.log(`  ${r.page.padEnd(24)} ${r.kb.toFixed(1).padStart(7)} KB${r.kb > BUDGET_KB ? '  OVER BUDGET' : ''}`);

mkdirSync(resolve(here, '../../../.cache'), { recursive: true });
renameSync(manifestPath, resolve(here, '../../../.cache/portal-manifest.json'));
rmSync(resolve(out, '.vite'), { recursive: true, force: true });
if (rows.some((r) => r.kb > BUDGET_KB)) process.exit(1);
