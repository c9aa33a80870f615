import type { Draft } from '../../api/types';
import { budgetLineIssues, budgetLinesPatch, activitiesPatch } from './kindValues';
import { localInitiativePatch, localInitiativeValuesOf } from './localInitiativeValues';
import { monthsPatch, ngoGrantPatch, ngoGrantValuesOf } from './ngoGrantValues';

const draft = (content: Record<string, unknown>, applicant: Record<string, string> = {}): Draft =>
  ({ id: 'a', callId: 'c', status: 'DRAFT', version: 1, content, applicant, attachments: [], problems: [] }) as unknown as Draft;

describe('budget lines', () => {
  it('are sent as minor units; empty rows are dropped', () => {
    expect(
      budgetLinesPatch(
        [
          { description: 'Radovi', category: '', amount: '8.100,00' },
          { description: '', category: '', amount: '' },
          { description: 'Oprema', category: 'oprema', amount: '1900' },
        ],
        'USD',
      ),
    ).toEqual([
      { description: 'Radovi', amountMinor: '810000' },
      { description: 'Oprema', category: 'oprema', amountMinor: '190000' },
    ]);
  });
  it('are held back while a line cannot be sent, and the line says why', () => {
    const lines = [
      { description: 'Radovi', category: '', amount: '12,3456' },
      { description: '', category: '', amount: '5' },
    ];
    expect(budgetLinesPatch(lines, 'USD')).toBeUndefined();
    expect(budgetLineIssues(lines, 'USD')).toEqual([
      { index: 0, field: 'amountMinor', reason: 'DECIMALS' },
      { index: 1, field: 'description', reason: 'REQUIRED' },
    ]);
  });
  it('an emptied list is cleared', () => {
    expect(budgetLinesPatch([{ description: ' ', category: '', amount: '' }], 'USD')).toBeNull();
  });
});

describe('activities and months', () => {
  it('need a title to be sent', () => {
    expect(activitiesPatch([{ title: '', description: 'x', startsOn: '', endsOn: '' }])).toBeUndefined();
    expect(activitiesPatch([{ title: 'Kruglи сто', description: '', startsOn: '2021-05-03', endsOn: '' }])).toEqual([{ title: 'Kruglи сто', startsOn: '2021-05-03' }]);
  });
  it('months are whole numbers 1–120', () => {
    expect(monthsPatch('10')).toBe(10);
    expect(monthsPatch('')).toBeNull();
    expect(monthsPatch('10.5')).toBeUndefined();
    expect(monthsPatch('0')).toBeUndefined();
  });
});

describe('a MAKERS draft round-trips through the form', () => {
  it('reads the stored minor units as decimal text and writes them back exactly', () => {
    const d = draft(
      {
        title: 'Park u Trebinju',
        partnerMunicipality: 'Trebinje',
        requestedAmountMinor: '810000',
        municipalityCoFundingMinor: '200000',
        budgetLines: [{ description: 'Radovi', amountMinor: '1010000' }],
        objectives: ['Uređen park'],
        sections: { problem: 'Nema parka.' },
      },
      { fullName: 'Amra H.', applicantType: 'INFORMAL_GROUP' },
    );
    const v = localInitiativeValuesOf(d, 'USD');
    expect(v.requested).toBe('8100.00');
    expect(v.budgetLines[0]!.amount).toBe('10100.00');
    const p = localInitiativePatch(v, 'USD', ['problem']);
    expect(p).toMatchObject({
      title: 'Park u Trebinju',
      partnerMunicipality: 'Trebinje',
      requestedAmountMinor: '810000',
      municipalityCoFundingMinor: '200000',
      otherCoFundingMinor: null,
      budgetLines: [{ description: 'Radovi', amountMinor: '1010000' }],
      objectives: ['Uređen park'],
      targetGroups: null,
      sections: { problem: 'Nema parka.' },
      applicant: { fullName: 'Amra H.', applicantType: 'INFORMAL_GROUP', email: null },
    });
  });
  it('an amount still being typed is left out of the save, not cleared', () => {
    const v = { ...localInitiativeValuesOf(draft({}), 'USD'), requested: '8.100,' };
    expect(localInitiativePatch(v, 'USD', [])).not.toHaveProperty('requestedAmountMinor');
  });
});

describe('an NGO draft', () => {
  it('sends partners, results and the duration', () => {
    const v = ngoGrantValuesOf(draft({ requestedAmountMinor: '1774080', durationMonths: 10, partners: [{ name: 'Областна администрация – Русе' }] }), 'EUR');
    expect(v.requested).toBe('17740.80');
    expect(v.durationMonths).toBe('10');
    const p = ngoGrantPatch({ ...v, results: ['кръгла маса', ' '] }, 'EUR', ['indicators']);
    expect(p).toMatchObject({
      requestedAmountMinor: '1774080',
      durationMonths: 10,
      partners: [{ name: 'Областна администрация – Русе' }],
      results: ['кръгла маса'],
      sections: { indicators: null },
    });
  });
});
