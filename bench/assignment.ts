import { assign, EntryToStaff, PanelEvaluator } from '../apps/evaluation/src/modules/evaluation-domain/assignment';

/**
 * Evaluator assignment at national-programme scale, pure CPU, no servers:
 * 100,000 entries × 3 evaluators from a panel of 2,000 (2–3 languages each among mk, sq, bs, sr,
 * hr, bg, en), load caps giving ~1.3× the needed capacity, and ~1% of evaluators conflicted on each
 * entry (20 pairs per entry, 2,000,000 in all, held per entry as the real input would be).
 * Prints the wall time of `assign` alone, entries staffed / short, load spread, peak RSS and heap.
 * Seeded (BENCH_SEED), so every run measures the same input. Target: ≤ 10 s on this 2-core machine.
 */
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const EVALUATORS = Number(process.env.BENCH_EVALUATORS ?? 2_000);
const PER_ENTRY = 3;
const CONFLICT_SHARE = 0.01;
const CAPACITY_FACTOR = 1.3;
const SEED = Number(process.env.BENCH_SEED ?? 20240601);

/** mulberry32: a tiny seeded PRNG, so the benchmark input is identical on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Rough shares of the region's entry languages; evaluators are drawn from the same mix.
const LANGUAGES: [string, number][] = [
  ['mk', 30],
  ['sq', 18],
  ['sr', 14],
  ['bs', 12],
  ['bg', 10],
  ['hr', 8],
  ['en', 8],
];
const TOTAL_WEIGHT = LANGUAGES.reduce((s, [, w]) => s + w, 0);

function pickLanguage(rnd: () => number, except: readonly string[] = []): string {
  for (;;) {
    let r = rnd() * TOTAL_WEIGHT;
    for (const [code, w] of LANGUAGES) {
      r -= w;
      if (r < 0) {
        if (!except.includes(code)) return code;
        break;
      }
    }
  }
}

function build(): { evaluators: PanelEvaluator[]; entries: EntryToStaff[] } {
  const rnd = prng(SEED);
  const evaluatorIds = Array.from({ length: EVALUATORS }, (_, i) => `ev-${String(i).padStart(5, '0')}`);
  const meanCap = (ENTRIES * PER_ENTRY * CAPACITY_FACTOR) / EVALUATORS;
  const evaluators = evaluatorIds.map((id) => {
    const count = 2 + Math.floor(rnd() * 2);
    const languages: string[] = [];
    while (languages.length < count) languages.push(pickLanguage(rnd, languages));
    // Caps spread ±25% around the mean.
    const loadCap = Math.round(meanCap * (0.75 + rnd() * 0.5));
    return { id, languages, loadCap };
  });
  const perEntryConflicts = Math.round(EVALUATORS * CONFLICT_SHARE);
  const entries = Array.from({ length: ENTRIES }, (_, k) => {
    const conflicted = new Set<string>();
    while (conflicted.size < perEntryConflicts) conflicted.add(evaluatorIds[Math.floor(rnd() * EVALUATORS)]);
    return {
      id: `entry-${String(k).padStart(6, '0')}`,
      language: pickLanguage(rnd),
      conflictedEvaluatorIds: [...conflicted],
    };
  });
  return { evaluators, entries };
}

function main(): void {
  const t0 = performance.now();
  const { evaluators, entries } = build();
  const t1 = performance.now();
  const result = assign({ evaluators, entries, evaluatorsPerEntry: PER_ENTRY });
  const t2 = performance.now();

  const loads = result.loads.map((l) => l.load);
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  const capacity = evaluators.reduce((s, e) => s + e.loadCap, 0);
  const atCap = result.loads.filter((l) => l.load >= l.loadCap).length;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const mem = process.memoryUsage();
  console.log(`assignment benchmark (seed ${SEED})`);
  console.log(`  input: ${ENTRIES} entries × ${PER_ENTRY}, ${EVALUATORS} evaluators, capacity ${capacity} for ${ENTRIES * PER_ENTRY} places (${(capacity / (ENTRIES * PER_ENTRY)).toFixed(2)}×)`);
  console.log(`  conflicts: ${entries.reduce((s, e) => s + (e.conflictedEvaluatorIds?.length ?? 0), 0)} pairs`);
  console.log(`  build input: ${((t1 - t0) / 1000).toFixed(2)} s`);
  console.log(`  assign: ${((t2 - t1) / 1000).toFixed(2)} s wall`);
  console.log(`  assignments: ${result.assignments.length}`);
  console.log(`  entries staffed: ${ENTRIES - result.shortfalls.length}, not fully staffed: ${result.shortfalls.length}`);
  if (result.shortfalls.length > 0) console.log(`  e.g. ${result.shortfalls[0].message}`);
  console.log(`  load: max ${Math.max(...loads)}, min ${Math.min(...loads)}, mean ${mean.toFixed(1)}; ${atCap} evaluators at their cap`);
  console.log(`  memory: peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, heap used ${mb(mem.heapUsed)}`);
}

main();
