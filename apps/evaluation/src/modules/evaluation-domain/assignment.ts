import { assertUniqueIds, compareCodeUnits, fmix32, fnv1a32 } from './stable-order';

/** An evaluator who accepted the call's panel. */
export interface PanelEvaluator {
  readonly id: string;
  /** Language codes the evaluator reads ("mk", "sq", …); matched case-insensitively. */
  readonly languages: readonly string[];
  /** Most entries this evaluator takes in this call, counting assignments already made. */
  readonly loadCap: number;
}

/** An eligible entry (past screening) to staff. */
export interface EntryToStaff {
  readonly id: string;
  readonly language: string;
  /** Evaluators this entry needs in total; defaults to the call's evaluatorsPerEntry (a divergent entry needs one more). */
  readonly required?: number;
  /** Never assign these (conflicts of interest, from findConflicts or declared). */
  readonly conflictedEvaluatorIds?: readonly string[];
  /** Never assign these either: they declined the entry, or already saw it (re-evaluation after an appeal). */
  readonly excludedEvaluatorIds?: readonly string[];
}

export interface Assignment {
  readonly entryId: string;
  readonly evaluatorId: string;
}

/** An assignment already in place. A submitted one stays even when its evaluator leaves the panel. */
export interface CurrentAssignment extends Assignment {
  readonly submitted?: boolean;
}

export interface AssignInput {
  readonly evaluators: readonly PanelEvaluator[];
  readonly entries: readonly EntryToStaff[];
  readonly evaluatorsPerEntry: number;
  /** Every assignment of the call already in place: counts towards load caps and towards staffing. */
  readonly existing?: readonly CurrentAssignment[];
}

/**
 * Why an entry could not be fully staffed. Every panel evaluator falls in exactly one bucket, tested
 * in this order: assigned, language, conflict, declined/seen, load cap — so the numbers add up to panelSize.
 */
export interface StaffingShortfall {
  readonly entryId: string;
  readonly language: string;
  readonly required: number;
  readonly assigned: number;
  readonly panelSize: number;
  readonly excludedByLanguage: number;
  readonly excludedByConflict: number;
  readonly excludedAsDeclinedOrSeen: number;
  readonly excludedByLoadCap: number;
  readonly message: string;
}

export interface EvaluatorLoad {
  readonly evaluatorId: string;
  readonly load: number;
  readonly loadCap: number;
}

export interface AssignResult {
  /** New assignments only, sorted by entry id then evaluator id. */
  readonly assignments: Assignment[];
  /** Entries left short, sorted by entry id. */
  readonly shortfalls: StaffingShortfall[];
  /** Load of every panel evaluator after this run (existing + new), sorted by id. */
  readonly loads: EvaluatorLoad[];
}

export type Release =
  /** The evaluator declines this entry; conflictDeclared when they declare a conflict on it. */
  | { readonly kind: 'DECLINED'; readonly entryId: string; readonly evaluatorId: string; readonly conflictDeclared?: boolean }
  /** The evaluator leaves the panel: every open (not submitted) assignment of theirs is freed. */
  | { readonly kind: 'DROPPED_OUT'; readonly evaluatorId: string };

export interface ReassignInput {
  /** The panel; an evaluator who dropped out may be listed or not, they are never picked again. */
  readonly evaluators: readonly PanelEvaluator[];
  /** At least the entries whose assignments are released (other entries are ignored). */
  readonly entries: readonly EntryToStaff[];
  readonly evaluatorsPerEntry: number;
  readonly current: readonly CurrentAssignment[];
  readonly releases: readonly Release[];
}

export interface ReassignResult extends AssignResult {
  /** Assignments removed by the releases, sorted by entry id then evaluator id. */
  readonly released: Assignment[];
}

/**
 * Staffs each entry with `required` evaluators who read its language, are not conflicted or
 * excluded on it, and are under their load cap. Each place goes to the least-loaded such evaluator
 * (absolute count); ties go to the smallest fmix32(hash(entry id) ^ hash(evaluator id)), then to the
 * smallest id — the hash varies the winner from entry to entry, so the same few evaluators do not
 * always sit together. Entries with the fewest eligible evaluators are staffed first, so scarce
 * evaluators (e.g. the only Vlach readers) are not used up by entries anyone could take.
 * Input order does not matter: everything is sorted by id first.
 */
export function assign(input: AssignInput): AssignResult {
  return staff(input.evaluators, input.entries, input.evaluatorsPerEntry, input.existing ?? []);
}

/**
 * Frees the released assignments and staffs only the places they leave, with the same rules;
 * every other assignment stays as it is. A decliner is never offered the same entry again; an
 * evaluator who dropped out is never offered anything. Entries that were already short for other
 * reasons are not topped up here (run `assign` with `existing` for that).
 */
export function reassign(input: ReassignInput): ReassignResult {
  const current = input.current;
  const byPair = new Map<string, CurrentAssignment>();
  for (const a of current) {
    const k = pairKey(a.entryId, a.evaluatorId);
    if (byPair.has(k)) throw new RangeError(`Duplicate assignment: entry ${a.entryId}, evaluator ${a.evaluatorId}`);
    byPair.set(k, a);
  }
  const releasedKeys = new Set<string>();
  const droppedOut = new Set<string>();
  // Per entry: evaluators now excluded (declined) or conflicted (declared on the spot).
  const declined = new Map<string, string[]>();
  const declaredConflicts = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);

  for (const r of input.releases) {
    if (r.kind === 'DECLINED') {
      const a = byPair.get(pairKey(r.entryId, r.evaluatorId));
      if (!a) throw new RangeError(`Evaluator ${r.evaluatorId} is not assigned to entry ${r.entryId}`);
      if (a.submitted) throw new RangeError(`Entry ${r.entryId}: evaluator ${r.evaluatorId} already submitted; reopen the score sheet first`);
      releasedKeys.add(pairKey(r.entryId, r.evaluatorId));
      push(r.conflictDeclared ? declaredConflicts : declined, r.entryId, r.evaluatorId);
    } else {
      droppedOut.add(r.evaluatorId);
      for (const a of current) {
        if (a.evaluatorId === r.evaluatorId && !a.submitted) {
          releasedKeys.add(pairKey(a.entryId, a.evaluatorId));
          push(declined, a.entryId, a.evaluatorId);
        }
      }
    }
  }

  const released = current
    .filter((a) => releasedKeys.has(pairKey(a.entryId, a.evaluatorId)))
    .map((a) => ({ entryId: a.entryId, evaluatorId: a.evaluatorId }))
    .sort(compareAssignments);
  const affected = new Set(released.map((a) => a.entryId));
  const entries = input.entries
    .filter((e) => affected.has(e.id))
    .map((e) => ({
      ...e,
      conflictedEvaluatorIds: [...(e.conflictedEvaluatorIds ?? []), ...(declaredConflicts.get(e.id) ?? [])],
      excludedEvaluatorIds: [...(e.excludedEvaluatorIds ?? []), ...(declined.get(e.id) ?? [])],
    }));
  const given = new Set(entries.map((e) => e.id));
  const missing = [...affected].filter((id) => !given.has(id)).sort(compareCodeUnits);
  if (missing.length > 0) throw new RangeError(`Entries to restaff are not in the input: ${missing.join(', ')}`);

  const kept = current.filter((a) => !releasedKeys.has(pairKey(a.entryId, a.evaluatorId)));
  const panel = input.evaluators.filter((e) => !droppedOut.has(e.id));
  const result = staff(panel, entries, input.evaluatorsPerEntry, kept);
  return { ...result, released };
}

function pairKey(entryId: string, evaluatorId: string): string {
  return `${entryId}\u0000${evaluatorId}`;
}

function compareAssignments(a: Assignment, b: Assignment): number {
  return compareCodeUnits(a.entryId, b.entryId) || compareCodeUnits(a.evaluatorId, b.evaluatorId);
}

function normaliseLanguage(code: string): string {
  return code.trim().toLowerCase();
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

const EMPTY: readonly string[] = [];

/**
 * The shared core. Evaluators and entries become dense indices (sorted by id); per language, the
 * evaluators with spare capacity sit in buckets by current load, so the least-loaded candidate is
 * found by scanning only the lowest non-empty bucket, not the whole panel. A per-entry stamp marks
 * the entry's conflicted, excluded and already-assigned evaluators in O(1).
 */
function staff(
  evaluatorsIn: readonly PanelEvaluator[],
  entriesIn: readonly EntryToStaff[],
  perEntry: number,
  existing: readonly CurrentAssignment[],
): AssignResult {
  assertCount(perEntry, 'evaluatorsPerEntry');
  assertUniqueIds(evaluatorsIn.map((e) => e.id), 'evaluator');
  assertUniqueIds(entriesIn.map((e) => e.id), 'entry');
  const evaluators = [...evaluatorsIn].sort((a, b) => compareCodeUnits(a.id, b.id));
  const entries = [...entriesIn].sort((a, b) => compareCodeUnits(a.id, b.id));
  const n = evaluators.length;
  const evIndex = new Map<string, number>();
  evaluators.forEach((e, i) => evIndex.set(e.id, i));

  const caps = new Int32Array(n);
  const hashes = new Uint32Array(n);
  const langIndex = new Map<string, number>();
  const langsOf: number[][] = [];
  const membersOf: number[][] = [];
  evaluators.forEach((e, i) => {
    assertCount(e.loadCap, `Load cap of evaluator ${e.id}`);
    caps[i] = e.loadCap;
    hashes[i] = fnv1a32(e.id);
    const own: number[] = [];
    for (const raw of e.languages) {
      const code = normaliseLanguage(raw);
      let l = langIndex.get(code);
      if (l === undefined) {
        l = langIndex.size;
        langIndex.set(code, l);
        membersOf.push([]);
      }
      if (!own.includes(l)) {
        own.push(l);
        membersOf[l].push(i);
      }
    }
    langsOf.push(own);
  });
  const L = langIndex.size;

  // Existing assignments: load of panel evaluators, and who already sits on each entry.
  const load = new Int32Array(n);
  const entryIndex = new Map<string, number>();
  entries.forEach((e, k) => entryIndex.set(e.id, k));
  const alreadyOn: number[][] = entries.map(() => []);
  const alreadyCount = new Int32Array(entries.length);
  const seenPairs = new Set<string>();
  for (const a of existing) {
    const key = pairKey(a.entryId, a.evaluatorId);
    if (seenPairs.has(key)) throw new RangeError(`Duplicate assignment: entry ${a.entryId}, evaluator ${a.evaluatorId}`);
    seenPairs.add(key);
    const i = evIndex.get(a.evaluatorId);
    if (i !== undefined) load[i]++;
    const k = entryIndex.get(a.entryId);
    if (k !== undefined) {
      alreadyCount[k]++;
      if (i !== undefined) alreadyOn[k].push(i);
    }
  }

  // Per language: buckets[load] = evaluators with spare capacity at that load; pos = place in bucket.
  const buckets: number[][][] = [];
  const pos: Int32Array[] = [];
  const minLoad = new Int32Array(L);
  const available = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    const b: number[][] = [];
    const p = new Int32Array(n).fill(-1);
    let min = Number.MAX_SAFE_INTEGER;
    for (const i of membersOf[l]) {
      if (load[i] >= caps[i]) continue;
      const bucket = (b[load[i]] ??= []);
      p[i] = bucket.length;
      bucket.push(i);
      available[l]++;
      if (load[i] < min) min = load[i];
    }
    buckets.push(b);
    pos.push(p);
    minLoad[l] = min === Number.MAX_SAFE_INTEGER ? b.length : min;
  }

  const raiseLoad = (i: number) => {
    const from = load[i];
    const to = from + 1;
    load[i] = to;
    for (const l of langsOf[i]) {
      const b = buckets[l];
      const p = pos[l];
      const bucket = b[from];
      const at = p[i];
      const last = bucket.pop()!;
      if (last !== i) {
        bucket[at] = last;
        p[last] = at;
      }
      if (to < caps[i]) {
        const next = (b[to] ??= []);
        p[i] = next.length;
        next.push(i);
      } else {
        p[i] = -1;
        available[l]--;
      }
      let m = minLoad[l];
      while (m < b.length && (b[m] === undefined || b[m].length === 0)) m++;
      minLoad[l] = m;
    }
  };

  // Stamps: mark[i] === stamp means "not a candidate for the current entry".
  const mark = new Int32Array(n);
  const conflictMark = new Int32Array(n);
  let stamp = 0;
  const indicesOf = (ids: readonly string[] | undefined): number[] => {
    const out: number[] = [];
    for (const id of ids ?? EMPTY) {
      const i = evIndex.get(id);
      if (i !== undefined) out.push(i);
    }
    return out;
  };

  interface Work {
    k: number;
    lang: number;
    need: number;
    required: number;
    conflicted: number[];
    excluded: number[];
    eligible: number;
  }
  const work: Work[] = [];
  entries.forEach((e, k) => {
    const required = e.required ?? perEntry;
    assertCount(required, `Required evaluators of entry ${e.id}`);
    const need = required - alreadyCount[k];
    if (need <= 0) return;
    const lang = langIndex.get(normaliseLanguage(e.language)) ?? -1;
    const conflicted = indicesOf(e.conflictedEvaluatorIds);
    const excluded = indicesOf(e.excludedEvaluatorIds);
    let eligible = 0;
    if (lang >= 0) {
      stamp++;
      let blocked = 0;
      for (const list of [conflicted, excluded, alreadyOn[k]]) {
        for (const i of list) {
          if (mark[i] === stamp) continue;
          mark[i] = stamp;
          if (pos[lang][i] >= 0) blocked++;
        }
      }
      eligible = available[lang] - blocked;
    }
    work.push({ k, lang, need, required, conflicted, excluded, eligible });
  });
  // Hardest first: fewest eligible, then most places to fill, then entry id (k follows id order).
  work.sort((a, b) => a.eligible - b.eligible || b.need - a.need || a.k - b.k);

  const picked: number[][] = entries.map(() => []);
  const shortfalls: StaffingShortfall[] = [];
  for (const w of work) {
    stamp++;
    for (const i of w.conflicted) mark[i] = conflictMark[i] = stamp;
    for (const i of w.excluded) mark[i] = stamp;
    for (const i of alreadyOn[w.k]) mark[i] = stamp;
    const mine = picked[w.k];
    if (w.lang >= 0) {
      const hE = fnv1a32(entries[w.k].id);
      const b = buckets[w.lang];
      while (mine.length < w.need) {
        let best = -1;
        let bestKey = 0;
        for (let ld = minLoad[w.lang]; ld < b.length && best < 0; ld++) {
          const bucket = b[ld];
          if (bucket === undefined) continue;
          for (let j = 0; j < bucket.length; j++) {
            const i = bucket[j];
            if (mark[i] === stamp) continue;
            const key = fmix32(hE ^ hashes[i]);
            if (best < 0 || key < bestKey || (key === bestKey && i < best)) {
              best = i;
              bestKey = key;
            }
          }
        }
        if (best < 0) break;
        mark[best] = stamp;
        mine.push(best);
        raiseLoad(best);
      }
    }
    if (mine.length < w.need) shortfalls.push(explain(w, stamp));
  }

  function explain(w: Work, s: number): StaffingShortfall {
    const entry = entries[w.k];
    const language = normaliseLanguage(entry.language);
    const assignedIdx = [...alreadyOn[w.k], ...picked[w.k]];
    const assignedSet = new Set(assignedIdx);
    const specials = new Set<number>([...assignedIdx, ...w.conflicted, ...w.excluded]);
    let assignedOnPanel = 0;
    let byLanguage = 0;
    let byConflict = 0;
    let byExclusion = 0;
    let specialsSpeakingAtCap = 0;
    const speakers = w.lang >= 0 ? membersOf[w.lang].length : 0;
    let specialsNotSpeaking = 0;
    for (const i of specials) {
      const speaks = w.lang >= 0 && langsOf[i].includes(w.lang);
      if (!speaks) specialsNotSpeaking++;
      else if (pos[w.lang][i] < 0) specialsSpeakingAtCap++;
      if (assignedSet.has(i)) assignedOnPanel++;
      else if (!speaks) byLanguage++;
      else if (conflictMark[i] === s) byConflict++;
      else byExclusion++;
    }
    byLanguage += n - speakers - specialsNotSpeaking;
    const byCap = w.lang >= 0 ? speakers - available[w.lang] - specialsSpeakingAtCap : 0;
    const assigned = alreadyCount[w.k] + picked[w.k].length;
    const parts = [
      `${w.lang < 0 ? `nobody reads ${language}, ` : ''}cannot read ${language}: ${byLanguage}`,
      `conflict of interest: ${byConflict}`,
      `declined or already saw it: ${byExclusion}`,
      `at load cap: ${byCap}`,
      `assigned: ${assignedOnPanel}`,
    ];
    return {
      entryId: entry.id,
      language,
      required: w.required,
      assigned,
      panelSize: n,
      excludedByLanguage: byLanguage,
      excludedByConflict: byConflict,
      excludedAsDeclinedOrSeen: byExclusion,
      excludedByLoadCap: byCap,
      message:
        `Entry ${entry.id} (${language}) needs ${w.required} evaluators and has ${assigned}. ` +
        `Panel of ${n}, ${parts.join('; ')}.`,
    };
  }

  const assignments: Assignment[] = [];
  entries.forEach((e, k) => {
    for (const i of [...picked[k]].sort((a, b) => a - b)) assignments.push({ entryId: e.id, evaluatorId: evaluators[i].id });
  });
  shortfalls.sort((a, b) => compareCodeUnits(a.entryId, b.entryId));
  const loads = evaluators.map((e, i) => ({ evaluatorId: e.id, load: load[i], loadCap: e.loadCap }));
  return { assignments, shortfalls, loads };
}
