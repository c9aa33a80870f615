import { countWords, formatMoney, minorToDecimal, timeLeft } from './format';

// What Node's ICU (the same CLDR data as the browser's) prints; the spaces are whatever ICU uses.
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money from minor units', () => {
  it('is exact for amounts a float would round', () => {
    expect(minorToDecimal('1774080', 'EUR')).toBe('17740.80');
    expect(minorToDecimal('5', 'EUR')).toBe('0.05');
    expect(minorToDecimal('900719925474099312', 'EUR')).toBe('9007199254740993.12');
    expect(minorToDecimal(-150n, 'USD')).toBe('-1.50');
    expect(minorToDecimal('1500', 'JPY')).toBe('1500');
  });

  it('prints the reference amounts in each programme’s language', () => {
    expect(norm(formatMoney('1774080', 'EUR', 'bg'))).toBe('17 740,80 €');
    expect(norm(formatMoney('3000000', 'MKD', 'mk'))).toBe('30.000,00 ден.');
    expect(norm(formatMoney('42500000', 'USD', 'bs'))).toBe('425.000,00 USD');
    expect(formatMoney('42500000', 'USD', 'en')).toBe('$425,000.00');
  });

  it('refuses what is not a whole number of minor units', () => {
    expect(() => minorToDecimal('17.5', 'EUR')).toThrow();
  });
});

describe('words and time', () => {
  it('counts words in Cyrillic and Latin alike', () => {
    expect(countWords('Мојот сограѓанин од соседната улица')).toBe(5);
    expect(countWords('  Bashkëqytetari im — nga rruga fqinje. ')).toBe(5);
    expect(countWords('')).toBe(0);
  });

  it('splits the time left and stops at the deadline', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(timeLeft('2026-03-02T01:02:03Z', now)).toEqual({ days: 1, hours: 1, minutes: 2, seconds: 3 });
    expect(timeLeft('2026-03-01T00:00:00Z', now)).toBeNull();
  });
});
