import { programmeProblems } from './programme-rules';

describe('programme rules', () => {
  it('accepts the MAKERS programme', () => {
    expect(programmeProblems({ currency: 'USD', budgetMinor: 42_500_000n, startsOn: '2020-03-01', endsOn: '2023-03-31' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(programmeProblems({ currency: 'XYZ', budgetMinor: 0n, startsOn: '2023-02-30', endsOn: '2022-01-01' }).map((p) => p.field)).toEqual([
      'currency',
      'budgetMinor',
      'startsOn',
    ]);
    expect(programmeProblems({ currency: 'MKD', budgetMinor: 1n, startsOn: '2023-10-31', endsOn: '2023-01-01' })).toMatchObject([
      { field: 'endsOn', reason: 'the programme must end after it starts' },
    ]);
  });
});
