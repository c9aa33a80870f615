import { decideTrancheRequest, TrancheRequestInput } from './tranche-request';

/** The EEA grant's final tranche: 20 % of 17 740,80 EUR, held for the final report. */
const released = { sequence: 1, amountMinor: 1419264n, trigger: 'ON_AGREEMENT_SIGNED', releasedAt: new Date('2025-06-01T10:00:00Z') };
const held = { sequence: 2, amountMinor: 354816n, trigger: 'ON_FINAL_REPORT_APPROVED', releasedAt: null };
const input = (o: Partial<TrancheRequestInput> = {}): TrancheRequestInput => ({
  sequence: 1,
  tranche: released,
  amountMinor: null,
  alreadyRequestedMinor: 0n,
  ...o,
});
const codeOf = (o: ReturnType<typeof decideTrancheRequest>) => (o.ok ? 'OK' : o.code);

describe('decideTrancheRequest', () => {
  it('requests the whole tranche when no amount is named', () => {
    expect(decideTrancheRequest(input())).toEqual({ ok: true, value: { amountMinor: 1419264n } });
  });

  it('refuses a tranche the grant does not have, naming trancheSequence', () => {
    const o = decideTrancheRequest(input({ sequence: 7, tranche: undefined }));
    expect(o).toMatchObject({ ok: false, code: 'DISBURSEMENT.TRANCHE_NOT_FOUND', problems: [{ field: 'trancheSequence', code: 'NOT_FOUND' }] });
  });

  it('keeps the final-report tranche held, with or without an amount', () => {
    expect(codeOf(decideTrancheRequest(input({ sequence: 2, tranche: held })))).toBe('DISBURSEMENT.TRANCHE_NOT_RELEASED');
    expect(codeOf(decideTrancheRequest(input({ sequence: 2, tranche: held, amountMinor: 1n })))).toBe('DISBURSEMENT.TRANCHE_NOT_RELEASED');
  });

  it('allows parts of a tranche up to its amount in total, and no more', () => {
    expect(decideTrancheRequest(input({ amountMinor: 709632n }))).toEqual({ ok: true, value: { amountMinor: 709632n } });
    expect(decideTrancheRequest(input({ amountMinor: 709632n, alreadyRequestedMinor: 709632n }))).toEqual({ ok: true, value: { amountMinor: 709632n } });
    const over = decideTrancheRequest(input({ amountMinor: 709633n, alreadyRequestedMinor: 709632n }));
    expect(over).toMatchObject({ ok: false, code: 'DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED', problems: [{ field: 'amountMinor', code: 'EXCEEDS_AVAILABLE', params: { available: '709632' } }] });
    // Without an amount: what is left, and nothing once all of it is requested.
    expect(decideTrancheRequest(input({ alreadyRequestedMinor: 709632n }))).toEqual({ ok: true, value: { amountMinor: 709632n } });
    expect(codeOf(decideTrancheRequest(input({ alreadyRequestedMinor: 1419264n })))).toBe('DISBURSEMENT.TRANCHE_AMOUNT_EXCEEDED');
  });

  it('refuses a non-positive amount', () => {
    expect(codeOf(decideTrancheRequest(input({ amountMinor: 0n })))).toBe('DISBURSEMENT.AMOUNT_NOT_POSITIVE');
  });
});
