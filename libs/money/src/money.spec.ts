import { allocateLargestRemainder, formatMoney, isCurrencyCode, minorUnitDigits, money, parseDecimal } from './index';

describe('money', () => {
  it('knows the currencies of the reference programmes and refuses made-up ones', () => {
    for (const c of ['MKD', 'BAM', 'BGN', 'RSD', 'EUR', 'USD']) expect(isCurrencyCode(c)).toBe(true);
    for (const c of ['XYZ', 'eur', 'EURO', '', 'ABC']) expect(isCurrencyCode(c)).toBe(false);
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
  });

  it('parses and formats decimal text exactly, without floats', () => {
    const eea = parseDecimal('17740.80', 'EUR');
    expect(eea.amountMinor).toBe(1774080n);
    expect(formatMoney(eea)).toBe('17740.80 EUR');
    expect(formatMoney(money('5', 'MKD'))).toBe('0.05 MKD');
    expect(formatMoney(money(-1234n, 'USD'))).toBe('-12.34 USD');
    expect(parseDecimal('0.1', 'USD').amountMinor + parseDecimal('0.2', 'USD').amountMinor).toBe(30n);
    expect(() => parseDecimal('1.001', 'EUR')).toThrow(/2 decimal places/);
    expect(() => money(1.5, 'EUR')).toThrow(/safe integer/);
    expect(() => money('12.5', 'EUR')).toThrow(/integer string/);
  });

  describe('allocateLargestRemainder', () => {
    it('splits the EEA grant 80/20 into 14 192,64 + 3 548,16 EUR', () => {
      expect(allocateLargestRemainder(1774080n, [80, 20])).toEqual([1419264n, 354816n]);
    });

    it('allocates every minor unit and gives the remainder to the largest remainders first', () => {
      expect(allocateLargestRemainder(100n, [1, 1, 1])).toEqual([34n, 33n, 33n]);
      expect(allocateLargestRemainder(10n, [30, 30, 40])).toEqual([3n, 3n, 4n]);
      expect(allocateLargestRemainder(1n, [50, 50])).toEqual([1n, 0n]);
      const odd = allocateLargestRemainder(999_999_999_999n, [33, 33, 34]);
      expect(odd.reduce((a, b) => a + b, 0n)).toBe(999_999_999_999n);
    });

    it('keeps exact sums for many random splits', () => {
      let seed = 42;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      for (let k = 0; k < 500; k++) {
        const total = BigInt(rnd(10_000_000));
        const weights = Array.from({ length: 1 + rnd(6) }, () => rnd(100) + 1);
        const parts = allocateLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        expect(parts.every((p) => p >= 0n)).toBe(true);
      }
    });

    it('refuses meaningless weights', () => {
      expect(() => allocateLargestRemainder(10n, [])).toThrow();
      expect(() => allocateLargestRemainder(10n, [0, 0])).toThrow();
      expect(() => allocateLargestRemainder(10n, [-1, 2])).toThrow();
      expect(() => allocateLargestRemainder(10n, [0.5, 0.5])).toThrow();
    });
  });
});
