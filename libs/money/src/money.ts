import { assertCurrency, minorUnitDigits } from './currency';

/** An exact amount: integer minor units and an ISO 4217 code. Never a float. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

export function money(amountMinor: bigint | string | number, currency: string): Money {
  assertCurrency(currency);
  return { amountMinor: toMinor(amountMinor), currency };
}

/** Accepts a bigint, a string of digits, or a safe integer; refuses anything fractional. */
export function toMinor(value: bigint | string | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Minor units must be a safe integer, got ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`Minor units must be an integer string, got "${value}"`);
  return BigInt(value);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

/** "17740.80 EUR": exact decimal text from minor units, for logs, CSV and the demo summary. */
export function formatMoney(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const negative = m.amountMinor < 0n;
  const abs = (negative ? -m.amountMinor : m.amountMinor).toString().padStart(digits + 1, '0');
  const whole = digits ? abs.slice(0, -digits) : abs;
  const frac = digits ? `.${abs.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${frac} ${m.currency}`;
}

/** "17740.80" in a currency → minor units, exactly (no float parsing). */
export function parseDecimal(text: string, currency: string): Money {
  const digits = minorUnitDigits(currency);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal amount: "${text}"`);
  const frac = m[3] ?? '';
  if (frac.length > digits) throw new RangeError(`${currency} has ${digits} decimal places, got "${text}"`);
  const minor = BigInt(m[2] + frac.padEnd(digits, '0'));
  return { amountMinor: m[1] ? -minor : minor, currency };
}
