import { assign, conflictedEvaluatorIdsByEntry, findConflicts } from '../evaluation-domain';
import { AssignmentRecord, EntryRecord, PanelRecord } from './evaluation.repository';
import { entriesToStaff, existingOf, panelOf, partiesOf, profileOf, StaffingSnapshot, UNCAPPED_LOAD } from './staffing.service';

const ev = (n: number, over: Partial<PanelRecord['profile']> = {}, maxLoad: number | null = null): PanelRecord => ({
  callId: 'call',
  evaluatorId: `ev-${n}`,
  status: 'ACCEPTED',
  maxLoad,
  declared: {},
  invitedAt: new Date(0),
  respondedAt: null,
  profile: {
    userId: `ev-${n}`,
    displayName: `Evaluator ${n}`,
    email: `ev${n}@example.org`,
    organisation: null,
    languages: ['mk'],
    expertise: [],
    maxLoadPerCall: null,
    declared: {},
    updatedAt: new Date(0),
    ...over,
  },
});
const entry = (id: string, round = 1): EntryRecord => ({
  applicationId: id,
  callId: 'call',
  reference: `REF-${id}`,
  language: 'mk',
  submittedAt: '2023-05-01T10:00:00.000Z',
  round,
  eligible: true,
  requestedMinor: null,
  hasContent: true,
});
const assignment = (applicationId: string, evaluatorId: string, over: Partial<AssignmentRecord> = {}): AssignmentRecord => ({
  id: `${applicationId}/${evaluatorId}`,
  callId: 'call',
  applicationId,
  evaluatorId,
  round: 1,
  reason: 'INITIAL',
  status: 'ACTIVE',
  releasedReason: null,
  createdAt: new Date(0),
  sheetStatus: 'SUBMITTED',
  ...over,
});

describe('staffing orchestration helpers', () => {
  it('takes the per-call cap over the profile’s, and leaves an evaluator without a cap effectively uncapped', () => {
    const s = { panel: [ev(1, { maxLoadPerCall: 9 }, 4), ev(2, { maxLoadPerCall: 9 }), ev(3)] } as StaffingSnapshot;
    expect(panelOf(s).map((p) => p.loadCap)).toEqual([4, 9, UNCAPPED_LOAD]);
  });

  it('keeps an earlier round’s work on the load but not on the new round’s places, and excludes everyone who saw the entry', () => {
    const s: StaffingSnapshot = {
      callId: 'call',
      panel: [1, 2, 3, 4, 5].map((n) => ev(n)),
      entries: [entry('a', 2), entry('b')],
      assignments: [
        assignment('a', 'ev-1'),
        assignment('a', 'ev-2'),
        assignment('a', 'ev-3', { status: 'RELEASED', releasedReason: 'DECLINED', sheetStatus: null }),
        assignment('b', 'ev-4', { sheetStatus: 'DRAFT' }),
      ],
      parties: new Map(),
    };
    expect(existingOf(s)).toEqual([
      { entryId: 'a#round-1', evaluatorId: 'ev-1', submitted: true },
      { entryId: 'a#round-1', evaluatorId: 'ev-2', submitted: true },
      { entryId: 'b', evaluatorId: 'ev-4', submitted: false },
    ]);
    const toStaff = entriesToStaff(s, new Map());
    expect(toStaff.find((e) => e.id === 'a')?.excludedEvaluatorIds).toEqual(['ev-1', 'ev-2', 'ev-3']);
    expect(toStaff.find((e) => e.id === 'b')?.excludedEvaluatorIds).toEqual([]);
    // Re-evaluating "a" with two evaluators: only those who never held it.
    const r = assign({ evaluators: panelOf(s), entries: toStaff.filter((e) => e.id === 'a'), evaluatorsPerEntry: 2, existing: existingOf(s) });
    expect(r.assignments.map((x) => x.evaluatorId).sort()).toEqual(['ev-4', 'ev-5']);
  });

  it('maps the contract’s conflict parties and the evaluator’s declarations to the pure core, and detects from them', () => {
    const parties = partiesOf('e1', {
      applicantOrganisation: 'СУГС „Раде Јовчевски Корчагин“',
      applicantEmail: 'ana@korcagin.edu.mk',
      partnerOrganisations: ['Здружение Интегра Нау'],
      partnerEmails: ['info@integra.mk'],
      partnerMunicipality: 'Travnik',
    });
    expect(parties).toEqual({
      entryId: 'e1',
      applicant: { organisation: { name: 'СУГС „Раде Јовчевски Корчагин“' }, email: 'ana@korcagin.edu.mk' },
      partners: [{ organisation: { name: 'Здружение Интегра Нау' } }, { email: 'info@integra.mk' }],
      partnerMunicipality: { name: 'Travnik' },
    });
    const teacher = ev(1, { organisation: 'сугс „раде јовчевски корчагин“' });
    const declared = { ...ev(2, { declared: { municipalities: ['Travnik'] } }), declared: { persons: ['info@integra.mk'] } };
    const sameDomain = ev(3, { email: 'marija@integra.mk' });
    const other = ev(4);
    const conflictOnEntry = ev(5);
    const assignments = [assignment('e1', 'ev-5', { status: 'RELEASED', releasedReason: 'CONFLICT_DECLARED' })];
    const profiles = [teacher, declared, sameDomain, other, conflictOnEntry].map((p) => profileOf(p, assignments));
    expect(profiles[1].declared).toEqual({ organisations: [], municipalities: ['Travnik'], persons: ['info@integra.mk'], entryIds: [] });
    expect(profiles[4].declared?.entryIds).toEqual(['e1']);
    const found = conflictedEvaluatorIdsByEntry(findConflicts(profiles, [parties]));
    expect(found.get('e1')).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-5']);
  });

  it('gives an entry without parties an empty applicant: nothing to match, nothing invented', () => {
    expect(partiesOf('e2', undefined)).toEqual({ entryId: 'e2', applicant: {}, partners: [] });
  });
});
