import { assign, AssignResult, EntryToStaff, PanelEvaluator, reassign, StaffingShortfall } from './assignment';
import { conflictedEvaluatorIdsByEntry, findConflicts } from './conflicts';
import {
  makersPanel,
  makersParties,
  makersProposals,
  mkEssayParties,
  mkEssays,
  mkJury,
  shuffled,
  toEntryToStaff,
} from './test/reference-programmes';

function mkInput() {
  const jury = mkJury();
  const essays = mkEssays();
  const conflicts = conflictedEvaluatorIdsByEntry(findConflicts(jury, essays.map(mkEssayParties)));
  const entries = essays.map((e) => toEntryToStaff(e, conflicts.get(e.entryId)));
  const evaluators: PanelEvaluator[] = jury.map(({ id, languages, loadCap }) => ({ id, languages, loadCap }));
  return { evaluators, entries, evaluatorsPerEntry: 2 };
}

function byEntry(result: AssignResult): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const a of result.assignments) m.set(a.entryId, [...(m.get(a.entryId) ?? []), a.evaluatorId]);
  return m;
}

/** Every rule at once: language, conflicts, exclusions, caps, no evaluator twice on an entry. */
function expectValid(input: { evaluators: readonly PanelEvaluator[]; entries: readonly EntryToStaff[] }, result: AssignResult) {
  const ev = new Map(input.evaluators.map((e) => [e.id, e]));
  const en = new Map(input.entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  for (const a of result.assignments) {
    const key = `${a.entryId}|${a.evaluatorId}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    const entry = en.get(a.entryId)!;
    expect(ev.get(a.evaluatorId)!.languages).toContain(entry.language);
    expect(entry.conflictedEvaluatorIds ?? []).not.toContain(a.evaluatorId);
    expect(entry.excludedEvaluatorIds ?? []).not.toContain(a.evaluatorId);
  }
  for (const l of result.loads) expect(l.load).toBeLessThanOrEqual(l.loadCap);
}

function expectExplained(s: StaffingShortfall) {
  // Every panel evaluator is in exactly one bucket.
  const assignedOnPanel = s.panelSize - s.excludedByLanguage - s.excludedByConflict - s.excludedAsDeclinedOrSeen - s.excludedByLoadCap;
  expect(assignedOnPanel).toBeGreaterThanOrEqual(0);
  expect(assignedOnPanel).toBeLessThanOrEqual(s.assigned);
  expect(s.assigned).toBeLessThan(s.required);
}

describe('assign', () => {
  it('staffs the MK essay contest: 30 essays, 2 jurors each, languages and conflicts respected, caps kept', () => {
    const input = mkInput();
    const result = assign(input);
    expect(result.shortfalls).toEqual([]);
    expect(result.assignments).toHaveLength(60);
    expectValid(input, result);
    for (const [, jurors] of byEntry(result)) expect(new Set(jurors).size).toBe(2);
    expect(result.loads.reduce((s, l) => s + l.load, 0)).toBe(60);
    // The Корчагин teacher never judges that school's essays.
    for (const id of ['mk-essay-02', 'mk-essay-08', 'mk-essay-14', 'mk-essay-20', 'mk-essay-26']) {
      expect(byEntry(result).get(id)).not.toContain('juror-3');
    }
  });

  it('gives the same result for shuffled input', () => {
    const input = mkInput();
    const expected = assign(input);
    for (const seed of [1, 2, 3]) {
      const again = assign({
        ...input,
        evaluators: shuffled(input.evaluators, seed).map((e) => ({ ...e, languages: shuffled(e.languages, seed) })),
        entries: shuffled(input.entries, seed + 10).map((e) => ({ ...e, conflictedEvaluatorIds: shuffled(e.conflictedEvaluatorIds ?? [], seed) })),
      });
      expect(again).toEqual(expected);
    }
  });

  it('balances load: 10 evaluators, 20 entries × 2 → 4 each', () => {
    const evaluators = Array.from({ length: 10 }, (_, i) => ({ id: `ev-${i}`, languages: ['bs'], loadCap: 10 }));
    const entries = Array.from({ length: 20 }, (_, i) => ({ id: `e-${String(i).padStart(2, '0')}`, language: 'BS' }));
    const result = assign({ evaluators, entries, evaluatorsPerEntry: 2 });
    expect(result.loads.map((l) => l.load)).toEqual(Array(10).fill(4));
    // The hash tie-break varies who sits together: not always the same pairs.
    const pairs = new Set([...byEntry(result).values()].map((p) => p.join('+')));
    expect(pairs.size).toBeGreaterThan(10);
  });

  it('staffs the hardest entry first so a scarce evaluator is not used up by an easy one', () => {
    // Only ev-a reads Turkish. The Macedonian essay sorts first by id, anyone can take it, and
    // ev-a is the less loaded: taken in id order it would use up ev-a and leave the Turkish one unstaffed.
    const evaluators = [
      { id: 'ev-a', languages: ['mk', 'tr'], loadCap: 1 },
      { id: 'ev-b', languages: ['mk'], loadCap: 2 },
    ];
    const entries = [
      { id: 'a-mk', language: 'mk' },
      { id: 'b-tr', language: 'tr' },
    ];
    const existing = [{ entryId: 'z-earlier', evaluatorId: 'ev-b' }];
    const result = assign({ evaluators, entries, evaluatorsPerEntry: 1, existing });
    expect(result.shortfalls).toEqual([]);
    expect(result.assignments).toEqual([
      { entryId: 'a-mk', evaluatorId: 'ev-b' },
      { entryId: 'b-tr', evaluatorId: 'ev-a' },
    ]);
  });

  it('explains an entry with too few evaluators free of conflicts', () => {
    const input = mkInput();
    // The Serbian essay mk-essay-27 can only go to juror-3 and juror-4; juror-4 is conflicted on it.
    const entries = input.entries.map((e) => (e.id === 'mk-essay-27' ? { ...e, conflictedEvaluatorIds: ['juror-4'] } : e));
    const result = assign({ ...input, entries });
    expect(result.shortfalls).toHaveLength(1);
    const s = result.shortfalls[0];
    expect(s).toMatchObject({
      entryId: 'mk-essay-27',
      language: 'sr',
      required: 2,
      assigned: 1,
      panelSize: 5,
      excludedByLanguage: 3,
      excludedByConflict: 1,
      excludedAsDeclinedOrSeen: 0,
      excludedByLoadCap: 0,
    });
    expect(s.message).toBe(
      'Entry mk-essay-27 (sr) needs 2 evaluators and has 1. Panel of 5, cannot read sr: 3; ' +
        'conflict of interest: 1; declined or already saw it: 0; at load cap: 0; assigned: 1.',
    );
    expectExplained(s);
    expect(byEntry(result).get('mk-essay-27')).toEqual(['juror-3']);
    expect(result.assignments).toHaveLength(59);
  });

  it('explains an entry in a language nobody reads, and entries left over when caps run out', () => {
    const evaluators = [
      { id: 'ev-1', languages: ['bs'], loadCap: 2 },
      { id: 'ev-2', languages: ['bs', 'sr'], loadCap: 2 },
    ];
    const entries = [
      { id: 'e-1', language: 'bs' },
      { id: 'e-2', language: 'bs' },
      { id: 'e-3', language: 'bs' },
      { id: 'e-4', language: 'rom' },
    ];
    const result = assign({ evaluators, entries, evaluatorsPerEntry: 2 });
    expect(result.assignments).toHaveLength(4);
    const rom = result.shortfalls.find((s) => s.entryId === 'e-4')!;
    expect(rom.message).toContain('nobody reads rom');
    expect(rom.excludedByLanguage).toBe(2);
    const capped = result.shortfalls.find((s) => s.entryId !== 'e-4')!;
    expect(capped.assigned).toBe(0);
    expect(capped.excludedByLoadCap).toBe(2);
    for (const s of result.shortfalls) expectExplained(s);
  });

  it('counts existing assignments towards caps and staffing, and adds only the missing place for a divergent entry', () => {
    const evaluators = ['ev-1', 'ev-2', 'ev-3', 'ev-4'].map((id) => ({ id, languages: ['sq'], loadCap: 3 }));
    const existing = [
      { entryId: 'e-1', evaluatorId: 'ev-1', submitted: true },
      { entryId: 'e-1', evaluatorId: 'ev-2', submitted: true },
      { entryId: 'other', evaluatorId: 'ev-3' },
      { entryId: 'other-2', evaluatorId: 'ev-3' },
      { entryId: 'other-3', evaluatorId: 'ev-3' },
    ];
    // e-1's two totals diverged: it now needs a third evaluator, who is neither of the first two; ev-3 is full.
    const result = assign({ evaluators, entries: [{ id: 'e-1', language: 'sq', required: 3 }], evaluatorsPerEntry: 2, existing });
    expect(result.assignments).toEqual([{ entryId: 'e-1', evaluatorId: 'ev-4' }]);
    expect(result.loads.map((l) => l.load)).toEqual([1, 1, 3, 1]);
  });

  it('refuses duplicate ids and meaningless counts', () => {
    const ev = { id: 'x', languages: ['mk'], loadCap: 1 };
    expect(() => assign({ evaluators: [ev, ev], entries: [], evaluatorsPerEntry: 1 })).toThrow(/Duplicate evaluator/);
    expect(() => assign({ evaluators: [ev], entries: [{ id: 'e', language: 'mk' }, { id: 'e', language: 'mk' }], evaluatorsPerEntry: 1 })).toThrow(/Duplicate entry/);
    expect(() => assign({ evaluators: [{ ...ev, loadCap: 1.5 }], entries: [], evaluatorsPerEntry: 1 })).toThrow(/Load cap/);
    expect(() => assign({ evaluators: [ev], entries: [], evaluatorsPerEntry: -1 })).toThrow(/evaluatorsPerEntry/);
  });

  it('staffs the MAKERS call without putting Pale or Mostar staff on their own municipalities', () => {
    const panel = makersPanel();
    const proposals = makersProposals();
    const conflicts = conflictedEvaluatorIdsByEntry(findConflicts(panel, proposals.map(makersParties)));
    const entries = proposals.map((p) => toEntryToStaff(p, conflicts.get(p.entryId)));
    const input = { evaluators: panel, entries, evaluatorsPerEntry: 2 };
    const result = assign(input);
    expect(result.shortfalls).toEqual([]);
    expect(result.assignments).toHaveLength(50);
    expectValid(input, result);
  });
});

describe('reassign', () => {
  it('replaces a decliner on that entry only, never offering it back to them', () => {
    const input = mkInput();
    const first = assign(input);
    const target = first.assignments.find((a) => a.entryId === 'mk-essay-01')!;
    const result = reassign({
      ...input,
      current: first.assignments,
      releases: [{ kind: 'DECLINED', entryId: target.entryId, evaluatorId: target.evaluatorId }],
    });
    expect(result.released).toEqual([target]);
    expect(result.assignments).toHaveLength(1);
    expect(result.assignments[0].entryId).toBe('mk-essay-01');
    expect(result.assignments[0].evaluatorId).not.toBe(target.evaluatorId);
    const other = first.assignments.find((a) => a.entryId === 'mk-essay-01' && a !== target)!;
    expect(result.assignments[0].evaluatorId).not.toBe(other.evaluatorId);
    expect(result.shortfalls).toEqual([]);
  });

  it('counts a conflict declared on an assigned entry as a conflict when nobody else can take it', () => {
    const evaluators = [
      { id: 'ev-1', languages: ['tr'], loadCap: 5 },
      { id: 'ev-2', languages: ['tr'], loadCap: 5 },
    ];
    const entries = [{ id: 'e-tr', language: 'tr' }];
    const first = assign({ evaluators, entries, evaluatorsPerEntry: 2 });
    const result = reassign({
      evaluators,
      entries,
      evaluatorsPerEntry: 2,
      current: first.assignments,
      releases: [{ kind: 'DECLINED', entryId: 'e-tr', evaluatorId: 'ev-2', conflictDeclared: true }],
    });
    expect(result.assignments).toEqual([]);
    expect(result.shortfalls[0]).toMatchObject({ assigned: 1, excludedByConflict: 1, excludedAsDeclinedOrSeen: 0 });
  });

  it('frees the open assignments of an evaluator who drops out, keeps the submitted ones, touches nothing else', () => {
    const base = mkInput();
    const first = assign(base);
    // Room for the others to take over juror-1's essays.
    const input = { ...base, evaluators: base.evaluators.map((e) => ({ ...e, loadCap: 20 })) };
    const mine = first.assignments.filter((a) => a.evaluatorId === 'juror-1');
    const submittedEntry = mine[0].entryId;
    const current = first.assignments.map((a) => (a.evaluatorId === 'juror-1' && a.entryId === submittedEntry ? { ...a, submitted: true } : a));
    const result = reassign({ ...input, current, releases: [{ kind: 'DROPPED_OUT', evaluatorId: 'juror-1' }] });
    expect(result.released).toHaveLength(mine.length - 1);
    expect(result.released.every((a) => a.evaluatorId === 'juror-1')).toBe(true);
    expect(result.assignments.every((a) => a.evaluatorId !== 'juror-1')).toBe(true);
    expect(new Set(result.assignments.map((a) => a.entryId))).toEqual(new Set(result.released.map((a) => a.entryId)));
    expect(result.shortfalls).toEqual([]);
    // Loads: the kept assignments plus the new ones, caps respected.
    const kept = current.length - result.released.length;
    expect(result.loads.reduce((s, l) => s + l.load, 0)).toBe(kept + result.assignments.length - 1);
    expect(result.loads.find((l) => l.evaluatorId === 'juror-1')).toBeUndefined();
    expectValid(input, result);
  });

  it('refuses to release what is not assigned or already submitted', () => {
    const input = mkInput();
    const current = [{ entryId: 'mk-essay-01', evaluatorId: 'juror-1', submitted: true }];
    expect(() => reassign({ ...input, current, releases: [{ kind: 'DECLINED', entryId: 'mk-essay-01', evaluatorId: 'juror-1' }] })).toThrow(
      /already submitted/,
    );
    expect(() => reassign({ ...input, current, releases: [{ kind: 'DECLINED', entryId: 'mk-essay-02', evaluatorId: 'juror-1' }] })).toThrow(
      /not assigned/,
    );
  });
});
