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

// Where the browser's ICU lacks a language (Chromium: mk, sq, bs), FormatJS and that language's
// CLDR data are loaded too (src/format/intl-data.ts).
const supplementKeys = (l) =>
  Object.keys(manifest).filter((k) => /@formatjs\/intl-(numberformat|datetimeformat|displaynames|listformat)\/(index\.js|locale-data\/([\w-]+)\.js)$/.test(k) && (k.endsWith('index.js') || k.endsWith(`/${l}.js`)));
for (const l of ['mk', 'sq', 'bs']) {
  const files = new Set(supplementKeys(l).flatMap((k) => [...closure(k)]));
  const extra = [...files].filter((f) => !base.has(f)).reduce((n, f) => n + sizeOf(f), 0) / 1024;
  const worst = rows[0];
  const total = worst.kb + extra;
  console.log(`  + ${l} CLDR data where the browser lacks it: ${extra.toFixed(1)} KB → ${worst.page} in ${l}: ${total.toFixed(1)} KB${total > BUDGET_KB ? '  OVER BUDGET' : ''}`);
  if (total > BUDGET_KB) rows.push({ page: `${worst.page} (${l})`, kb: total });
}

mkdirSync(resolve(here, '../../../.cache'), { recursive: true });
renameSync(manifestPath, resolve(here, '../../../.cache/portal-manifest.json'));
rmSync(resolve(out, '.vite'), { recursive: true, force: true });
if (rows.some((r) => r.kb > BUDGET_KB)) process.exit(1);
