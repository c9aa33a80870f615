import { AmendableCall, planAmendment } from './amendment-rules';

const NOW = new Date('2023-03-01T10:00:00Z');
const open = (over: Partial<AmendableCall> = {}): AmendableCall => ({
  status: 'OPEN',
  closesAt: new Date('2023-03-31T21:59:00Z'),
  defaultLanguage: 'mk',
  texts: { mk: { title: 'Мојот сограѓанин од соседната улица', summary: 'Конкурс', body: 'Текст' } },
  submissionLanguages: ['mk'],
  ...over,
});

describe('amendments', () => {
  it('extends a deadline and records the change', () => {
    const d = planAmendment(open(), { reason: 'schools asked for more time', closesAt: new Date('2023-04-15T21:59:00Z') }, NOW);
    expect(d).toEqual({
      outcome: 'AMEND',
      plan: expect.objectContaining({
        closesAt: new Date('2023-04-15T21:59:00Z'),
        changes: [{ type: 'DEADLINE_EXTENDED', from: '2023-03-31T21:59:00.000Z', to: '2023-04-15T21:59:00.000Z' }],
      }),
    });
  });

  it.each(['OPEN', 'SCHEDULED'] as const)('never shortens the deadline of a %s call', (status) => {
    const d = planAmendment(open({ status }), { reason: 'typo', closesAt: new Date('2023-03-30T21:59:00Z') }, NOW);
    expect(d.outcome).toBe('INVALID');
    expect(d.outcome === 'INVALID' && d.problems).toMatchObject([
      { field: 'closesAt', reason: expect.stringMatching(/can only be extended, never shortened/) },
    ]);
  });

  it('corrects a text and adds a language and a submission language, exactly as given', () => {
    const d = planAmendment(
      open(),
      {
        reason: 'translation',
        texts: { mk: { title: 'Мојот сограѓанин од соседната улица', summary: 'Конкурс за есеј', body: 'Текст' }, sq: { title: 'Bashkëqytetari im' } },
        addSubmissionLanguages: ['sq'],
      },
      NOW,
    );
    expect(d.outcome).toBe('AMEND');
    if (d.outcome !== 'AMEND') return;
    expect(d.plan.changes).toEqual([
      { type: 'TEXT_CORRECTED', language: 'mk' },
      { type: 'LANGUAGE_ADDED', language: 'sq' },
      { type: 'SUBMISSION_LANGUAGE_ADDED', language: 'sq' },
    ]);
    expect(d.plan.texts.sq.title).toBe('Bashkëqytetari im');
    expect(d.plan.submissionLanguages).toEqual(['mk', 'sq']);
  });

  it('refuses an amendment that changes nothing, and an incomplete default text', () => {
    expect(planAmendment(open(), { reason: 'nothing', closesAt: new Date('2023-03-31T21:59:00Z') }, NOW)).toMatchObject({
      outcome: 'INVALID',
      problems: [{ field: '(body)', reason: 'the amendment changes nothing' }],
    });
    const d = planAmendment(open(), { reason: 'oops', texts: { mk: { title: 'Нов наслов' } } }, NOW);
    expect(d.outcome === 'INVALID' && d.problems.map((p) => p.field)).toEqual(['texts.mk.summary', 'texts.mk.body']);
  });

  it('after the close, texts can still be corrected but the deadline and languages cannot move', () => {
    const closed = open({ status: 'CLOSED', closesAt: new Date('2023-02-28T21:59:00Z') });
    const d = planAmendment(closed, { reason: 'late', closesAt: new Date('2023-04-01T00:00:00Z'), addSubmissionLanguages: ['sq'] }, NOW);
    expect(d.outcome === 'INVALID' && d.problems.map((p) => p.field)).toEqual(['closesAt', 'addSubmissionLanguages[0]']);
    const t = planAmendment(closed, { reason: 'typo', texts: { en: { title: 'My fellow citizen' } } }, NOW);
    expect(t.outcome).toBe('AMEND');
  });

  it('refuses drafts, cancelled and archived calls outright', () => {
    for (const status of ['DRAFT', 'CANCELLED', 'ARCHIVED'] as const) {
      expect(planAmendment(open({ status }), { reason: 'x', closesAt: new Date('2023-05-01T00:00:00Z') }, NOW).outcome).toBe('REFUSED');
    }
  });
});
