/**
 * Amounts typed by a person, turned into integer minor units by string arithmetic only: "1.234,56",
 * "1,234.56", "1234,5" and "1 234" all parse; no float ever holds an amount.
 */
import { minorDigits, minorToDecimal } from '../../format/format';

export type AmountParse = { ok: true; minor: string } | { ok: false; reason: 'EMPTY' | 'FORMAT' | 'DECIMALS' | 'TOO_LARGE' };

const SPACES = /[\s\u00A0\u202F'’]/g;
/** The services take at most 15 digits of minor units. */
const MAX_DIGITS = 15;

const grouped = (s: string, sep: string) => new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(s);

/**
 * Decimal text → minor units for a currency with `digits` minor digits. With both `.` and `,`
 * the last one is the decimal mark; with only one kind, a single mark followed by more digits than
 * the currency has (and exactly three) is a thousands separator, as in "1.234" or "1,234".
 */
export function parseAmount(text: string, digits: number): AmountParse {
  const s = text.replace(SPACES, '');
  if (s === '') return { ok: false, reason: 'EMPTY' };
  if (!/^[0-9.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, reason: 'FORMAT' };
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let whole: string;
  let fraction = '';
  if (dots && commas) {
    const mark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = mark === '.' ? ',' : '.';
    const at = s.lastIndexOf(mark);
    const left = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (fraction === '' || left.includes(mark) || fraction.includes(group) || !grouped(left, group)) return { ok: false, reason: 'FORMAT' };
    whole = left.split(group).join('');
  } else if (dots + commas === 0) {
    whole = s;
  } else {
    const mark = dots ? '.' : ',';
    const parts = s.split(mark);
    if (parts.length > 2 || (parts[1]!.length === 3 && digits !== 3)) {
      if (!grouped(s, mark)) return { ok: false, reason: 'FORMAT' };
      whole = parts.join('');
    } else {
      [whole, fraction] = [parts[0]!, parts[1]!];
      if (whole === '') whole = '0';
      if (fraction === '') return { ok: false, reason: 'FORMAT' };
    }
  }
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return { ok: false, reason: 'FORMAT' };
  // Trailing zeros past the currency's digits say nothing ("5,000" USD is 5 dollars only if decimal).
  const trimmed = fraction.length > digits ? fraction.slice(0, digits) + fraction.slice(digits).replace(/0+$/, '') : fraction;
  if (trimmed.length > digits) return { ok: false, reason: 'DECIMALS' };
  const minor = `${whole}${trimmed.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  if (minor.length > MAX_DIGITS) return { ok: false, reason: 'TOO_LARGE' };
  return { ok: true, minor };
}

/** Parses for a currency (its minor digits as ICU knows them). */
export const parseAmountIn = (text: string, currency: string) => parseAmount(text, minorDigits(currency));

/** Stored minor units → the text an input starts with ("1774080" EUR → "17740.80"). */
export const amountText = (minor: string | undefined | null, currency: string) => (minor ? minorToDecimal(minor, currency) : '');

/** Minor units of a parse, or undefined when the text is empty or not an amount. */
export const minorOf = (text: string, currency: string): bigint | undefined => {
  const p = parseAmountIn(text, currency);
  return p.ok ? BigInt(p.minor) : undefined;
};

export interface ShareCheck {
  /** The project's total: requested + municipality + other co-funding. */
  total: bigint;
  /** The municipality's share in hundredths of a percent, rounded down (1950 = 19.50 %). */
  hundredths: bigint;
  /** Below the call's minimum, decided exactly as the service decides it. */
  below: boolean;
}

/**
 * The municipality's co-funding share of the project's whole budget (requested + municipality +
 * other), compared with the call's minimum exactly: muni / total ≥ min / 100, in integers.
 */
export function coFundingShare(requested: bigint | undefined, municipality: bigint | undefined, other: bigint | undefined, minPercent: number | undefined): ShareCheck | null {
  if (requested === undefined || municipality === undefined) return null;
  const total = requested + municipality + (other ?? 0n);
  if (total <= 0n) return null;
  const minHundredths = BigInt(Math.round((minPercent ?? 0) * 100));
  return { total, hundredths: (municipality * 10_000n) / total, below: municipality * 10_000n < minHundredths * total };
}

/** Hundredths of a percent as a percentage in a locale ("19,5 %"), through Intl with a decimal string. */
export function formatShare(hundredths: bigint, locale: string): string {
  const digits = hundredths.toString().padStart(5, '0');
  const ratio = `${digits.slice(0, -4)}.${digits.slice(-4)}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(ratio as unknown as number);
}

/** The sum of the amounts that parse; `invalid` counts those that do not (empty ones are skipped). */
export function sumAmounts(texts: string[], currency: string): { sum: bigint; invalid: number } {
  let sum = 0n;
  let invalid = 0;
  for (const t of texts) {
    const p = parseAmountIn(t, currency);
    if (p.ok) sum += BigInt(p.minor);
    else if (p.reason !== 'EMPTY') invalid++;
  }
  return { sum, invalid };
}
