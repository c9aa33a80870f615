import { coFundingShare, formatShare, parseAmount, parseAmountIn, sumAmounts } from './amounts';

describe('parseAmount: decimal text to minor units, exactly', () => {
  it.each([
    ['1234.56', '123456'],
    ['1234,56', '123456'],
    ['1.234,56', '123456'],
    ['1,234.56', '123456'],
    ['1 234,5', '123450'],
    ['1\u00A0234', '123400'],
    ['12.500', '1250000'], // one mark, three digits after it: thousands (USD has two)
    ['5,000', '500000'],
    ['0,2', '20'],
    [',5', '50'],
    ['17740.80', '1774080'],
    ['0.10', '10'],
    ['000012', '1200'],
    ['1.50000', '150'],
    ['12,345,678.90', '1234567890'],
  ])('%s → %s cents', (text, minor) => {
    expect(parseAmount(text, 2)).toEqual({ ok: true, minor });
  });

  it('never goes through a float: 0.1 + 0.2 style amounts stay exact', () => {
    expect(parseAmount('0.29', 2)).toEqual({ ok: true, minor: '29' });
    expect(parseAmount('1.005', 3)).toEqual({ ok: true, minor: '1005' });
    expect(parseAmount('9007199254740.99', 2)).toEqual({ ok: true, minor: '900719925474099' });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['abc', 'FORMAT'],
    ['-5', 'FORMAT'],
    ['1e3', 'FORMAT'],
    ['1.2.3', 'FORMAT'],
    ['1,23.45', 'FORMAT'],
    ['8.100,', 'FORMAT'],
    ['12.', 'FORMAT'],
    ['1.2345', 'DECIMALS'],
    ['1.234,567', 'DECIMALS'],
    ['12345678901234.00', 'TOO_LARGE'],
  ])('%j is refused (%s)', (text, reason) => {
    expect(parseAmount(text, 2)).toEqual({ ok: false, reason });
  });

  it('uses the currency’s minor digits (JPY none, KWD three)', () => {
    expect(parseAmountIn('1500', 'JPY')).toEqual({ ok: true, minor: '1500' });
    expect(parseAmountIn('1,5', 'JPY')).toEqual({ ok: false, reason: 'DECIMALS' });
    expect(parseAmountIn('1.250', 'KWD')).toEqual({ ok: true, minor: '1250' });
    expect(parseAmountIn('25.5', 'USD')).toEqual({ ok: true, minor: '2550' });
  });
});

describe('coFundingShare: the municipality’s share of the whole budget, decided as the service does', () => {
  it('19 % of the total is below a 20 % minimum, 20 % is not', () => {
    // requested 8 100 + municipality 1 900 = 10 000 → 19 %
    expect(coFundingShare(810000n, 190000n, undefined, 20)).toEqual({ total: 1000000n, hundredths: 1900n, below: true });
    expect(coFundingShare(800000n, 200000n, undefined, 20)).toEqual({ total: 1000000n, hundredths: 2000n, below: false });
  });
  it('counts other co-funding in the total', () => {
    expect(coFundingShare(700000n, 250000n, 100000n, 20)?.below).toBe(false); // 23.8 %
    expect(coFundingShare(700000n, 200000n, 200000n, 20)?.below).toBe(true); // 18.18 %
  });
  it('a hair under the minimum is below (no rounding up)', () => {
    expect(coFundingShare(800001n, 200000n, undefined, 20)).toMatchObject({ hundredths: 1999n, below: true });
  });
  it('gives nothing until both amounts are there', () => {
    expect(coFundingShare(undefined, 5n, undefined, 20)).toBeNull();
    expect(coFundingShare(0n, 0n, undefined, 20)).toBeNull();
  });
});

describe('formatShare and sumAmounts', () => {
  it('formats hundredths of a percent per locale', () => {
    expect(formatShare(1950n, 'en')).toBe('19.5%');
    expect(formatShare(2000n, 'en')).toBe('20%');
    expect(formatShare(1999n, 'bs')).toMatch(/^19,99\s?%$/);
  });
  it('sums the amounts that parse and counts those that do not', () => {
    expect(sumAmounts(['1.234,56', '', '0,44', 'x'], 'USD')).toEqual({ sum: 123500n, invalid: 1 });
  });
});
