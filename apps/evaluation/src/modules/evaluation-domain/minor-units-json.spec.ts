import { parseWithMinorUnits, stringifyWithMinorUnits } from './minor-units-json';
import { BudgetRules, promoteFromReserve, select, SelectionResult } from './selection';
import { MAKERS_POOL_MINOR, makersProposals } from './test/reference-programmes';

describe('minor-units JSON', () => {
  it('stores a selection and reads it back identical, money still bigint', () => {
    const rules: BudgetRules = { kind: 'LOCAL_INITIATIVE_COFUNDING', currency: 'USD', poolMinor: MAKERS_POOL_MINOR, minAwards: 8, reserveSize: 3 };
    const candidates = makersProposals().map((p, i) => ({
      entryId: p.entryId,
      position: i + 1,
      finalHundredths: 9000 - i * 10,
      passed: true,
      requestedMinor: p.requestedMinor,
    }));
    const s = promoteFromReserve(select(rules, candidates), { entryId: 'makers-01', kind: 'REVOKED', recoveredMinor: 100n }).selection;
    const text = stringifyWithMinorUnits(s);
    expect(text).toContain('"poolMinor":"40500000"');
    const back = parseWithMinorUnits<SelectionResult>(text);
    expect(back).toEqual(s);
    expect(typeof back.awards[0].amountMinor).toBe('bigint');
    // Rules round-trip too, arrays of amounts included.
    const prizes = { kind: 'ESSAY_CONTEST', currency: 'MKD', prizesMinor: [1_200_000n, 800_000n], reserveSize: 1 };
    expect(parseWithMinorUnits(stringifyWithMinorUnits(prizes))).toEqual(prizes);
  });

  it('refuses a "Minor" field that is not integer minor units', () => {
    expect(() => parseWithMinorUnits('{"amountMinor":"12.50"}')).toThrow(/amountMinor must hold integer minor units/);
    expect(() => parseWithMinorUnits('{"amountMinor":1250}')).toThrow(/integer minor units/);
  });
});
